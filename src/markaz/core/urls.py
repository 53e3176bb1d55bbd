from django.urls import include, path

from markaz.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("me/", views.me, name="me"),
    path("c/<slug:center>/", views.dashboard, name="dashboard"),
    path("c/<slug:center>/members/", views.members, name="members"),
    path("c/<slug:center>/members/<int:pk>/remove/", views.remove_member, name="remove-member"),
    path("c/<slug:center>/settings/", views.center_settings, name="center-settings"),
    path("c/<slug:center>/audit/", views.audit_log, name="audit"),
    path("logos/<slug:slug>", views.center_logo, name="center-logo"),
]
