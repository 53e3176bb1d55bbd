"""API errors as RFC 9457 `application/problem+json`, each with a stable `code`.

Clients branch on `code` (`not_found`, `forbidden`, `validation_error`, ...); `title` and
`detail` are translated for people. Handlers never leak a traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from markaz.core.context import current_request_id
from markaz.core.outage import RETRY_AFTER_SECONDS, is_database_outage

logger = logging.getLogger("markaz.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Names of the single body / query schema parameters; dropped from error paths so that a
# body error is keyed `country`, not `body.payload.country`.
WRAPPER_PARAMS = frozenset({"payload", "filters"})


class InvalidToken(AuthenticationError):
    code = "invalid_token"


class CsrfFailed(HttpError):
    code = "csrf_failed"

    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


def problem(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
        "errors": errors or {},
        "request_id": current_request_id(),
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="markaz"'
    return response


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(
        status=404,
        code="not_found",
        title=_("Not found"),
        detail=_("The resource does not exist or you may not see it."),
    )


def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything under /api/v1/ that no route matches: problem+json, not an HTML page."""
    return _not_found(request, Http404())


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(
        status=403,
        code="forbidden",
        title=_("Forbidden"),
        detail=_("You may see this resource but not change it."),
    )


def django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = django_errors(exc)
    general = errors.get(NON_FIELD_ERRORS)
    return problem(
        status=422,
        code="validation_error",
        title=_("Invalid data"),
        detail=" ".join(general) if general else _("Some fields are not valid."),
        errors=errors,
    )


def error_key(loc: list | tuple) -> str:
    """`("body", "payload", "sdg_goals", 0)` -> `sdg_goals.0`; `("query", "page")` -> `page`."""
    parts = [str(p) for p in loc]
    source, rest = (parts[0], parts[1:]) if parts else ("", [])
    if rest and rest[0] in WRAPPER_PARAMS:
        rest = rest[1:]
    return ".".join(rest) or source or NON_FIELD_ERRORS


def _request_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(error_key(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return problem(
        status=422,
        code="validation_error",
        title=_("Invalid request"),
        detail=_("Some fields are not valid."),
        errors=errors,
    )


def _authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if getattr(exc, "code", "") == InvalidToken.code:
        return problem(
            status=401,
            code="invalid_token",
            title=_("Invalid token"),
            detail=_("The API token is unknown, expired or revoked."),
        )
    return problem(
        status=401,
        code="not_authenticated",
        title=_("Not authenticated"),
        detail=_("Sign in or send an API token (Authorization: Bearer mkz_...)."),
    )


HTTP_ERROR_CODES = {403: "forbidden", 405: "method_not_allowed", 429: "throttled"}


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, CsrfFailed):
        return problem(
            status=403,
            code=CsrfFailed.code,
            title=_("Forbidden"),
            detail=_("The CSRF token is missing or wrong."),
        )
    if exc.status_code == 400:
        return problem(
            status=400,
            code="bad_request",
            title=_("Bad request"),
            detail=_("The request body could not be read as JSON."),
        )
    return problem(
        status=exc.status_code,
        code=HTTP_ERROR_CODES.get(exc.status_code, "http_error"),
        title=_("Request failed"),
        detail=str(exc),
    )


def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    logger.warning("Integrity error on %s %s: %s", request.method, request.path, exc)
    return problem(
        status=409,
        code="conflict",
        title=_("Conflict"),
        detail=_("The change conflicts with existing data; reload and try again."),
    )


def unavailable_problem() -> HttpResponse:
    response = problem(
        status=503,
        code="database_unavailable",
        title=_("Service briefly unavailable"),
        detail=_("The database is not answering; nothing was changed. Try again shortly."),
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # A number beyond what the database stores (SQLite: 64-bit) can match nothing; say so
    # instead of failing (the driver raises OverflowError while binding the parameter).
    return problem(
        status=422,
        code="out_of_range",
        title=_("Invalid request"),
        detail=_("A number in the request is larger than any stored value."),
    )


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if is_database_outage(exc):
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc)
        return unavailable_problem()
    logger.exception("Unhandled API error on %s %s", request.method, request.path)
    return problem(
        status=500,
        code="server_error",
        title=_("Server error"),
        detail=_("Something went wrong on our side. Quote the request id when reporting it."),
    )


def install(api: NinjaAPI) -> None:
    """Register the problem+json handlers on the API (replacing django-ninja's defaults)."""
    api.add_exception_handler(Exception, _server_error)
    api.add_exception_handler(IntegrityError, _conflict)
    api.add_exception_handler(OverflowError, _out_of_range)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _forbidden)
    api.add_exception_handler(DjangoValidationError, _django_validation)
    api.add_exception_handler(NinjaValidationError, _request_validation)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(AuthenticationError, _authentication)
