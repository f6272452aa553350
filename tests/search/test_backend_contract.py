"""One contract for every search backend: what a search must give, whoever answers.

The database backend always runs (PostgreSQL full-text search when the suite runs on
PostgreSQL, plain matching on SQLite); Elasticsearch runs when ELASTICSEARCH_URL
points at a cluster.
"""

import datetime
import os

import pytest

from leren.models import ExperimentStatus
from search.backends import MARK_END, MARK_START, SearchQuery, backend_load
from search.documents import page_document
from tests.factories import ExperimentFactory, ReflectieFactory, StoryFactory
from verhalen.models import StoryGeneralisation
from verhalen.small_numbers import PeriodLevel, PlaceLevel, period_month

BACKENDS = [
    "database",
    pytest.param(
        "elasticsearch",
        marks=pytest.mark.skipif(
            not os.environ.get("ELASTICSEARCH_URL"),
            reason="needs an Elasticsearch 8 cluster: set ELASTICSEARCH_URL",
        ),
    ),
]
ODD_QUERIES = [
    '"',
    "((",
    "AND OR NOT",
    "-",
    "*",
    "'; DROP TABLE venster_search_zoekdocument; --",
    "<script>alert(1)</script>",
    "🙂 wachtlijst",
    "a" * 500,
    "\x00\x02\x03",
    "wacht:lijst OR",
]


@pytest.fixture(params=BACKENDS)
def backend(request, tree, settings):
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_INDEX_PREFIX = "venster-contract-test"
    pages = [
        StoryFactory(
            parent=tree.verhalen,
            title="De wachtlijst voor begeleiding",
            body="<p>Maandenlang stond ik op de wachtlijst. Niemand belde terug.</p>",
            tags=["wachtlijst", "bereikbaarheid"],
            perspective="inwoner",
            domain="wmo",
            period=datetime.date(2024, 5, 1),
        ),
        StoryFactory(
            parent=tree.verhalen,
            title="Een brief vol jargon",
            body="<p>De beschikking was onleesbaar en de termijn was voorbij.</p>",
            tags=["brieven", "bereikbaarheid"],
            perspective="medewerker",
            domain="schulden",
            period=datetime.date(2025, 2, 1),
        ),
        ReflectieFactory(
            parent=tree.reflecties,
            title="Wat ik leerde over wachten",
            body="<p>Wachtlijsten raken mensen die al kwetsbaar zijn.</p>",
            tags=["wachtlijst"],
            perspective="medewerker",
            domain="wmo",
            period=datetime.date(2025, 6, 1),
        ),
        ExperimentFactory(
            parent=tree.experimenten,
            title="Overbrugging tijdens het wachten",
            approach="<p>Een vaste contactpersoon belt iedereen op de wachtlijst.</p>",
            tags=["wachtlijst", "bereikbaarheid"],
            status=ExperimentStatus.OPEN,
            domain="wmo",
            period=datetime.date(2025, 9, 1),
        ),
    ]
    for story in pages[:2]:
        # As if four more stories shared each one's municipality and month.
        StoryGeneralisation.objects.create(
            page=story,
            place=story.municipality,
            place_level=PlaceLevel.MUNICIPALITY,
            period=period_month(story.period),
            period_level=PeriodLevel.MONTH,
        )
    chosen = backend_load(request.param)
    chosen.reset()
    chosen.index([page_document(page) for page in pages])
    if hasattr(chosen, "refresh"):
        chosen.refresh()
    yield chosen
    if request.param == "elasticsearch":
        chosen.reset()


def titles(results) -> set[str]:
    return {hit.title for hit in results.hits}


