"""A worker killed mid-task leaves nothing half done, and the task still completes.

The task is caught mid-way for real: the editors' mail server accepts the first
connection and never answers, so ``notify_editors`` hangs inside its transaction,
holding the submission's row lock, until the worker is killed with SIGKILL.
"""

import os
import signal

import pytest

from benchmarks import serving
from benchmarks.load import share_stories
from tests.faults.conftest import app_env_mailing, needs_services

# Real services have timing the suite cannot own: a failure gets one more run.
pytestmark = [
    pytest.mark.services,
    needs_services,
    pytest.mark.flaky(reruns=1, reruns_delay=5),
]
NOTIFY = "verhalen.tasks.notify_editors"


def notified_at(database: serving.Database) -> list:
    return [
        row[0]
        for row in database.rows("SELECT editors_notified_at FROM verhalen_inzending")
    ]


def open_transactions(database: serving.Database) -> int:
    return database.value(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
        "AND state LIKE 'idle in transaction%%'",
        (database.name,),
    )


def test_a_pool_process_killed_mid_task_is_replaced_and_the_task_completes(
    database, hanging_mail_server
):
    """acks_late + reject_on_worker_lost: the task goes back and runs again."""
    with serving.redis_server() as redis:
        env = app_env_mailing(database, redis, hanging_mail_server)
        with (
            serving.gunicorn(env, workers=1, threads=2) as app,
            serving.celery_worker(env) as worker,
        ):
            shared = share_stories(app.url, 1)
            assert len(shared.codes) == 1, shared.problems
            assert serving.wait_for(
                lambda: hanging_mail_server.connections == 1, timeout=30
            ), worker.output()
            assert open_transactions(database) == 1, "the task holds its transaction"
            assert notified_at(database) == [None]

            (child,) = worker.pool()
            os.kill(child, signal.SIGKILL)

            assert serving.wait_for(
                lambda: worker.succeeded(NOTIFY) == 1, timeout=60
            ), worker.output()
            log = worker.output()

    assert "WorkerLostError" in log or "SIGKILL" in log, log
    assert notified_at(database) != [None]
    assert hanging_mail_server.connections == 2
    assert hanging_mail_server.delivered == 1, "the editors got exactly one e-mail"


def test_a_whole_worker_killed_mid_task_loses_nothing_once_swept(
    database, hanging_mail_server
):
    """With Redis, an unacknowledged task returns only after the visibility timeout
    (an hour); until then, beat's sweep finds the submission and finishes it once."""
    with serving.redis_server() as redis:
        env = app_env_mailing(database, redis, hanging_mail_server)
        with serving.gunicorn(env, workers=1, threads=2) as app:
            with serving.celery_worker(env) as first:
                shared = share_stories(app.url, 1)
                assert len(shared.codes) == 1, shared.problems
                assert serving.wait_for(
                    lambda: hanging_mail_server.connections == 1, timeout=30
                ), first.output()
                first.process.stop(kill=True)

            assert serving.wait_for(
                lambda: open_transactions(database) == 0, timeout=10
            ), "PostgreSQL rolled back the killed task's transaction"
            assert notified_at(database) == [None], "nothing half done"

            with serving.celery_worker(env) as second:
                with database.connect() as conn:
                    conn.execute(
                        "UPDATE verhalen_inzending "
                        "SET created_at = created_at - interval '6 minutes'"
                    )
                serving.celery_call(env, "verhalen.tasks.sweep_submissions")
                assert serving.wait_for(
                    lambda: second.succeeded(NOTIFY) == 1, timeout=60
                ), second.output()

    assert notified_at(database) != [None]
    assert hanging_mail_server.delivered == 1, "the editors got exactly one e-mail"
