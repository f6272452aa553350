"""Tasks go through a real broker and worker when one is configured, and a dead
broker never costs a person what they just saved."""

import os
import subprocess
import sys
import tempfile
import time

import pytest
from django.conf import settings
from django.db import connection

from leren.models import TagSummary
from tests.factories import StoryFactory


def wait_for(condition, *, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def test_a_dead_broker_neither_hangs_nor_undoes_a_publication(
    tree, broker, django_capture_on_commit_callbacks, caplog
):
    """Publishing commits even when the broker refuses; beat sweeps the work up."""
    broker("redis://127.0.0.1:1/0")
    story = StoryFactory(parent=tree.verhalen, tags=["wachtlijst"], live=False)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    elapsed = time.monotonic() - started

    story.refresh_from_db()
    assert story.live
    assert elapsed < 5, f"publishing waited {elapsed:.1f} s on a dead broker"
    assert "beat will sweep it up" in caplog.text


needs_services = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis://")
    or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs Redis (CELERY_BROKER_URL=redis://…) and a database the worker "
    "process can share (DATABASE_URL=postgres://…); .ci/run sets both",
)


@pytest.fixture
def worker(broker):
    """A real Celery worker process on Redis, reading the test database."""
    queue = broker(settings.CELERY_BROKER_URL)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def output() -> str:
        log.seek(0)
        return log.read()

    try:
        assert wait_for(lambda: " ready." in output(), timeout=60), output()
        yield output
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


# Transactional, so the worker sees committed rows; serialized rollback restores the
# root page and locale that Wagtail's migrations create.
worker_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.services
@needs_services
@worker_db
def test_publishing_refreshes_tags_through_a_real_worker(tree, worker):
    story = StoryFactory(parent=tree.verhalen, tags=["bereikbaarheid"], live=False)
    story.save_revision().publish()

    assert wait_for(
        lambda: TagSummary.objects.filter(
            tag__name="bereikbaarheid", stories=1
        ).exists(),
        timeout=30,
    ), worker()


@pytest.mark.services
@needs_services
@worker_db
def test_the_task_is_safe_to_run_twice(tree, worker):
    from leren.tasks import refresh_tag_summary

    StoryFactory(parent=tree.verhalen, tags=["vertrouwen", "toeslagen"])
    refresh_tag_summary.delay()
    refresh_tag_summary.delay()

    assert wait_for(lambda: worker().count("succeeded") >= 2, timeout=30), worker()
    assert sorted(TagSummary.objects.values_list("tag__name", "stories")) == [
        ("toeslagen", 1),
        ("vertrouwen", 1),
    ]


@pytest.mark.services
@needs_services
@worker_db
def test_a_publication_is_indexed_and_matched_to_experiments_by_a_real_worker(
    tree, worker
):
    from leren.models import ExperimentMatch, ExperimentStatus
    from search.models import Zoekdocument
    from tests.factories import ExperimentFactory

    ExperimentFactory(
        parent=tree.experimenten,
        tags=["wachtlijst", "overbruggingszorg"],
        status=ExperimentStatus.LOPEND,
    )
    story = StoryFactory(
        parent=tree.verhalen, tags=["wachtlijst", "overbruggingszorg"], live=False
    )
    story.save_revision().publish()

    assert wait_for(
        lambda: (
            Zoekdocument.objects.filter(pk=story.pk, kind="verhaal").exists()
            and ExperimentMatch.objects.filter(
                story_id=story.pk, notified_at__isnull=False
            ).exists()
        ),
        timeout=30,
    ), worker()
