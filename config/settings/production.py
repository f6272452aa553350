"""Settings for a deployment: gunicorn behind a TLS-terminating proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set SECRET_KEY: production refuses to start without it."
    )
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS (comma-separated): production refuses to start without it."
    )
VERHAALCODE_KEY = env("VERHAALCODE_KEY") or SECRET_KEY
# Rate limits and their daily secret live in the default cache; every worker must
# count in the same one, so production needs a shared cache such as Redis.
if not env.str("CACHE_URL", default=""):
    raise ImproperlyConfigured(
        "Set CACHE_URL to a shared cache (e.g. redis://redis:6379/1): rate limits "
        "must be counted across all workers."
    )
# django-ratelimit errs on a cache that is not shared (locmem, file, database: E003).
# Its W001 only says Django's own RedisCache is not on its list; it does work.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "django_ratelimit.W001"]
# VENSTER_TRUSTED_PROXIES (read in base.py): behind the proxy every request comes
# from its address, so name it (127.0.0.1 for nginx on the same machine; addresses
# or networks, comma-separated) and rate limits count per resident again. The proxy
# must append the address it received from to X-Forwarded-For (nginx:
# proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for).

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# gunicorn serves the collected static files itself; no CDN, no third party.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
