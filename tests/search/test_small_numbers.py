"""Small numbers on every search surface: results, API, CSV and their totals."""

import pytest

from search.privacy import count_public, count_text
from search.services import search_reconcile
from tests.factories import StoryFactory
from verhalen.services import story_generalisations_refresh
from verhalen.small_numbers import K

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(tree):
    """Five common stories in Utrecht in March, and three rare ones in Zeist."""
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
            period="2025-07-01",
            perspective="medewerker",
            tags=["zeldzaam"],
        )
        for n in range(3)
    ]
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
