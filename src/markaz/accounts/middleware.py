"""Two middlewares: the two-factor gate for sessions, and the API rate limit."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from markaz.core.access import scope_for
from markaz.core.api_errors import problem

from . import session, throttle

ALWAYS_OPEN = frozenset({"logout", "set_language", "javascript-catalog", "healthz"})
OPEN_FOR = {
    "verify": ALWAYS_OPEN | {"accounts-2fa-verify"},
    "enrol": ALWAYS_OPEN | {"accounts-2fa-enrol", "accounts-security"},
}
TARGET = {"verify": "accounts-2fa-verify", "enrol": "accounts-2fa-enrol"}


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


class TwoFactorMiddleware:
    """A session whose second factor is missing reaches only the two-factor pages.

    Pages redirect there (keeping `next`); the API treats such a session as anonymous.
    Bearer tokens are not sessions and pass untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            step = session.needs(request, user)
            if step is not None:
                if _is_api(request):
                    request.user = AnonymousUser()
                    request.scope = scope_for(None)
                elif not self._open(request, step):
                    url = reverse(TARGET[step])
                    if request.method == "GET":
                        url += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _open(request, step: str) -> bool:
        if request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return True
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return False
        return name in OPEN_FOR[step]


def _window() -> int:
    return 60


class ApiRateLimitMiddleware:
    """Requests per minute under /api/: per bearer token, per signed-in user, else per IP.

    Counters live in Django's cache: with the default local-memory cache each process counts
    on its own (set MARKAZ_REDIS_URL to share them). Over the limit: 429 problem+json with
    Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_api(request):
            key, limit = self._key(request)
            if limit > 0:
                now = time.time()
                window = _window()
                start = int(now // window) * window
                counter = f"accounts:rate:{key}:{start}"
                cache.add(counter, 0, window + 5)
                try:
                    count = cache.incr(counter)
                except ValueError:  # evicted between add and incr
                    cache.set(counter, 1, window + 5)
                    count = 1
                if count > limit:
                    retry = max(1, int(start + window - now + 0.999))
                    response = problem(
                        status=429,
                        code="rate_limited",
                        title=_("Too many requests"),
                        detail=_("Too many requests; try again in %(seconds)s seconds.")
                        % {"seconds": retry},
                    )
                    response["Retry-After"] = str(retry)
                    return response
        return self.get_response(request)

    @staticmethod
    def _key(request) -> tuple[str, int]:
        header = request.headers.get("Authorization", "")
        if header[:7].lower() == "bearer ":
            digest = hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
            return f"token:{digest}", settings.MARKAZ_API_RATE_LIMIT
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}", settings.MARKAZ_API_RATE_LIMIT
        ip = throttle.client_ip(request) or "unknown"
        return f"ip:{ip}", settings.MARKAZ_API_ANON_RATE_LIMIT
