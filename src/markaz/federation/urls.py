"""Pages of federation (language-prefixed); the machine endpoints are in `machine_urls`."""

from django.urls import path

from markaz.federation import views

urlpatterns = [
    path("federation/", views.home, name="federation-home"),
    path("federation/peers/<int:pk>/", views.peer_detail, name="federation-peer"),
    path("federation/rejected/", views.rejected, name="federation-rejected"),
    path("federation/network/", views.network_items, name="federation-network"),
    path("federation/network/<int:pk>/", views.mirror_detail, name="federation-mirror"),
]
