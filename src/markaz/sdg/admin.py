from django.contrib import admin

from markaz.sdg.models import Goal, Target


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("number", "short_en", "short_ar")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("code", "goal", "title_en")
    list_filter = ("goal",)
