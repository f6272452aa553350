"""Recurring patterns and the documents the database search reads, both derived data."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Trend(models.TextChoices):
    """Where a pattern's share of the stories is going."""

    GROWING = "growing", _("growing")
    STABLE = "stable", _("stable")
    DECLINING = "declining", _("declining")


class TrendReason(models.TextChoices):
    """Why a trend is stable without a test."""

    TOO_FEW = "too_few", _("too few stories to say anything")


def pattern_address(slugs) -> str:
    """A pattern's address: its tags' slugs in order, "brieven+wachtlijst".

    Patterns are recomputed as a whole, so their numbers change; their tags do not.
    A tag's slug is unique and never holds a "+".
    """
    return "+".join(sorted(slugs))


class Patroon(models.Model):
    """A set of two or three tags that recurs across published stories."""

    tags = models.JSONField(_("tags"))
    address = models.CharField(_("address"), max_length=255, unique=True)
    stories = models.PositiveIntegerField(_("stories"))
    lift = models.FloatField(
        _("lift"), help_text=_("How many times more often than chance.")
    )
    expected = models.FloatField(_("stories expected by chance"))
    score = models.FloatField(_("score"))
    perspectives = models.JSONField(_("perspectives"), default=list)
    municipalities = models.JSONField(_("municipalities"), default=list)
    first_seen = models.DateField(_("first seen"))
    last_seen = models.DateField(_("last seen"))
    recent = models.PositiveIntegerField(_("stories in the recent period"))
    previous = models.PositiveIntegerField(_("stories in the period before"))
    # True only when ``trend`` is growing; kept for the exports that read it.
    growing = models.BooleanField(_("growing"))
    trend = models.CharField(
        _("trend"), max_length=10, choices=Trend.choices, default=Trend.STABLE
    )
    trend_reason = models.CharField(
        _("reason"), max_length=10, choices=TrendReason.choices, blank=True
    )
    # Recent against previous, relative to all stories; none when previous is 0.
    trend_ratio = models.FloatField(_("rate ratio"), null=True)
    trend_ratio_low = models.FloatField(null=True)
    # None when the interval has no upper bound.
    trend_ratio_high = models.FloatField(null=True)
    trend_p_value = models.FloatField(_("p-value"), null=True)
    recent_total = models.PositiveIntegerField(
        _("all stories in the recent period"), default=0
    )
    previous_total = models.PositiveIntegerField(
        _("all stories in the period before"), default=0
    )
    # The previous period runs from window_start to the day before recent_from, the
    # recent one from recent_from to window_end (the last day of the newest month).
    window_start = models.DateField(null=True)
    recent_from = models.DateField(null=True)
    window_end = models.DateField(null=True)
    story_ids = models.JSONField(default=list)
    open_experiment_ids = models.JSONField(default=list)
    closed_experiment_ids = models.JSONField(default=list)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        verbose_name = _("pattern")
        verbose_name_plural = _("patterns")

    def __str__(self) -> str:
        return " + ".join(self.tags)

    def get_absolute_url(self) -> str:
        return reverse("search:pattern", args=[self.address])

    @property
    def has_open_experiment(self) -> bool:
        return bool(self.open_experiment_ids)

    @property
    def trend_label(self) -> str:
        """The trend in a word, or why there is none to give."""
        if self.trend_reason:
            return self.get_trend_reason_display()
        return self.get_trend_display()


class Zoekdocument(models.Model):
    """A published page as the database search backend reads it.

    The database backend's index, and the reference the Elasticsearch index is
    reconciled against. Built from published, anonymised fields only.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=20, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(max_length=500)
    text = models.TextField()
    tags = models.JSONField(_("tags"), default=list)
    perspective = models.CharField(_("perspective"), max_length=20, blank=True)
    domain = models.CharField(_("policy domain"), max_length=20)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    # A story's as the small-number ladder shows it: none when suppressed.
    period = models.DateField(_("period"), null=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    published_at = models.CharField(max_length=40)
    # Filled on PostgreSQL only; SQLite leaves it empty and matches words instead.
    search_vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.kind} {self.page_id}"


class Zoektag(models.Model):
    """One tag of a search document, for filtering and counting by tag."""

    document = models.ForeignKey(
        Zoekdocument, on_delete=models.CASCADE, related_name="tag_rows"
    )
    name = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "name"], name="zoektag_unique")
        ]

    def __str__(self) -> str:
        return self.name
