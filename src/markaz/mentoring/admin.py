"""Operator views of mentoring (read-mostly; writes go through the pages and the API)."""

from django.contrib import admin

from markaz.mentoring.models import ExpertiseArea, MatchRound, MentorProfile, Mentorship


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ar", "center")
    list_filter = ("center",)
    search_fields = ("code", "name_en", "name_ar")


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ("__str__", "capacity", "timezone", "opted_out")
    list_filter = ("opted_out", "centers")
    raw_id_fields = ("user", "person")
    filter_horizontal = ("centers",)
    exclude = ("conflicted_ventures", "expertise", "sdg_goals")


@admin.register(MatchRound)
class MatchRoundAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "center", "mode", "status", "published_at")
    list_filter = ("center", "mode", "status")
    readonly_fields = ("status", "solved_at", "published_at", "weights")
    exclude = ("ventures", "mentors")


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ("__str__", "center", "status", "started_on", "ended_on")
    list_filter = ("center", "status")
    raw_id_fields = ("venture", "mentor", "round")
