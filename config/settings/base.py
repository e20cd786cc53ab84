"""All settings. Values come from the environment (or a `.env` file) through django-environ."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("BINHDANG_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("BINHDANG_DEBUG", default=False)
ALLOWED_HOSTS = env.list("BINHDANG_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("BINHDANG_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "binhdang.core",
    "binhdang.accounts",
    "binhdang.geo",
    "binhdang.agencies",
    "binhdang.plans",
    "binhdang.reporting",
    "binhdang.media",
    "binhdang.conventions",
    "binhdang.registries",
    "binhdang.indicators",
    "binhdang.documents",
    "binhdang.api",
    "binhdang.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "binhdang.core.middleware.LocaleMiddleware",  # Vietnamese unless switched
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "binhdang.core.middleware.RequestIdMiddleware",
    # AxesMiddleware must be last: it turns a lock-out into a response.
    "axes.middleware.AxesMiddleware",
]

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "binhdang.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'binhdang.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout: the web process and a worker can share the embedded database.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("BINHDANG_CONN_MAX_AGE", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins: 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("BINHDANG_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("BINHDANG_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "BINHDANG_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env.bool("BINHDANG_HTTPS", default=False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work (reminders, imports, report generation): Django's tasks API with the
# database backend; `binhdang db_worker` runs the worker. BINHDANG_TASKS_IMMEDIATE=1 runs
# every task inside the request instead (development without a worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env.bool("BINHDANG_TASKS_IMMEDIATE", default=False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Caches. `progress` keeps computed target progress (binhdang/indicators/freshness.py) and
# must be shared by the web processes and the worker: a directory under var/ by default,
# Redis in production (BINHDANG_CACHE_URL=redis://127.0.0.1:6379/1).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": env.cache_url(
        "BINHDANG_CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache' / 'progress'}"
    ),
}
# Two entries per target and area (whole and summary): a country's plans hold thousands.
CACHES["progress"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 200_000)
# Queue a refresh of a province's cached progress this many seconds after its data changed.
BINHDANG_PROGRESS_CACHE = env.bool("BINHDANG_PROGRESS_CACHE", default=True)
BINHDANG_PROGRESS_REFRESH = env.bool("BINHDANG_PROGRESS_REFRESH", default=True)
BINHDANG_PROGRESS_REFRESH_DELAY = env.int("BINHDANG_PROGRESS_REFRESH_DELAY", default=10)

# E-mail (reminders): console in development; SMTP settings from the environment.
EMAIL_BACKEND = env(
    "BINHDANG_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("BINHDANG_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("BINHDANG_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("BINHDANG_EMAIL_USER", default="")
EMAIL_HOST_PASSWORD = env("BINHDANG_EMAIL_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("BINHDANG_EMAIL_TLS", default=False)
DEFAULT_FROM_EMAIL = env("BINHDANG_EMAIL_FROM", default="binhdang <no-reply@binhdang.local>")
BINHDANG_SITE_URL = env("BINHDANG_SITE_URL", default="http://127.0.0.1:8000")

# Demo data (users with known passwords) may only be created when this is on.
BINHDANG_ALLOW_DEMO_DATA = env.bool("BINHDANG_ALLOW_DEMO_DATA", default=DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("BINHDANG_LOG_LEVEL", default="WARNING")},
}

# A long plan's review form posts one field per target, milestone, activity and agency line.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

# The open API (/api/v1/): machine tokens or the browser's session, one error shape, the
# pages' scope rules and FilterSets. See binhdang/api/ and docs/api.md.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "binhdang.api.authentication.TokenAuthentication",
        "binhdang.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["binhdang.api.permissions.HasViewPermission"],
    "DEFAULT_PAGINATION_CLASS": "binhdang.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "binhdang.api.filters.ScopedFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("BINHDANG_API_ANON_RATE", default="60/minute"),
        "user": env("BINHDANG_API_USER_RATE", default="1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "binhdang.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "binhdang API",
    "DESCRIPTION": (
        "Plans, report rounds, submissions, figures, indicators and registries of the "
        "gender-equality programmes, limited to the caller's scope. DHIS2 dataValueSets "
        "and ADX for the aggregate figures."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI and Redoc from our own static files: the sites run on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {},
    "DISABLE_ERRORS_AND_WARNINGS": True,
}
