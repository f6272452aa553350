"""Recurring patterns, recomputed from published stories and stored for cheap reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Patroon(models.Model):
    """A set of two or three tags that recurs across published stories."""

    tags = models.JSONField(_("tags"))
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
    growing = models.BooleanField(_("growing"))
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

    @property
    def has_open_experiment(self) -> bool:
        return bool(self.open_experiment_ids)