class TestBackendContract:
    def test_empty_query_lists_everything_newest_first(self, backend):
        results = backend.search(SearchQuery())
        assert results.total == 4
        assert [hit.period for hit in results.hits] == sorted(
            (hit.period for hit in results.hits), reverse=True
        )

    def test_words_find_title_and_text(self, backend):
        assert titles(backend.search(SearchQuery(text="jargon"))) == {
            "Een brief vol jargon"
        }
        assert "Een brief vol jargon" in titles(
            backend.search(SearchQuery(text="beschikking"))
        )

    def test_words_find_tags_too(self, backend):
        assert titles(backend.search(SearchQuery(text="bereikbaarheid"))) == {
            "De wachtlijst voor begeleiding",
            "Een brief vol jargon",
            "Overbrugging tijdens het wachten",
        }

    def test_every_word_must_match(self, backend):
        assert titles(backend.search(SearchQuery(text="wachtlijst jargon"))) == set()

    def test_facet_filters_narrow_the_results(self, backend):
        assert titles(backend.search(SearchQuery(kind="experiment"))) == {
            "Overbrugging tijdens het wachten"
        }
        assert titles(backend.search(SearchQuery(perspective="medewerker"))) == {
            "Een brief vol jargon",
            "Wat ik leerde over wachten",
        }
        assert titles(backend.search(SearchQuery(domain="schulden"))) == {
            "Een brief vol jargon"
        }
        assert titles(backend.search(SearchQuery(period="2024"))) == {
            "De wachtlijst voor begeleiding"
        }
        assert titles(backend.search(SearchQuery(status="open"))) == {
            "Overbrugging tijdens het wachten"
        }

    def test_all_chosen_tags_must_be_present(self, backend):
        results = backend.search(SearchQuery(tags=("wachtlijst", "bereikbaarheid")))
        assert titles(results) == {
            "De wachtlijst voor begeleiding",
            "Overbrugging tijdens het wachten",
        }

    def test_facets_count_the_current_results(self, backend):
        facets = backend.search(SearchQuery()).facets
        assert dict(facets["kind"]) == {"verhaal": 2, "reflectie": 1, "experiment": 1}
        assert dict(facets["tags"]) == {
            "wachtlijst": 3,
            "bereikbaarheid": 3,
            "brieven": 1,
        }
        assert dict(facets["period"]) == {"2025": 3, "2024": 1}
        assert facets["period"][0] == ("2025", 3), "years run newest first"
        narrowed = backend.search(SearchQuery(domain="schulden")).facets
        assert dict(narrowed["tags"]) == {"brieven": 1, "bereikbaarheid": 1}

    def test_orderings(self, backend):
        oldest = backend.search(SearchQuery(sort="oldest")).hits
        assert oldest[0].title == "De wachtlijst voor begeleiding"
        by_title = [hit.title for hit in backend.search(SearchQuery(sort="title")).hits]
        assert by_title == sorted(by_title)

    def test_pages_split_the_results_without_changing_the_total(self, backend):
        first = backend.search(SearchQuery(per_page=3))
        second = backend.search(SearchQuery(per_page=3, page=2))
        assert first.total == second.total == 4
        assert len(first.hits) == 3 and len(second.hits) == 1
        assert not titles(first) & titles(second)
        assert backend.search(SearchQuery(page=99)).hits == []

    def test_matched_words_are_marked_in_the_excerpt(self, backend):
        hit = backend.search(SearchQuery(text="jargon beschikking")).hits[0]
        assert f"{MARK_START}beschikking{MARK_END}".lower() in hit.highlight.lower()

    def test_excerpts_start_and_end_at_word_boundaries(self, backend, tree):
        words = [
            f"{word}{n}"
            for n in range(40)
            for word in ("ervaringsdeskundigheid", "keukentafelgesprek", "zorgplicht")
        ]
        text = " ".join(words[:60] + ["jeugdbeschermingstafel"] + words[60:])
        story = StoryFactory(
            parent=tree.verhalen, title="Lange woorden", body=f"<p>{text}</p>"
        )
        backend.index([page_document(story)])
        if hasattr(backend, "refresh"):
            backend.refresh()
        whole = set(text.split())
        for query in ("jeugdbeschermingstafel", "lange woorden"):
            (hit,) = backend.search(SearchQuery(text=query)).hits
            shown = hit.highlight.replace(MARK_START, "").replace(MARK_END, "")
            shown_words = [w for w in shown.split() if w != "…"]
            assert shown_words, query
            assert set(shown_words) <= whole, f"{query}: {shown!r}"

    def test_hits_carry_the_documents_fields(self, backend):
        hit = backend.search(SearchQuery(text="jargon")).hits[0]
        assert hit.kind == "verhaal"
        assert hit.url.endswith("/een-brief-vol-jargon/")
        assert sorted(hit.tags) == ["bereikbaarheid", "brieven"]
        assert hit.period == datetime.date(2025, 2, 1)
        assert (hit.perspective, hit.domain) == ("medewerker", "schulden")

    @pytest.mark.parametrize("text", ODD_QUERIES)
    def test_odd_queries_answer_without_error(self, backend, text):
        results = backend.search(SearchQuery(text=text))
        assert results.total == len(results.hits) <= 4

    def test_deleted_documents_leave_the_results_and_the_stamps(self, backend):
        hit = backend.search(SearchQuery(text="jargon")).hits[0]
        assert hit.id in backend.stamps()
        backend.delete([hit.id])
        if hasattr(backend, "refresh"):
            backend.refresh()
        assert backend.search(SearchQuery(text="jargon")).total == 0
        assert hit.id not in backend.stamps()

    def test_similar_lists_other_stories_sharing_a_tag_never_itself(self, backend):
        """Reflections and experiments share the tags too, but are no stories."""
        source = backend.search(SearchQuery(text="jargon")).hits[0]
        other = backend.search(SearchQuery(text="begeleiding")).hits[0]
        assert backend.similar(source.id, limit=5) == [other.id]
        assert backend.similar(source.id, limit=0) == []

    def test_similar_of_a_page_not_indexed_is_empty(self, backend):
        assert backend.similar(999_999, limit=5) == []
