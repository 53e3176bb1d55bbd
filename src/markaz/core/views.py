"""Pages of the core app: home, center dashboard, audit log, health."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "unhealthy", reported, not raised
        return JsonResponse(
            {"status": "unhealthy", "database": "unreachable", "error": type(exc).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


def home(request):
    return render(request, "core/home.html")
