"""Fixtures shared by the whole suite: the page tree and content factories."""

import pytest

from tests.factories import ExperimentFactory, ReflectieFactory, StoryFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, so rate limits do not leak between."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
