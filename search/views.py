"""Public pages of the pattern engine: what keeps going wrong, and who tries what."""

from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leren.models import ExperimentStatus
from verhalen.choices import Domain, Kind, Perspective
from verhalen.selectors import organisation_recognitions_of

from .charts import heat_map, quarter_chart
from .forms import KIND_CHOICES, SearchForm
from .models import Patroon
from .privacy import (
    SUPPRESSED,
    K,
    count_public,
    count_text,
    facet_count_public,
    stories_generalised,
)
from .selectors import (
    experiments_index,
    pattern_address_after_merges,
    pattern_experiments,
    pattern_seen,
    pattern_stories,
    pattern_trend_text,
    patterns_best,
    search_results,
    tags_cooccurring,
)


def patterns(request):
    """/patronen/: every recurring pattern, best first."""
    page_obj = Paginator(patterns_best(), 20).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/patterns.html", {"page_obj": page_obj})


def pattern_by_number(request, pk: int):
    """/patronen/2/: a pattern by its number, for links made before addresses."""
    return redirect(get_object_or_404(Patroon, pk=pk))


def pattern_detail(request, address: str):
    """One pattern: why it is there, its stories, its trend and its experiments."""
    pattern = Patroon.objects.filter(address=address).first()
    if pattern is None:
        # Its tags were merged into others: the pattern lives on under their names.
        merged = pattern_address_after_merges(address=address)
        if merged != address and Patroon.objects.filter(address=merged).exists():
            return redirect("search:pattern", merged, permanent=True)
        raise Http404
    seen = pattern_seen(pattern=pattern)
    index = experiments_index()
    return TemplateResponse(
        request,
        "search/pattern_detail.html",
        {
            "pattern": pattern,
            "seen": seen,
            "stories": pattern_stories(pattern=pattern),
            "experiments": pattern_experiments(pattern=pattern),
            "trend_text": pattern_trend_text(pattern=pattern),
            # Summed over the pattern's stories, under the same small-number rule.
            "organisations": organisation_recognitions_of(page_ids=pattern.story_ids),
            "chart": quarter_chart(quarters=seen.quarters) if seen.quarters else None,
            "new_experiment_url": (
                f"/admin/pages/add/leren/experimentpage/{index.pk}/" if index else ""
            ),
        },
    )


FACET_LABELS = {
    "kind": _("Type"),
    "perspective": _("Perspective"),
    "domain": _("Policy domain"),
    "period": _("Year"),
    "status": _("Experiment status"),
    "tags": _("Tags"),
}
VALUE_LABELS = {
    "kind": dict(KIND_CHOICES),
    "perspective": dict(Perspective.choices),
    "domain": dict(Domain.choices),
    "status": dict(ExperimentStatus.choices),
}


def _href(params: QueryDict, **changes) -> str:
    """The query string of ``params`` with ``changes`` applied, back on page one."""
    params = params.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if isinstance(value, list):
            params.setlist(key, value)
        elif value:
            params[key] = value
        else:
            params.pop(key, None)
    return f"?{params.urlencode()}"


def _facets(params: QueryDict, query, results) -> list[dict]:
    facets = []
    for name in ("kind", "tags", "perspective", "domain", "status", "period"):
        values = []
        for value, count in results.facets.get(name, []):
            if name == "tags":
                active = value in query.tags
                chosen = [t for t in query.tags if t != value] + (
                    [] if active else [value]
                )
                href = _href(params, tag=chosen)
            else:
                active = getattr(query, name) == value
                href = _href(params, **{name: "" if active else value})
            values.append(
                {
                    "label": VALUE_LABELS.get(name, {}).get(value, value),
                    "count": facet_count_public(name, count),
                    "href": href,
                    "active": active,
                }
            )
        if values:
            facets.append({"name": name, "label": FACET_LABELS[name], "values": values})
    return facets


def search(request):
    """/zoeken/: full text with facets; the URL holds the whole query."""
    form = SearchForm(request.GET)
    context = {"form": form, "searched": bool(request.GET)}
    if form.is_valid():
        query = form.search_query()
        results = search_results(query=query)
        stories = stories_generalised(
            ids=[hit.id for hit in results.hits if hit.kind == Kind.STORY]
        )
        for hit in results.hits:
            hit.kind_label = VALUE_LABELS["kind"].get(hit.kind, hit.kind)
            if hit.kind == Kind.STORY:
                hit.shown = stories.get(hit.id, SUPPRESSED)
        pages = max(1, -(-results.total // query.per_page))
        context |= {
            "query": query,
            "results": results,
            "total_shown": count_public(results.total),
            "total_text": count_text(results.total),
            "facets": _facets(request.GET, query, results),
            "pages": pages,
            "previous_href": (
                _href(request.GET, page=str(query.page - 1)) if query.page > 1 else ""
            ),
            "next_href": (
                _href(request.GET, page=str(query.page + 1))
                if query.page < pages
                else ""
            ),
            "export_href": f"{reverse('search:export')}?{request.GET.urlencode()}",
        }
    return TemplateResponse(
        request,
        "search/search.html",
        context,
        status=200 if form.is_valid() else 400,
    )


def tag_network(request):
    """Which tags occur together in stories: a heat map in cluster order, a table."""
    cooccurrence = tags_cooccurring()
    return TemplateResponse(
        request,
        "search/network.html",
        {
            "network": cooccurrence,
            "heat_map": heat_map(cooccurrence=cooccurrence),
            "K": K,
        },
    )
