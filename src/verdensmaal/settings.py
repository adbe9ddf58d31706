"""Django settings, read from the environment.

``VERDENSMAAL_DATA_DIR`` (default ``./var``) holds the SQLite database, uploads, sent mail and the
generated secret key; ``DATABASE_URL`` switches to PostgreSQL.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
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
    "verdensmaal.learning",
    "verdensmaal.reports",
    "verdensmaal.portal",
    "verdensmaal.api",
    "ninja",  # Swagger UI's files served from this site, not a CDN
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "verdensmaal.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "verdensmaal.urls"
WSGI_APPLICATION = "verdensmaal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
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
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
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
if _env_bool("VERDENSMAAL_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VERDENSMAAL_LOG_LEVEL", "WARNING")},
}

VERDENSMAAL_DEMO = _env_bool("VERDENSMAAL_DEMO", True)
