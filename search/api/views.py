"""Read-only endpoints of the researchers' API: published, anonymised content only.

Stories and experiments come from the search documents, which hold published,
public pages and nothing a resident sent in; patterns from the stored patterns.
"""

import re

from django.http import Http404, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from verhalen.choices import Kind

from ..backends import Hit
from ..forms import SearchForm
from ..models import Zoekdocument
from ..privacy import Shown, count_public, facet_count_public, stories_generalised
from ..selectors import patterns_best, search_results, stories_similar
from .filters import (
    ExperimentFilterForm,
    StoryFilterForm,
    documents_filtered,
    form_errors,
)
from .serializers import (
    ExperimentSerializer,
    HitSerializer,
    PatternSerializer,
    SearchResponseSerializer,
    SimilarStoriesSerializer,
    StorySerializer,
)

PAGE_SIZE = 20
# ASCII only, and short: int() of a long or non-ASCII digit string can fail.
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
# Longer ids than any page has overflow the database's integer: a 404, not a 500.
ID_PATTERN = r"[0-9]{1,9}"
MAX_PAGE_SIZE = 100


def _positive_int(params: QueryDict, name: str, *, default: int, maximum: int) -> int:
    """The integer parameter ``name``, or a 400 naming what is wrong with it."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        raise ValidationError(
            {
                name: [
                    _("Give a whole number from 1 to %(maximum)d.")
                    % {"maximum": maximum}
                ]
            }
        )
    return int(raw)


class PagePagination(PageNumberPagination):
    """Pages of 20, ``page_size`` up to 100; a malformed number is a 400."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request.query_params, "page", default=1, maximum=10**9)
        _positive_int(
            request.query_params, "page_size", default=PAGE_SIZE, maximum=MAX_PAGE_SIZE
        )
        return super().paginate_queryset(queryset, request, view)


class StoryPagination(PagePagination):
    """Pages of stories; a count of 1 to 4 is null ("fewer than 5"), as in facets."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count"] = count_public(response.data["count"])
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["nullable"] = True
        return schema


TAG_PARAMETER = OpenApiParameter(
    "tag",
    OpenApiTypes.STR,
    many=True,
    explode=True,
    description="A tag the item must carry; repeat for more (at most 5).",
)
DOMAIN_PARAMETER = OpenApiParameter(
    "domain", OpenApiTypes.STR, description="Policy domain, e.g. wmo."
)


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The page's id."
)


class _DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "page_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_PATTERN
    kind = ""
    filter_form_class = StoryFilterForm
    pagination_class = PagePagination

    def get_queryset(self):
        documents = (
            Zoekdocument.objects.filter(kind=self.kind)
            .defer("search_vector")
            .order_by("-period", "-page_id")
        )
        if self.action == "list":
            documents = documents_filtered(
                documents=documents,
                form_class=self.filter_form_class,
                params=self.request.query_params,
            )
        return documents


@extend_schema_view(
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
    list=extend_schema(
        parameters=[
            TAG_PARAMETER,
            OpenApiParameter(
                "perspective", OpenApiTypes.STR, description="e.g. inwoner."
            ),
            DOMAIN_PARAMETER,
            OpenApiParameter(
                "period", OpenApiTypes.STR, description="A year, four digits."
            ),
        ]
    ),
)
class StoryViewSet(_DocumentViewSet):
    """Published stories, newest first, place and period as small numbers allow."""

    kind = Kind.STORY
    serializer_class = StorySerializer
    filter_form_class = StoryFilterForm
    pagination_class = StoryPagination

    def get_queryset(self):
        # Ordered by period, a story whose period is not shown would stand between
        # neighbours that show theirs.
        return super().get_queryset().order_by("-published_at", "-page_id")

    def get_serializer_context(self):
        # Over every published story, so that a page or a filter shows no more.
        return {**super().get_serializer_context(), "generalised": _Generalised()}

    @extend_schema(parameters=[ID_PARAMETER], responses=SimilarStoriesSerializer)
    @action(detail=True, url_path="similar", pagination_class=None)
    def similar(self, request: Request, id: str | None = None) -> Response:
        """The published stories most like this one, as its page lists them."""
        story = self.get_object()
        ids = [page.pk for page in stories_similar(page_id=story.page_id)]
        documents = Zoekdocument.objects.defer("search_vector").in_bulk(
            ids, field_name="page_id"
        )
        context = {
            **super().get_serializer_context(),
            "generalised": stories_generalised(ids=ids),
        }
        serializer = StorySerializer(
            [documents[pk] for pk in ids if pk in documents], many=True, context=context
        )
        return Response({"results": serializer.data})


class _Generalised:
    """The stored place and period of every story, read on first use only."""

    def __init__(self) -> None:
        self._values: dict[int, Shown] | None = None

    def get(self, page_id: int, default: Shown) -> Shown:
        if self._values is None:
            self._values = stories_generalised()
        return self._values.get(page_id, default)


@extend_schema_view(
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
    list=extend_schema(
        parameters=[
            TAG_PARAMETER,
            OpenApiParameter("status", OpenApiTypes.STR, description="e.g. lopend."),
            DOMAIN_PARAMETER,
        ]
    ),
)
class ExperimentViewSet(_DocumentViewSet):
    """Published experiments, newest first."""

    kind = Kind.EXPERIMENT
    serializer_class = ExperimentSerializer
    filter_form_class = ExperimentFilterForm


class PatternViewSet(viewsets.ReadOnlyModelViewSet):
    """Recurring patterns of tags, best first."""

    serializer_class = PatternSerializer
    pagination_class = PagePagination
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return patterns_best()


class ApiRootView(APIView):
    """The API's resources, each with its address."""

    RESOURCES = {
        "stories": "api:story-list",
        "experiments": "api:experiment-list",
        "patterns": "api:pattern-list",
        "search": "api:search",
        "schema": "api:schema",
        "docs": "api:docs",
    }

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(
            {
                name: reverse(view, request=request)
                for name, view in self.RESOURCES.items()
            }
        )


