"""Settings of the security capability (see markaz.settings_parts).

- Sign-in throttling: MARKAZ_LOGIN_WINDOW_MINUTES (15), MARKAZ_LOGIN_MAX_PER_USER (5 failures
  per username in the window), MARKAZ_LOGIN_MAX_PER_IP (20 per address). Counted in the
  database, so all processes agree.
- API rate limit: MARKAZ_API_RATE_LIMIT requests per minute per token or signed-in user (600),
  MARKAZ_API_ANON_RATE_LIMIT per IP for anonymous calls (600); 0 turns a limit off. Counted in
  Django's cache: the default local-memory cache counts per process, so with N workers the
  effective limit is up to N times higher. Set MARKAZ_REDIS_URL (needs the `redis` package)
  to share counters.
- Content Security Policy (django-csp 4): scripts only from this origin (no inline scripts, no
  eval); styles from this origin plus inline style attributes and elements (templates use
  `style="inline-size: …"` for bars, htmx and plotly insert <style> elements); no framing.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE

from markaz.envconf import env_int, env_str


def apply(s: dict) -> None:
    """Change the settings namespace `s` in place."""
    s["MARKAZ_LOGIN_WINDOW_MINUTES"] = env_int("MARKAZ_LOGIN_WINDOW_MINUTES", 15)
    s["MARKAZ_LOGIN_MAX_PER_USER"] = env_int("MARKAZ_LOGIN_MAX_PER_USER", 5)
    s["MARKAZ_LOGIN_MAX_PER_IP"] = env_int("MARKAZ_LOGIN_MAX_PER_IP", 20)
    s["MARKAZ_API_RATE_LIMIT"] = env_int("MARKAZ_API_RATE_LIMIT", 600)
    s["MARKAZ_API_ANON_RATE_LIMIT"] = env_int("MARKAZ_API_ANON_RATE_LIMIT", 600)

    s["AUTHENTICATION_BACKENDS"] = ["markaz.accounts.backends.ThrottledModelBackend"]

    redis_url = env_str("MARKAZ_REDIS_URL")
    if redis_url:
        s["CACHES"] = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "markaz",
            }
        }
    else:
        s["CACHES"] = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "markaz",
            }
        }

    # Order: CSP right under SecurityMiddleware, so every response gets the policy, also those
    # the middlewares below answer themselves (WhiteNoise's files, a 429, the two-factor
    # redirect). The rate limit needs request.user, so it sits under AuthenticationMiddleware,
    # and runs before anything else spends work on an over-limit call. The two-factor gate
    # comes last: it may replace request.user/scope that the middlewares above set.
    middleware = list(s["MIDDLEWARE"])
    middleware.insert(
        middleware.index("django.middleware.security.SecurityMiddleware") + 1,
        "csp.middleware.CSPMiddleware",
    )
    middleware.insert(
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "markaz.accounts.middleware.ApiRateLimitMiddleware",
    )
    middleware.append("markaz.accounts.middleware.TwoFactorMiddleware")
    s["MIDDLEWARE"] = middleware

    s["CONTENT_SECURITY_POLICY"] = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [SELF, "data:", "blob:"],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }

    # Cookies: never readable by scripts (htmx sends the CSRF token from the page, not the
    # cookie); `Secure` comes with MARKAZ_HTTPS in settings.py.
    s["SESSION_COOKIE_HTTPONLY"] = True
    s["CSRF_COOKIE_HTTPONLY"] = True
    s["SECURE_REFERRER_POLICY"] = "same-origin"
    s["SECURE_CROSS_ORIGIN_OPENER_POLICY"] = "same-origin"
