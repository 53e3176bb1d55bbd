"""Operators' view of resources. Writes with rules (bookings, service requests) go through the
pages and the API, so here they are read-only."""

from django.contrib import admin

from markaz.resources.models import Booking, Resource, ServiceHours, ServiceRequest


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "kind", "owner", "capacity", "is_active", "center")
    list_filter = ("center", "kind", "is_bookable", "is_active")
    search_fields = ("name_en", "name_ar")
    readonly_fields = ("center", "capacity")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnly):
    list_display = ("resource", "venture", "starts_at", "ends_at", "units", "status", "center")
    list_filter = ("center", "status")


class HoursInline(admin.TabularInline):
    model = ServiceHours
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnly):
    list_display = ("resource", "provider", "venture", "status", "created_at", "center")
    list_filter = ("center", "status")
    inlines = [HoursInline]
