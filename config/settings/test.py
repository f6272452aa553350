"""Settings for the test suite: fast hashing, local cache, tasks inline."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-any-deployment-0123456789abcdef"  # noqa: S105  # nosec B105
VERHAALCODE_KEY = env("VERHAALCODE_KEY") or SECRET_KEY
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Public pages are not cached: tests change pages inside transactions that never
# commit, so the renewal that follows a commit would not come. The page cache's own
# tests switch it on.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks inline; the worker tests switch to the real broker themselves.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://localhost/"
