"""Fast Finish settings: one file, every knob read from the environment.

Each helper below reads one variable and raises ImproperlyConfigured with the
variable's name when the value makes no sense, so a typo in a deployment fails
at start-up rather than as a strange behaviour later.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets typed code write ModelForm[Runner], QuerySet[...] and friends at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (or true/false), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_time_zone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} must be an IANA time zone, not {value!r}.") from None
    return value


def database_from_url(url: str) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES entry.

    Only the two databases the project supports are accepted; anything else is
    a configuration mistake worth stopping for.
    """
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(
                "DATABASE_URL must name a database, e.g. postgres:///fastfinish."
            )
        return {
            # Django's backend, waiting CONNECT_WAIT_S for a restarting server (its docstring).
            "ENGINE": "config.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            # A kept connection is tested before each request uses it, so the first requests
            # after a database restart reconnect instead of failing (docs/operations.md).
            "CONN_HEALTH_CHECKS": True,
            "CONNECT_WAIT_S": env_int("DATABASE_CONNECT_WAIT", 5),  # seconds
        }
    if parts.scheme == "sqlite":
        return sqlite_database(Path(unquote(parts.path)) if parts.path else BASE_DIR / "db.sqlite3")
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres:// or sqlite://, not {parts.scheme or url!r}."
    )


def sqlite_database(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # WAL lets the runner's page read while a coach's edit writes; IMMEDIATE
        # takes the write lock at BEGIN so two edits queue instead of failing.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DEBUG = env_bool("DJANGO_DEBUG", False)
# pytest sets PYTEST_VERSION while it runs, so a bare `pytest` works too.
TESTING = env_bool("DJANGO_TESTING", False) or "PYTEST_VERSION" in os.environ

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        # Refusing to start keeps a forgotten key out of production.
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set unless DJANGO_DEBUG=1.")
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "csp",
    "axes",
    "planner",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ (hashed, compressed) from every app server: no shared disk needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads a body: one over the upload limit is refused unread (413).
    "planner.middleware.UploadLimitMiddleware",
    # Default deny: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Cache-Control for signed-in pages and Vary: HX-Request for every page.
    "planner.middleware.PrivatePagesMiddleware",
    # Inside the one above, so the page it draws gets the same headers: a 405 with a body.
    "planner.middleware.MethodNotAllowedPageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# Watch files (planner.runs.MAX_UPLOAD_BYTES, 25 MB) are refused larger than that
# by their declared length before Django reads them (planner.middleware). Up to 5 MB a
# file is held in memory; a larger one is spooled to a temporary file Django deletes
# after the request (nothing is kept on a server's disk).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Everything but files: no form here sends more than a few kilobytes, and a larger
# body is Django's RequestDataTooBig, answered with the 400 page, never a 500.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planner.context_processors.product_limits",
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ]
                    if DEBUG
                    # Explicit loaders are not cached by default; parsing templates on
                    # every request would cost more than rendering them.
                    else [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]
FORM_RENDERER = "planner.forms.renderer.FieldRenderer"

_database_url = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(_database_url)
    if _database_url
    else sqlite_database(BASE_DIR / "db.sqlite3")
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_env(value: str) -> dict[str, Any]:
    """FF_CACHE: where drawn pages are kept. Every key names the versions it was drawn
    from, so any of these is correct behind many app servers; a shared one only saves
    each server drawing the same page once (docs/operations.md)."""
    prefix = env_str("FF_CACHE_KEY_PREFIX", "")
    common: dict[str, Any] = {"KEY_PREFIX": prefix, "TIMEOUT": 3600}
    if value == "off":
        # Nothing kept: every page is drawn afresh (the ETags and their 304s still work).
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if value in ("", "locmem"):
        # One store per process; 500 pages at most (a week page is about 40 KB).
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fast-finish-pages",
            "OPTIONS": {"MAX_ENTRIES": 500},
            **common,
        }
    if value == "database":
        # Needs the table once: python manage.py createcachetable
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "fast_finish_cache",
            **common,
        }
    if value.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": value,
            **common,
        }
    raise ImproperlyConfigured(
        f"FF_CACHE must be locmem, off, database or a redis:// address, not {value!r}."
    )


CACHES = {"default": cache_from_env(env_str("FF_CACHE", "locmem"))}

# Sessions live in the database (Django's default), so any app server can serve
# any request; nothing a second server would miss is kept in a process or on disk.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    # Refuses logins while an account is locked out; must come first.
    "axes.backends.AxesStandaloneBackend",
    # Django's own, reading the runner profile in the same query (planner/auth.py).
    "planner.auth.ProfileBackend",
    # Kept so sessions signed in before ProfileBackend existed stay signed in.
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling. Attempts are kept in the database (shared by all app servers)
# and counted per username *and* address, so a guesser elsewhere cannot lock a real
# runner out; a lock-out lifts by itself after the cool-off.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("FF_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FF_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("FF_TRUSTED_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Only our own scripts and styles; no inline code anywhere. The admin is Django's
# and keeps its own (inline) behaviour, so it is left out of the policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}

if TESTING:
    # The production hasher is slow on purpose; tests log in hundreds of times.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_time_zone("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Hashed, compressed files in production (after collectstatic); plain files while
# developing and testing, where there is no collectstatic step.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "config.static_files.StaticFiles"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "planner:home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Fast Finish <noreply@localhost>")

# HTTPS by default outside debug and tests; DJANGO_HTTPS=0 only for a local
# production-like run on plain HTTP (make serve, make bench).
HTTPS = not DEBUG and not TESTING and env_bool("DJANGO_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
# Load-balancer probes often speak plain HTTP on the private side.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Without collectstatic (development, tests) WhiteNoise serves from the finders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# A minimal page for `make bench` to compare real pages against; off unless asked.
BENCH_ENDPOINTS = env_bool("FF_BENCH_ENDPOINTS", False)
