from django.urls import path

from markaz.ventures import views

urlpatterns = [
    path("", views.venture_list, name="venture-list"),
    path("new/", views.venture_create, name="venture-create"),
    path("<int:pk>/", views.venture_detail, name="venture-detail"),
    path("<int:pk>/edit/", views.venture_edit, name="venture-edit"),
    path("<int:pk>/team/", views.team_add, name="team-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team-remove"),
]
