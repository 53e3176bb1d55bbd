from django.urls import path

from markaz.networking import views

C = "c/<slug:center>/network/"

urlpatterns = [
    path(f"{C}people/", views.directory, name="networking-directory"),
    path(f"{C}people/<int:pk>/", views.person_detail, name="networking-person"),
    path(
        f"{C}people/<int:pk>/introduce/",
        views.introduction_request,
        name="networking-person-introduce",
    ),
    path(f"{C}me/", views.profile_edit, name="networking-profile"),
    path(f"{C}introductions/", views.introduction_list, name="networking-introduction-list"),
    path(
        f"{C}introductions/new/",
        views.introduction_propose,
        name="networking-introduction-propose",
    ),
    path(
        f"{C}introductions/<int:pk>/",
        views.introduction_detail,
        name="networking-introduction-detail",
    ),
    path(
        f"{C}introductions/<int:pk>/answer/",
        views.introduction_respond,
        name="networking-introduction-respond",
    ),
    path(
        f"{C}introductions/<int:pk>/forward/",
        views.introduction_forward,
        name="networking-introduction-forward",
    ),
    path(f"{C}who-to-meet/", views.who_to_meet, name="networking-who-to-meet"),
    path(f"{C}graph/", views.graph_page, name="networking-graph"),
    path(f"{C}graph.json", views.graph_json, name="networking-graph-json"),
    path(f"{C}analytics/", views.analytics_page, name="networking-analytics"),
]
