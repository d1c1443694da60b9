"""Settings for the Quality Responsibility Registry, read from the environment.

Everything a deployment changes comes from environment variables (see
`.env.example` and the README). With `DJANGO_DEBUG` off, the registry refuses
to start without a real `SECRET_KEY` and `PII_ENCRYPTION_KEY`.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("REGISTRY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from `NAME`, or from the file named by `NAME_FILE` (Docker/K8s secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name) or None


def local_secret(name: str) -> str:
    """A per-checkout secret for the local demo, generated once under var/."""
    import secrets

    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = local_secret("secret_key")

# Key for encrypting ID numbers at rest (Fernet, derived with SHA-256 from this value).
PII_ENCRYPTION_KEY = env_secret("PII_ENCRYPTION_KEY")
if not PII_ENCRYPTION_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("PII_ENCRYPTION_KEY is required when DJANGO_DEBUG is off.")
    PII_ENCRYPTION_KEY = local_secret("pii_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The address the public plaque QR codes point at, e.g. https://registry.example.gov.cn
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    # Ours, lowest layer first (see docs/architecture.md).
    "common",
    "projects",
    "materials",
    "inspections",
    "responsibility",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "common.middleware.LanguageParameterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG and not env_bool("REGISTRY_TESTING", False):
    # Production serves its collected static files itself (run `manage.py collectstatic`).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "projects.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'registry.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a seed or import writes; busy timeout
    # makes concurrent writers wait instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "projects.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Object permissions are granted through organisation groups, never to the anonymous user.
ANONYMOUS_USER_NAME = None
GUARDIAN_RENDER_403 = False
GUARDIAN_MONKEY_PATCH_USER = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Each app keeps its own catalogue in <app>/locale (see common/management/commands/app_messages.py).
LOCALE_PATHS: list[Path] = []

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Private files are served by a permission-checked view, never from MEDIA_URL.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Upload limits (bytes and pixels); see common/uploads.py.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
UPLOAD_MAX_PIXELS = int(os.environ.get("UPLOAD_MAX_PIXELS", 40_000_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Mail (Django 6.1 MAILERS). In DEBUG (the demo) mails are written to var/mail/ instead of sent.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.filebased.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {},
    }
}
if MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {"file_path": str(VAR_DIR / "mail")}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": env_secret("EMAIL_HOST_PASSWORD") or "",
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")

REST_FRAMEWORK = {
    # Token first, so that a request without credentials gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.api.NoCountPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DATE_FORMAT": "%Y-%m-%d",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Quality Responsibility Registry API",
    "DESCRIPTION": "工程质量终身责任登记系统 — REST API v1. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI from the installed sidecar package, not a CDN: registries run on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Apps add their own choice sets here when two share a field name.
    "ENUM_NAME_OVERRIDES": {
        "PartyRoleEnum": "projects.models.projects.PartyRole",
        "UserRoleEnum": "projects.models.accounts.Role",
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED=1.
    if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# Domain settings (documented in docs/configuration.md).
# Share of required samples that must be witnessed (建建〔2000〕211号 Art. 5: at least 30%).
WITNESS_MIN_SHARE = float(os.environ.get("WITNESS_MIN_SHARE", "0.30"))
# Days after which spot-check results are published (双随机、一公开).
SPOT_CHECK_PUBLISH_DELAY_DAYS = int(os.environ.get("SPOT_CHECK_PUBLISH_DELAY_DAYS", "20"))

# --- responsibility (leads, plaque, archive, defects) ---------------------------------------
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {"PlaqueReplacementReasonEnum": "responsibility.models.plaques.ReplacementReason"}
)

# Heating and cooling seasons for the "2 heating or cooling seasons" warranty (MM-DD, climate zone).
WARRANTY_HEATING_SEASON_START = os.environ.get("WARRANTY_HEATING_SEASON_START", "11-15")
WARRANTY_HEATING_SEASON_END = os.environ.get("WARRANTY_HEATING_SEASON_END", "03-15")
WARRANTY_COOLING_SEASON_START = os.environ.get("WARRANTY_COOLING_SEASON_START", "06-01")
WARRANTY_COOLING_SEASON_END = os.environ.get("WARRANTY_COOLING_SEASON_END", "09-30")
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "DefectKindEnum": "responsibility.models.defects.DefectKind",
        "WorkCategoryEnum": "responsibility.warranty.WorkCategory",
        "MeasureKindEnum": "responsibility.models.defects.MeasureKind",
        "DefectSeverityEnum": "responsibility.models.defects.Severity",
    }
)

# --- materials (batches, samples, reports, usages, recall) ----------------------------------
# Spreadsheet imports run in a background `manage.py materials_import` process; the test
# suite runs them inline (REGISTRY_TESTING) so that they see the test database.
MATERIALS_IMPORT_INLINE = env_bool("MATERIALS_IMPORT_INLINE", env_bool("REGISTRY_TESTING", False))
MATERIALS_IMPORT_MAX_BYTES = int(os.environ.get("MATERIALS_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "BatchStatusEnum": "materials.models.batches.BatchStatus",
        "ImportStatusEnum": "materials.models.imports.ImportJob.Status",
        "ImportKindEnum": "materials.models.imports.ImportJob.Kind",
    }
)

# --- inspections (inspections, photos, rectifications, spot checks) --------------------------
# A photo whose EXIF capture time is more than this many days before the record's date is
# flagged "taken long before" (it may not show the work on the day it was accepted).
INSPECTION_PHOTO_MAX_AGE_DAYS = int(os.environ.get("INSPECTION_PHOTO_MAX_AGE_DAYS", "7"))
# Limits for site photos (bytes, pixels) and how many one record or reply may carry.
INSPECTION_PHOTO_MAX_BYTES = int(os.environ.get("INSPECTION_PHOTO_MAX_BYTES", 15 * 1024 * 1024))
INSPECTION_PHOTO_MAX_PIXELS = int(os.environ.get("INSPECTION_PHOTO_MAX_PIXELS", 40_000_000))
INSPECTION_MAX_PHOTOS = int(os.environ.get("INSPECTION_MAX_PHOTOS", "12"))
# `manage.py rectification_reminders` (daily cron) warns this many days before a notice is due.
RECTIFICATION_DUE_SOON_DAYS = int(os.environ.get("RECTIFICATION_DUE_SOON_DAYS", "3"))
# Name the API's choice sets where another app uses the same field name ("kind", "result").
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["InspectionKindEnum"] = "inspections.models.inspections.InspectionKind"
# pass/fail is one choice set, shared by inspections, spot checks and test reports.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["PassFailEnum"] = "inspections.models.inspections.Result"
