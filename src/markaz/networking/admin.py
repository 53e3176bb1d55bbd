from django.contrib import admin

from markaz.networking.models import Introduction, NetworkingProfile


@admin.register(NetworkingProfile)
class NetworkingProfileAdmin(admin.ModelAdmin):
    list_display = ("person", "visibility", "open_to_introductions", "updated_at")
    list_filter = ("visibility", "open_to_introductions")
    search_fields = ("person__name_en", "person__name_ar")
    raw_id_fields = ("person",)
    # The person decides who sees them: operators read, they do not choose for them.
    readonly_fields = ("person", "visibility")

    def has_add_permission(self, request):
        return False


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ("requester", "target", "center", "state", "via_staff", "created_at")
    list_filter = ("center", "state", "via_staff")
    search_fields = ("requester__name_en", "target__name_en")
    # Consent is given by the people themselves, through the app: never edited here.
    readonly_fields = [f.name for f in Introduction._meta.fields]

    def has_add_permission(self, request):
        return False
