"""The machine endpoints peers call, outside the language prefix (mounted by the root urls):
an actor's, an outbox's and an activity's URL must not depend on a language."""

from django.urls import path

from markaz.federation import views

urlpatterns = [
    path("federation/actor", views.actor, name="federation-actor"),
    path("federation/outbox", views.outbox_page, name="federation-outbox"),
    path("federation/inbox", views.inbox, name="federation-inbox"),
    path("federation/activities/<int:seq>", views.activity, name="federation-activity"),
]
