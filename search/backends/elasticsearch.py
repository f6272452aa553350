"""The backend for scale: Elasticsearch 8, read and written with ``elasticsearch.dsl``.

One index per environment, ``<ELASTICSEARCH_INDEX_PREFIX>-content``, holds a
document per published page, its id the page id. Title, text and tags are analysed
as Dutch (stop words, stems, accents folded); facets are keywords, ``period`` a date.
Searches answer in the same shapes as the database backend. Every failure of the
cluster, refused, timed out or erring, is raised as :class:`SearchUnavailable`, so
that searches fall back to the database and index tasks retry.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.dsl import (
    A,
    Date,
    Document,
    Index,
    Keyword,
    Long,
    Q,
    Search,
    Text,
    analyzer,
    normalizer,
    token_filter,
)
from elasticsearch.dsl.query import Query
from elasticsearch.helpers import BulkIndexError, ScanError, bulk, scan

from verhalen.choices import Kind

from ..documents import SearchDocument
from . import (
    MARK_END,
    MARK_START,
    Hit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    excerpt_window,
    stamp,
)

EXCERPT_CHARS = 240
FRAGMENT_CHARS = 150
FRAGMENT_SEPARATOR = " … "
TAG_FACET_SIZE = 30
FACET_SIZE = 50
TITLE_BOOST = 3
# Writes run in tasks, not in a person's request: they may wait for a busy cluster.
WRITE_TIMEOUT = 30.0
# Similar stories: a shared tag counts this much more than a shared word.
SIMILAR_TAG_BOOST = 3
# Highlighting stops here rather than failing on a very long text.
HIGHLIGHT_MAX_OFFSET = 500_000

CLIENT_ERRORS = (ApiError, TransportError, BulkIndexError, ScanError)

DUTCH = analyzer(
    "venster_dutch",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("venster_dutch_stop", "stop", stopwords="_dutch_"),
        token_filter("venster_dutch_stemmer", "stemmer", language="dutch"),
    ],
)
SORTABLE = normalizer("venster_sortable", filter=["lowercase", "asciifolding"])


class ContentDocument(Document):
    """A published page in the index; ``meta.id`` is the page id."""

    page_id = Long()
    kind = Keyword()
    title = Text(analyzer=DUTCH, fields={"sort": Keyword(normalizer=SORTABLE)})
    url = Keyword(index=False)
    text = Text(analyzer=DUTCH)
    tags = Keyword(fields={"text": Text(analyzer=DUTCH)})
    perspective = Keyword()
    domain = Keyword()
    municipality = Keyword()
    period = Date(format="strict_date_optional_time")
    status = Keyword()
    published_at = Keyword()

    class Index:
        settings = {"number_of_shards": 1}


def index_name() -> str:
    """The name of this environment's content index."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"


def content_index() -> Index:
    """This environment's content index, with the mappings and analysers."""
    return ContentDocument._index.clone(name=index_name())


@lru_cache(maxsize=8)
def _client_for(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(
        url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
    )


def client() -> Elasticsearch:
    """The process's client for the configured cluster, created on first use."""
    try:
        return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)
    except ValueError as error:
        raise SearchUnavailable(f"ELASTICSEARCH_URL is not usable: {error}") from error


def _writer() -> Elasticsearch:
    return client().options(
        request_timeout=max(WRITE_TIMEOUT, settings.ELASTICSEARCH_TIMEOUT)
    )


# Indexes known to exist, so that writes check only once per process.
_created: set[tuple[str, str]] = set()


@contextmanager
def _unavailable() -> Iterator[None]:
    try:
        yield
    except CLIENT_ERRORS as error:
        raise SearchUnavailable(str(error)) from error


def _period_filter(value: str) -> Query:
    if not value.isdigit() or not 1 <= int(value) <= 9999:
        return Q("match_none")
    year = f"{int(value):04d}"
    return Q("range", period={"gte": f"{year}-01-01", "lte": f"{year}-12-31"})


