"""A live Venster for Chromium: gunicorn on a fresh database, once per session.

The server runs as its users meet it: ``config.settings.dev`` under gunicorn with one
worker, tasks inline, search on the database, the demo content loaded, the patterns
computed, and one account per role. Its database is its own (SQLite in a temporary
folder, or a database of its own on the PostgreSQL server that ``DATABASE_URL``
names) and is removed afterwards.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from .support import PASSWORD, REPO, ROLES, VIEWPORTS, language_of

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
READY_TIMEOUT = 120

SETUP = """
import os
import django

django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo")
call_command("search_index")
call_command("patterns")
for username, group in (
    pair.split(":") for pair in os.environ["BROWSER_USERS"].split(",")
):
    user = get_user_model().objects.create_user(
        username, password=os.environ["BROWSER_PASSWORD"]
    )
    user.groups.add(Group.objects.get(name=group))
"""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Venster in Chromium through a live gunicorn"
    )


@dataclass
class LiveVenster:
    """The running server: its address, environment and cache folder."""

    url: str
    env: dict
    cache: Path
    log: Path

    def clear_rate_limits(self) -> None:
        """Empty the server's cache, as the unit tests do between tests."""
        for entry in self.cache.glob("*"):
            entry.unlink(missing_ok=True)

    def django(self, code: str) -> str:
        """Run a Python snippet against the server's database; return its stdout."""
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _no_control_socket() -> list[str]:
    """gunicorn 25+ opens a control socket in ~/.gunicorn; a test server needs none."""
    from gunicorn.config import KNOWN_SETTINGS

    flags = {flag for setting in KNOWN_SETTINGS for flag in setting.cli or []}
    return ["--no-control-socket"] if "--no-control-socket" in flags else []


@contextmanager
def _fresh_database(folder: Path) -> Iterator[str]:
    """Yield the URL of an empty database, removed afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield f"sqlite:///{folder / 'venster.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = f"venster_browser_{secrets.token_hex(4)}"
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


def _wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped while starting:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/deel-je-verhaal/", timeout=5):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(
        f"gunicorn did not answer within {READY_TIMEOUT} s:\n{log.read_text()[-4000:]}"
    )


@pytest.fixture(scope="session")
def live_venster(tmp_path_factory) -> Iterator[LiveVenster]:
    """Serve Venster with gunicorn on a free port of 127.0.0.1 for the session."""
    if not CHROMIUM.exists():
        pytest.skip("needs Chromium at /usr/bin/chromium (apt-get install chromium)")
    pytest.importorskip("playwright", reason="needs playwright: pip install -e .[test]")
    folder = tmp_path_factory.mktemp("live-venster")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "gunicorn.log"
    cache = folder / "cache"
    cache.mkdir()
    with _fresh_database(folder) as database_url:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"CELERY_BROKER_URL", "ELASTICSEARCH_URL", "PYTEST_ADDOPTS"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DATABASE_URL=database_url,
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CACHE_URL=f"filecache://{cache}",
            WAGTAILADMIN_BASE_URL=url,
            EMAIL_URL="consolemail://",
            PYTHONUNBUFFERED="1",
            BROWSER_USERS=",".join(f"{u}:{g}" for u, g in ROLES.items()),
            BROWSER_PASSWORD=PASSWORD,
        )
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        with log.open("w") as output:
            server = subprocess.Popen(  # noqa: S603
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "tests.browser.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "4",
                    "--timeout",
                    "180",
                    *_no_control_socket(),
                ],
                cwd=REPO,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_until_ready(url, server, log)
            yield LiveVenster(url=url, env=env, cache=cache, log=log)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_rate_limits(request):
    """Each browser test starts with the server's rate limits counted from zero."""
    if "live_venster" in request.fixturenames:
        request.getfixturevalue("live_venster").clear_rate_limits()


@pytest.fixture(scope="session")
def chromium(live_venster):
    """Debian's Chromium, driven by Playwright; no browser is downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class ConsoleErrors:
    """Every console error and uncaught exception of one page, kept to fail on."""

    def __init__(self, page):
        self.errors: list[str] = []
        # A document the test navigated to answers with the status the test checks
        # (404, 400); Chromium logs that as "Failed to load resource" too.
        self.documents: set[str] = set()
        page.on("response", self.on_response)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def on_response(self, response) -> None:
        if response.request.resource_type == "document":
            self.documents.add(response.url)

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and (
            where in self.documents
        ):
            return
        self.errors.append(f"{where}: {message.text}")


def _new_page(chromium, live_venster, locale: str, viewport: str = "desktop"):
    width, height = VIEWPORTS[viewport]
    context = chromium.new_context(
        base_url=live_venster.url,
        viewport={"width": width, "height": height},
        locale=locale,
        extra_http_headers={"Accept-Language": locale},
        accept_downloads=True,
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.language = language_of(locale)
    page.console_errors = ConsoleErrors(page)
    return context, page


@pytest.fixture
def locale() -> str:
    """The browser's language: Dutch, the residents' default, unless parametrized.

    Tests that read the same in both languages take ``@pytest.mark.parametrize(
    "locale", LOCALES)`` and find their words with ``support.say``.
    """
    return "nl-NL"


def _fail_on_console_errors(pages) -> None:
    errors = [error for page in pages for error in page.console_errors.errors]
    if errors:
        pytest.fail("console errors in Chromium:\n" + "\n".join(errors[:20]))


@pytest.fixture
def page(chromium, live_venster, locale):
    """A fresh browser window (own cookies) at desktop width; no console errors."""
    context, page = _new_page(chromium, live_venster, locale)
    yield page
    context.close()
    _fail_on_console_errors([page])


@pytest.fixture
def new_page(chromium, live_venster, locale):
    """Open further fresh windows: ``new_page("phone")``; no console errors."""
    contexts, pages = [], []

    def open_page(viewport: str = "desktop"):
        context, page = _new_page(chromium, live_venster, locale, viewport)
        contexts.append(context)
        pages.append(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    _fail_on_console_errors(pages)
