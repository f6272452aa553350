"""Serve Venster the way a municipality runs it, for the load test, benchmarks and
fault tests: a fresh PostgreSQL database, gunicorn, a Celery worker and a Redis of
its own.

Every part is a real process started here and stopped here; nothing is left behind.
The shared PostgreSQL server only gets a database of ours, created and dropped; the
broker is a private ``redis-server`` on a free port, so stopping it touches nobody
else's queues.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/test"
# deduce's lookup structures take about 10 s and 1 GB per process to load.
START_TIMEOUT = 180
SECRET_KEY = "load-and-fault-testing-only-" + "x" * 40  # noqa: S105
VERHAALCODE_KEY = "load-and-fault-testing-codes-" + "y" * 40  # noqa: S105


def wait_for(condition: Callable[[], object], *, timeout: float, interval=0.2):
    """Return the first truthy value of ``condition()`` within ``timeout``, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_url() -> str:
    """The PostgreSQL server to make databases on: DATABASE_URL's, if it names one."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else DEFAULT_SERVER


@dataclass
class Database:
    """One PostgreSQL database of our own on the shared server."""

    name: str
    url: str

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)

    def value(self, query: str, params: tuple = ()):
        """Return the first column of the first row of ``query``."""
        with self.connect() as conn:
            row = conn.execute(query, params).fetchone()
        return row[0] if row else None

    def rows(self, query: str, params: tuple = ()) -> list[tuple]:
        with self.connect() as conn:
            return conn.execute(query, params).fetchall()

    def terminate_backends(self) -> int:
        """Drop every other connection to this database only; return how many."""
        with self.connect() as conn:
            return conn.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                "FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.name,),
            ).fetchone()[0]


def _admin() -> psycopg.Connection:
    """A connection to the server's maintenance database, to create and drop ours."""
    return psycopg.connect(_with_name(server_url(), "postgres"), autocommit=True)


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"/{name}").geturl()


@contextmanager
def fresh_database(prefix: str, *, template: str = "") -> Iterator[Database]:
    """Create ``<prefix>_<random>``, a copy of ``template`` if named; drop it after."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"{clause}')
    try:
        yield Database(name=name, url=_with_name(server_url(), name))
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(
    database: Database,
    *,
    broker_url: str = "",
    settings: str = "config.settings.dev",
    **extra: str,
) -> dict[str, str]:
    """The environment of every process serving ``database``: DEBUG off, over http."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database.url,
        "CELERY_BROKER_URL": broker_url,
        "ELASTICSEARCH_URL": "",
        "DEBUG": "False",
        "SECRET_KEY": SECRET_KEY,
        "VERHAALCODE_KEY": VERHAALCODE_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "TZ": "Europe/Amsterdam",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    """Run ``manage.py *args`` in its own process; raise with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")


def database_prepare(database: Database) -> None:
    """Migrate, load the demo content, index it and compute its patterns."""
    env = app_env(database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "search_index")
    manage(env, "patterns")


@contextmanager
def prepared_database(prefix: str) -> Iterator[Database]:
    """A fresh database with the demo content, ready to serve."""
    with fresh_database(prefix) as database:
        database_prepare(database)
        yield database


class Process:
    """A child process whose output goes to a temporary file we can read back."""

    def __init__(
        self, args: list[str], env: dict[str, str], *, cwd: Path = BASE_DIR
    ) -> None:
        self.args = args
        self.env = env
        self.cwd = cwd
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115
        self.popen: subprocess.Popen | None = None

    def start(self) -> "Process":
        self.popen = subprocess.Popen(
            self.args,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        text = self.log.read()
        self.log.seek(0, os.SEEK_END)
        return text

    @property
    def pid(self) -> int:
        return self.popen.pid

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def children(self) -> list[int]:
        """The process ids of this process's direct children (pool processes)."""
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def stop(self, *, kill: bool = False) -> None:
        """Stop the process and everything it started (its own session only)."""
        if not self.running():
            return
        os.killpg(self.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        self.log.close()


@dataclass
class Redis:
    """A private redis-server on its own port, which a test may stop and start."""

    port: int = field(default_factory=free_port)
    process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = Process(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                tempfile.gettempdir(),
            ],
            env=dict(os.environ),
        ).start()
        if not wait_for(self.ping, timeout=10):
            raise RuntimeError(f"redis-server did not start:\n{self.process.output()}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Stop it the hard way: whatever was queued is lost, as in a crash."""
        if self.process is not None:
            self.process.stop(kill=True)
            self.process.close()
            self.process = None


@contextmanager
def redis_server() -> Iterator[Redis]:
    redis = Redis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@dataclass
class Server:
    """gunicorn serving Venster at ``url``."""

    url: str
    process: Process

    def output(self) -> str:
        return self.process.output()


def threads_run(
    threads: list[threading.Thread], stop: threading.Event, *, seconds: float
) -> float:
    """Start ``threads``, stop them after ``seconds``; the seconds they took in all."""
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return time.perf_counter() - started


def gunicorn_args(
    port: int, *, workers: int, threads: int, app: str = "config.wsgi"
) -> list[str]:
    # Two cores and about 1 GB per process: two preloaded workers sharing the
    # anonymiser's model, with threads to overlap waiting on PostgreSQL. Idle
    # connections stay open for 75 s (nginx's default): at gunicorn's 2 s a resident's
    # post after the form's three-second minimum races the server closing the
    # connection, and unlike a browser the client does not resend a post then.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--preload",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--timeout=60",
        "--graceful-timeout=5",
        "--backlog=512",
        "--keep-alive=75",
    ]


@contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    workers: int = 2,
    threads: int = 8,
    app: str = "config.wsgi",
    cwd: Path = BASE_DIR,
    ready_path: str = "/deel-je-verhaal/",
) -> Iterator[Server]:
    """gunicorn on a free port, ready once it answers ``ready_path``."""
    port = free_port()
    args = gunicorn_args(port, workers=workers, threads=threads, app=app)
    process = Process(args, env, cwd=cwd)
    process.start()
    server = Server(url=f"http://127.0.0.1:{port}", process=process)

    def answers() -> bool:
        if not process.running():
            raise RuntimeError(f"gunicorn exited:\n{process.output()}")
        try:
            return requests.get(f"{server.url}{ready_path}", timeout=5).ok
        except requests.RequestException:
            return False

    try:
        if not wait_for(answers, timeout=START_TIMEOUT, interval=0.5):
            raise RuntimeError(f"gunicorn did not answer:\n{process.output()}")
        yield server
    finally:
        process.close()


@dataclass
class Worker:
    """A Celery worker process (prefork, so its pool children can be killed)."""

    process: Process

    def output(self) -> str:
        return self.process.output()

    def pool(self) -> list[int]:
        return self.process.children()

    def succeeded(self, task: str) -> int:
        return len(
            re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", self.output())
        )


def worker_args(concurrency: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=prefork",
        f"--concurrency={concurrency}",
        "--prefetch-multiplier=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]


@contextmanager
def celery_worker(env: dict[str, str], *, concurrency: int = 1) -> Iterator[Worker]:
    """A real worker on the broker ``env`` names, ready once it says so."""
    process = Process(worker_args(concurrency), {**env, "LOG_LEVEL": "INFO"}).start()
    worker = Worker(process)
    try:
        if not wait_for(lambda: " ready." in process.output(), timeout=START_TIMEOUT):
            raise RuntimeError(f"the worker did not start:\n{process.output()}")
        yield worker
    finally:
        process.close()


def celery_call(env: dict[str, str], task: str) -> None:
    """Queue ``task`` on the broker ``env`` names, as beat would."""
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "call", task],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"celery call {task} failed:\n{result.stderr}")


def mails_sent(directory: Path, subject: str = "Venster: nieuwe inzending") -> int:
    """How many messages Django's file e-mail backend wrote to ``directory``."""
    return sum(
        path.read_text(errors="replace").count(f"Subject: {subject}")
        for path in directory.iterdir()
    )


def story_path(database: Database) -> str:
    """The path of a published story in ``database``."""
    url_path = database.value(
        "SELECT p.url_path FROM wagtailcore_page p "
        "JOIN verhalen_verhaalpage v ON v.page_ptr_id = p.id "
        "WHERE p.live ORDER BY p.id LIMIT 1"
    )
    # Wagtail's url_path starts with the site's root page, "/home/".
    return "/" + url_path.split("/", 2)[2]
