"""Django settings, read from the environment.

``VERDENSMAAL_DATA_DIR`` (default ``./var``) holds the SQLite database, uploads, sent mail and the
generated secret key; ``DATABASE_URL`` switches to PostgreSQL.
"""

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# django-ninja's folder, found without importing it: its Swagger UI page and files are served from
# this site (see TEMPLATES and STATICFILES_DIRS), not from a CDN.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent
DATA_DIR = Path(os.environ.get("VERDENSMAAL_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in the data directory."""
    if key := os.environ.get("VERDENSMAAL_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("VERDENSMAAL_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("VERDENSMAAL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_FAILURE_VIEW = "verdensmaal.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("VERDENSMAAL_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "verdensmaal.core",
    "verdensmaal.accounts",
    "verdensmaal.audit",
    "verdensmaal.catalogue",
    "verdensmaal.areas",
    "verdensmaal.network",
    "verdensmaal.data",
    "verdensmaal.measurement",
    "verdensmaal.dashboards",
    "verdensmaal.frameworks",
    "verdensmaal.documents",
    "verdensmaal.learning",
    "verdensmaal.reports",
    "verdensmaal.portal",
    "verdensmaal.api",  # not "ninja": that would import ninja and pydantic before every command
    "verdensmaal.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "verdensmaal.ops.middleware.RequestLogMiddleware",
    # Below the log, so that a page served from the cache is logged; above everything a cached
    # page does not need. A stored page keeps the headers added below it (the policy among them:
    # it changes only with a deploy, which retires every stored page).
    "verdensmaal.ops.middleware.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "verdensmaal.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "verdensmaal.urls"
WSGI_APPLICATION = "verdensmaal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],  # the API's documentation page (api.SiteSwagger)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "verdensmaal.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'verdensmaal.sqlite3'}",
        conn_max_age=int(os.environ.get("VERDENSMAAL_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. WAL lets pages be read while an import writes; IMMEDIATE
    # takes the write lock when a transaction begins, so that a transaction never fails halfway
    # on finding another writer; and a writer that finds the lock taken waits for it (the busy
    # timeout, in seconds) rather than failing with "database is locked". The longest writer is
    # an import of a million changed values, which holds the lock for some seconds; the timeout
    # leaves room for that on a busy machine, and stays under a request's (VERDENSMAAL_TIMEOUT).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("VERDENSMAAL_SQLITE_TIMEOUT", "60")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:overview"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
FORMAT_MODULE_PATH = ["verdensmaal.core.formats"]  # English dates the British way
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [NINJA_DIR / "static"]  # Swagger UI's files, as ninja/... (api.SiteSwagger)
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: written to files under the data directory unless SMTP is configured.
if os.environ.get("VERDENSMAAL_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["VERDENSMAAL_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("VERDENSMAAL_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("VERDENSMAAL_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("VERDENSMAAL_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("VERDENSMAAL_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get(
        "VERDENSMAAL_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
    )
    EMAIL_FILE_PATH = DATA_DIR / "sent-mail"
DEFAULT_FROM_EMAIL = os.environ.get("VERDENSMAAL_FROM_EMAIL", "sekretariat@verdensmaal.local")

# Secure defaults; HTTPS-only cookies and HSTS when served behind TLS.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = _env_bool("VERDENSMAAL_HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may ask over plain HTTP
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("VERDENSMAAL_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("VERDENSMAAL_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The visitor's address: REMOTE_ADDR, or behind this many reverse proxies the address the
# outermost one saw, from X-Forwarded-For (core.ratelimit.client_ip). One proxy is assumed
# with HTTPS, which is served through a TLS proxy.
VERDENSMAAL_TRUSTED_PROXIES = int(
    os.environ.get("VERDENSMAAL_TRUSTED_PROXIES", "1" if HTTPS else "0")
)

# Content-Security-Policy (django-csp): nothing inline, nothing from another host. The back office
# (Django's admin) needs nothing more: its scripts are files and its data is in data attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Login throttling (django-axes): a username from one address is locked out after this many
# failed logins in a row, on the site and in the back office, until the cool-off has passed since
# the last failure. By username and address together, so an attacker elsewhere cannot lock a real
# user out.
AXES_FAILURE_LIMIT = int(os.environ.get("VERDENSMAAL_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("VERDENSMAAL_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login (personal data)
AXES_LOCKOUT_CALLABLE = "verdensmaal.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "verdensmaal.core.ratelimit.client_ip"

# Caches. "default" holds the public pages for visitors who are not logged in (ops.middleware),
# shared by all gunicorn workers through files in the data folder; "limits" holds rate-limit
# counters and used form tickets in the database, whose insert is atomic across workers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "verdensmaal_limits",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# "file" (the default), "database" (measured slower: docs/benchmarks.md) or "off".
VERDENSMAAL_PAGE_CACHE = os.environ.get("VERDENSMAAL_PAGE_CACHE", "file")
if VERDENSMAAL_PAGE_CACHE == "database":
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "verdensmaal_pages",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# Structured logs: one JSON object a line on standard error; the request log (method, path,
# status, duration, user id) at INFO, everything else from WARNING.
LOG_LEVEL = os.environ.get("VERDENSMAAL_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "verdensmaal.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "verdensmaal": {"level": os.environ.get("VERDENSMAAL_REQUEST_LOG_LEVEL", "INFO")},
        # axes logs every failure with the username (masked); ops logs lockouts by user id
        "axes": {"level": "ERROR"},
    },
}

VERDENSMAAL_DEMO = _env_bool("VERDENSMAAL_DEMO", True)
