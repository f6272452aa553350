"""Reflections, experiments, system flaws and the shared tag vocabulary's summary."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from verhalen.choices import Domain, Perspective
from verhalen.models import (
    ExcerptMixin,
    IndexLinkMixin,
    KeptRestrictionsMixin,
    PeriodMixin,
    TaggedIndexPage,
)

from .panels import ExperimentPageForm, LessonsBeforePanel


class ExperimentStatus(models.TextChoices):
    IDEE = "idee", _("Idea")
    OPEN = "open", _("Open to join")
    LOPEND = "lopend", _("Running")
    AFGEROND = "afgerond", _("Completed")
    GESTOPT = "gestopt", _("Stopped")


class SysteemfoutStatus(models.TextChoices):
    GEMELD = "gemeld", _("Reported")
    ERKEND = "erkend", _("Acknowledged")
    IN_BEHANDELING = "in_behandeling", _("Being addressed")
    OPGELOST = "opgelost", _("Resolved")
    NIET_OPGELOST = "niet_opgelost", _("Not resolved")


class Systeemfout(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model
):
    """A flaw in the system, raised together with the workaround used meanwhile.

    A new flaw is a draft, and so is every later change of its text: the public
    register shows the last published version, after the same anonymisation check
    and editorial approval as stories. Its status is the editors' decision, recorded
    with a reason in its history, and is not part of what a revision publishes.
    """

    title = models.CharField(_("title"), max_length=200, unique=True)
    description = models.TextField(_("what stands in the way"))
    workaround = models.TextField(_("temporary workaround"))
    owner = models.CharField(_("owner"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SysteemfoutStatus.choices,
        default=SysteemfoutStatus.GEMELD,
    )
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        help_text=_("Required when the flaw is closed as not resolved."),
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="systeemfout"
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="systeemfout",
        for_concrete_model=False,
    )

    # The text the anonymisation check reads before the flaw is made public.
    checked_fields = ("title", "description", "workaround", "owner")

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("workaround"),
        FieldPanel("owner"),
        FieldPanel("status"),
        FieldPanel("status_reason"),
    ]

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("system flaw")
        verbose_name_plural = _("system flaws")

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        """The revision's text, with the status and reason this flaw has now."""
        obj = super().with_content_json(content)
        # A revision saved before a status change must not undo it when published.
        obj.status = self.status
        obj.status_reason = self.status_reason
        return obj

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.status == SysteemfoutStatus.NIET_OPGELOST and not self.status_reason:
            raise ValidationError(
                {"status_reason": _("Say why the flaw is not being resolved.")}
            )


class ReflectieTag(TaggedItemBase):
    content_object = ParentalKey(
        "leren.ReflectiePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ReflectiePage(
    ExcerptMixin, IndexLinkMixin, PeriodMixin, KeptRestrictionsMixin, Page
):
    """A staff member's look in the mirror on a story or an experiment."""

    body = RichTextField(_("reflection"))
    not_knowing = models.TextField(
        _("what I do not know (yet)"),
        blank=True,
        help_text=_("'I don't know' is an answer too."),
    )
    perspective = models.CharField(
        _("perspective"),
        max_length=20,
        choices=Perspective.choices,
        default=Perspective.MEDEWERKER,
    )
    domain = models.CharField(_("policy domain"), max_length=20, choices=Domain.choices)
    about = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reflects on"),
        help_text=_("The story or experiment this reflection looks at."),
    )
    tags = ClusterTaggableManager(through=ReflectieTag, blank=True)
    systeemfouten = ParentalManyToManyField(
        "leren.Systeemfout",
        blank=True,
        related_name="reflecties",
        verbose_name=_("system flaws"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("not_knowing"),
        MultiFieldPanel(
            [
                PageChooserPanel(
                    "about", page_type=["verhalen.VerhaalPage", "leren.ExperimentPage"]
                ),
                FieldPanel("perspective"),
                FieldPanel("domain"),
                FieldPanel("period"),
                FieldPanel("tags"),
                FieldPanel("systeemfouten"),
            ],
            heading=_("About this reflection"),
        ),
    ]
    # The reflection's own text: indexed, searched and checked for personal data.
    text_fields = ("body", "not_knowing")
    checked_fields = text_fields
    search_fields = [
        *Page.search_fields,
        *map(index.SearchField, text_fields),
        index.FilterField("perspective"),
        index.FilterField("domain"),
        index.FilterField("period"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["leren.ReflectiesIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A flaw shows only once it is published (its own workflow).
        context["systeemfouten"] = self.systeemfouten.filter(live=True)
        return context


class ExperimentTag(TaggedItemBase):
    content_object = ParentalKey(
        "leren.ExperimentPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ExperimentPage(
    ExcerptMixin, IndexLinkMixin, PeriodMixin, KeptRestrictionsMixin, Page
):
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


OPEN_EXPERIMENT_STATUSES = (ExperimentStatus.OPEN, ExperimentStatus.LOPEND)


class ReflectiesIndexPage(TaggedIndexPage):
    subpage_types = ["leren.ReflectiePage"]
    child_model = ReflectiePage

    class Meta:
        verbose_name = _("reflection index")


class ExperimentenIndexPage(TaggedIndexPage):
    subpage_types = ["leren.ExperimentPage"]
    child_model = ExperimentPage

    class Meta:
        verbose_name = _("experiment index")


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


class SysteemfoutWijziging(models.Model):
    """One change of a system flaw's status: from what, to what, why, by whom."""

    systeemfout = models.ForeignKey(
        Systeemfout, on_delete=models.CASCADE, related_name="history"
    )
    old_status = models.CharField(
        _("from"), max_length=20, choices=SysteemfoutStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("to"), max_length=20, choices=SysteemfoutStatus.choices
    )
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.systeemfout_id}: {self.old_status} → {self.new_status}"


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


class WeeklyDigest(models.Model):
    """The editors' weekly digest, recorded so that each week is sent once."""

    week = models.DateField(unique=True, help_text="The Monday the week starts on.")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week"]

    def __str__(self) -> str:
        return f"digest {self.week:%G-W%V}"


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
