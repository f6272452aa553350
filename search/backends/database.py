"""The default backend: the database, with PostgreSQL full-text search where it runs.

On PostgreSQL the documents carry a stored ``tsvector`` (Dutch configuration, title
weighted above text, text above tags) and queries are read as web-search syntax, so
odd input never errors. On SQLite every word must appear in the title, text or tags.

Similar stories are those sharing the rarest tags (each shared tag counts its inverse
document frequency); on PostgreSQL the best of them are ranked again by the story's
own most telling words, read from its stored ``tsvector``.
"""

import json
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
)
from django.contrib.postgres.search import (
    SearchQuery as PgQuery,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear

from verhalen.choices import Kind

from ..documents import SearchDocument
from ..models import Zoekdocument, Zoektag
from . import (
    MARK_END,
    MARK_START,
    Hit,
    SearchQuery,
    SearchResults,
    excerpt_window,
    stamp,
    tag_weight,
)

CONFIG = "dutch"
MAX_WORDS = 10
EXCERPT_CHARS = 240
TAG_FACET_SIZE = 30
# Similar stories: the best by shared tags are ranked again by words, this many.
SIMILAR_CANDIDATES = 50
# The story's words asked for: its title's first, then those it uses most.
SIMILAR_WORDS = 12
# What a perfect word match adds, against about 0.7 for a tag on every story.
SIMILAR_WORDS_WEIGHT = 1.0
# Stories shown without a period come last, whichever way the period runs.
ORDERINGS = {
    "newest": [F("period").desc(nulls_last=True), "-page_id"],
    "oldest": [F("period").asc(nulls_last=True), "page_id"],
    "title": ["title", "page_id"],
}


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())[:MAX_WORDS]


def _excerpt(text: str, words: list[str]) -> str:
    """A window of whole words around the first matched word, the words marked."""
    if not words:
        return excerpt_window(text, 0, EXCERPT_CHARS)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - EXCERPT_CHARS // 3) if first else 0
    window = excerpt_window(text, start, start + EXCERPT_CHARS)
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", window)


