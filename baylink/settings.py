"""Baylink settings: one module, everything from environment variables, safe defaults for the demo.

Every variable is documented in README.md ("Configuration"); a test keeps the two in step.
"""

import hashlib
import os
import re
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# ASCII digits: "²" is a digit to str.isdigit(), not to int().
_WHOLE = re.compile(r"[0-9]{1,9}")


def env_int(name: str, default: int) -> int:
    """A whole number from 1 up; anything else stops start-up with the reason."""
    raw = os.environ.get(name, "").strip() or str(default)
    if not _WHOLE.fullmatch(raw) or int(raw) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number from 1 up, not {raw!r}")
    return int(raw)


def env_int_list(name: str, default: list[int]) -> list[int]:
    """Comma-separated whole numbers ("180,90,30"); anything else stops start-up with the reason."""
    items = env_list(name, [str(value) for value in default])
    if not all(_WHOLE.fullmatch(item) and int(item) >= 1 for item in items):
        raise ImproperlyConfigured(f"{name} must be whole numbers from 1 up, e.g. 180,90,30")
    return [int(item) for item in items]


DATA_DIR = Path(env_str("BAYLINK_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    """Use BAYLINK_SECRET_KEY, else one generated once and kept in the data directory."""
    configured = os.environ.get("BAYLINK_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key, encoding="ascii")
        key_file.chmod(0o600)
    except OSError:
        # A read-only data directory still gets a working (per-process) key.
        pass
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("BAYLINK_DEBUG", False)
ALLOWED_HOSTS = env_list("BAYLINK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("BAYLINK_CSRF_TRUSTED_ORIGINS", [])
SECURE_HTTPS = env_bool("BAYLINK_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Apps, one per bounded context (DESIGN.md); order matters only for template overrides.
BAYLINK_APPS = [
    "core",
    "directory",
    "accounts",
    "initiatives",
    "agreements",
    "research",
    "resolution",
    "talent",
    "evaluations",
    "exchange",
    "ventures",
    "expertise",
    "reporting",
    "portal",
    "demo",
]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    *(f"baylink.{app}" for app in BAYLINK_APPS),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "baylink.core.htmx.VaryOnFragmentMiddleware",
]

# Room for the largest request the API documents: POST /api/resolve takes 1,000 names of up to
# 1,000 characters, 3 MB as UTF-8 and 6 MB as JSON's \uXXXX escapes (Django's default: 2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024

ROOT_URLCONF = "baylink.urls"
WSGI_APPLICATION = "baylink.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baylink.core.context_processors.site",
                "baylink.accounts.context_processors.workspace",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    database: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["CONN_MAX_AGE"] = 0
        database["OPTIONS"] = {
            # WAL lets readers and the single writer work at once; IMMEDIATE avoids
            # "database is locked" when a read transaction later upgrades to a write.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        # Several clones or worktrees may test against one server at once.
        suffix = hashlib.sha1(str(PACKAGE_DIR).encode()).hexdigest()[:8]
        database["TEST"] = {"NAME": env_str("BAYLINK_TEST_DATABASE_NAME", f"test_baylink_{suffix}")}
    return database


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'baylink.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("BAYLINK_REDIS_URL", "")
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # On disk by default, so that every server process sees the same cached figures.
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    # Each language is named in its own script, so every reader finds theirs.
    ("en", "English"),
    ("zh-hant", "繁體中文"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [
    # App catalogues first: makemessages files each string under the first path that contains it.
    *(PACKAGE_DIR / app / "locale" for app in BAYLINK_APPS),
    PACKAGE_DIR / "locale",
]
FORMAT_MODULE_PATH = ["baylink.formats"]
# ROR places organisations in Kosovo under XK, a code ISO 3166-1 leaves to its users.
COUNTRIES_OVERRIDE = {"XK": gettext_lazy("Kosovo")}
TIME_ZONE = env_str("BAYLINK_TIME_ZONE", "Asia/Hong_Kong")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("BAYLINK_LOG_LEVEL", "INFO")},
}

# Background work (reminders, reindexing) is queued in the database and run by `baylink worker`,
# so that no broker is needed; BAYLINK_TASKS_IMMEDIATE=1 runs tasks inline (tests, scripts).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("BAYLINK_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

EMAIL_BACKEND = env_str("BAYLINK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("BAYLINK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("BAYLINK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("BAYLINK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("BAYLINK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("BAYLINK_EMAIL_TLS", False)
# Seconds before a mail server that does not answer is given up on (mail is sent during some
# requests, after their writes: a silent server must not hold a page for ever).
EMAIL_TIMEOUT = env_int("BAYLINK_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("BAYLINK_EMAIL_FROM", "Baylink <baylink@localhost>")
# Where e-mailed links (renewal reminders) point: the address people open Baylink at.
BAYLINK_SITE_URL = env_str("BAYLINK_SITE_URL", "http://127.0.0.1:8000")
# Renewal reminders go out this many days before an agreement's end date (`baylink worker`).
BAYLINK_REMINDER_DAYS = env_int_list("BAYLINK_REMINDER_DAYS", [180, 90, 30])
# Largest agreement document accepted for upload, in bytes.
BAYLINK_DOCUMENT_MAX_BYTES = env_int("BAYLINK_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# Student exchange: how far (student-months, either way) an agreement's cumulative balance of
# outgoing minus incoming students may drift before the exchange dashboard warns.
BAYLINK_EXCHANGE_BALANCE_LIMIT = env_int("BAYLINK_EXCHANGE_BALANCE_LIMIT", 12)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default: a pasted "example.org" is https
