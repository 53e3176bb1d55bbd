"""Read-only admin views: entries are written through `knowledge.services` (versions, index)."""

from django.contrib import admin

from markaz.knowledge.models import Entry, EntryVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnly):
    list_display = ["title_en", "title_ar", "center", "type", "visibility", "status", "updated_at"]
    list_filter = ["type", "visibility", "status"]
    search_fields = ["title_en", "title_ar", "external_id"]


@admin.register(EntryVersion)
class EntryVersionAdmin(ReadOnly):
    list_display = ["entry", "number", "saved_by", "saved_at"]
