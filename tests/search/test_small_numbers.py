"""Small numbers: a story's place and period are shown only as precisely as K share."""

import time
from datetime import date

import pytest

from search import privacy
from search.privacy import (
    Generalised,
    K,
    Level,
    count_public,
    period_quarter,
    stories_generalised,
)
from search.services import search_reconcile
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def stories(tree, n, *, municipality="Utrecht", period="2025-03-01", **fields):
    """``n`` published, indexed stories sharing one combination of identifiers."""
    fields = {"perspective": "inwoner", "domain": "wmo", **fields}
    pages = [
        StoryFactory(
            parent=tree.verhalen, municipality=municipality, period=period, **fields
        )
        for _ in range(n)
    ]
    # Indexing is queued on commit, which a test's transaction never reaches.
    search_reconcile()
    return pages


def test_common_combination_keeps_municipality_and_month(tree):
    common = stories(tree, K)
    shown = stories_generalised()
    assert {shown[page.pk] for page in common} == {
        Generalised(municipality="Utrecht", period="2025-03", level=Level.MONTH)
    }


def test_rare_combination_is_generalised_to_its_quarter(tree):
    common = stories(tree, K, period="2025-05-01")
    rare = stories(tree, 2, period="2025-01-01") + stories(tree, 3, period="2025-02-01")
    shown = stories_generalised()
    assert shown[common[0].pk].period == "2025-05"
    assert {shown[page.pk] for page in rare} == {
        Generalised(municipality="Utrecht", period="2025-K1", level=Level.QUARTER)
    }


def test_combination_rare_within_its_quarter_climbs_to_the_year(tree):
    spread = stories(tree, 2, period="2025-01-01") + stories(
        tree, 3, period="2025-11-01"
    )
    shown = stories_generalised()
    assert {shown[page.pk] for page in spread} == {
        Generalised(municipality="Utrecht", period="2025", level=Level.YEAR)
    }


def test_rare_municipalities_are_generalised_to_their_province(tree):
    spread = stories(tree, 2, municipality="Zeist", period="2025-01-01") + stories(
        tree, 3, municipality="Houten", period="2025-07-01"
    )
    shown = stories_generalised()
    assert {shown[page.pk] for page in spread} == {
        Generalised(municipality="Utrecht", period="2025", level=Level.PROVINCE)
    }


def test_rare_provinces_lose_their_place_but_keep_the_year(tree):
    spread = stories(tree, 2, municipality="Urk") + stories(
        tree, 3, municipality="Ede", period="2025-09-01"
    )
    shown = stories_generalised()
    assert {shown[page.pk] for page in spread} == {
        Generalised(municipality="", period="2025", level=Level.NO_PLACE)
    }


def test_fewer_than_five_even_at_the_top_of_the_ladder_is_suppressed(tree):
    few = stories(tree, K - 1)
    other = stories(tree, K, perspective="medewerker")
    shown = stories_generalised()
    for page in few:
        assert shown[page.pk] == privacy.SUPPRESSED
        assert shown[page.pk].suppressed
        assert shown[page.pk].municipality == shown[page.pk].period == ""
    assert shown[other[0].pk].level == Level.MONTH


def test_stories_shown_finer_do_not_count_towards_a_coarser_label(tree):
    """A lone February story must not be the only "2025-K1" beside five March ones."""
    march = stories(tree, K)
    (february,) = stories(tree, 1, period="2025-02-01")
    shown = stories_generalised()
    assert shown[march[0].pk].level == Level.MONTH
    assert shown[february.pk] == privacy.SUPPRESSED


def test_generalisation_is_computed_over_all_stories_not_those_asked_for(tree):
    rare = stories(tree, 2, period="2025-01-01") + stories(tree, 3, period="2025-02-01")
    everything = stories_generalised()
    asked = stories_generalised(ids=[rare[0].pk])
    assert asked == {rare[0].pk: everything[rare[0].pk]}
    assert asked[rare[0].pk].period == "2025-K1"


def test_unpublished_stories_do_not_count(tree):
    published = stories(tree, K - 1)
    stories(tree, 1)[0].unpublish()
    search_reconcile()
    shown = stories_generalised()
    assert shown[published[0].pk] == privacy.SUPPRESSED
    assert len(shown) == K - 1


def test_quarter_labels_follow_dutch_statistics():
    assert period_quarter(date(2025, 1, 1)) == "2025-K1"
    assert period_quarter(date(2025, 6, 1)) == "2025-K2"
    assert period_quarter(date(2025, 12, 1)) == "2025-K4"


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, 0), (1, None), (2, None), (3, None), (4, None), (5, 5), (6, 6), (1000, 1000)],
)
def test_count_public_hides_one_to_four(n, shown):
    assert count_public(n) == shown


def test_ladder_handles_a_hundred_thousand_stories_quickly(monkeypatch):
    """One query's rows and a few Counters: well under a few seconds at scale."""
    places = ["Utrecht", "Zeist", "Urk", "Ede", "Amsterdam", ""]
    rows = [
        (
            pk,
            places[pk % len(places)],
            ["inwoner", "medewerker"][pk % 2],
            ["wmo", "jeugd", "wonen"][pk % 3],
            date(2020 + pk % 5, pk % 12 + 1, 1),
        )
        for pk in range(100_000)
    ]

    class Rows:
        def filter(self, **kwargs):
            return self

        def values_list(self, *names):
            return rows

    monkeypatch.setattr(privacy.Zoekdocument, "objects", Rows())
    started = time.perf_counter()
    shown = stories_generalised()
    assert len(shown) == 100_000
    assert time.perf_counter() - started < 5
