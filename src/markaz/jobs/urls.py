from django.urls import path

from markaz.jobs import views

urlpatterns = [
    path("ops/jobs/", views.job_list, name="jobs-list"),
    path("ops/jobs/<int:pk>/", views.job_detail, name="jobs-detail"),
]
