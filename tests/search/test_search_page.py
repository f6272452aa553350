"""/zoeken/: full text with facets, in a URL that can be shared."""

import datetime
import socket

import pytest

from search.services import search_reconcile
from tests.factories import ExperimentFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(tree):
    for n in range(6):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Wachten op een indicatie {n}",
            body="<p>Ik stond maanden op de wachtlijst voor huishoudelijke hulp.</p>",
            tags=["wachtlijst"],
            perspective="inwoner",
            domain="wmo",
            period=datetime.date(2025, 1 + n, 1),
        )
    StoryFactory(
        parent=tree.verhalen,
        title="Een onleesbare brief",
        body="<p>De brief vol <em>jargon</em> &lt;script&gt; kwam te laat.</p>",
        tags=["brieven"],
        perspective="medewerker",
        domain="schulden",
        period=datetime.date(2024, 4, 1),
    )
    ExperimentFactory(
        parent=tree.experimenten,
        title="Bellen in plaats van schrijven",
        tags=["brieven"],
        status="open",
    )
    search_reconcile()
    return tree


def test_search_page_without_a_query_lists_everything_with_facets(client, content):
    html = client.get("/zoeken/").content.decode()
    assert "8 resultaten" in html
    assert "Wachten op een indicatie 5" in html
    assert "Bellen in plaats van schrijven" in html
    assert 'href="?tag=wachtlijst"' in html
    assert "Verhaal <span" in html and "(7)" in html


def test_words_are_found_and_marked(client, content):
    html = client.get("/zoeken/", {"q": "jargon"}).content.decode()
    assert "minder dan 5 resultaten" in html
    assert "<mark>jargon</mark>" in html
    assert "<script>" not in html, "page text is escaped around the marks"


def test_facet_filters_are_in_the_address(client, content):
    response = client.get("/zoeken/?tag=brieven&kind=verhaal")
    html = response.content.decode()
    assert "Een onleesbare brief" in html
    assert "Bellen in plaats van schrijven" not in html
    assert "Filter verwijderen:" in html, "active filters can be removed"


def test_small_counts_of_people_are_not_shown(client, content):
    html = client.get("/zoeken/").content.decode()
    assert "Medewerker <span" in html
    assert "(minder dan 5)" in html
    assert 'Inwoner <span class="facet__count">(6)' in html


def test_results_are_paginated_with_links_that_keep_the_query(client, content):
    html = client.get("/zoeken/", {"q": "wachtlijst", "sort": "oldest"}).content
    assert b"Pagina 1 van 1" not in html
    page = client.get("/zoeken/?q=wachtlijst&sort=title&page=1").content.decode()
    assert "6 resultaten" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "vorig jaar"}, "Geef het jaar in vier cijfers"),
        ({"q": "x" * 201}, "hoogstens 200 tekens in je zoekopdracht"),
        ({"page": "0"}, "Pagina"),
        ({"kind": "brief"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_parameters_get_a_clear_dutch_message(client, content, params, message):
    response = client.get("/zoeken/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_odd_queries_answer_calmly(client, content):
    for q in ['"', "((", "<script>alert(1)</script>", "🙂", "AND OR"]:
        response = client.get("/zoeken/", {"q": q})
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.content.decode()


def test_search_engine_down_the_page_says_so_and_answers_from_the_database(
    client, content, settings
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    html = client.get("/zoeken/", {"q": "jargon"}).content.decode()
    assert "zoekmachine is niet bereikbaar" in html
    assert "Een onleesbare brief" in html


def test_tag_network_shows_a_picture_and_a_table(client, content):
    """The heat map of topics, and the same pairs as a plain table beside it."""
    html = client.get("/patronen/samenhang/").content.decode()
    assert '<table class="heat">' in html, "the heat map"
    assert "Dezelfde paren als lijst" in html and '<table class="chart-table">' in html
    assert "wachtlijst" in html
