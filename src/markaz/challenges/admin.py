from django.contrib import admin

from markaz.challenges.models import Challenge, ChallengeOwner


class OwnerInline(admin.TabularInline):
    model = ChallengeOwner
    extra = 0
    fields = ("organization", "role")
    readonly_fields = ("organization",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    """For operators looking into a center's data; changes go through the center's pages."""

    list_display = ("title_en", "title_ar", "center", "status", "visibility", "updated_at")
    list_filter = ("center", "status", "visibility")
    search_fields = ("title_en", "title_ar")
    # The status moves only through transitions, which are audited.
    readonly_fields = ("center", "status", "status_changed_at", "created_by")
    inlines = [OwnerInline]

    def has_add_permission(self, request):
        return False
