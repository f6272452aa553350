"""A plain Wagtail site to measure Venster's pages against: ``wagtail start``.

The peer is made afresh in a temporary folder with the installed Wagtail's own
project template, on a database of its own (a fresh PostgreSQL database beside
Venster's), migrated, and served by the same gunicorn settings. Its home page is the
page every Wagtail project starts with: Wagtail's routing, one page, one template.
"""

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks import serving

NAME = "peer"
LOCAL_SETTINGS = """\
import os

import environ

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": environ.Env.db_url_config(os.environ["DATABASE_URL"])}
"""


def _run(args: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr}")


def _rename_search_app(folder: Path) -> None:
    """Rename the template's ``search`` app, whose name Venster's own app has."""
    (folder / "search").rename(folder / "peer_search")
    for path, old, new in (
        (folder / NAME / "settings" / "base.py", '"search",', '"peer_search",'),
        (folder / NAME / "urls.py", "from search import", "from peer_search import"),
    ):
        text = path.read_text()
        if old not in text:
            raise RuntimeError(f"{path.name} no longer says {old}")
        path.write_text(text.replace(old, new))


def peer_env(folder: Path, database: serving.Database) -> dict[str, str]:
    """The environment the peer runs in: its production settings, DEBUG off."""
    return {
        **serving.app_env(database),
        "DJANGO_SETTINGS_MODULE": f"{NAME}.settings.production",
        "PYTHONPATH": str(folder),
    }


@contextmanager
def peer_site() -> Iterator[tuple[Path, dict[str, str]]]:
    """A migrated ``wagtail start`` project on a fresh database: (folder, env)."""
    with (
        tempfile.TemporaryDirectory(prefix="venster-peer-") as tmp,
        serving.fresh_database("venster_bench_peer") as database,
    ):
        folder = Path(tmp)
        wagtail = Path(sys.executable).with_name("wagtail")
        env = peer_env(folder, database)
        _run([str(wagtail), "start", NAME, str(folder)], cwd=folder, env=env)
        _rename_search_app(folder)
        (folder / NAME / "settings" / "local.py").write_text(LOCAL_SETTINGS)
        manage = [sys.executable, "manage.py"]
        _run([*manage, "migrate", "--noinput", "-v0"], cwd=folder, env=env)
        _run([*manage, "collectstatic", "--noinput", "-v0"], cwd=folder, env=env)
        yield folder, env


@contextmanager
def peer_server(*, workers: int, threads: int) -> Iterator[serving.Server]:
    """The peer served by gunicorn with the given workers and threads."""
    with (
        peer_site() as (folder, env),
        serving.gunicorn(
            env,
            workers=workers,
            threads=threads,
            app=f"{NAME}.wsgi",
            cwd=folder,
            ready_path="/",
        ) as server,
    ):
        yield server
