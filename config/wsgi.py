"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# The anonymiser's model takes about 10 s and 1 GB to load: pay that once, when the
# process starts (before gunicorn forks with --preload), never inside a request.
from verhalen.anonymiser import deduce_model  # noqa: E402

deduce_model()

# A configured search cluster's client is imported now too, so that the first search
# after the cluster stops answering still falls back within a second.
from django.conf import settings  # noqa: E402

if settings.ELASTICSEARCH_URL:
    import search.backends.elasticsearch  # noqa: E402, F401
