"""Operator views of events (read-mostly: registrations change through the services, which
keep places, the waitlist and the audit log right)."""

from django.contrib import admin

from markaz.events.models import CalendarFeed, Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_ar", "kind", "mode", "starts_at", "capacity", "center")
    list_filter = ("center", "kind", "mode", "visibility")
    search_fields = ("title_en", "title_ar")
    date_hierarchy = "starts_at"
    readonly_fields = ("center", "created_by")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "person", "status", "created_at", "checked_in_at")
    list_filter = ("status", "event__center")
    search_fields = ("user__username", "user__email", "event__title_en", "event__title_ar")
    readonly_fields = [f.name for f in Registration._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "rotated_at")
    readonly_fields = ("user", "digest", "created_at", "rotated_at")

    def has_add_permission(self, request):
        return False
