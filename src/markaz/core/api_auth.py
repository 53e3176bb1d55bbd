"""API authentication: a center-scoped bearer token, or the browser session (with CSRF).

Both leave `request.scope` (an `AccessScope`) for the handlers: the session's comes from
`AccessScopeMiddleware`; a token's is narrowed to the token's center, so a token for center A
never reaches center B even when its user also works there.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from markaz.core.access import AccessScope, scope_for
from markaz.core.api_errors import CsrfFailed, InvalidToken
from markaz.core.tokens import authenticate_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mkz_...`; a present but bad token is a 401, never a fallback."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = authenticate_token(token.strip())
        if api_token is None:
            raise InvalidToken()
        request.user = api_token.user
        request.api_token = api_token
        request.scope = scope_for(api_token.user, token_center_id=api_token.center_id)
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser user. Unsafe methods need the CSRF token, checked after login
    so that an anonymous call is told it is not authenticated rather than CSRF-rejected."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover
        return self(request)


API_AUTH = [TokenAuth(), SessionAuth()]


def scope_of(request: HttpRequest) -> AccessScope:
    scope = getattr(request, "scope", None)
    if scope is None:  # requests built without the middleware (e.g. RequestFactory)
        scope = request.scope = scope_for(getattr(request, "user", None))
    return scope


def require(allowed: bool) -> None:
    """Refuse with 403 before validating input, using the app's named predicate.

    The service checks the same predicate again; asking first means a caller who may not
    write learns nothing from validation errors (which users or organizations exist).
    """
    if not allowed:
        raise PermissionDenied
