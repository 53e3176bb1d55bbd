from django.contrib import admin

from markaz.core.admin import HTTPS_URLS
from markaz.stakeholders.models import Affiliation, Organization, Partnership, Person


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "sector", "country", "center")
    list_filter = ("sector", "center")
    search_fields = ("name_en", "name_ar")
    formfield_overrides = HTTPS_URLS


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "center", "starts_on", "ends_on")
    list_filter = ("kind",)


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "email", "center", "user")
    search_fields = ("name_en", "name_ar", "email")
    list_filter = ("center",)
    inlines = [AffiliationInline]
    raw_id_fields = ("user",)
