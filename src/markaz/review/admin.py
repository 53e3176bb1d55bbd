"""Operators' view of review rows (/ops/admin/); centers use the pages and the API."""

from django.contrib import admin

from markaz.review.models import Assignment, Conflict, Criterion, PoolMember, Round, Rubric


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ar", "call", "center"]
    list_filter = ["center"]
    inlines = [CriterionInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name_en", "call", "position", "status", "reviewers_per_application"]
    list_filter = ["center", "status"]


@admin.register(PoolMember)
class PoolMemberAdmin(admin.ModelAdmin):
    list_display = ["round", "reviewer", "capacity"]
    raw_id_fields = ["reviewer"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["round", "application", "reviewer", "status", "submitted_at"]
    list_filter = ["center", "status"]
    raw_id_fields = ["application", "reviewer"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "organization", "venture", "application", "created_at"]
    list_filter = ["center"]
    raw_id_fields = ["reviewer", "organization", "venture", "application"]
