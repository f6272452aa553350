"""The page tree keeps every kind of content in its own place."""

import pytest
from wagtail.models import Page

from leren.models import (
    ExperimentenIndexPage,
    ExperimentPage,
    ReflectiePage,
    ReflectiesIndexPage,
)
from verhalen.models import (
    HomePage,
    MaandoverzichtenIndexPage,
    MaandoverzichtPage,
    VerhaalPage,
    VerhalenIndexPage,
)

pytestmark = pytest.mark.django_db

ALLOWED_PARENTS = {
    HomePage: {Page},
    VerhalenIndexPage: {HomePage},
    ReflectiesIndexPage: {HomePage},
    ExperimentenIndexPage: {HomePage},
    VerhaalPage: {VerhalenIndexPage},
    ReflectiePage: {ReflectiesIndexPage},
    ExperimentPage: {ExperimentenIndexPage},
    MaandoverzichtenIndexPage: {HomePage},
    MaandoverzichtPage: {MaandoverzichtenIndexPage},
}


@pytest.mark.parametrize("model", ALLOWED_PARENTS, ids=lambda m: m.__name__)
def test_each_page_type_has_exactly_its_allowed_parents(model):
    """Stories only under the story index, indexes only under home, and so on."""
    assert set(model.allowed_parent_page_models()) == ALLOWED_PARENTS[model]


def test_content_can_only_be_created_under_its_own_index(tree):
    """Creating a page checks the live tree, not just the declared types."""
    assert VerhaalPage.can_create_at(tree.verhalen)
    assert not VerhaalPage.can_create_at(tree.reflecties)
    assert not VerhaalPage.can_create_at(tree.home)
    assert ReflectiePage.can_create_at(tree.reflecties)
    assert not ReflectiePage.can_create_at(tree.experimenten)
    assert ExperimentPage.can_create_at(tree.experimenten)
    assert not ExperimentPage.can_create_at(tree.verhalen)


def test_home_and_index_pages_exist_only_once(tree):
    """A second home or story index cannot be added once the first exists."""
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)
    for index in (VerhalenIndexPage, ReflectiesIndexPage, ExperimentenIndexPage):
        assert not index.can_create_at(tree.home)


def test_stories_cannot_have_children(story):
    assert not VerhaalPage.can_create_at(story)
    assert VerhaalPage.allowed_subpage_models() == []


def test_moving_a_story_under_the_reflection_index_is_refused(story, tree):
    """Wagtail's move permission follows the same page-tree rules."""
    assert not story.can_move_to(tree.reflecties)
    assert story.can_move_to(tree.verhalen)


def test_site_tree_ensure_is_idempotent_and_replaces_the_welcome_page(db):
    """Running the set-up twice leaves one home page as the site's root."""
    from wagtail.models import Site

    from verhalen.services import site_tree_ensure

    first = site_tree_ensure()
    second = site_tree_ensure()
    assert first.home.pk == second.home.pk
    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page_id == first.home.pk
    assert not Page.objects.filter(title__startswith="Welcome").exists()
