"""Markaz settings, driven by environment variables (see README, "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from markaz.envconf import dev_secret, env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("MARKAZ_DATA_DIR", "var")).resolve()

DEBUG = env_bool("MARKAZ_DEBUG", False)
SECRET_KEY = env_secret("MARKAZ_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG and not env_bool("MARKAZ_DEMO", False):
        raise ImproperlyConfigured(
            "MARKAZ_SECRET_KEY (or MARKAZ_SECRET_KEY_FILE) is required unless MARKAZ_DEBUG=1."
        )
    SECRET_KEY = dev_secret(DATA_DIR)

ALLOWED_HOSTS = env_list("MARKAZ_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("MARKAZ_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_htmx",
    "ninja",
    "markaz.core",
    "markaz.sdg",
    "markaz.stakeholders",
    "markaz.ventures",
    "markaz.funding",
    "markaz.mentoring",
    "markaz.knowledge",
    "markaz.challenges",
    "markaz.programs",
    "markaz.review",
    "markaz.impact",
    "markaz.events",
    "markaz.resources",
    "markaz.networking",
    "markaz.network",
    "markaz.federation",
    "markaz.portal",
    "markaz.accounts",
    "markaz.jobs",
    "markaz.ops",
    "markaz.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "markaz.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "markaz.core.middleware.AccessScopeMiddleware",
]

ROOT_URLCONF = "markaz.urls"
WSGI_APPLICATION = "markaz.wsgi.application"
ASGI_APPLICATION = "markaz.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "markaz.core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite (WAL) in the data dir by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("MARKAZ_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "markaz.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue up
                # instead of failing with "database is locked" on lock upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Languages: Arabic and English, both first-class. URLs carry the language (/ar/, /en/).
LANGUAGE_CODE = env_str("MARKAZ_DEFAULT_LANGUAGE", "en")
if LANGUAGE_CODE not in {"ar", "en"}:
    raise ImproperlyConfigured("MARKAZ_DEFAULT_LANGUAGE must be 'ar' or 'en'.")
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("MARKAZ_TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "markaz.core.staticfinders.PackageFileFinder",  # plotly.min.js from the plotly wheel
]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "uploads"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MARKAZ_MAX_UPLOAD_BYTES = env_int("MARKAZ_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)

EMAIL_BACKEND = env_str("MARKAZ_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("MARKAZ_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MARKAZ_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("MARKAZ_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("MARKAZ_EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("MARKAZ_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("MARKAZ_FROM_EMAIL", "Markaz <no-reply@markaz.localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_bool("MARKAZ_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("MARKAZ_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MARKAZ_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("MARKAZ_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "markaz.core.context.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("MARKAZ_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
MARKAZ_PAGE_SIZE = 25
MARKAZ_VERSION = "0.1.0"
MARKAZ_BENCH = env_bool("MARKAZ_BENCH", False)

# Capability settings parts (markaz/settings_parts), applied last.
import importlib as _importlib  # noqa: E402

from markaz.settings_parts import PARTS as _PARTS  # noqa: E402

for _part in _PARTS:
    _importlib.import_module(f"markaz.settings_parts.{_part}").apply(globals())
