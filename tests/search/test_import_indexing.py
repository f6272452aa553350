"""Imported content is searchable at once, without waiting for reconciliation."""

import json

import pytest

from search.backends import SearchQuery, backend_load
from search.importing import jsonl_import
from search.services import search_reconcile

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
