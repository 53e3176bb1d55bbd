from django.urls import path

from markaz.review import views

C = "c/<slug:center>/review/"

urlpatterns = [
    path(C, views.home, name="review-home"),
    path(f"{C}rubrics/new/", views.rubric_create, name="review-rubric-create"),
    path(f"{C}rubrics/<int:pk>/", views.rubric_detail, name="review-rubric-detail"),
    path(f"{C}rubrics/<int:pk>/edit/", views.rubric_edit, name="review-rubric-edit"),
    path(f"{C}rounds/new/", views.round_create, name="review-round-create"),
    path(f"{C}rounds/<int:pk>/edit/", views.round_edit, name="review-round-edit"),
    path(f"{C}rounds/<int:pk>/", views.round_detail, name="review-round-detail"),
    path(
        f"{C}rounds/<int:pk>/reviewers/new/",
        views.round_reviewer_add,
        name="review-round-reviewer-add",
    ),
    path(
        f"{C}rounds/<int:pk>/reviewers/<int:member>/remove/",
        views.round_reviewer_remove,
        name="review-round-reviewer-remove",
    ),
    path(f"{C}rounds/<int:pk>/assign/", views.round_assign, name="review-round-assign"),
    path(f"{C}rounds/<int:pk>/status/", views.round_status, name="review-round-status"),
    path(
        f"{C}rounds/<int:pk>/applications/<int:review_application>/",
        views.round_application,
        name="review-round-application",
    ),
    path(f"{C}rounds/<int:pk>/ranking/", views.round_ranking, name="review-round-ranking"),
    path(f"{C}rounds/<int:pk>/shortlist/", views.round_shortlist, name="review-round-shortlist"),
    path(
        f"{C}rounds/<int:pk>/shortlist/retract/",
        views.round_shortlist_retract,
        name="review-round-shortlist-retract",
    ),
    path(f"{C}rounds/<int:pk>/scores.csv", views.round_export_csv, name="review-round-export-csv"),
    path(
        f"{C}rounds/<int:pk>/scores.xlsx", views.round_export_xlsx, name="review-round-export-xlsx"
    ),
    path(f"{C}assignments/<int:pk>/", views.assignment_detail, name="review-assignment-detail"),
    path(
        f"{C}assignments/<int:pk>/recuse/", views.assignment_recuse, name="review-assignment-recuse"
    ),
    path(f"{C}conflicts/new/", views.conflict_create, name="review-conflict-create"),
    path(
        f"{C}applications/<int:pk>/feedback/", views.feedback_detail, name="review-feedback-detail"
    ),
]