def _sort(query: SearchQuery) -> list[Any]:
    if query.ordering == "relevance":
        return ["_score", {"period": "desc"}, {"page_id": "asc"}]
    if query.ordering == "oldest":
        return [{"period": "asc"}, {"page_id": "asc"}]
    if query.ordering == "title":
        return [{"title.sort": "asc"}, {"page_id": "asc"}]
    return [{"period": "desc"}, {"page_id": "desc"}]


def _buckets(aggregations: dict, name: str) -> list[tuple[str, int]]:
    buckets = aggregations.get(name, {}).get("buckets", [])
    key = "key_as_string" if name == "period" else "key"
    return [
        (str(bucket[key]), int(bucket["doc_count"]))
        for bucket in buckets
        if bucket.get(key) not in ("", None) and bucket["doc_count"]
    ]


def _whole_words(fragment: str) -> str:
    """End an excerpt at a word: without a match, ES cuts the text's start anywhere.

    Fragments around a match already start and end at words (the sentence scanner).
    """
    if MARK_START in fragment or len(fragment) < EXCERPT_CHARS:
        return fragment
    return excerpt_window(fragment + " ", 0, len(fragment) - 1)


def _stamp(source: dict) -> str:
    return stamp(
        source.get("published_at", ""),
        source.get("period"),
        source.get("municipality", ""),
    )


