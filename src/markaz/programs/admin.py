from django.contrib import admin

from markaz.programs.models import Application, Call, Cohort, FormField, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_ar", "kind", "center")
    list_filter = ("kind", "center")


class FormFieldInline(admin.TabularInline):
    model = FormField
    extra = 0
    fields = ("position", "key", "kind", "label_en", "label_ar", "required")


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """Read-mostly: phases change through the services (with audit entries), not here."""

    list_display = ("title_en", "program", "phase", "deadline", "center")
    list_filter = ("phase", "center")
    readonly_fields = ("phase",)
    inlines = [FormFieldInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("pk", "call", "venture", "status", "submitted_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Application._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name_en", "program", "center")
