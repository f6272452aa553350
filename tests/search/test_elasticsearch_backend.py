"""The Elasticsearch backend: the requests it sends, how it reads answers, and failures.

No cluster runs here, so most tests point the backend at a real local HTTP server
that answers with canned Elasticsearch JSON and records each request. The tests at
the end run against a real Elasticsearch 8 cluster when ``ELASTICSEARCH_URL`` is set.
"""

import datetime
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from search.backends import (
    MARK_END,
    MARK_START,
    SearchQuery,
    SearchUnavailable,
    backend_load,
)
from search.backends.elasticsearch import (
    EXCERPT_CHARS,
    ElasticsearchBackend,
    client,
    index_name,
)
from search.documents import SearchDocument
from search.models import Zoekdocument
from search.selectors import search_results, stories_similar
from search.services import search_reconcile
from tests.factories import StoryFactory

ES_HEADERS = {"X-Elastic-Product": "Elasticsearch", "Content-Type": "application/json"}


@dataclass
class Recorded:
    """One request the fake cluster received."""

    method: str
    path: str
    params: dict[str, list[str]]
    body: Any


Answer = tuple[int, Any] | Callable[[Recorded], tuple[int, Any]]


def _bulk_answer(request: Recorded) -> tuple[int, Any]:
    """Every action of a bulk request succeeded."""
    items = []
    for line in request.body or []:
        op = next(iter(line))
        if op in ("index", "create", "delete", "update"):
            meta = line[op]
            status = 200 if op == "delete" else 201
            items.append(
                {op: {"_index": meta["_index"], "_id": meta["_id"], "status": status}}
            )
    return 200, {"took": 1, "errors": False, "items": items}


@dataclass
class FakeCluster:
    """A local HTTP server answering like Elasticsearch, recording every request."""

    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    routes: list[tuple[str, str, Answer]] = field(default_factory=list)

    def answer(self, method: str, path_end: str, answer: Answer) -> None:
        """Answer requests whose path ends with ``path_end``; later routes win."""
        self.routes.insert(0, (method, path_end, answer))

    def to(self, method: str, path_end: str) -> list[Recorded]:
        return [
            r for r in self.requests if r.method == method and r.path.endswith(path_end)
        ]

    def respond(self, request: Recorded) -> tuple[int, Any]:
        self.requests.append(request)
        for method, path_end, answer in self.routes:
            if method == request.method and request.path.endswith(path_end):
                return answer(request) if callable(answer) else answer
        if request.path.endswith("/_bulk"):
            return _bulk_answer(request)
        if request.method == "HEAD":
            return 200, None
        return 200, {"acknowledged": True}


