from django.contrib import admin

from markaz.funding.models import Award, Fund, LedgerEntry, Milestone


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "funder", "amount", "currency", "center")
    list_filter = ("center", "currency", "restriction")
    search_fields = ("name_en", "name_ar")
    # Money and its source are fixed once a fund exists: commitments were checked against them.
    readonly_fields = ("center", "funder", "amount", "currency")

    def has_add_permission(self, request):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("position", "description_en", "description_ar", "due_on", "tranche_amount", "status")
    readonly_fields = ("tranche_amount", "status")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Read-mostly: an award's money moves only through the ledger services."""

    list_display = ("title_en", "venture", "fund", "amount", "currency", "is_publishable")
    list_filter = ("center", "kind", "is_publishable")
    search_fields = ("title_en", "title_ar")
    readonly_fields = (
        "center", "fund", "venture", "amount", "currency", "fx_rate", "fx_date", "fx_source",
    )  # fmt: skip
    inlines = [MilestoneInline]

    def has_add_permission(self, request):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Append-only: visible, never added, changed or deleted here."""

    list_display = ("posted_at", "kind", "amount", "currency", "award", "external_reference")
    list_filter = ("kind", "account", "center")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
