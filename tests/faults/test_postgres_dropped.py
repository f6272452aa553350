"""PostgreSQL connections dropped while residents submit: clear errors, no corruption,
and the site recovers by itself.

Only this test's own database has its connections terminated (pg_terminate_backend);
the shared PostgreSQL server keeps running.
"""

import re
import threading
import time

import pytest

from benchmarks import serving
from benchmarks.load import Stats, code_hash, resident, share_stories
from tests.faults.conftest import app_env_mailing, needs_services

# Real services have timing the suite cannot own: a failure gets one more run.
pytestmark = [
    pytest.mark.services,
    needs_services,
    pytest.mark.flaky(reruns=1, reruns_delay=5),
]
RESIDENTS = 8
SECONDS = 15


def test_dropped_connections_fail_cleanly_lose_nothing_and_heal(database, mail_server):
    with serving.redis_server() as redis:
        env = app_env_mailing(database, redis, mail_server)
        with (
            serving.gunicorn(env, workers=2, threads=4) as app,
            serving.celery_worker(env) as worker,
        ):
            stats = Stats()
            stop = threading.Event()
            residents = [
                threading.Thread(target=resident, args=(app.url, stats, n, stop))
                for n in range(RESIDENTS)
            ]
            for thread in residents:
                thread.start()
            terminated = 0
            deadline = time.monotonic() + SECONDS
            while time.monotonic() < deadline:
                time.sleep(0.3)
                terminated += database.terminate_backends()
            stop.set()
            for thread in residents:
                thread.join(timeout=60)

            afterwards = share_stories(app.url, 3, seed=99)

            def unnotified() -> int:
                return database.value(
                    "SELECT count(*) FROM verhalen_inzending "
                    "WHERE editors_notified_at IS NULL"
                )

            drained = serving.wait_for(lambda: unnotified() == 0, timeout=120)
            server_log, worker_log = app.output(), worker.output()

    assert terminated > 0, "no connection was dropped"
    assert set(stats.statuses) <= {200, 500, 503}, stats.problems
    for page in stats.error_pages:
        assert "Traceback" not in page and 'File "' not in page, page
        assert "Er ging bij ons iets mis" in page or stats.statuses[503]
    assert afterwards.statuses == {200: 9}, afterwards.problems
    assert len(afterwards.codes) == 3

    codes = stats.codes + afterwards.codes
    stored = {
        row[0] for row in database.rows("SELECT code_hash FROM verhalen_inzending")
    }
    confirmed = {code_hash(code) for code in codes}
    own_frames = (
        rf'File "{re.escape(str(serving.BASE_DIR))}/(?!\.venv)([^"]+)", line (\d+)'
    )
    failed_views = sorted(set(re.findall(own_frames, server_log)))
    summary = f"{dict(stats.by_kind)}; app frames in 5xx tracebacks: {failed_views}"
    assert confirmed <= stored, f"a confirmed story has no row: {summary}"
    assert stored <= confirmed, (
        f"{len(stored - confirmed)} rows stored whose resident saw no code: {summary}"
    )
    assert drained, f"follow-up work left undone:\n{worker_log[-3000:]}"
    # Every story reached the editors. The notice is sent at least once: when the
    # connection is cut between the mail and the commit that records it, the retry
    # sends it again. A lost notice is worse than a second one (README, faults).
    assert mail_server.delivered >= len(stored), "every story reached the editors"
    print(
        f"\n{terminated} connections terminated; {stats.requests} requests under "
        f"fire: {dict(stats.statuses)}; {len(codes)} confirmed and stored"
    )
    assert server_log is not None
