"""Platform-wide security properties: CSP and headers, CSRF on every form, upload sniffing,
Markdown sanitizing, password hashing and the API rate limit."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from markaz.core.models import Center
from markaz.core.tokens import create_token

SRC = Path(settings.PACKAGE_DIR)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script_or_event_handler():
    """script-src is 'self' only: an inline script would silently not run."""
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            tag = match.group(0)
            if "src=" not in tag and 'json"' not in tag:
                offenders.append(f"{path.relative_to(SRC)}: {tag}")
        for match in re.finditer(r"\son[a-z]+\s*=|javascript:|hx-on", text):
            offenders.append(f"{path.relative_to(SRC)}: {match.group(0)}")
    assert offenders == []


def test_cookies_are_http_only_and_argon2_hashes_passwords():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    from markaz import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def _routes(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            part = getattr(entry.pattern, "language_prefix", None)
            part = part if part is not None else str(entry.pattern)
            yield from _routes(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


# Server-to-server endpoints that authenticate each request by signature, never by cookie.
CSRF_EXEMPT = ("federation/inbox",)

SAMPLE = {"slug": "amal-hub", "int": "1", "str": "x", "path": "x", "uuid": "0" * 32}


def _sample_path(route: str) -> str | None:
    if any(ch in route for ch in "^$()[]\\?"):
        return None  # regular-expression routes (the Django admin); checked by their own app
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    if "uuid" in route:
        path = path.replace("0" * 32, "00000000-0000-0000-0000-000000000000")
    return "/" + path


def test_every_page_refuses_a_post_without_a_csrf_token(admin_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_a)
    accepted = []
    checked = 0
    for route, _entry in _routes():
        if route.startswith("api/"):
            continue
        path = _sample_path(route)
        if path is None:
            continue
        checked += 1
        response = client.post(path, {"x": "1"})
        if response.status_code != 403 and not route.endswith(CSRF_EXEMPT):
            accepted.append(f"{path} -> {response.status_code}")
    assert checked > 50
    assert accepted == []


def test_the_api_refuses_a_session_write_without_a_csrf_token(admin_a, center_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_a)
    response = client.patch(
        f"/api/v1/centers/{center_a.slug}", {"name_en": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    center_a.refresh_from_db()
    assert center_a.name_en == "Amal Hub"


def test_center_logo_refuses_a_renamed_executable(client, admin_a, center_a):
    client.force_login(admin_a)
    page = client.get(reverse("center-settings", kwargs={"center": "amal-hub"}))
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.pop("logo", None)
    data["logo"] = SimpleUploadedFile("logo.png", EXE, content_type="image/png")
    response = client.post(reverse("center-settings", kwargs={"center": "amal-hub"}), data)
    assert response.status_code == 200
    assert "not accepted" in str(response.context["form"].errors)
    assert not Center.objects.get(pk=center_a.pk).logo


@pytest.mark.parametrize(
    ("allowed", "name"),
    [("IMAGES", "photo.jpg"), ("DOCUMENTS", "report.pdf"), ("DOCUMENTS", "plan.docx")],
)
def test_upload_check_refuses_executables_whatever_their_name(allowed, name):
    from django.core.exceptions import ValidationError

    from markaz.core import uploads

    with pytest.raises(ValidationError):
        uploads.validate_upload(SimpleUploadedFile(name, EXE), getattr(uploads, allowed))


def test_upload_check_refuses_files_over_the_limit(settings):
    from django.core.exceptions import ValidationError

    from markaz.core.uploads import IMAGES, validate_upload

    settings.MARKAZ_MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 200)
    with pytest.raises(ValidationError, match="too large"):
        validate_upload(big, IMAGES)


def test_markdown_rendering_drops_scripts_and_handlers():
    from markaz.knowledge.rendering import render_markdown

    html = render_markdown(
        "Hello <script>alert(1)</script> **bold** <img src=x onerror=alert(1)> "
        "[x](javascript:alert(1))"
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<strong>bold</strong>" in html


@override_settings(MARKAZ_API_RATE_LIMIT=3)
def test_a_token_over_its_limit_gets_429_with_retry_after(client, admin_a, center_a, rate_counters):
    _token, secret = create_token(username="admin_a", center_slug="amal-hub")
    _other, other_secret = create_token(username="admin_a", center_slug="amal-hub")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for _ in range(3):
        assert client.get("/api/v1/me", **auth).status_code == 200
    response = client.get("/api/v1/me", **auth)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {other_secret}").status_code == 200


@override_settings(MARKAZ_API_ANON_RATE_LIMIT=2)
def test_anonymous_calls_are_limited_per_address(client, center_a, rate_counters):
    assert client.get("/api/v1/centers", REMOTE_ADDR="10.2.2.2").status_code == 200
    assert client.get("/api/v1/centers", REMOTE_ADDR="10.2.2.2").status_code == 200
    assert client.get("/api/v1/centers", REMOTE_ADDR="10.2.2.2").status_code == 429
    assert client.get("/api/v1/centers", REMOTE_ADDR="10.3.3.3").status_code == 200


@override_settings(MARKAZ_API_RATE_LIMIT=2)
def test_pages_are_not_counted_against_the_api_limit(client, admin_a, rate_counters):
    client.force_login(admin_a)
    for _ in range(4):
        assert client.get(reverse("me")).status_code == 200
    # the API allowance of this user is still whole
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me").status_code == 429


def test_the_security_middlewares_wrap_the_ones_that_answer_early():
    from django.conf import settings

    order = settings.MIDDLEWARE
    assert order.index("csp.middleware.CSPMiddleware") == 1 + order.index(
        "django.middleware.security.SecurityMiddleware"
    )
    assert order.index("csp.middleware.CSPMiddleware") < order.index(
        "whitenoise.middleware.WhiteNoiseMiddleware"
    )
    assert order.index("markaz.accounts.middleware.ApiRateLimitMiddleware") == 1 + order.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
    assert order[-1] == "markaz.accounts.middleware.TwoFactorMiddleware"
