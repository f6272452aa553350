"""What the API shows of published content: anonymised text and generalised facets.

Stories and experiments are read from the search documents (published, public pages
only), patterns from the stored patterns. A story's place and period are the ones
the small-number rule allows (:mod:`search.privacy`), never the page's own.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from verhalen.choices import Kind

from ..backends import MARK_END, MARK_START, Hit
from ..models import Patroon, Trend, TrendReason, Zoekdocument
from ..privacy import SUPPRESSED, Shown, period_month
from ..selectors import pattern_as_dict


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None and url else url


def _generalised(context: dict, page_id: int) -> Shown:
    return context["generalised"].get(page_id, SUPPRESSED)


class StorySerializer(serializers.Serializer):
    """A published story with its place and period as small numbers allow."""

    id = serializers.IntegerField(source="page_id")
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    tags = serializers.ListField(child=serializers.CharField())
    perspective = serializers.CharField()
    domain = serializers.CharField()
    municipality = serializers.SerializerMethodField(
        help_text=_("The municipality, its province, or empty: see place_level.")
    )
    place_level = serializers.SerializerMethodField(
        help_text=_("What municipality holds: municipality, province or none.")
    )
    period = serializers.SerializerMethodField(
        help_text=_("2025-03 (month), 2025-K1 (quarter), 2025 (year) or empty.")
    )
    period_level = serializers.SerializerMethodField(
        help_text=_(
            "What period holds: month, quarter, year, or none when place and "
            "period are suppressed."
        )
    )
    text = serializers.CharField(help_text=_("The published, anonymised text."))

    def get_url(self, document: Zoekdocument) -> str:
        return _absolute(self.context.get("request"), document.url)

    def get_municipality(self, document: Zoekdocument) -> str:
        return _generalised(self.context, document.page_id).place

    def get_place_level(self, document: Zoekdocument) -> str:
        return str(_generalised(self.context, document.page_id).place_level)

    def get_period(self, document: Zoekdocument) -> str:
        return _generalised(self.context, document.page_id).period

    def get_period_level(self, document: Zoekdocument) -> str:
        return str(_generalised(self.context, document.page_id).period_level)


class SimilarStoriesSerializer(serializers.Serializer):
    """The published stories most like one story, most similar first."""

    results = StorySerializer(
        many=True,
        help_text=_(
            "Up to five published stories, most similar first: rarer shared tags "
            "count most, then shared words."
        ),
    )


class ExperimentSerializer(serializers.Serializer):
    """A published experiment: hypothesis, approach, results and lessons as text."""

    id = serializers.IntegerField(source="page_id")
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    tags = serializers.ListField(child=serializers.CharField())
    domain = serializers.CharField()
    status = serializers.CharField()
    period = serializers.SerializerMethodField(help_text=_("The month, as 2025-03."))
    text = serializers.CharField(help_text=_("The published text."))

    def get_url(self, document: Zoekdocument) -> str:
        return _absolute(self.context.get("request"), document.url)

    def get_period(self, document: Zoekdocument) -> str:
        return period_month(document.period)


class LinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()


class TrendWindowSerializer(serializers.Serializer):
    """One of the two 12-month windows a pattern's trend compares."""

    # "from" is a Python keyword, so the field is declared below.
    to = serializers.DateField(allow_null=True)
    stories = serializers.IntegerField(help_text=_("The pattern's stories."))
    all_stories = serializers.IntegerField(help_text=_("All published stories."))

    def get_fields(self) -> dict:
        fields = super().get_fields()
        return {"from": serializers.DateField(allow_null=True), **fields}


class TrendWindowsSerializer(serializers.Serializer):
    recent = TrendWindowSerializer()
    previous = TrendWindowSerializer()


