"""Settings shared by every environment, read from one schema of environment variables.

The defaults describe the embedded mode: SQLite, tasks run inline, search on the
database. Setting ``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``ELASTICSEARCH_URL``
moves the same code onto PostgreSQL, Redis and Elasticsearch.
"""

import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    CACHE_URL=(str, "locmemcache://venster"),
    PAGE_CACHE_URL=(str, "locmemcache://venster-pages"),
    CELERY_BROKER_URL=(str, ""),
    ELASTICSEARCH_URL=(str, ""),
    ELASTICSEARCH_INDEX_PREFIX=(str, "venster"),
    ELASTICSEARCH_TIMEOUT=(float, 0.5),
    WAGTAILADMIN_BASE_URL=(str, "http://127.0.0.1:8000"),
    DEFAULT_FROM_EMAIL=(str, "Venster <noreply@venster.localhost>"),
    EMAIL_URL=(str, "consolemail://"),
    LOG_LEVEL=(str, "INFO"),
    VERHAALCODE_KEY=(str, ""),
    VENSTER_COMPLAINTS_URL=(str, "https://www.nationaleombudsman.nl/klacht-indienen"),
    VENSTER_EDITORS_EMAIL=(list, []),
    VENSTER_RETENTION_DECLINED_DAYS=(int, 90),
    VENSTER_RETENTION_CODE_DAYS=(int, 730),
    VENSTER_RETENTION_SIGNUP_DAYS=(int, 90),
    VENSTER_TRUSTED_PROXIES=(list, []),
    VENSTER_ORGANISATION_NAME=(str, "Venster"),
    VENSTER_CONTACT_EMAIL=(str, ""),
    VENSTER_PRIVACY_CONTACT_EMAIL=(str, ""),
    VENSTER_DPO_EMAIL=(str, ""),
    VENSTER_ACCESSIBILITY_STATUS=(str, "C"),
    VENSTER_ACCESSIBILITY_DATE=(str, "2026-12-03"),
)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "verhalen",
    "leren",
    "search",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_ratelimit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.preview_framed_by_admin",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Security: a strict Content-Security-Policy on public pages, which carry no script
# at all; Wagtail's admin runs inline scripts, so it is left out. A page preview may be
# framed by the admin (config.security.preview_framed_by_admin), nothing else may.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Admin logins: five failures lock the account name for an hour. Like residents',
# staff IP addresses are not stored; the lock is on the name tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip_withheld"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin_locked_out.html"
# Axes asks to lock on IP addresses too; Venster stores none, by design (see above).
# django-ratelimit refuses a cache of one process (E003); a laptop's one process
# counts fine in local memory, production silences only W001 (see production.py).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.E003", "django_ratelimit.W001"]

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
                "verhalen.context_processors.navigation",
                "verhalen.context_processors.choices",
            ],
        },
    },
]

DATABASES = {"default": env.db_url_config(env("DATABASE_URL"))}
SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
DATABASES["default"]["CONN_MAX_AGE"] = 0 if SQLITE else 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if SQLITE:
    # Concurrent web use, as Django 5.1+ supports it: a write transaction takes the
    # lock when it begins (IMMEDIATE), so a second writer waits up to 20 s for it
    # instead of failing with "database is locked" halfway; WAL lets pages be read
    # while a write is under way.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache_url_config(env("CACHE_URL")),
    # Rendered public pages for anonymous visitors (verhalen.page_cache). Apart from
    # the default cache, so that pages never crowd out rate limits; per process by
    # default, which is safe because the database says which copies are current.
    "pages": env.cache_url_config(env("PAGE_CACHE_URL")),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "templates" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

# Wagtail
WAGTAIL_SITE_NAME = "Venster"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "verhalen.forms.AdminLoginForm"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TAGGIT_CASE_INSENSITIVE = True

