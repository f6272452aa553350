"""With the broker stopped, residents still confirm; the sweep does the rest, once."""

import time

import pytest

from benchmarks import serving
from benchmarks.load import code_hash, share_stories
from tests.faults.conftest import app_env_mailing, needs_services

# Real services have timing the suite cannot own: a failure gets one more run.
pytestmark = [
    pytest.mark.services,
    needs_services,
    pytest.mark.flaky(reruns=1, reruns_delay=5),
]


def unnotified(database: serving.Database) -> int:
    return database.value(
        "SELECT count(*) FROM verhalen_inzending WHERE editors_notified_at IS NULL"
    )


def sweep(env: dict[str, str]) -> None:
    """Queue the sweep as beat does, through the broker, for the worker to run."""
    serving.celery_call(env, "verhalen.tasks.sweep_submissions")


def test_residents_confirm_while_redis_is_down_and_the_sweep_notifies_once(
    database, mail_server
):
    with serving.redis_server() as redis:
        env = app_env_mailing(database, redis, mail_server)
        with (
            serving.gunicorn(env, workers=1, threads=4) as app,
            serving.celery_worker(env) as worker,
        ):
            before = share_stories(app.url, 2, seed=1)
            assert len(before.codes) == 2, before.problems
            assert serving.wait_for(lambda: unnotified(database) == 0, timeout=30)

            redis.stop()
            try:
                during = share_stories(app.url, 3, seed=2)
                assert redis.ping() is False, "the broker was meant to be down"
            finally:
                redis.start()

            assert during.statuses == {200: 9}, during.problems
            assert len(during.codes) == 3
            slowest = max(during.latencies["confirm"])
            assert slowest < 10, f"a confirmation waited {slowest:.1f} s on the broker"
            assert unnotified(database) == 3, "the notices were lost with the broker"

            after = share_stories(app.url, 1, seed=3)
            assert len(after.codes) == 1, after.problems

            # Beat sweeps submissions older than five minutes: make these so.
            with database.connect() as conn:
                conn.execute(
                    "UPDATE verhalen_inzending "
                    "SET created_at = created_at - interval '6 minutes'"
                )
            sweep(env)
            assert serving.wait_for(lambda: unnotified(database) == 0, timeout=60), (
                worker.output()[-3000:]
            )
            sweep(env)
            serving.wait_for(
                lambda: worker.succeeded("verhalen.tasks.sweep_submissions") == 2,
                timeout=30,
            )
            time.sleep(2)

    codes = before.codes + during.codes + after.codes
    stored = {
        row[0] for row in database.rows("SELECT code_hash FROM verhalen_inzending")
    }
    assert stored == {code_hash(code) for code in codes}, "a confirmation was lost"
    assert mail_server.delivered == len(codes) == 6, "editors e-mailed once per story"
