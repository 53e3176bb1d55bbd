from django.contrib import admin

from markaz.jobs.models import JobAttempt, JobRun


class JobAttemptInline(admin.TabularInline):
    model = JobAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "worker", "started_at", "finished_at", "outcome", "error")


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "attempts", "max_attempts", "created_at", "finished_at")
    list_filter = ("status", "queue")
    search_fields = ("name", "key")
    readonly_fields = [f.name for f in JobRun._meta.fields]
    inlines = [JobAttemptInline]
