"""The Celery app, configured from Django settings under the ``CELERY_`` namespace."""

import logging
import os

from celery import Celery

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("venster")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue_on_commit(task, *args, countdown: int | None = None) -> None:
    """Queue ``task`` once the current transaction commits, never failing the caller.

    A broker that is down must not undo what a person just saved; work queued here
    is derived from rows in the database and is swept up again by beat.
    """
    from django.db import transaction

    def send() -> None:
        try:
            task.apply_async(args=args, countdown=countdown)
        except Exception:
            logger.exception("Could not queue %s; beat will sweep it up", task.name)

    transaction.on_commit(send)
