"""The embedded SQLite database takes two writers at once, as a web server has them."""

import json
import os
import subprocess
import sys

from django.conf import settings

# Two threads each open a transaction, read, wait for the other to have read too,
# then write: the anonymisation check's pattern. Without IMMEDIATE transactions the
# second writer fails at once with "database is locked", whatever the timeout.
WRITERS = """
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS beslissing (id integer primary key)")
mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
connection.close()
both_read = threading.Barrier(2, timeout=1)
errors = []

def write():
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM beslissing")
            try:
                both_read.wait()
            except threading.BrokenBarrierError:
                pass  # the other waits for the lock: as it should
            time.sleep(0.3)
            cursor.execute("INSERT INTO beslissing DEFAULT VALUES")
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=write) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
rows = connection.cursor().execute("SELECT count(*) FROM beslissing").fetchone()[0]
print(json.dumps({"errors": errors, "rows": rows, "journal_mode": mode}))
"""


def run(code: str, database_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_two_writers_at_once_on_a_sqlite_file_both_succeed(tmp_path):
    """Neither answers "database is locked": the second waits for the first."""
    result = run(WRITERS, f"sqlite:///{tmp_path / 'venster.sqlite3'}")
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout)
    assert outcome == {"errors": [], "rows": 2, "journal_mode": "wal"}


def test_sqlite_options_are_only_given_to_sqlite():
    """PostgreSQL keeps its own options and persistent connections."""
    show = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; "
        "print(json.dumps([d.get('OPTIONS', {}), d['CONN_MAX_AGE']]))"
    )
    postgres = run(show, "postgres://venster@127.0.0.1:5432/venster")
    assert json.loads(postgres.stdout) == [{}, 60], postgres.stderr[-2000:]
    sqlite = json.loads(run(show, "sqlite:////tmp/venster.sqlite3").stdout)
    assert sqlite[0]["transaction_mode"] == "IMMEDIATE" and sqlite[1] == 0