class DatabaseBackend:
    name = "database"

    def search(self, query: SearchQuery) -> SearchResults:
        documents = self._filtered(query)
        words = _words(query.text)
        pg_query = None
        if query.text and _postgres():
            pg_query = PgQuery(query.text, config=CONFIG, search_type="websearch")
            documents = documents.filter(search_vector=pg_query)
        elif words:
            for word in words:
                documents = documents.filter(
                    Q(title__icontains=word)
                    | Q(text__icontains=word)
                    | Exists(
                        Zoektag.objects.filter(
                            document=OuterRef("pk"), name__icontains=word
                        )
                    )
                )
        if _postgres():
            total, facets = self._facets_grouped(documents)
        else:
            total, facets = documents.count(), self._facets(documents)
        ordered = self._ordered(documents, query, pg_query)
        if pg_query is not None:
            ordered = ordered.defer("text", "search_vector")
        page = list(ordered[query.offset : query.offset + query.per_page])
        hits = [
            Hit(
                id=doc.page_id,
                kind=doc.kind,
                title=doc.title,
                url=doc.url,
                highlight=(doc.headline if pg_query else _excerpt(doc.text, words)),
                tags=doc.tags,
                perspective=doc.perspective,
                domain=doc.domain,
                municipality=doc.municipality,
                period=doc.period,
                status=doc.status,
            )
            for doc in page
        ]
        return SearchResults(hits=hits, total=total, facets=facets, backend=self.name)

    def _filtered(self, query: SearchQuery) -> QuerySet[Zoekdocument]:
        documents = Zoekdocument.objects.all()
        for name, value in query.filters().items():
            if name == "period":
                documents = (
                    documents.filter(period__year=int(value))
                    if value.isdigit()
                    else documents.none()
                )
            else:
                documents = documents.filter(**{name: value})
        if query.tags and _postgres():
            # One GIN index lookup on the document's own tag list.
            documents = documents.filter(tags__contains=list(query.tags))
        else:
            for tag in query.tags:
                documents = documents.filter(
                    Exists(Zoektag.objects.filter(document=OuterRef("pk"), name=tag))
                )
        return documents

    def _ordered(self, documents, query: SearchQuery, pg_query) -> QuerySet:
        if pg_query is not None:
            documents = documents.annotate(
                headline=SearchHeadline(
                    "text",
                    pg_query,
                    config=CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        if query.ordering == "relevance" and pg_query is not None:
            rank = SearchRank(F("search_vector"), pg_query)
            return documents.annotate(rank=rank).order_by(
                "-rank", F("period").desc(nulls_last=True), "pk"
            )
        return documents.order_by(*ORDERINGS.get(query.ordering, ORDERINGS["newest"]))

    def _facets_grouped(self, documents: QuerySet) -> tuple[int, dict]:
        """The total and every facet in one query over the matched documents.

        The matches are read once (a materialised CTE); GROUPING SETS count the
        columns, and the tag lists are unnested and counted beside them.
        """
        matched = (
            documents.order_by()
            .annotate(year=ExtractYear("period"))
            .values("kind", "perspective", "domain", "status", "year", "tags")
        )
        sql, params = matched.query.sql_with_params()
        names = ("kind", "perspective", "domain", "status", "year")
        grouping = ", ".join(f"GROUPING({name})" for name in names)
        sets = ", ".join(f"({name})" for name in names)
        # Fixed column names around the ORM's own SQL; the values stay parameters.
        grouped = (
            f"WITH matched AS MATERIALIZED ({sql}) "  # noqa: S608  # nosec
            f"SELECT {', '.join(names)}, {grouping}, COUNT(*), NULL AS tag "
            f"FROM matched GROUP BY GROUPING SETS ({sets}, ()) "
            "UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, 1, 1, 1, 1, 1, "
            "COUNT(*), tag FROM matched "
            "CROSS JOIN LATERAL jsonb_array_elements_text(matched.tags) AS tag "
            "GROUP BY tag"
        )
        with connection.cursor() as cursor:
            cursor.execute(grouped, params)
            rows = cursor.fetchall()
        total = 0
        counted: dict[str, list[tuple[str, int]]] = {name: [] for name in names}
        tags: list[tuple[str, int]] = []
        for row in rows:
            values, flags, count, tag = row[:5], row[5:10], row[10], row[11]
            if tag is not None:
                tags.append((tag, count))
            elif all(flags):
                total = count
            else:
                index = flags.index(0)
                if values[index] not in ("", None):
                    counted[names[index]].append((str(values[index]), count))
        facets = {
            name: sorted(counted[name], key=lambda item: (-item[1], item[0]))
            for name in ("kind", "perspective", "domain", "status")
        }
        facets["period"] = sorted(counted["year"], reverse=True)
        facets["tags"] = sorted(tags, key=lambda item: (-item[1], item[0]))[
            :TAG_FACET_SIZE
        ]
        return total, facets

    def _tag_facet(self, documents: QuerySet) -> list[tuple[str, int]]:
        return list(
            Zoektag.objects.filter(document__in=documents.values("pk"))
            .values_list("name")
            .annotate(n=Count("document"))
            .order_by("-n", "name")[:TAG_FACET_SIZE]
        )

    def _facets(self, documents: QuerySet) -> dict[str, list[tuple[str, int]]]:
        def counted(values) -> list[tuple[str, int]]:
            return [(str(value), n) for value, n in values if value not in ("", None)]

        facets = {
            name: counted(
                documents.order_by()
                .values_list(name)
                .annotate(n=Count("pk"))
                .order_by("-n", name)
            )
            for name in ("kind", "perspective", "domain", "status")
        }
        facets["period"] = counted(
            documents.order_by()
            .annotate(year=ExtractYear("period"))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        facets["tags"] = self._tag_facet(documents)
        return facets

    @transaction.atomic
    def index(self, documents: list[SearchDocument]) -> None:
        ids = [doc["id"] for doc in documents]
        # Replaced whole: their tag rows go with them.
        Zoekdocument.objects.filter(page_id__in=ids).delete()
        Zoekdocument.objects.bulk_create(
            Zoekdocument(
                page_id=doc["id"], **{k: v for k, v in doc.items() if k != "id"}
            )
            for doc in documents
        )
        Zoektag.objects.bulk_create(
            Zoektag(document_id=doc["id"], name=tag)
            for doc in documents
            for tag in set(doc["tags"])
        )
        if _postgres() and ids:
            Zoekdocument.objects.filter(page_id__in=ids).update(
                search_vector=SearchVector("title", weight="A", config=CONFIG)
                + SearchVector("text", weight="B", config=CONFIG)
                + SearchVector(Cast("tags", TextField()), weight="C", config=CONFIG)
            )

    def delete(self, ids: list[int]) -> None:
        Zoekdocument.objects.filter(page_id__in=ids).delete()

    def similar(self, page_id: int, *, limit: int) -> list[int]:
        tags = (
            Zoekdocument.objects.filter(page_id=page_id, kind=Kind.STORY)
            .values_list("tags", flat=True)
            .first()
        )
        if tags is None:
            return []
        weights = self._tag_weights(tags)
        if _postgres():
            return self._similar_postgres(page_id, weights, limit)
        return self._similar_by_tags(page_id, weights, limit)

    def _tag_weights(self, tags: list[str]) -> dict[str, float]:
        """Each tag the story shares with other content, weighted by its rarity.

        Rarity is counted over everything the index holds, stories, reflections and
        experiments alike: a tag common on any of them says little. Counting the tag
        rows alone, without reading their documents, keeps this a few milliseconds
        at 100,000 stories.
        """
        if not tags:
            return {}
        documents = Zoekdocument.objects.count()
        carrying = (
            Zoektag.objects.filter(name__in=tags)
            .values_list("name")
            .annotate(n=Count("pk"))
        )
        return {
            name: tag_weight(stories=documents, carrying=n)
            for name, n in carrying
            if n > 1
        }

    def _similar_by_tags(
        self, page_id: int, weights: dict[str, float], limit: int
    ) -> list[int]:
        """Stories by the summed weights of the tags they share (SQLite)."""
        if not weights:
            return []
        score = Sum(
            Case(
                *(When(name=name, then=Value(w)) for name, w in weights.items()),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
        rows = (
            Zoektag.objects.filter(name__in=weights, document__kind=Kind.STORY)
            .exclude(document_id=page_id)
            .values("document_id")
            .annotate(score=score)
            .order_by("-score", "-document_id")
        )
        return [row["document_id"] for row in rows[:limit]]

    def _similar_postgres(
        self, page_id: int, weights: dict[str, float], limit: int
    ) -> list[int]:
        """Rare shared tags pick the candidates; their words against the story's rank.

        The candidates come from the GIN index on the tag lists; a story without a
        shared tag is matched by its words alone. The story's words are taken from
        its own stored ``tsvector`` and asked for as one ``|`` query.
        """
        table = Zoekdocument._meta.db_table
        cases = " + ".join(
            "CASE WHEN tags @> %s::jsonb THEN %s ELSE 0 END" for _ in weights
        )
        case_params = [v for tag, w in weights.items() for v in (json.dumps([tag]), w)]
        if weights:
            matching = " OR ".join("tags @> %s::jsonb" for _ in weights)
            matching_params = [json.dumps([tag]) for tag in weights]
            order = "tag_score DESC, page_id DESC"
        else:
            cases, case_params = "0.0", []
            matching, matching_params = "search_vector @@ (SELECT q FROM words)", []
            order = "ts_rank(search_vector, (SELECT q FROM words), 32) DESC, page_id"
        # Fixed column names and placeholders only; every value is a parameter.
        sql = (
            "WITH words AS ("  # noqa: S608  # nosec
            " SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS q FROM ("
            f"  SELECT word.lexeme FROM {table} AS source,"
            "   unnest(source.search_vector) AS word(lexeme, positions, weights)"
            "  WHERE source.page_id = %s"
            "  ORDER BY 'A' = ANY(word.weights) DESC,"
            "   cardinality(word.positions) DESC, word.lexeme"
            "  LIMIT %s) AS chosen"
            "), candidates AS ("
            f" SELECT page_id, ({cases}) AS tag_score FROM {table}"
            f" WHERE kind = %s AND page_id <> %s AND ({matching})"
            f" ORDER BY {order} LIMIT %s"
            ") SELECT candidates.page_id FROM candidates"
            f" JOIN {table} AS document ON document.page_id = candidates.page_id"
            " CROSS JOIN words"
            " ORDER BY candidates.tag_score + %s * COALESCE("
            "  ts_rank(document.search_vector, words.q, 32), 0) DESC,"
            " candidates.page_id DESC LIMIT %s"
        )
        params = [
            page_id,
            SIMILAR_WORDS,
            *case_params,
            Kind.STORY,
            page_id,
            *matching_params,
            SIMILAR_CANDIDATES,
            SIMILAR_WORDS_WEIGHT,
            limit,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def stamps(self) -> dict[int, str]:
        return {
            pk: stamp(published_at, period, place)
            for pk, published_at, period, place in Zoekdocument.objects.values_list(
                "page_id", "published_at", "period", "municipality"
            )
        }

    def reset(self) -> None:
        Zoekdocument.objects.all().delete()
