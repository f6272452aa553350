"""Queue work for after the current transaction, never failing the person's action.

Every app queues its Celery tasks through this one helper, so that a broker that is
down never undoes what someone just saved.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, countdown: int | None = None) -> None:
    """Queue ``task`` once the current transaction commits, never failing the caller.

    A broker that is down must not undo what a person just saved; work queued here
    is derived from rows in the database and is swept up again by beat.
    """

    def send() -> None:
        try:
            task.apply_async(args=args, countdown=countdown)
        except Exception:
            logger.exception("Could not queue %s; beat will sweep it up", task.name)

    transaction.on_commit(send)
