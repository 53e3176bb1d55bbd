from django.urls import path

from markaz.federation import views

urlpatterns = [
    path("federation/actor", views.actor, name="federation-actor"),
    path("federation/outbox", views.outbox_page, name="federation-outbox"),
    path("federation/inbox", views.inbox, name="federation-inbox"),
    path("federation/activities/<int:seq>", views.activity, name="federation-activity"),
    path("federation/", views.home, name="federation-home"),
    path("federation/peers/<int:pk>/", views.peer_detail, name="federation-peer"),
    path("federation/rejected/", views.rejected, name="federation-rejected"),
    path("federation/network/", views.network_items, name="federation-network"),
    path("federation/network/<int:pk>/", views.mirror_detail, name="federation-mirror"),
]
