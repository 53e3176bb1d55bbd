from django.contrib import admin

from markaz.federation.models import Mirror, Peer, RejectedActivity


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ("name", "base_url", "state", "cursor", "last_sync_at", "failures")
    list_filter = ("state",)
    readonly_fields = ("public_key", "cursor", "last_sync_at", "last_error")


@admin.register(Mirror)
class MirrorAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_ar", "kind", "peer", "deleted", "origin_seq")
    list_filter = ("kind", "deleted", "peer")
    search_fields = ("title_en", "title_ar")


@admin.register(RejectedActivity)
class RejectedActivityAdmin(admin.ModelAdmin):
    list_display = ("created_at", "peer", "reason", "sequence", "activity_id")
    list_filter = ("reason",)