def _hit(raw: dict) -> Hit:
    source = raw.get("_source", {})
    fragments = raw.get("highlight", {}).get("text", [])
    period = source.get("period") or ""
    tags = source.get("tags") or []
    return Hit(
        id=int(raw["_id"]),
        kind=source.get("kind", ""),
        title=source.get("title", ""),
        url=source.get("url", ""),
        highlight=FRAGMENT_SEPARATOR.join(_whole_words(f) for f in fragments),
        tags=[tags] if isinstance(tags, str) else list(tags),
        perspective=source.get("perspective", ""),
        domain=source.get("domain", ""),
        municipality=source.get("municipality", ""),
        period=date.fromisoformat(period[:10]) if period else None,
        status=source.get("status", ""),
    )


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, query: SearchQuery) -> SearchResults:
        search = self._search(query)
        with _unavailable():
            response = search.execute().to_dict()
        aggregations = response.get("aggregations", {})
        facets = {
            name: _buckets(aggregations, name)
            for name in ("kind", "perspective", "domain", "status", "period", "tags")
        }
        hits = response["hits"]
        total = hits["total"]
        return SearchResults(
            hits=[_hit(raw) for raw in hits["hits"]],
            total=int(total["value"] if isinstance(total, dict) else total),
            facets=facets,
            backend=self.name,
        )

    def _search(self, query: SearchQuery) -> Search:
        """The request for ``query``: words, filters, facets, highlight, order, page."""
        filters: list[Query] = []
        for name, value in query.filters().items():
            if name == "period":
                filters.append(_period_filter(value))
            else:
                filters.append(Q("term", **{name: value}))
        filters.extend(Q("term", tags=tag) for tag in query.tags)
        must: list[Query] = []
        if query.text:
            must.append(
                Q(
                    "simple_query_string",
                    query=query.text,
                    fields=[f"title^{TITLE_BOOST}", "text", "tags.text"],
                    default_operator="and",
                    lenient=True,
                )
            )
        search = (
            Search(using=client(), index=index_name())
            .query(Q("bool", must=must, filter=filters))
            .source(excludes=["text"])
            .sort(*_sort(query))
            .extra(track_total_hits=True)
            .highlight("text")
            .highlight_options(
                pre_tags=[MARK_START],
                post_tags=[MARK_END],
                number_of_fragments=2,
                fragment_size=FRAGMENT_CHARS,
                boundary_scanner="sentence",
                boundary_scanner_locale="nl-NL",
                no_match_size=EXCERPT_CHARS,
                max_analyzed_offset=HIGHLIGHT_MAX_OFFSET,
            )
        )[query.offset : query.offset + query.per_page]
        terms = {"order": [{"_count": "desc"}, {"_key": "asc"}]}
        search.aggs.bucket("tags", "terms", field="tags", size=TAG_FACET_SIZE, **terms)
        for name in ("kind", "perspective", "domain", "status"):
            search.aggs.bucket(name, "terms", field=name, size=FACET_SIZE, **terms)
        search.aggs.bucket(
            "period",
            A(
                "date_histogram",
                field="period",
                calendar_interval="year",
                format="yyyy",
                min_doc_count=1,
                order={"_key": "desc"},
            ),
        )
        return search

    def similar(self, page_id: int, *, limit: int) -> list[int]:
        """``more_like_this`` on the story's tags and, weaker, on its words.

        Elasticsearch weights each term by its inverse document frequency, so a rare
        shared tag counts for more than a common one; the story itself is left out.
        """
        like = [{"_index": index_name(), "_id": str(page_id)}]
        query = Q(
            "bool",
            should=[
                Q(
                    "more_like_this",
                    fields=["tags"],
                    like=like,
                    min_term_freq=1,
                    min_doc_freq=2,
                    boost=SIMILAR_TAG_BOOST,
                ),
                Q(
                    "more_like_this",
                    fields=["title", "text"],
                    like=like,
                    min_term_freq=1,
                    min_doc_freq=2,
                    max_query_terms=25,
                    minimum_should_match="20%",
                ),
            ],
            minimum_should_match=1,
            filter=[Q("term", kind=Kind.STORY)],
            must_not=[Q("ids", values=[str(page_id)])],
        )
        search = (
            Search(using=client(), index=index_name())
            .query(query)
            .source(False)
            .sort("_score", {"page_id": "desc"})
            .extra(track_total_hits=False)
        )[:limit]
        with _unavailable():
            try:
                response = search.execute().to_dict()
            except NotFoundError as error:
                if error.error != "index_not_found_exception":
                    raise
                return []
        return [int(raw["_id"]) for raw in response["hits"]["hits"]]

    def index(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        name = index_name()
        actions = (
            ContentDocument(
                meta={"id": doc["id"], "index": name},
                page_id=doc["id"],
                **{key: value for key, value in doc.items() if key != "id"},
            ).to_dict(include_meta=True)
            for doc in documents
        )
        with _unavailable():
            self._ensure_index()
            bulk(_writer(), actions, chunk_size=500)

    def delete(self, ids: list[int]) -> None:
        if not ids:
            return
        name = index_name()
        actions = ({"_op_type": "delete", "_index": name, "_id": pk} for pk in ids)
        with _unavailable():
            bulk(_writer(), actions, chunk_size=500, ignore_status=(404,))

    def stamps(self) -> dict[int, str]:
        with _unavailable():
            try:
                return {
                    int(hit["_id"]): _stamp(hit.get("_source", {}))
                    for hit in scan(
                        _writer(),
                        index=index_name(),
                        query={"_source": ["published_at", "period", "municipality"]},
                        size=1000,
                    )
                }
            except NotFoundError as error:
                if error.error != "index_not_found_exception":
                    raise
                return {}

    def reset(self) -> None:
        index = content_index()
        key = (settings.ELASTICSEARCH_URL, index_name())
        _created.discard(key)
        with _unavailable():
            writer = _writer()
            writer.options(ignore_status=404).indices.delete(index=index_name())
            index.create(using=writer)
        _created.add(key)

    def refresh(self) -> None:
        """Make the writes so far searchable now rather than within a second."""
        with _unavailable():
            _writer().indices.refresh(index=index_name())

    def _ensure_index(self) -> None:
        """Create the index if it is missing, so no write creates it unmapped."""
        key = (settings.ELASTICSEARCH_URL, index_name())
        if key in _created:
            return
        writer = _writer()
        if not writer.indices.exists(index=index_name()):
            try:
                content_index().create(using=writer)
            except ApiError as error:
                if error.error != "resource_already_exists_exception":
                    raise
        _created.add(key)
