"""CSV export of search results, with its data dictionary.

The export reads the same query-string parameters as ``/zoeken/`` and holds only
published, anonymised content. Stories show their place and period as the
small-number rule allows (:mod:`search.privacy`). The file is UTF-8 with a byte
order mark, ``;``-separated and CRLF-terminated, which is what a Dutch spreadsheet
opens without an import dialogue. Its column headers are in the request's language.
"""

import csv
from collections.abc import Iterator
from itertools import islice

from django.http import HttpRequest, HttpResponseBadRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_safe

from leren.models import ExperimentStatus
from verhalen.choices import Domain, Kind, Perspective
from verhalen.spreadsheets import cell_neutralise

from .backends import Hit, SearchQuery, SearchResults
from .forms import KIND_CHOICES, SearchForm
from .models import Zoekdocument
from .privacy import (
    SUPPRESSED,
    K,
    PeriodLevel,
    PlaceLevel,
    Shown,
    count_text,
    period_month,
    stories_generalised,
)
from .selectors import search_results

EXPORT_LIMIT = 10_000
BATCH = 1_000
DELIMITER = ";"
TRUNCATED_HEADER = "X-Venster-Truncated"
TOTAL_HEADER = "X-Venster-Total"

# (stable key, header in the reader's language, meaning). The keys are the API's
# field names; the English headers are the keys themselves.
COLUMNS: list[tuple[str, Promise, Promise]] = [
    (
        "id",
        pgettext_lazy("CSV column", "id"),
        gettext_lazy("The page's number; the same id as in the API."),
    ),
    (
        "type",
        pgettext_lazy("CSV column", "type"),
        gettext_lazy("verhaal (story), reflectie (reflection) or experiment."),
    ),
    (
        "title",
        pgettext_lazy("CSV column", "title"),
        gettext_lazy("The published title."),
    ),
    (
        "url",
        pgettext_lazy("CSV column", "url"),
        gettext_lazy("The page's full web address."),
    ),
    (
        "tags",
        pgettext_lazy("CSV column", "tags"),
        gettext_lazy("The page's tags, separated by a semicolon and a space."),
    ),
    (
        "perspective",
        pgettext_lazy("CSV column", "perspective"),
        gettext_lazy("Who tells the story; empty for other types."),
    ),
    (
        "domain",
        pgettext_lazy("CSV column", "domain"),
        gettext_lazy("The policy domain."),
    ),
    (
        "municipality",
        pgettext_lazy("CSV column", "municipality"),
        gettext_lazy(
            "Stories only: the municipality, or its province, or empty, as the "
            "small-number rule allows; see place_level."
        ),
    ),
    (
        "place_level",
        pgettext_lazy("CSV column", "place_level"),
        gettext_lazy(
            "Stories only: what the municipality column holds: municipality, "
            "province or none."
        ),
    ),
    (
        "period",
        pgettext_lazy("CSV column", "period"),
        gettext_lazy(
            "The month (2025-03), or for stories the quarter (2025-K1) or year (2025) "
            "the small-number rule allows; empty when suppressed."
        ),
    ),
    (
        "period_level",
        pgettext_lazy("CSV column", "period_level"),
        gettext_lazy(
            "Stories only: what the period column holds: month, quarter, year, or "
            "none when place and period are suppressed."
        ),
    ),
    (
        "status",
        pgettext_lazy("CSV column", "status"),
        gettext_lazy("Experiments only: the experiment's status."),
    ),
    (
        "text",
        pgettext_lazy("CSV column", "text"),
        gettext_lazy(
            "The published, anonymised text. Never what a resident typed: "
            "submissions are not exported."
        ),
    ),
]
PLACE_LEVEL_DESCRIPTIONS: list[tuple[str, str]] = [
    (PlaceLevel.MUNICIPALITY, gettext_lazy("the municipality")),
    (PlaceLevel.PROVINCE, gettext_lazy("the province")),
    (PlaceLevel.NONE, gettext_lazy("no place")),
]
PERIOD_LEVEL_DESCRIPTIONS: list[tuple[str, str]] = [
    (PeriodLevel.MONTH, gettext_lazy("the month")),
    (PeriodLevel.QUARTER, gettext_lazy("the quarter")),
    (PeriodLevel.YEAR, gettext_lazy("the year")),
    (PeriodLevel.NONE, gettext_lazy("no period and no place (suppressed)")),
]


