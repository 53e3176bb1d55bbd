from django.contrib import admin

from markaz.core.admin import HTTPS_URLS
from markaz.ventures.models import TeamMember, Venture


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Venture)
class VentureAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "stage", "legal_form", "center", "is_public")
    list_filter = ("stage", "legal_form", "center", "is_public")
    search_fields = ("name_en", "name_ar")
    filter_horizontal = ("sdg_goals", "sdg_targets")
    inlines = [TeamInline]
    formfield_overrides = HTTPS_URLS