def _parse_body(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw.decode()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        # Bulk requests are newline-delimited JSON.
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def _handler(cluster: FakeCluster) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            url = urlsplit(self.path)
            request = Recorded(
                method=self.command,
                path=url.path,
                params=parse_qs(url.query),
                body=_parse_body(self.rfile.read(length)),
            )
            status, body = cluster.respond(request)
            payload = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in ES_HEADERS.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def cluster(settings) -> Iterator[FakeCluster]:
    """A fake cluster on a free local port, with the backend pointed at it."""
    fake = FakeCluster()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.ELASTICSEARCH_URL = fake.url
    settings.ELASTICSEARCH_INDEX_PREFIX = "venster-test"
    yield fake
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def refused_url() -> str:
    """A local address with nothing listening."""
    return f"http://127.0.0.1:{_free_port()}"


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """A local server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def _document(pk: int, **fields: Any) -> SearchDocument:
    values: dict[str, Any] = {
        "id": pk,
        "kind": "verhaal",
        "title": f"Verhaal {pk}",
        "url": f"/verhalen/verhaal-{pk}/",
        "text": "De brief kwam te laat.",
        "tags": [],
        "perspective": "inwoner",
        "domain": "wmo",
        "municipality": "Utrecht",
        "period": datetime.date(2025, 3, 1),
        "status": "",
        "published_at": "2025-03-02T10:00:00+00:00",
    }
    values.update(fields)
    return SearchDocument(**values)


SEARCH_RESPONSE = {
    "took": 4,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 42, "relation": "eq"},
        "max_score": None,
        "hits": [
            {
                "_index": "venster-test-content",
                "_id": "12",
                "_score": 3.5,
                "_source": {
                    "page_id": 12,
                    "kind": "verhaal",
                    "title": "De brief die te laat kwam",
                    "url": "/verhalen/de-brief/",
                    "tags": ["wachttijd", "brief"],
                    "perspective": "inwoner",
                    "domain": "wmo",
                    "municipality": "Utrecht",
                    "period": "2025-03-01",
                    "status": "",
                    "published_at": "2025-03-02T10:00:00+00:00",
                },
                "highlight": {
                    "text": [
                        f"De {MARK_START}brief{MARK_END} kwam te laat",
                        f"een tweede {MARK_START}brieven{MARK_END} volgde",
                    ]
                },
            },
            {
                "_index": "venster-test-content",
                "_id": "31",
                "_score": 1.25,
                "_source": {
                    "page_id": 31,
                    "kind": "experiment",
                    "title": "Eén aanspreekpunt",
                    "url": "/experimenten/een-aanspreekpunt/",
                    "tags": ["wachttijd"],
                    "perspective": "",
                    "domain": "wmo",
                    "municipality": "",
                    "period": "2024-11-01",
                    "status": "lopend",
                    "published_at": "2024-11-05T09:00:00+00:00",
                },
                "highlight": {"text": ["Elke inwoner krijgt één contactpersoon."]},
            },
        ],
    },
    "aggregations": {
        "tags": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [
                {"key": "wachttijd", "doc_count": 40},
                {"key": "brief", "doc_count": 7},
            ],
        },
        "kind": {
            "buckets": [
                {"key": "verhaal", "doc_count": 30},
                {"key": "experiment", "doc_count": 12},
            ]
        },
        "perspective": {
            "buckets": [
                {"key": "inwoner", "doc_count": 30},
                {"key": "", "doc_count": 12},
            ]
        },
        "domain": {"buckets": [{"key": "wmo", "doc_count": 42}]},
        "status": {
            "buckets": [
                {"key": "", "doc_count": 30},
                {"key": "lopend", "doc_count": 12},
            ]
        },
        "period": {
            "buckets": [
                {"key_as_string": "2025", "key": 1735689600000, "doc_count": 29},
                {"key_as_string": "2024", "key": 1704067200000, "doc_count": 13},
            ]
        },
    },
}


def test_reset_creates_the_prefixed_index_with_dutch_analysis_and_mapping(cluster):
    """reset() drops the environment's index and creates it with its mapping."""
    ElasticsearchBackend().reset()

    assert [r.path for r in cluster.to("DELETE", "")] == ["/venster-test-content"]
    (create,) = cluster.to("PUT", "")
    assert create.path == "/venster-test-content"
    analysis = create.body["settings"]["analysis"]
    dutch = analysis["analyzer"]["venster_dutch"]
    assert dutch["tokenizer"] == "standard"
    assert dutch["filter"][:2] == ["lowercase", "asciifolding"]
    filters = [analysis["filter"][name] for name in dutch["filter"][2:]]
    assert {"type": "stop", "stopwords": "_dutch_"} in filters
    assert {"type": "stemmer", "language": "dutch"} in filters
    properties = create.body["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "venster_dutch"
    assert properties["title"]["fields"]["sort"]["type"] == "keyword"
    assert properties["text"] == {"type": "text", "analyzer": "venster_dutch"}
    assert properties["tags"]["type"] == "keyword"
    assert properties["tags"]["fields"]["text"] == {
        "type": "text",
        "analyzer": "venster_dutch",
    }
    assert properties["period"]["type"] == "date"
    for name in ("kind", "perspective", "domain", "municipality", "status"):
        assert properties[name]["type"] == "keyword"
    assert properties["published_at"]["type"] == "keyword"


def test_index_creates_a_missing_index_with_its_mapping_before_writing(cluster):
    """A first write never lets Elasticsearch guess the mapping of a missing index."""
    cluster.answer("HEAD", "/venster-test-content", (404, None))

    ElasticsearchBackend().index([_document(7, tags=["wachttijd", "brief"])])

    assert [(r.method, r.path) for r in cluster.requests] == [
        ("HEAD", "/venster-test-content"),
        ("PUT", "/venster-test-content"),
        ("PUT", "/_bulk"),
    ]
    assert "venster_dutch" in json.dumps(cluster.requests[1].body)


def test_index_sends_each_document_under_its_page_id(cluster):
    """index() bulk-indexes the documents, each under its page id."""
    backend = ElasticsearchBackend()
    backend.index([_document(7, tags=["wachttijd"]), _document(8)])

    (request,) = cluster.to("PUT", "/_bulk")
    actions, sources = request.body[0::2], request.body[1::2]
    assert actions == [
        {"index": {"_index": "venster-test-content", "_id": 7}},
        {"index": {"_index": "venster-test-content", "_id": 8}},
    ]
    assert sources[0]["page_id"] == 7
    assert sources[0]["period"] == "2025-03-01"
    assert sources[0]["tags"] == ["wachttijd"]
    assert sources[0]["published_at"] == "2025-03-02T10:00:00+00:00"
    assert "id" not in sources[0]


def test_search_sends_filters_tags_facets_highlight_sort_and_page(cluster):
    """A query with words, a tag, a facet filter, a sort and a page becomes one body."""
    cluster.answer("POST", "/_search", (200, SEARCH_RESPONSE))
    query = SearchQuery(
        text="brief te laat",
        tags=("wachttijd", "brief"),
        domain="wmo",
        period="2025",
        sort="title",
        page=2,
        per_page=10,
    )

    ElasticsearchBackend().search(query)

    (request,) = cluster.to("POST", "/_search")
    assert request.path == "/venster-test-content/_search"
    body = request.body
    bool_query = body["query"]["bool"]
    (words,) = bool_query["must"]
    assert words["simple_query_string"]["query"] == "brief te laat"
    assert words["simple_query_string"]["default_operator"] == "and"
    assert set(words["simple_query_string"]["fields"]) == {
        "title^3",
        "text",
        "tags.text",
    }
    assert {"term": {"domain": "wmo"}} in bool_query["filter"]
    assert {
        "range": {"period": {"gte": "2025-01-01", "lte": "2025-12-31"}}
    } in bool_query["filter"]
    assert {"term": {"tags": "wachttijd"}} in bool_query["filter"]
    assert {"term": {"tags": "brief"}} in bool_query["filter"]
    assert set(body["aggs"]) == {
        "tags",
        "kind",
        "perspective",
        "domain",
        "status",
        "period",
    }
    assert body["aggs"]["tags"]["terms"]["size"] == 30
    assert body["aggs"]["period"]["date_histogram"]["calendar_interval"] == "year"
    assert body["highlight"]["pre_tags"] == [MARK_START]
    assert body["highlight"]["post_tags"] == [MARK_END]
    assert body["highlight"]["number_of_fragments"] == 2
    assert body["highlight"]["no_match_size"] > 0
    assert body["highlight"]["boundary_scanner"] == "sentence"
    assert "text" in body["highlight"]["fields"]
    assert (body["from"], body["size"]) == (10, 10)
    assert body["sort"][0] == {"title.sort": "asc"}
    assert body["track_total_hits"] is True


@pytest.mark.parametrize(
    ("sort", "text", "first"),
    [
        ("relevance", "brief", "_score"),
        ("relevance", "", {"period": "desc"}),
        ("newest", "brief", {"period": "desc"}),
        ("oldest", "brief", {"period": "asc"}),
    ],
)
def test_search_sorts_as_the_query_orders(cluster, sort, text, first):
    """Relevance without words means newest first, as in the database backend."""
    cluster.answer("POST", "/_search", (200, SEARCH_RESPONSE))

    ElasticsearchBackend().search(SearchQuery(text=text, sort=sort))

    (request,) = cluster.to("POST", "/_search")
    assert request.body["sort"][0] == first


def test_search_with_a_period_that_is_no_year_matches_nothing(cluster):
    """A period that is not a year filters everything out instead of erring."""
    cluster.answer("POST", "/_search", (200, SEARCH_RESPONSE))

    ElasticsearchBackend().search(SearchQuery(period="vorig jaar"))

    (request,) = cluster.to("POST", "/_search")
    assert {"match_none": {}} in request.body["query"]["bool"]["filter"]


def test_search_answer_reads_into_the_database_backends_shapes(cluster, db):
    """Hits, total and facets come back as the database backend gives them."""
    cluster.answer("POST", "/_search", (200, SEARCH_RESPONSE))
    query = SearchQuery(text="brief")

    results = ElasticsearchBackend().search(query)
    reference = backend_load("database").search(query)

    assert results.backend == "elasticsearch"
    assert results.fallback is False
    assert results.total == 42
    assert set(results.facets) == set(reference.facets)
    assert results.facets == {
        "tags": [("wachttijd", 40), ("brief", 7)],
        "kind": [("verhaal", 30), ("experiment", 12)],
        "perspective": [("inwoner", 30)],
        "domain": [("wmo", 42)],
        "status": [("lopend", 12)],
        "period": [("2025", 29), ("2024", 13)],
    }
    first, second = results.hits
    assert first.id == 12
    assert first.title == "De brief die te laat kwam"
    assert first.url == "/verhalen/de-brief/"
    assert first.tags == ["wachttijd", "brief"]
    assert first.period == datetime.date(2025, 3, 1)
    assert first.municipality == "Utrecht"
    assert first.highlight == (
        f"De {MARK_START}brief{MARK_END} kwam te laat"
        f" … een tweede {MARK_START}brieven{MARK_END} volgde"
    )
    assert str(first.highlight_html).startswith("De <mark>brief</mark> kwam")
    assert second.id == 31
    assert second.kind == "experiment"
    assert second.status == "lopend"
    assert second.perspective == ""
    assert second.highlight == "Elke inwoner krijgt één contactpersoon."


def test_search_answering_500_raises_search_unavailable(cluster):
    """A failing cluster is reported as unavailable, the client's error chained."""
    cluster.answer(
        "POST",
        "/_search",
        (500, {"error": {"type": "search_phase_execution_exception"}, "status": 500}),
    )

    with pytest.raises(SearchUnavailable) as raised:
        ElasticsearchBackend().search(SearchQuery(text="brief"))

    assert raised.value.__cause__ is not None


def test_delete_sends_bulk_deletes_and_ignores_pages_not_indexed(cluster):
    """Deleting a page the index does not hold is not an error."""

    def one_missing(request: Recorded) -> tuple[int, Any]:
        items = [
            {"delete": {"_index": "venster-test-content", "_id": "7", "status": 200}},
            {
                "delete": {
                    "_index": "venster-test-content",
                    "_id": "8",
                    "status": 404,
                    "result": "not_found",
                }
            },
        ]
        return 200, {"took": 1, "errors": True, "items": items}

    cluster.answer("PUT", "/_bulk", one_missing)

    ElasticsearchBackend().delete([7, 8])

    (request,) = cluster.to("PUT", "/_bulk")
    assert request.body == [
        {"delete": {"_index": "venster-test-content", "_id": 7}},
        {"delete": {"_index": "venster-test-content", "_id": 8}},
    ]


def test_index_with_rejected_documents_raises_search_unavailable(cluster):
    """Bulk errors are raised, so the index task retries."""

    def rejected(request: Recorded) -> tuple[int, Any]:
        error = {"type": "mapper_parsing_exception", "reason": "failed to parse"}
        item = {"_index": "venster-test-content", "_id": "7", "status": 400}
        return 200, {
            "took": 1,
            "errors": True,
            "items": [{"index": item | {"error": error}}],
        }

    cluster.answer("PUT", "/_bulk", rejected)

    with pytest.raises(SearchUnavailable):
        ElasticsearchBackend().index([_document(7)])


def test_stamps_read_every_indexed_page_with_its_publication_period_and_place(
    cluster,
):
    """stamps() scrolls through the whole index."""
    first_page = {
        "_scroll_id": "scroll-1",
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": 2, "relation": "eq"},
            "hits": [
                {
                    "_id": "7",
                    "_source": {
                        "published_at": "2025-03-02T10:00:00+00:00",
                        "period": "2025-01-01",
                        "municipality": "Zeist",
                    },
                },
                {"_id": "8", "_source": {"published_at": "2025-04-01T08:00:00+00:00"}},
            ],
        },
    }
    last_page = {
        "_scroll_id": "scroll-1",
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": 2, "relation": "eq"}, "hits": []},
    }
    cluster.answer("POST", "/venster-test-content/_search", (200, first_page))
    cluster.answer("POST", "/_search/scroll", (200, last_page))

    assert ElasticsearchBackend().stamps() == {
        7: "2025-03-02T10:00:00+00:00|2025-01-01|Zeist",
        8: "2025-04-01T08:00:00+00:00||",
    }


def test_stamps_of_a_missing_index_are_empty(cluster):
    """Before the first reset nothing is indexed, which is no failure."""
    missing = {"error": {"type": "index_not_found_exception"}, "status": 404}
    cluster.answer("POST", "/venster-test-content/_search", (404, missing))

    assert ElasticsearchBackend().stamps() == {}


def test_refresh_makes_the_environments_index_searchable(cluster):
    """refresh() asks for the prefixed index only."""
    ElasticsearchBackend().refresh()

    assert [r.path for r in cluster.requests] == ["/venster-test-content/_refresh"]


@pytest.mark.parametrize("method", ["index", "delete"])
def test_writes_raise_search_unavailable_when_the_cluster_is_down(
    settings, refused_url, method
):
    """Index tasks see a refused connection as SearchUnavailable and retry."""
    settings.ELASTICSEARCH_URL = refused_url
    backend = ElasticsearchBackend()
    argument = [_document(7)] if method == "index" else [7]

    with pytest.raises(SearchUnavailable) as raised:
        getattr(backend, method)(argument)

    assert raised.value.__cause__ is not None


@pytest.fixture
def indexed_story(tree):
    """A published story in the database's search index."""
    story = StoryFactory(
        parent=tree.verhalen, title="De brief kwam te laat", tags=["wachttijd"]
    )
    # Pages made by the factories are not published through revisions, so no
    # signal indexes them; reconciliation does, on the database only.
    with override_settings(ELASTICSEARCH_URL=""):
        search_reconcile()
    assert Zoekdocument.objects.filter(page_id=story.pk).exists()
    return story


def _assert_database_fallback(results, story) -> None:
    assert results.backend == "database"
    assert results.fallback is True
    assert results.notices
    assert [hit.id for hit in results.hits] == [story.pk]


def test_search_falls_back_to_the_database_when_the_cluster_refuses(
    settings, indexed_story, refused_url
):
    """Nothing listening: the database answers, and says so."""
    settings.ELASTICSEARCH_URL = refused_url

    results = search_results(query=SearchQuery(text="brief"))

    _assert_database_fallback(results, indexed_story)


def test_search_falls_back_to_the_database_within_the_timeout_when_the_cluster_hangs(
    settings, indexed_story, hanging_url
):
    """A cluster that never answers costs at most the timeout."""
    settings.ELASTICSEARCH_URL = hanging_url
    settings.ELASTICSEARCH_TIMEOUT = 0.5

    started = time.monotonic()
    results = search_results(query=SearchQuery(text="brief"))
    elapsed = time.monotonic() - started

    _assert_database_fallback(results, indexed_story)
    assert elapsed < 1.5


def test_search_falls_back_to_the_database_when_the_cluster_answers_500(
    indexed_story, cluster
):
    """A 500 falls back, and the next searches skip the cluster for a while."""
    cluster.answer(
        "POST",
        "/_search",
        (500, {"error": {"type": "search_phase_execution_exception"}, "status": 500}),
    )

    results = search_results(query=SearchQuery(text="brief"))
    again = search_results(query=SearchQuery(text="brief"))

    _assert_database_fallback(results, indexed_story)
    _assert_database_fallback(again, indexed_story)
    assert len(cluster.to("POST", "/_search")) == 1


def test_similar_sends_more_like_this_on_tags_and_words_without_the_story(cluster):
    """One request: tags weighted above words, stories only, the story left out."""
    answer = {
        "hits": {
            "hits": [
                {"_index": "venster-test-content", "_id": "7", "_score": 4.0},
                {"_index": "venster-test-content", "_id": "3", "_score": 1.5},
            ]
        }
    }
    cluster.answer("POST", "/_search", (200, answer))

    assert ElasticsearchBackend().similar(12, limit=10) == [7, 3]

    (request,) = cluster.to("POST", "/_search")
    assert request.path == "/venster-test-content/_search"
    bool_query = request.body["query"]["bool"]
    tags, words = (clause["more_like_this"] for clause in bool_query["should"])
    like = [{"_index": "venster-test-content", "_id": "12"}]
    assert tags["fields"] == ["tags"] and tags["like"] == like
    assert set(words["fields"]) == {"title", "text"} and words["like"] == like
    assert tags["boost"] > words.get("boost", 1)
    assert bool_query["minimum_should_match"] == 1
    assert {"term": {"kind": "verhaal"}} in bool_query["filter"]
    assert {"ids": {"values": ["12"]}} in bool_query["must_not"]
    assert request.body["size"] == 10
    assert request.body["_source"] is False


def test_similar_of_a_missing_index_is_empty(cluster):
    missing = {"error": {"type": "index_not_found_exception"}, "status": 404}
    cluster.answer("POST", "/venster-test-content/_search", (404, missing))

    assert ElasticsearchBackend().similar(12, limit=5) == []


def test_similar_answering_500_raises_search_unavailable(cluster):
    error = {"error": {"type": "search_phase_execution_exception"}, "status": 500}
    cluster.answer("POST", "/_search", (500, error))

    with pytest.raises(SearchUnavailable):
        ElasticsearchBackend().similar(12, limit=5)


def test_similar_stories_fall_back_to_the_database_when_the_cluster_refuses(
    settings, indexed_story, refused_url, tree
):
    other = StoryFactory(parent=tree.verhalen, tags=["wachttijd"])
    with override_settings(ELASTICSEARCH_URL=""):
        search_reconcile()
    settings.ELASTICSEARCH_URL = refused_url

    assert [page.pk for page in stories_similar(page_id=indexed_story.pk)] == [other.pk]


real_cluster = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="needs an Elasticsearch 8 cluster: set ELASTICSEARCH_URL",
)


