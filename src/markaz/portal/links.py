"""Paths of the public pages the portal points to (its own and other apps')."""

from __future__ import annotations

from django.urls import reverse


def center_url(center) -> str:
    return reverse("portal-center", kwargs={"slug": center.slug})


def network_url(network) -> str:
    return reverse("portal-network", kwargs={"slug": network.slug})


def venture_url(venture) -> str:
    return reverse("portal-venture", kwargs={"slug": venture.center.slug, "pk": venture.pk})


def call_url(call) -> str:
    return reverse(
        "programs-public-call", kwargs={"center_slug": call.center.slug, "call_slug": call.slug}
    )


def event_url(event) -> str:
    return reverse("events-public-detail", kwargs={"slug": event.center.slug, "pk": event.pk})


def entry_url(entry) -> str:
    return reverse("knowledge-entry", kwargs={"pk": entry.pk})


def open_data_url(center) -> str:
    return reverse("funding-open-data", kwargs={"slug": center.slug})
