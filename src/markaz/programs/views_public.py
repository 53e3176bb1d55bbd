"""Public pages (no sign-in): open calls everywhere or of one center, and a call's page.

The deadline is rendered on the server in the reader's time zone (chosen, remembered from the
browser, or the center's) with its UTC offset, in the page's language.
"""

from __future__ import annotations

from django.shortcuts import render

from markaz.programs import eligibility, selectors
from markaz.programs.forms import ReaderZoneForm
from markaz.programs.readertime import COOKIE, in_zone, reader_zone

YEAR = 365 * 24 * 3600


def _remember_zone(request, response, zone: str, source: str):
    if source == "chosen":
        response.set_cookie(COOKIE, zone, max_age=YEAR, samesite="Lax")
    return response


def _listing(request, calls, center=None):
    zone, source = reader_zone(request, center.timezone if center else "UTC")
    items = [(c, in_zone(c.deadline, zone)) for c in calls[:200]]
    response = render(
        request,
        "programs/public_calls.html",
        {
            "center": center,
            "items": items,
            "zone": zone,
            "zone_source": source,
            "zone_form": ReaderZoneForm(initial={"tz": zone}),
        },
    )
    return _remember_zone(request, response, zone, source)


def open_calls(request):
    return _listing(request, selectors.open_calls())


def center_open_calls(request, center_slug: str):
    center = selectors.public_center(center_slug)
    return _listing(request, selectors.open_calls(center), center)


def call_page(request, center_slug: str, call_slug: str):
    call = selectors.public_call(center_slug, call_slug)
    zone, source = reader_zone(request, call.center.timezone or "UTC")
    response = render(
        request,
        "programs/public_call.html",
        {
            "call": call,
            "center": call.center,
            "deadline": in_zone(call.deadline, zone),
            "opens": in_zone(call.opens_at, zone) if call.opens_at else None,
            "zone": zone,
            "zone_source": source,
            "zone_form": ReaderZoneForm(initial={"tz": zone}),
            "groups": selectors.sectioned_fields(call),
            "goals": call.eligible_sdgs.all(),
            **eligibility.describe(call),
            "is_open": selectors.open_calls().filter(pk=call.pk).exists(),
        },
    )
    return _remember_zone(request, response, zone, source)