@pytest.fixture
def real_backend(settings) -> Iterator[ElasticsearchBackend]:
    """The backend on the real cluster, in an index of its own, removed afterwards."""
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"venster-test-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend()
    backend.reset()
    yield backend
    client().options(ignore_status=404).indices.delete(index=index_name())


@real_cluster
def test_real_cluster_finds_a_document_by_its_dutch_stem(real_backend, db):
    """A search for the singular finds the plural, with the match highlighted."""
    real_backend.index(
        [
            _document(
                1,
                text="De wachtlijsten voor begeleiding werden steeds langer.",
                tags=["wachttijd", "begeleiding"],
            ),
            _document(2, text="Niemand nam de telefoon op.", tags=["wachttijd"]),
        ]
    )
    real_backend.refresh()

    results = real_backend.search(SearchQuery(text="wachtlijst"))

    assert [hit.id for hit in results.hits] == [1]
    assert f"{MARK_START}wachtlijsten{MARK_END}" in results.hits[0].highlight
    assert results.hits[0].period == datetime.date(2025, 3, 1)


@real_cluster
def test_real_cluster_counts_facets(real_backend, db):
    """Facet counts cover every match, in the database backend's shapes."""
    real_backend.index(
        [
            _document(1, tags=["wachttijd", "begeleiding"]),
            _document(2, tags=["wachttijd"], period=datetime.date(2024, 6, 1)),
        ]
    )
    real_backend.refresh()

    results = real_backend.search(SearchQuery())

    assert results.total == 2
    assert results.facets["tags"] == [("wachttijd", 2), ("begeleiding", 1)]
    assert results.facets["period"] == [("2025", 1), ("2024", 1)]
    assert results.facets["kind"] == [("verhaal", 2)]
    assert [hit.id for hit in results.hits] == [1, 2]
    assert all(hit.highlight for hit in results.hits)


