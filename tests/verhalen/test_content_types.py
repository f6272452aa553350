"""A kind of content is declared once, by its model; every list is read from there."""

import pytest

from leren.models import ExperimentPage, ExperimentTag, ReflectiePage, ReflectieTag
from search.documents import page_document, page_indexable
from search.forms import KIND_CHOICES
from tests.factories import ExperimentFactory, ReflectieFactory, StoryFactory
from verhalen.choices import Kind
from verhalen.models import VerhaalPage, VerhaalTag, content_models, tag_through_models


def test_every_kind_of_content_is_found_from_its_declaration():
    assert content_models() == [VerhaalPage, ExperimentPage, ReflectiePage]
    assert {model.kind for model in content_models()} == set(Kind)


def test_each_kind_names_its_tag_table_once():
    assert tag_through_models() == {
        "stories": VerhaalTag,
        "experiments": ExperimentTag,
        "reflections": ReflectieTag,
    }


def test_the_search_offers_every_declared_kind_as_a_filter():
    assert [value for value, _ in KIND_CHOICES] == Kind.values


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory, parent, kind",
    [
        (StoryFactory, "verhalen", "verhaal"),
        (ReflectieFactory, "reflecties", "reflectie"),
        (ExperimentFactory, "experimenten", "experiment"),
    ],
)
def test_a_published_page_of_each_kind_is_indexed_under_its_declared_kind(
    tree, factory, parent, kind
):
    page = factory(parent=getattr(tree, parent), title="Gezien")
    assert page_indexable(page)
    document = page_document(page)
    assert document["kind"] == kind
    assert type(document["kind"]) is str


@pytest.mark.django_db
def test_a_page_of_no_content_kind_is_never_indexed(tree):
    assert not page_indexable(tree.verhalen)
