"""The recurring-tags summary counts published content and follows publishing."""

import pytest

from leren.models import TagSummary
from leren.services import tag_summary_refresh
from tests.factories import ExperimentFactory, StoryFactory

pytestmark = pytest.mark.django_db


def counts() -> dict[str, tuple[int, int]]:
    return {s.tag.name: (s.stories, s.total) for s in TagSummary.objects.all()}


def test_summary_counts_stories_and_all_content_per_tag(tree):
    StoryFactory(parent=tree.verhalen, tags=["wachtlijst", "wmo"])
    StoryFactory(parent=tree.verhalen, tags=["wachtlijst"])
    ExperimentFactory(parent=tree.experimenten, tags=["wachtlijst"])
    tag_summary_refresh()
    assert counts() == {"wachtlijst": (2, 3), "wmo": (1, 1)}


def test_summary_ignores_unpublished_content(tree):
    StoryFactory(parent=tree.verhalen, tags=["concept"], live=False)
    tag_summary_refresh()
    assert counts() == {}


def test_refreshing_twice_gives_the_same_summary(tree):
    StoryFactory(parent=tree.verhalen, tags=["a", "b"])
    tag_summary_refresh()
    first = counts()
    tag_summary_refresh()
    assert counts() == first
    assert TagSummary.objects.count() == 2


def test_publishing_and_unpublishing_refresh_the_summary(
    tree, django_capture_on_commit_callbacks
):
    """page_published queues the task on commit; tasks run inline in tests."""
    story = StoryFactory(parent=tree.verhalen, tags=["vertrouwen"], live=False)
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert counts() == {"vertrouwen": (1, 1)}

    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert counts() == {}