@real_cluster
def test_real_cluster_delete_removes_the_document(real_backend, db):
    """Deleted pages leave the index; deleting one never indexed is no error."""
    real_backend.index([_document(1), _document(2)])
    real_backend.refresh()

    real_backend.delete([1, 999])
    real_backend.refresh()

    assert real_backend.stamps() == {2: "2025-03-02T10:00:00+00:00|2025-03-01|Utrecht"}
    assert [hit.id for hit in real_backend.search(SearchQuery()).hits] == [2]


def test_an_excerpt_without_a_match_ends_at_a_word(cluster, db):
    """Without a match ES gives the text's first characters; the cut word goes."""
    text = ("ervaringsdeskundigheid keukentafelgesprek " * 20)[:EXCERPT_CHARS]
    answer = {
        **SEARCH_RESPONSE,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {**SEARCH_RESPONSE["hits"]["hits"][1], "highlight": {"text": [text]}}
            ],
        },
    }
    cluster.answer("POST", "/_search", (200, answer))
    (hit,) = ElasticsearchBackend().search(SearchQuery()).hits
    assert text.startswith(hit.highlight.removesuffix(" …"))
    assert hit.highlight.endswith(" …")
    words = hit.highlight.removesuffix(" …").split()
    assert set(words) == {"ervaringsdeskundigheid", "keukentafelgesprek"}


@real_cluster
def test_real_cluster_ranks_a_rare_shared_tag_above_a_common_one(real_backend, db):
    """more_like_this weights terms by rarity: the rare tag's story comes first."""
    common = [_document(pk, tags=["wachttijd"], text="Iets.") for pk in range(10, 20)]
    real_backend.index(
        [
            _document(1, tags=["wachttijd", "tolk"], text="Geen tolk aanwezig."),
            _document(2, tags=["tolk"], text="Weer geen tolk."),
            _document(3, kind="experiment", tags=["tolk", "wachttijd"]),
            *common,
        ]
    )
    real_backend.refresh()

    found = real_backend.similar(1, limit=5)

    assert found[0] == 2
    assert 1 not in found and 3 not in found
    assert len(found) == 5
