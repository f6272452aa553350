"""Small numbers on every search surface: results, API, CSV and their totals."""

from datetime import date

import pytest

from search.models import Patroon, Zoekdocument
from search.privacy import count_public, count_text
from search.services import search_reconcile
from tests.factories import StoryFactory
from verhalen.models import VerhaalPage
from verhalen.services import story_generalisations_refresh
from verhalen.small_numbers import K

pytestmark = pytest.mark.django_db


def common_and_rare(tree, *, rare_period: str = "2025-07-01"):
    """Five common stories in Utrecht in March 2025, and three rare ones in Zeist."""
    common = [
        StoryFactory(
            parent=tree.verhalen,
            title=f"Gewoon {n}",
            municipality="Utrecht",
            period="2025-03-01",
        )
        for n in range(K)
    ]
    rare = [
        StoryFactory(
            parent=tree.verhalen,
            title=f"Zeldzaam {n}",
            municipality="Zeist",
            period=rare_period,
            perspective="medewerker",
            tags=["zeldzaam"],
        )
        for n in range(3)
    ]
    return common, rare


@pytest.fixture
def stories(tree):
    """The common and the rare stories, indexed and generalised."""
    common, rare = common_and_rare(tree)
    search_reconcile()
    story_generalisations_refresh()
    return {"common": common, "rare": rare}


def test_search_results_show_stories_as_the_story_page_does(client, stories):
    html = client.get("/zoeken/", {"kind": "verhaal"}).content.decode()
    assert '<time datetime="2025-03">maart 2025</time> · Utrecht' in html
    assert "Zeist" not in html
    assert "juli 2025" not in html


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, 0), (1, None), (2, None), (3, None), (4, None), (5, 5), (6, 6), (1000, 1000)],
)
def test_count_public_hides_one_to_four(n, shown):
    assert count_public(n) == shown


def test_count_text_says_fewer_than_five_in_dutch():
    assert count_text(3) == "minder dan 5"
    assert count_text(0) == "0"
    assert count_text(12) == "12"


def test_small_totals_read_fewer_than_five_on_every_surface(client, stories):
    query = {"tag": "zeldzaam"}

    html = client.get("/zoeken/", query).content.decode()
    assert "minder dan 5 resultaten" in html
    assert "3 resultaten" not in html

    assert client.get("/api/v1/search/", query).json()["count"] is None
    listed = client.get("/api/v1/stories/", query).json()
    assert listed["count"] is None
    assert len(listed["results"]) == 3

    response = client.get("/zoeken/export.csv", query)
    b"".join(response.streaming_content)
    assert response["X-Venster-Total"] == "minder dan 5"


def test_larger_totals_stay_exact(client, stories):
    assert client.get("/api/v1/search/").json()["count"] == 8
    assert client.get("/api/v1/stories/").json()["count"] == 8


def test_api_and_export_show_what_the_story_page_shows(client, stories):
    rare = stories["rare"][0]
    data = client.get(f"/api/v1/stories/{rare.pk}/").json()
    assert (data["municipality"], data["period"]) == (rare.shown.place, "")
    assert data["period_level"] == "none"
    common = stories["common"][0]
    data = client.get(f"/api/v1/stories/{common.pk}/").json()
    assert (data["municipality"], data["period"]) == ("Utrecht", "2025-03")


def test_api_year_filter_does_not_tell_a_suppressed_storys_year(client, stories):
    data = client.get("/api/v1/stories/", {"period": "2025"}).json()
    assert {item["title"] for item in data["results"]} == {
        page.title for page in stories["common"]
    }


@pytest.fixture
def indexed(tree, django_capture_on_commit_callbacks):
    """The common stories and newer rare ones, indexed as the ladder commits."""
    common, rare = common_and_rare(tree, rare_period="2026-01-01")
    with django_capture_on_commit_callbacks(execute=True):
        search_reconcile()
        story_generalisations_refresh()
    return common, rare


def test_the_index_holds_place_and_period_only_as_the_story_page_shows_them(indexed):
    common, rare = indexed
    documents = {row.page_id: row for row in Zoekdocument.objects.all()}
    assert documents[common[0].pk].municipality == "Utrecht"
    assert documents[common[0].pk].period == date(2025, 3, 1)
    assert {(documents[s.pk].municipality, documents[s.pk].period) for s in rare} == {
        ("", None)
    }


def test_search_by_year_facet_or_order_tells_no_suppressed_storys_period(
    client, indexed
):
    assert "Zeldzaam" not in client.get("/zoeken/", {"period": "2026"}).content.decode()
    years = [
        value["label"]
        for facet in client.get("/zoeken/").context["facets"]
        if facet["name"] == "period"
        for value in facet["values"]
    ]
    assert years == ["2025"]
    newest = [hit.title for hit in client.get("/zoeken/").context["results"].hits]
    # Newer than the rest, but shown without a period: last, not first.
    assert newest[-3:] == ["Zeldzaam 2", "Zeldzaam 1", "Zeldzaam 0"]


def test_a_story_shown_differently_moves_in_the_index_as_the_ladder_commits(
    indexed, django_capture_on_commit_callbacks
):
    common, _ = indexed
    VerhaalPage.objects.filter(pk=common[0].pk).update(live=False)
    with django_capture_on_commit_callbacks(execute=True):
        story_generalisations_refresh()
    # Four left in Utrecht in March: too few, so none of them shows a period.
    periods = Zoekdocument.objects.filter(page_id__in=[s.pk for s in common[1:]])
    assert set(periods.values_list("municipality", "period")) == {("", None)}


def test_a_pattern_tells_no_more_of_its_stories_than_their_pages(client, tree):
    """Five stories in Utrecht in March 2025, three rare ones shown with nothing."""
    common, rare = common_and_rare(tree, rare_period="2026-07-01")
    stories = common + rare
    story_generalisations_refresh()
    pattern = Patroon.objects.create(
        tags=["loket", "wachtlijst"],
        address="loket+wachtlijst",
        stories=len(stories),
        lift=3.0,
        expected=2.0,
        score=1.0,
        municipalities=["Utrecht", "Zeist"],
        first_seen=date(2025, 3, 1),
        last_seen=date(2026, 7, 1),
        recent=3,
        previous=0,
        growing=True,
        story_ids=[story.pk for story in stories],
    )

    page = client.get(pattern.get_absolute_url())
    html = page.content.decode()
    assert "2026" not in html and "juli" not in html
    assert [
        (bar.quarter.label, bar.quarter.stories) for bar in page.context["chart"].bars
    ] == [("2025 K1", K)]
    assert "3 verhalen worden hier niet geteld" in html
    data = client.get(f"/api/v1/patterns/{pattern.pk}/").json()
    assert (data["first_seen"], data["last_seen"]) == ("2025-03", "2025-03")
    assert data["provinces"] == ["Utrecht"]


def test_reconciliation_repairs_a_document_the_ladder_left_behind(indexed):
    """A lost signal's work: the next reconciliation brings the shown values back."""
    common, rare = indexed
    Zoekdocument.objects.filter(page_id=rare[0].pk).update(
        municipality="Zeist", period=date(2026, 1, 1)
    )
    assert search_reconcile()["database_refreshed"] == 1
    document = Zoekdocument.objects.get(page_id=rare[0].pk)
    assert (document.municipality, document.period) == ("", None)