class PatternSerializer(serializers.Serializer):
    """A recurring set of tags; the fields of ``pattern_as_dict`` and the id."""

    id = serializers.IntegerField(
        help_text=_("Changes when patterns are recomputed; the url does not.")
    )
    tags = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField(
        help_text=_("The pattern's page, addressed by its tags' slugs.")
    )
    stories = serializers.IntegerField()
    growing = serializers.BooleanField()
    open_experiments = LinkSerializer(many=True)
    closed_experiments = LinkSerializer(many=True)
    lift = serializers.FloatField()
    expected_by_chance = serializers.FloatField()
    score = serializers.FloatField()
    perspectives = serializers.ListField(child=serializers.CharField())
    provinces = serializers.ListField(child=serializers.CharField())
    first_seen = serializers.CharField(
        help_text=_(
            "The earliest period of the pattern's stories as their pages show it "
            "(2025-03, 2025-K1 or 2025); empty when none shows one."
        )
    )
    last_seen = serializers.CharField(
        help_text=_("The latest period, shown the same way as first_seen.")
    )
    recent_period_stories = serializers.IntegerField()
    previous_period_stories = serializers.IntegerField()
    trend = serializers.ChoiceField(choices=Trend.choices)
    trend_reason = serializers.ChoiceField(
        choices=TrendReason.choices,
        allow_blank=True,
        help_text=_("Why the trend is stable without a test; empty when tested."),
    )
    rate_ratio = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "The pattern's stories per story of the whole site in the recent window, "
            "divided by the same in the window before; null when unbounded."
        ),
    )
    rate_ratio_ci = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        min_length=2,
        max_length=2,
        help_text=_("The 95% interval of the rate ratio; null for no upper bound."),
    )
    p_value = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "Exact conditional binomial test of the rate ratio against 1; null when "
            "there are too few stories."
        ),
    )
    windows = TrendWindowsSerializer()
    trend_text = serializers.CharField()
    why = serializers.CharField()

    def to_representation(self, instance: Patroon) -> dict:
        # One shape for the command line, exports and the API.
        data = {"id": instance.pk, **pattern_as_dict(pattern=instance)}
        request = self.context.get("request")
        for key in ("open_experiments", "closed_experiments"):
            data[key] = [
                {**link, "url": _absolute(request, link["url"])} for link in data[key]
            ]
        data["url"] = _absolute(request, data["url"])
        return data


class HitSerializer(serializers.Serializer):
    """One search result."""

    id = serializers.IntegerField()
    type = serializers.CharField(source="kind")
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    highlight = serializers.SerializerMethodField(
        help_text=_("Plain text around the matched words, without markup.")
    )
    highlight_html = serializers.SerializerMethodField(
        help_text=_("The same excerpt as escaped HTML, matched words in <mark>.")
    )
    tags = serializers.ListField(child=serializers.CharField())
    perspective = serializers.CharField()
    domain = serializers.CharField()
    municipality = serializers.SerializerMethodField(
        help_text=_("Stories only, as small numbers allow.")
    )
    place_level = serializers.SerializerMethodField(
        help_text=_("Stories only: municipality, province or none.")
    )
    period = serializers.SerializerMethodField(
        help_text=_("The month; for stories as small numbers allow.")
    )
    period_level = serializers.SerializerMethodField(
        help_text=_("Stories only: month, quarter, year or none (suppressed).")
    )
    status = serializers.CharField()

    def get_url(self, hit: Hit) -> str:
        return _absolute(self.context.get("request"), hit.url)

    def get_highlight(self, hit: Hit) -> str:
        return hit.highlight.replace(MARK_START, "").replace(MARK_END, "")

    def get_highlight_html(self, hit: Hit) -> str:
        return str(hit.highlight_html)

    def get_municipality(self, hit: Hit) -> str:
        if hit.kind != Kind.STORY:
            return ""
        return _generalised(self.context, hit.id).place

    def get_place_level(self, hit: Hit) -> str:
        if hit.kind != Kind.STORY:
            return ""
        return str(_generalised(self.context, hit.id).place_level)

    def get_period_level(self, hit: Hit) -> str:
        if hit.kind != Kind.STORY:
            return ""
        return str(_generalised(self.context, hit.id).period_level)

    def get_period(self, hit: Hit) -> str:
        if hit.kind == Kind.STORY:
            return _generalised(self.context, hit.id).period
        return period_month(hit.period) if hit.period else ""


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "How many results have this value; null means fewer than 5 for "
            "perspective, domain and period."
        ),
    )


class FacetsSerializer(serializers.Serializer):
    tags = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    perspective = FacetValueSerializer(many=True)
    domain = FacetValueSerializer(many=True)
    period = FacetValueSerializer(many=True)
    status = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    """The answer to a search: one page of hits and the facets of all of them.

    The envelope is the other lists' (count, next, previous, results).
    """

    count = serializers.IntegerField(
        allow_null=True, help_text=_("How many results; null means fewer than 5.")
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HitSerializer(many=True)
    backend = serializers.CharField()
    notices = serializers.ListField(child=serializers.CharField())
    facets = FacetsSerializer()
