from django.urls import path

from markaz.mentoring import views, views_rounds

C = "c/<slug:center>/mentoring/"

urlpatterns = [
    path(C, views.home, name="mentoring-home"),
    path(f"{C}me/profile/", views.my_profile, name="mentoring-my-profile"),
    path(f"{C}mentors/", views.mentor_list, name="mentoring-mentor-list"),
    path(f"{C}mentors/new/", views.mentor_create, name="mentoring-mentor-create"),
    path(f"{C}mentors/<int:pk>/", views.mentor_detail, name="mentoring-mentor-detail"),
    path(f"{C}mentors/<int:pk>/edit/", views.mentor_edit, name="mentoring-mentor-edit"),
    path(f"{C}areas/", views.area_list, name="mentoring-area-list"),
    path(f"{C}needs/<int:pk>/", views.needs_edit, name="mentoring-needs-edit"),
    path(f"{C}mentorships/", views.mentorship_list, name="mentoring-mentorship-list"),
    path(f"{C}mentorships/<int:pk>/", views.mentorship_detail, name="mentoring-mentorship-detail"),
    path(f"{C}mentorships/<int:pk>/end/", views.mentorship_end, name="mentoring-mentorship-end"),
    path(
        f"{C}mentorships/<int:pk>/goals/",
        views.mentorship_goal_add,
        name="mentoring-mentorship-goal-add",
    ),
    path(
        f"{C}mentorships/<int:pk>/sessions/new/",
        views.mentorship_session_add,
        name="mentoring-mentorship-session-add",
    ),
    path(f"{C}goals/<int:pk>/", views.goal_update, name="mentoring-goal-update"),
    path(f"{C}sessions/<int:pk>/", views.session_detail, name="mentoring-session-detail"),
    path(f"{C}sessions/<int:pk>/notes/", views.session_note, name="mentoring-session-note"),
    path(
        f"{C}sessions/<int:pk>/feedback/", views.session_feedback, name="mentoring-session-feedback"
    ),
    path(f"{C}sessions/<int:pk>/status/", views.session_status, name="mentoring-session-status"),
    path(f"{C}sessions/<int:pk>/invite.ics", views.session_ics, name="mentoring-session-ics"),
    path(f"{C}rounds/", views_rounds.round_list, name="mentoring-round-list"),
    path(f"{C}rounds/new/", views_rounds.round_create, name="mentoring-round-create"),
    path(f"{C}rounds/<int:pk>/", views_rounds.round_detail, name="mentoring-round-detail"),
    path(f"{C}rounds/<int:pk>/solve/", views_rounds.round_solve, name="mentoring-round-solve"),
    path(f"{C}rounds/<int:pk>/pairs/", views_rounds.round_pair, name="mentoring-round-pair"),
    path(
        f"{C}rounds/<int:pk>/publish/", views_rounds.round_publish, name="mentoring-round-publish"
    ),
    path(f"{C}rounds/<int:pk>/rank/", views_rounds.round_rank, name="mentoring-round-rank"),
    path(f"{C}reports/", views.report, name="mentoring-report"),
]
