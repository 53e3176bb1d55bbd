"""What a request gets when the database goes away under it: 503, a clear message and a
`Retry-After`, never a bare 500. Django closes a connection that raised (its
`close_if_unusable_or_obsolete` runs when the request ends), so the next request opens a new
one and the app recovers by itself when the database returns."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger("markaz.outage")

RETRY_AFTER_SECONDS = 30
# Driver errors that mean "the database is not answering", not "this query is wrong".
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_page(request: HttpRequest) -> HttpResponse:
    """A page that renders without the database (no context processors, no session)."""
    html = loader.get_template("503.html").render(
        {
            "title": _("Markaz is briefly unavailable"),
            "message": _(
                "The database is not answering. Nothing you sent was half-saved: "
                "please try again in a minute."
            ),
            "request_id": getattr(request, "request_id", ""),
        }
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a database outage becomes 503; anything else the plain 500 page.
    Django calls it inside its `except` block, so `sys.exc_info()` is the failure."""
    exc = sys.exc_info()[1]
    if is_database_outage(exc):
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc)
        if request.path.startswith("/api/"):
            # Raised before the API's own handlers ran (e.g. loading the session).
            from markaz.core.api_errors import unavailable_problem

            return unavailable_problem()
        return unavailable_page(request)
    html = loader.get_template("500.html").render(
        {
            "title": _("Something went wrong on our side"),
            "message": _("Quote the request id when reporting it."),
            "request_id": getattr(request, "request_id", ""),
        }
    )
    return HttpResponseServerError(html)