class _Echo:
    """A file whose ``write`` hands back what it was given, for streaming csv rows."""

    def write(self, value: str) -> str:
        return value


def hits_all(
    *, query: SearchQuery, first: SearchResults | None = None, limit: int | None = None
) -> Iterator[Hit]:
    """Every hit of ``query`` from its page on, in order, at most ``limit``."""
    limit = EXPORT_LIMIT if limit is None else limit
    results = first or search_results(query=query)
    seen = 0
    while True:
        for hit in results.hits[: limit - seen]:
            yield hit
            seen += 1
        if seen >= limit or len(results.hits) < query.per_page:
            return
        query = query.with_page(query.page + 1)
        results = search_results(query=query)


def _rows(
    hits: list[Hit], *, stories: dict[int, Shown], base_url: str
) -> Iterator[list[str]]:
    texts = dict(
        Zoekdocument.objects.filter(page_id__in=[hit.id for hit in hits]).values_list(
            "page_id", "text"
        )
    )
    for hit in hits:
        if hit.kind == Kind.STORY:
            shown = stories.get(hit.id, SUPPRESSED)
            place, place_level = shown.place, str(shown.place_level)
            period, period_level = shown.period, str(shown.period_level)
        else:
            place, place_level, period_level = "", "", ""
            period = period_month(hit.period)
        yield [
            str(hit.id),
            hit.kind,
            hit.title,
            hit.url
            if hit.url.startswith(("http://", "https://"))
            else base_url + hit.url,
            "; ".join(hit.tags),
            hit.perspective,
            hit.domain,
            place,
            place_level,
            period,
            period_level,
            hit.status,
            texts.get(hit.id, ""),
        ]


def export_lines(
    *, query: SearchQuery, first: SearchResults, base_url: str
) -> Iterator[str]:
    """The CSV file of ``query``'s hits, line by line, byte order mark first."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([str(header) for _key, header, _ in COLUMNS])
    # Over every published story, once: the same labels whatever is exported.
    stories = stories_generalised()
    hits = hits_all(query=query, first=first)
    while batch := list(islice(hits, BATCH)):
        for row in _rows(batch, stories=stories, base_url=base_url):
            yield writer.writerow([cell_neutralise(cell) for cell in row])


@require_safe
def search_export(request: HttpRequest):
    """``/zoeken/export.csv``: every result of a search, at most 10,000 rows."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        return HttpResponseBadRequest(
            _("This search cannot be exported: %(problems)s")
            % {"problems": " ".join(problems)},
            content_type="text/plain; charset=utf-8",
        )
    query = form.search_query(per_page=BATCH).with_page(1)
    first = search_results(query=query)
    total = first.total
    response = StreamingHttpResponse(
        export_lines(
            query=query,
            first=first,
            base_url=request.build_absolute_uri("/").rstrip("/"),
        ),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"venster-zoekresultaten-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # As every count that leaves Venster: 1 to 4 is "minder dan 5".
    response[TOTAL_HEADER] = count_text(total)
    response[TRUNCATED_HEADER] = "true" if total > EXPORT_LIMIT else "false"
    return response


@require_safe
def data_dictionary(request: HttpRequest):
    """``/zoeken/gegevenswoordenboek/``: what each column of the export holds."""
    return TemplateResponse(
        request,
        "search/data_dictionary.html",
        {
            "columns": COLUMNS,
            "place_levels": PLACE_LEVEL_DESCRIPTIONS,
            "period_levels": PERIOD_LEVEL_DESCRIPTIONS,
            "k": K,
            "limit": EXPORT_LIMIT,
            "formula_starts": ["=", "+", "-", "@"],
            "kinds": KIND_CHOICES,
            "perspectives": Perspective.choices,
            "domains": Domain.choices,
            "statuses": ExperimentStatus.choices,
            "truncated_header": TRUNCATED_HEADER,
            "total_header": TOTAL_HEADER,
        },
    )
