"""Settings come from the environment; production refuses to start unsafely."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "a-long-production-secret-key-with-variety-0123456789",
    "ALLOWED_HOSTS": "venster.example.nl",
    "CACHE_URL": "redis://cache.internal:6379/1",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL"])
def test_production_refuses_to_start_without_required_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "config.settings.production", **env}
    )
    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"DJANGO_SETTINGS_MODULE": "config.settings.production", **PRODUCTION},
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_a_cache_that_each_worker_keeps_alone():
    """Rate limits counted in local memory would be per worker: the check errs."""
    result = manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **PRODUCTION,
            "CACHE_URL": "locmemcache://venster",
        },
    )
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr
    assert "is not a shared cache" in result.stderr


def test_a_mistyped_trusted_proxy_stops_the_start():
    result = manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **PRODUCTION,
            "VENSTER_TRUSTED_PROXIES": "10.0.0.0/8,nginx.internal",
        },
    )
    assert result.returncode != 0
    assert "nginx.internal" in result.stderr


def test_dev_settings_keep_a_generated_secret_key_per_checkout(tmp_path):
    """The embedded mode needs no configuration and never ships a fixed key."""
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    first = manage("shell", "--no-imports", "-c", code, env=env)
    second = manage("shell", "--no-imports", "-c", code, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50


def test_embedded_defaults_are_sqlite_inline_tasks_and_database_search():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])"
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "wagtail.search.backends.database",
    ], result.stderr


def test_environment_moves_the_same_code_onto_postgresql_and_redis():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": "postgres://venster@db.internal:5432/venster",
            "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
        },
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "venster",
        "redis://cache.internal:6379/0",
        "False",
    ], result.stderr


def test_every_beat_entry_names_a_registered_task():
    from config.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_models_and_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
