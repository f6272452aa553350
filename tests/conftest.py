"""Fixtures shared by the whole suite: the page tree and content factories."""

import uuid

import pytest

from config.celery import app
from tests.factories import ExperimentFactory, ReflectieFactory, StoryFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, so rate limits do not leak between."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, in memory, empty (the suite's default keeps none)."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-pages",
        },
    }
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def tree(db):
    """Venster's home page with its three index pages."""
    from verhalen.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def story(tree):
    return StoryFactory(parent=tree.verhalen)


@pytest.fixture
def experiment(tree):
    return ExperimentFactory(parent=tree.experimenten)


@pytest.fixture
def reflection(tree):
    return ReflectieFactory(parent=tree.reflecties)


def forget_connections() -> None:
    """Make the app connect afresh to whatever broker its configuration names."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(request, monkeypatch):
    """Send tasks to ``url`` on a private queue instead of running them inline."""

    def use(url: str) -> str:
        # Celery reads CELERY_BROKER_URL from the environment before its own conf.
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        queue = f"venster-test-{uuid.uuid4().hex[:8]}"
        saved = {
            k: app.conf[k]
            for k in ("broker_url", "task_always_eager", "task_default_queue")
        }
        app.conf.update(
            broker_url=url, task_always_eager=False, task_default_queue=queue
        )
        forget_connections()

        def restore():
            app.conf.update(saved)
            forget_connections()

        request.addfinalizer(restore)
        return queue

    return use
