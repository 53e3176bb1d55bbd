"""Django admin for platform operators. Business writes still belong in services."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models

from markaz.core.forms import BilingualFormMixin
from markaz.core.models import ApiToken, AuditEntry, Center, Membership, Network, NetworkRole, User

HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Markaz", {"fields": ("preferred_language",)}))
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_superuser")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CenterAdminForm(BilingualFormMixin, forms.ModelForm):
    """Arabic inputs (name, description, city) right-to-left, as on the center's own form.

    No Meta: the admin builds the form's fields for the model (`modelform_factory`).
    """


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    form = CenterAdminForm
    list_display = ("slug", "name_en", "name_ar", "country", "city_en", "region", "kind")
    list_filter = ("region", "kind")
    search_fields = ("slug", "name_en", "name_ar", "city_en", "city_ar")
    inlines = [MembershipInline]
    formfield_overrides = HTTPS_URLS


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_ar", "kind")


@admin.register(NetworkRole)
class NetworkRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "network", "role")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "center", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "center", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("action", "object_repr", "request_id")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
