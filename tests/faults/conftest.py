"""Fixtures for the fault tests: a prepared database to copy, a counting mail server.

The fault tests stop and start real services. They never touch the shared Redis or
stop PostgreSQL: each runs its own ``redis-server`` and works in a database of its own,
copied from one prepared once per session.
"""

import os
import shutil
import socket
import threading

import pytest
from django.conf import settings

from benchmarks import serving

needs_services = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis://")
    or not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or shutil.which("redis-server") is None,
    reason="stops and starts real services: needs a PostgreSQL server "
    "(DATABASE_URL=postgres://…), Redis (CELERY_BROKER_URL=redis://…) and "
    "redis-server on the PATH; .ci/run sets both",
)


@pytest.fixture(scope="session")
def prepared_template():
    """A database with the demo content, migrated once; tests work on copies."""
    with serving.prepared_database("venster_fault_template") as database:
        yield database


@pytest.fixture
def database(prepared_template):
    """A fresh copy of the prepared database, dropped after the test."""
    with serving.fresh_database(
        "venster_fault", template=prepared_template.name
    ) as database:
        yield database


class MailServer:
    """A small SMTP server that counts delivered messages.

    With ``hang_first``, the first connection is accepted and never answered, so a
    task sending mail stops mid-way, inside its transaction, until it is killed.
    """

    def __init__(self, *, hang_first: bool = False) -> None:
        self.hang_first = hang_first
        self.connections = 0
        self.delivered = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self.lock:
                self.connections += 1
                hang = self.hang_first and self.connections == 1
            threading.Thread(
                target=self._hang if hang else self._talk, args=(conn,), daemon=True
            ).start()

    def _hang(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(0.2)
            while not self.stopped.is_set():
                try:
                    if not conn.recv(1024):
                        return
                except TimeoutError:
                    continue
                except OSError:
                    return

    def _talk(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 venster-test ESMTP\r\n")
            for line in lines:
                command = line[:4].upper()
                if command == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    for body in lines:
                        if body == b".\r\n":
                            break
                    with self.lock:
                        self.delivered += 1
                    conn.sendall(b"250 queued\r\n")
                elif command == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.stopped.set()
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def mail_server():
    server = MailServer()
    yield server
    server.close()


@pytest.fixture
def hanging_mail_server():
    server = MailServer(hang_first=True)
    yield server
    server.close()


EDITORS = "redactie@venster.localhost"


def app_env_mailing(
    database: serving.Database, redis: serving.Redis, mail
) -> dict[str, str]:
    """The app's environment with a broker, telling the editors through ``mail``."""
    return serving.app_env(
        database,
        broker_url=redis.url,
        VENSTER_EDITORS_EMAIL=EDITORS,
        EMAIL_URL=mail.url,
    )