# Celery: without a broker, tasks run inline in the request that queued them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A request must never hang on a dead broker: connect quickly, retry briefly, give up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 3600,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "refresh-tag-summary-nightly": {
        "task": "leren.tasks.refresh_tag_summary",
        "schedule": 24 * 60 * 60,
    },
    "sweep-submissions": {
        "task": "verhalen.tasks.sweep_submissions",
        "schedule": 5 * 60,
    },
    "apply-retention-daily": {
        "task": "verhalen.tasks.apply_retention",
        "schedule": 24 * 60 * 60,
    },
    "recompute-patterns-nightly": {
        "task": "search.tasks.recompute_patterns",
        "schedule": crontab(minute=30, hour=2),
    },
    "refresh-story-generalisations-nightly": {
        "task": "verhalen.tasks.refresh_story_generalisations",
        "schedule": crontab(minute=15, hour=2),
    },
    "reconcile-search-index": {
        "task": "search.tasks.reconcile_search_index",
        "schedule": 10 * 60,
    },
    "apply-signup-retention-daily": {
        "task": "leren.tasks.apply_signup_retention",
        "schedule": crontab(minute=45, hour=2),
    },
    "sweep-signup-notices": {
        "task": "leren.tasks.sweep_signup_notices",
        "schedule": 5 * 60,
    },
    "sweep-experiment-matches": {
        "task": "leren.tasks.sweep_experiment_matches",
        "schedule": 60 * 60,
    },
    "send-weekly-digest": {
        "task": "leren.tasks.send_weekly_digest",
        "schedule": crontab(minute=0, hour=8, day_of_week="monday"),
    },
    "prepare-monthly-overview": {
        "task": "verhalen.tasks.prepare_monthly_overview",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
}

# Venster's resident flow
# The key under which verhaalcodes are hashed; defaults to SECRET_KEY (see README).
VERHAALCODE_KEY = env("VERHAALCODE_KEY")
VENSTER_COMPLAINTS_URL = env("VENSTER_COMPLAINTS_URL")
VENSTER_EDITORS_EMAIL = env("VENSTER_EDITORS_EMAIL")
VENSTER_MAX_TEXT_LENGTH = 10_000
VENSTER_MIN_FILL_SECONDS = 3
VENSTER_PREVIEW_MAX_AGE = 3 * 60 * 60
# A form's start stamp counts for the minimum fill time only this long.
VENSTER_FORM_MAX_AGE = 6 * 60 * 60
# Retention, applied daily by beat (manage.py retention --dry-run shows what goes).
VENSTER_RETENTION_DECLINED_DAYS = env("VENSTER_RETENTION_DECLINED_DAYS")
VENSTER_RETENTION_CODE_DAYS = env("VENSTER_RETENTION_CODE_DAYS")
# Sign-ups for an experiment are deleted this many days after it ended.
VENSTER_RETENTION_SIGNUP_DAYS = env("VENSTER_RETENTION_SIGNUP_DAYS")
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client
# for the rate limits (verhalen.ratelimit); none by default: REMOTE_ADDR is the client.
# Read as networks here, so that a mistyped entry stops the start.
VENSTER_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(proxy, strict=False))
    for proxy in env("VENSTER_TRUSTED_PROXIES")
]

# Who runs this Venster, for the privacy and accessibility statements.
VENSTER_ORGANISATION_NAME = env("VENSTER_ORGANISATION_NAME")
VENSTER_CONTACT_EMAIL = env("VENSTER_CONTACT_EMAIL")
VENSTER_PRIVACY_CONTACT_EMAIL = env("VENSTER_PRIVACY_CONTACT_EMAIL")
VENSTER_DPO_EMAIL = env("VENSTER_DPO_EMAIL")
# The accessibility statement's status as the Dutch model statement has it (A to E)
# and the date it was last drawn up (YYYY-MM-DD).
VENSTER_ACCESSIBILITY_STATUS = env("VENSTER_ACCESSIBILITY_STATUS")
VENSTER_ACCESSIBILITY_DATE = env("VENSTER_ACCESSIBILITY_DATE")

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX")
# Past this, a search is answered from the database instead.
ELASTICSEARCH_TIMEOUT = env("ELASTICSEARCH_TIMEOUT")

# The researchers' API under /api/v1/: read-only, published anonymised content.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication"
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "search.api.views.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Venster API",
    "DESCRIPTION": "Published, anonymised stories, experiments, patterns and search.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["search.api.schema.endpoints_public"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        # Request logs carry client addresses; Venster stores none.
        "django.server": {"handlers": [], "propagate": False},
        "django_tasks": {"level": "WARNING"},
        # Page actions are recorded with who and when in Wagtail's audit log.
        "wagtail": {"level": "WARNING"},
    },
}
