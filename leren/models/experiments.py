"""Experiments, their index, their matched patterns and the lessons read first."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    Page,
)
from wagtail.search import index

from verhalen.choices import Domain, Kind
from verhalen.models import (
    ContentPage,
    TaggedIndexPage,
)

from ..panels import ExperimentPageForm, LessonsBeforePanel


class ExperimentStatus(models.TextChoices):
    IDEE = "idee", _("Idea")
    OPEN = "open", _("Open to join")
    LOPEND = "lopend", _("Running")
    AFGEROND = "afgerond", _("Completed")
    GESTOPT = "gestopt", _("Stopped")


class ExperimentTag(TaggedItemBase):
    content_object = ParentalKey(
        "leren.ExperimentPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ExperimentPage(ContentPage):
    """Trying something different: a hypothesis, an approach, and what came of it."""

    hypothesis = models.TextField(
        _("hypothesis"), blank=True, help_text=_("Starts with 'We think that…'.")
    )
    approach = RichTextField(_("what we try"))
    led_by = models.CharField(_("who tries it"), max_length=200, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Receives an e-mail when a newly published story matches this "
            "experiment's tags; when empty, the page's owner does."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExperimentStatus.choices,
        default=ExperimentStatus.IDEE,
    )
    results = RichTextField(_("results"), blank=True)
    lessons = RichTextField(_("lessons"), blank=True)
    domain = models.CharField(_("policy domain"), max_length=20, choices=Domain.choices)
    tags = ClusterTaggableManager(through=ExperimentTag, blank=True)
    # When the experiment stopped taking part in: set once it is completed, stopped
    # or unpublished, and cleared when it opens again. The sign-ups' retention
    # counts from here. It belongs to the page, not to a revision.
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hypothesis"),
        MultiFieldPanel(
            [LessonsBeforePanel(), FieldPanel("lessons_read")],
            heading=_("Before you start: tried and learned before"),
        ),
        FieldPanel("approach"),
        FieldPanel("led_by"),
        FieldPanel("contact"),
        FieldPanel("status"),
        FieldPanel("results"),
        FieldPanel("lessons"),
        MultiFieldPanel(
            [FieldPanel("domain"), FieldPanel("period"), FieldPanel("tags")],
            heading=_("About this experiment"),
        ),
    ]
    kind = Kind.EXPERIMENT
    counted_as = "experiments"
    # The experiment's own text: indexed and searched.
    text_fields = ("hypothesis", "approach", "results", "lessons")
    search_fields = [
        *Page.search_fields,
        *map(index.SearchField, text_fields),
        index.FilterField("status"),
        index.FilterField("domain"),
        index.FilterField("period"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    exclude_fields_in_copy = ["ended_at"]
    base_form_class = ExperimentPageForm
    excerpt_field = "approach"

    parent_page_types = ["leren.ExperimentenIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_EXPERIMENT_STATUSES

    def with_content_json(self, content):
        """A revision's content, keeping when the live experiment ended."""
        page = super().with_content_json(content)
        page.ended_at = self.ended_at
        return page

    def get_context(self, request, *args, **kwargs):
        from ..selectors import experiment_signups_shown

        context = super().get_context(request, *args, **kwargs)
        context["signups_shown"] = experiment_signups_shown(experiment=self)
        return context


OPEN_EXPERIMENT_STATUSES = (ExperimentStatus.OPEN, ExperimentStatus.LOPEND)


class ExperimentenIndexPage(TaggedIndexPage):
    subpage_types = ["leren.ExperimentPage"]
    child_model = ExperimentPage

    class Meta:
        verbose_name = _("experiment index")


class ExperimentMatch(models.Model):
    """A published story that matches an experiment's tags; its owner was told once."""

    experiment = models.ForeignKey(
        ExperimentPage, on_delete=models.CASCADE, related_name="matches"
    )
    story = models.ForeignKey(
        "verhalen.VerhaalPage", on_delete=models.CASCADE, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["experiment", "story"], name="experiment_match_unique"
            )
        ]

    def __str__(self) -> str:
        return f"experiment {self.experiment_id} ← story {self.story_id}"


class LessonsRead(models.Model):
    """An author's word, when saving an experiment, of having read what was tried
    and learned before on its subject."""

    experiment = models.ForeignKey(
        ExperimentPage, on_delete=models.CASCADE, related_name="lessons_read"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lessons read")
        verbose_name_plural = _("lessons read")
        ordering = ["-read_at"]

    def __str__(self) -> str:
        return f"{self.experiment_id}: {self.user_id} {self.read_at:%Y-%m-%d}"
