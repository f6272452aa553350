"""Imported content is searchable at once, without waiting for reconciliation."""

import json
import threading

import pytest
from wagtail.models import Page, PageLogEntry

from search.backends import SearchQuery, backend_load
from search.importing import jsonl_import
from search.services import search_reconcile
from tests.factories import StoryFactory
from verhalen.models import VerhaalPage, search_index_deferred

pytestmark = pytest.mark.django_db


def test_imported_pages_are_in_the_search_index_straight_away(tree):
    line = {
        "type": "verhaal",
        "title": "Geen vaste contactpersoon",
        "body": "Elke keer een ander gezicht aan de keukentafel.",
        "tags": ["vaste contactpersoon"],
        "perspective": "inwoner",
        "domain": "wmo",
        "date": "2025-05-02",
    }
    jsonl_import(lines=[json.dumps(line)])
    results = backend_load("database").search(SearchQuery(text="keukentafel"))
    assert [hit.title for hit in results.hits] == ["Geen vaste contactpersoon"]
    assert results.hits[0].tags == ["vaste contactpersoon"]
    assert search_reconcile() == {"database_refreshed": 0, "database_removed": 0}


def _story_line(title: str, *, tags: list[str]) -> str:
    return json.dumps(
        {
            "type": "verhaal",
            "title": title,
            "body": "Elke keer een ander gezicht aan de keukentafel.",
            "tags": tags,
            "perspective": "inwoner",
            "domain": "wmo",
            "date": "2025-05-02",
        }
    )


def test_wagtails_own_search_finds_imported_pages_by_their_tags(tree):
    jsonl_import(lines=[_story_line("Geen vaste contactpersoon", tags=["mantelzorg"])])
    found = VerhaalPage.objects.live().search("mantelzorg")
    assert [page.title for page in found] == ["Geen vaste contactpersoon"]


def test_imported_pages_are_placed_in_a_sound_tree_after_those_already_there(tree):
    jsonl_import(lines=[_story_line(f"Eerste reeks {n}", tags=[]) for n in range(3)])
    jsonl_import(lines=[_story_line(f"Tweede reeks {n}", tags=[]) for n in range(2)])
    assert Page.find_problems() == ([], [], [], [], [])
    tree.verhalen.refresh_from_db()
    assert tree.verhalen.numchild == 5
    stories = tree.verhalen.get_children()
    assert [p.title for p in stories][-2:] == ["Tweede reeks 0", "Tweede reeks 1"]


def test_each_imported_page_is_logged_as_created_once(tree):
    jsonl_import(lines=[_story_line(f"Verhaal {n}", tags=[]) for n in range(3)])
    tree.verhalen.refresh_from_db()
    created = PageLogEntry.objects.filter(
        action="wagtail.create", page__in=tree.verhalen.get_children()
    )
    assert sorted(created.values_list("label", flat=True)) == [
        "Verhaal 0",
        "Verhaal 1",
        "Verhaal 2",
    ]


def test_deferred_indexing_holds_only_in_its_own_thread(tree):
    """An editor saving a page while an import runs is indexed as always."""
    story = StoryFactory(parent=tree.verhalen)
    seen_elsewhere = []
    with search_index_deferred():
        assert story.get_indexed_instance() is None
        other = threading.Thread(
            target=lambda: seen_elsewhere.append(story.get_indexed_instance())
        )
        other.start()
        other.join()
    assert seen_elsewhere == [story]
    assert story.get_indexed_instance() == story


def test_a_page_saved_after_an_import_is_indexed_by_wagtail_again(tree):
    jsonl_import(lines=[_story_line("Eerst geïmporteerd", tags=[])])
    story = StoryFactory(parent=tree.verhalen, title="Daarna door een redacteur")
    found = VerhaalPage.objects.search("redacteur")
    assert [page.pk for page in found] == [story.pk]
