"""The shared tag vocabulary: synonyms, the summary per tag, and themes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class TagSynonym(models.Model):
    """The editors' word that one tag means the same as another; patterns join them."""

    variant = models.OneToOneField(
        Tag,
        on_delete=models.CASCADE,
        related_name="synonym_of",
        verbose_name=_("tag"),
    )
    canonical = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        related_name="synonyms",
        verbose_name=_("means the same as"),
    )

    class Meta:
        verbose_name = _("tag synonym")
        verbose_name_plural = _("tag synonyms")

    def __str__(self) -> str:
        return f"{self.variant.name} → {self.canonical.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.variant_id == self.canonical_id:
            raise ValidationError(_("A tag cannot be a synonym of itself."))
        if TagSynonym.objects.filter(variant_id=self.canonical_id).exists():
            raise ValidationError(
                {"canonical": _("That tag is itself a synonym; choose the main tag.")}
            )


class TagSummary(models.Model):
    """How often each tag of the shared vocabulary occurs on published content."""

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, related_name="summary")
    stories = models.PositiveIntegerField(_("stories"), default=0)
    total = models.PositiveIntegerField(_("stories, reflections and experiments"))
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        ordering = ["-total", "tag__name"]
        verbose_name = _("tag summary")

    def __str__(self) -> str:
        return f"{self.tag.name}: {self.total}"


class Thema(models.Model):
    """A theme: tags of the shared vocabulary that belong together."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    tags = models.ManyToManyField(
        Tag, related_name="themes", blank=True, verbose_name=_("tags")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name