class SearchView(APIView):
    """Full-text search with facets; the parameters of /zoeken/."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words to find."),
            TAG_PARAMETER,
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=Kind.values,
            ),
            OpenApiParameter("perspective", OpenApiTypes.STR),
            OpenApiParameter("domain", OpenApiTypes.STR),
            OpenApiParameter("period", OpenApiTypes.STR, description="A year."),
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter(
                "sort",
                OpenApiTypes.STR,
                enum=["relevance", "newest", "oldest", "title"],
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="1 to 100, default 20."
            ),
        ],
        responses=SearchResponseSerializer,
    )
    def get(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        page_size = _positive_int(
            request.query_params, "page_size", default=PAGE_SIZE, maximum=MAX_PAGE_SIZE
        )
        query = form.search_query(per_page=page_size)
        results = search_results(query=query)
        context = {"request": request, "generalised": _stories_of(results.hits)}
        # The envelope of the other lists (DRF's page-number pagination).
        url = request.build_absolute_uri()
        has_next = query.page * page_size < results.total
        previous = None
        if query.page == 2:
            previous = remove_query_param(url, "page")
        elif query.page > 2:
            previous = replace_query_param(url, "page", query.page - 1)
        return Response(
            {
                "count": count_public(results.total),
                "next": replace_query_param(url, "page", query.page + 1)
                if has_next
                else None,
                "previous": previous,
                "results": HitSerializer(results.hits, many=True, context=context).data,
                "backend": results.backend,
                "notices": results.notices,
                "facets": {
                    name: [
                        {"value": value, "count": facet_count_public(name, n)}
                        for value, n in values
                    ]
                    for name, values in results.facets.items()
                },
            }
        )


def _stories_of(hits: list[Hit]) -> dict:
    if not any(hit.kind == Kind.STORY for hit in hits):
        return {}
    return stories_generalised(ids=[hit.id for hit in hits if hit.kind == Kind.STORY])


def exception_handler(exc, context):
    """DRF's handler; a missing object is "Niet gevonden", not a model's name."""
    if isinstance(exc, Http404):
        exc = NotFound(_("Not found."))
    return drf_exception_handler(exc, context)


def not_found(request, *args, **kwargs):
    """An address under /api/v1/ that is no resource: Venster's own 404 page.

    Rendered here rather than raised, so that it is Venster's page in the reader's
    language also when DEBUG would show Django's English one.
    """
    return TemplateResponse(request, "404.html", status=404)
