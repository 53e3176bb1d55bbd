"""The public open-data page of a center: its publishable awards, 360Giving and IATI files."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from markaz.funding import opendata
from markaz.funding.selectors import public_center, publishable_awards


def open_data(request, slug: str):
    center = public_center(slug)
    return render(
        request,
        "funding/open_data.html",
        {"center": center, "awards": publishable_awards(center)},
    )


def open_data_360giving(request, slug: str):
    package = opendata.build_360giving(public_center(slug))
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})


def open_data_iati(request, slug: str):
    return HttpResponse(opendata.build_iati(public_center(slug)), content_type="application/xml")
