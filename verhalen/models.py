"""Stories and the pages that hold them: the home page and the story index."""

import secrets

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.models.workflows import AbstractGroupApprovalTask, TaskStateCommentForm
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from .choices import Domain, Perspective
from .small_numbers import SUPPRESSED, PeriodLevel, PlaceLevel, Shown

INDEX_PAGE_SIZE = 20


class ExcerptMixin:
    """What a card shows of a page: a plain-text excerpt of its text, and its tags."""

    excerpt_field = "body"

    @cached_property
    def excerpt(self) -> str:
        return self.search_description or get_text_for_indexing(
            getattr(self, self.excerpt_field)
        )

    @cached_property
    def card_tags(self) -> list:
        """The page's tags, from the list's ``prefetch_related("tags")`` if it made one.

        modelcluster's tag manager builds queries on every ``tags.all()`` to look for
        unsaved changes, which a published page in a list never has.
        """
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "tags" in prefetched:
            return list(prefetched["tags"])
        return list(self.tags.all())


class IndexLinkMixin:
    """A detail page links back to its index; the address is kept per page version."""

    def get_context(self, request, *args, **kwargs):
        from .page_cache import version_memo

        context = super().get_context(request, *args, **kwargs)
        context["index_url"] = version_memo(
            request,
            f"parent.{self.pk}",
            lambda: self.get_parent().get_url(request=request),
        )
        return context


class KeptRestrictionsMixin:
    """A routed page checks its view restrictions against those kept per version.

    Wagtail looks up a page's restrictions and its ancestors' with two queries on
    every request. Routing hands the page the paths under a restriction, kept until
    any page's version renews, which adding, changing or removing a restriction does
    at once; a page under none of them has none. A page reached otherwise asks the
    database as Wagtail does.
    """

    restricted_paths: frozenset[str] | None = None

    def get_view_restrictions(self):
        kept = self.restricted_paths
        if kept is not None and not any(self.path.startswith(p) for p in kept):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class PeriodMixin(models.Model):
    """A month in which something happened; stored as its first day, never a day."""

    period = models.DateField(
        _("period"), help_text=_("The month it happened; the day is not kept.")
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.period:
            self.period = self.period.replace(day=1)


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "verhalen.VerhalenIndexPage",
        "leren.ReflectiesIndexPage",
        "leren.ExperimentenIndexPage",
        "verhalen.MaandoverzichtenIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Go straight to the page at the address instead of one level at a time."""
        if path_components:
            from .page_cache import version_memo
            from .selectors import page_for_url_path, restricted_paths

            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = page_for_url_path(url_path=url_path)
            if page is not None:
                if isinstance(page, KeptRestrictionsMixin):
                    page.restricted_paths = version_memo(
                        request, "restricted", restricted_paths
                    )
                return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .hooks import HOME_CONTEXT, gathered_dict
        from .page_cache import fragment_seconds
        from .selectors import stories_latest

        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's kept fragment has expired.
        context["latest_stories"] = stories_latest(limit=6)
        context.update(gathered_dict(HOME_CONTEXT, request))
        context["lists_cache_seconds"] = fragment_seconds(request)
        return context


class TaggedIndexMixin:
    """An index page that lists its published children, filtered by ``?tag=``."""

    child_model: type[Page]

    def get_context(self, request, *args, **kwargs):
        from .page_cache import CACHE_QUERY, fragment_seconds
        from .selectors import pages_tagged, tag_name

        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "").strip()
        pages = pages_tagged(model=self.child_model, parent=self, tag_slug=tag)
        context["tag"] = tag
        context["tag_name"] = tag_name(slug=tag) if tag else ""
        context["page_obj"] = Paginator(pages, INDEX_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        # The page cache keeps a copy only for a tag that exists and a page number
        # as served: made-up values cannot fill it.
        number = str(context["page_obj"].number)
        context[CACHE_QUERY] = {
            **({"tag": tag} if context["tag_name"] else {}),
            **({"page": number} if request.GET.get("page") == number else {}),
        }
        # The list is kept for a tag that exists only, for the same reason.
        known = not tag or context["tag_name"]
        context["list_cache_seconds"] = fragment_seconds(request) if known else 0
        return context


class TaggedIndexPage(TaggedIndexMixin, KeptRestrictionsMixin, Page):
    """The one index of a page type under the home page: an introduction, and the
    published pages of ``child_model`` by tag."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["verhalen.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


class VerhaalTag(TaggedItemBase):
    content_object = ParentalKey(
        "verhalen.VerhaalPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class VerhaalPage(
    ExcerptMixin, IndexLinkMixin, PeriodMixin, KeptRestrictionsMixin, Page
):
    """A story: what went wrong, what it did to people, what was learned."""

    body = RichTextField(_("what happened"))
    impact = RichTextField(_("what it did to people"), blank=True)
    lessons = RichTextField(_("what was learned"), blank=True)
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices
    )
    domain = models.CharField(_("policy domain"), max_length=20, choices=Domain.choices)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=VerhaalTag, blank=True)
    systeemfouten = ParentalManyToManyField(
        "leren.Systeemfout",
        blank=True,
        related_name="verhalen",
        verbose_name=_("system flaws"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("impact"),
        FieldPanel("lessons"),
        MultiFieldPanel(
            [
                FieldPanel("perspective"),
                FieldPanel("domain"),
                FieldPanel("period"),
                FieldPanel("municipality"),
                FieldPanel("tags"),
                FieldPanel("systeemfouten"),
            ],
            heading=_("About this story"),
        ),
    ]
    # The story's own text: indexed, searched and checked for personal data.
    text_fields = ("body", "impact", "lessons")
    checked_fields = text_fields
    search_fields = [
        *Page.search_fields,
        *map(index.SearchField, text_fields),
        index.FilterField("perspective"),
        index.FilterField("domain"),
        index.FilterField("period"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["verhalen.VerhalenIndexPage"]
    subpage_types: list[str] = []
    # Read with the page when it is routed: every surface shows it.
    route_select_related = ("generalisation",)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    @property
    def shown(self) -> Shown:
        """Place and period as the small-number ladder lets every surface show them."""
        try:
            return self.generalisation.shown
        except StoryGeneralisation.DoesNotExist:
            # Not worked out yet (just published): show neither until it is.
            return SUPPRESSED

    def get_context(self, request, *args, **kwargs):
        from .hooks import STORY_CONTEXT, gathered_dict
        from .selectors import recognitions_of
        from .views import recognition_cookie

        context = super().get_context(request, *args, **kwargs)
        # A flaw shows only once it is published (its own workflow).
        context["systeemfouten"] = self.systeemfouten.filter(live=True)
        context["recognitions"], context["recognised"] = recognitions_of(
            page=self, browser_token=recognition_cookie(request)
        )
        context.update(gathered_dict(STORY_CONTEXT, self, request))
        return context


class StoryGeneralisation(models.Model):
    """How a published story's place and period may be shown (the small-number ladder).

    Derived data: worked out over every published story after each publication,
    unpublication, move or deletion, so that a page renders it without counting.
    """

    page = models.OneToOneField(
        VerhaalPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="generalisation",
    )
    place = models.CharField(max_length=100, blank=True)
    place_level = models.CharField(
        max_length=20, choices=[(level.value, level.value) for level in PlaceLevel]
    )
    period = models.CharField(max_length=10, blank=True)
    period_level = models.CharField(
        max_length=20, choices=[(level.value, level.value) for level in PeriodLevel]
    )

    class Meta:
        verbose_name = _("story generalisation")
        verbose_name_plural = _("story generalisations")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.place_level}/{self.period_level}"

    @property
    def shown(self) -> Shown:
        return Shown(
            place=self.place,
            place_level=PlaceLevel(self.place_level),
            period=self.period,
            period_level=PeriodLevel(self.period_level),
        )


class VerhalenIndexPage(TaggedIndexPage):
    subpage_types = ["verhalen.VerhaalPage"]
    child_model = VerhaalPage

    class Meta:
        verbose_name = _("story index")


class SubmissionStatus(models.TextChoices):
    """Where a resident's submission stands; resident and editors read these labels."""

    RECEIVED = "ontvangen", _("Received: the editors will read the story")
    QUESTION = "vraag", _("The editors asked a question")
    PROMOTED = (
        "in_redactie",
        _("Being turned into a story; the editors check the anonymisation first"),
    )
    PUBLISHED = "gepubliceerd", _("Published as a story, anonymised")
    INTERNAL = "intern", _("Kept for internal learning; not published")
    DECLINED = "afgewezen", _("Not taken up")


class ReasonCode(models.TextChoices):
    """Why the editors decided what they did, in words a resident understands."""

    PUBLISHED = (
        "gepubliceerd",
        _("Your story helps others see what goes wrong, so we published it."),
    )
    CONSENT_INTERNAL = (
        "toestemming_intern",
        _("You asked us to use your story for internal learning only."),
    )
    IDENTIFIABLE = (
        "herleidbaar",
        _("Even anonymised, people could recognise who this is about."),
    )
    FORMAL_COMPLAINT = (
        "klacht",
        _("This belongs in the formal complaints procedure; we pointed you there."),
    )
    OUT_OF_SCOPE = "buiten_domein", _("This is not about the social domain.")
    DUPLICATE = "dubbel", _("This story was already shared before.")
    HURTFUL = "kwetsend", _("The story contains hurtful or abusive language.")
    TOO_LITTLE = "te_weinig", _("There is too little to learn from yet.")


class Consent(models.TextChoices):
    PUBLISH = "publiceren", _("You may publish my story, anonymised")
    INTERNAL = "intern", _("Only for internal learning; do not publish")


class Inzending(models.Model):
    """A resident's submission, as confirmed: anonymised text only, never the raw text.

    The verhaalcode is stored only as a keyed hash. No IP address, no account. A
    withdrawn submission is deleted, not kept with a status.
    """

    # NULL, not "", once the code's retention period has passed: many rows may lack
    # a code while every present code stays unique.
    code_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    what_happened = models.TextField(_("what happened"), blank=True)
    impact = models.TextField(_("what it did to the resident"), blank=True)
    what_would_help = models.TextField(_("what would have helped"), blank=True)
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices
    )
    domain = models.CharField(_("policy domain"), max_length=20, choices=Domain.choices)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    period = models.DateField(
        _("month it happened"),
        null=True,
        blank=True,
        help_text=_("As the resident gave it: the first day of the month, or empty."),
    )
    consent = models.CharField(_("consent"), max_length=20, choices=Consent.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.RECEIVED,
    )
    reason = models.CharField(
        _("reason"), max_length=30, choices=ReasonCode.choices, blank=True
    )
    reason_note = models.TextField(
        _("note to the resident"),
        blank=True,
        help_text=_("Plain Dutch; the resident reads this through the verhaalcode."),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    editors_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        permissions = [("moderate_inzending", _("Can moderate submissions"))]

    def __str__(self) -> str:
        # Never free text: this ends up in logs and admin breadcrumbs.
        return f"Inzending {self.pk} ({self.get_status_display()})"


class MessageKind(models.TextChoices):
    """Who wrote a message, as the editors read it; Mijn verhaal says "your"."""

    QUESTION = "vraag", _("Question from the editors")
    ANSWER = "antwoord", _("Answer from the resident")
    ADDITION = "aanvulling", _("Addition from the resident")


class InzendingBericht(models.Model):
    """A question from the editors, or a resident's answer or addition (anonymised)."""

    inzending = models.ForeignKey(
        Inzending, on_delete=models.CASCADE, related_name="berichten"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} bij inzending {self.inzending_id}"


class Herkenning(models.Model):
    """One anonymous "dit herken ik" from one browser on one published story.

    The browser is known only by a keyed hash of a random token in its signed cookie
    and the story, so one browser's rows on two stories share nothing.
    """

    page = models.ForeignKey(
        VerhaalPage, on_delete=models.CASCADE, related_name="herkenningen"
    )
    browser_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "browser_hash"], name="one_recognition_per_browser"
            )
        ]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return f"Herkenning {self.pk} op pagina {self.page_id}"


class DecisionAction(models.TextChoices):
    PROMOTE = "verhaal", _("Turned into a story")
    INTERNAL = "intern", _("Kept for internal learning")
    QUESTION = "vraag", _("Asked a question")
    DECLINE = "afgewezen", _("Not taken up")


class Beslissing(models.Model):
    """An editor's decision on a submission: who, when, what and why."""

    inzending = models.ForeignKey(
        Inzending, on_delete=models.CASCADE, related_name="beslissingen"
    )
    action = models.CharField(
        _("decision"), max_length=20, choices=DecisionAction.choices
    )
    reason = models.CharField(
        _("reason"), max_length=30, choices=ReasonCode.choices, blank=True
    )
    note = models.TextField(_("note to the resident"), blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("editor"),
    )
    story = models.ForeignKey(
        VerhaalPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("story"),
    )
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} (inzending {self.inzending_id})"


class AnonymisationCheckTask(AbstractGroupApprovalTask):
    """A workflow step: the editor sees what the anonymiser finds and confirms.

    The anonymiser runs on the page's current text when the editor opens the action,
    with every finding highlighted; approving records that someone looked.
    """

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("approve", _("Anonymisation checked"), True),
                ("reject", _("Needs more anonymisation"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        # The check boxes are the editor's confirmation, not data for the task state.
        for confirmation in ("checked", "page", "doubts_seen"):
            kwargs.pop(confirmation, None)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_form_for_action(self, action):
        from .forms import AnonymisationCheckForm

        return AnonymisationCheckForm if action == "approve" else TaskStateCommentForm

    def get_template_for_action(self, action):
        return "verhalen/admin/anonymisation_check.html"

    @classmethod
    def get_description(cls):
        return _("Shows what the anonymiser finds in the text; an editor confirms.")

    class Meta:
        verbose_name = _("anonymisation check")
        verbose_name_plural = _("anonymisation checks")


class MaandoverzichtenIndexPage(KeptRestrictionsMixin, Page):
    """Leren van fouten: the monthly overviews, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["verhalen.HomePage"]
    subpage_types = ["verhalen.MaandoverzichtPage"]
    max_count = 1

    class Meta:
        verbose_name = _("monthly overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["overviews"] = (
            MaandoverzichtPage.objects.live().child_of(self).order_by("-month")
        )
        return context


class MaandoverzichtPage(KeptRestrictionsMixin, Page):
    """One month's "Leren van fouten": stories the editors chose, with what they saw."""

    month = models.DateField(_("month"), unique=True)
    intro = RichTextField(_("what we learned this month"), blank=True)
    stories = ParentalManyToManyField(
        VerhaalPage, blank=True, related_name="+", verbose_name=_("stories")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("month"),
        FieldPanel("intro"),
        FieldPanel("stories", widget=forms.CheckboxSelectMultiple),
    ]

    parent_page_types = ["verhalen.MaandoverzichtenIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("monthly overview")
        verbose_name_plural = _("monthly overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chosen_stories"] = (
            VerhaalPage.objects.live()
            .public()
            .filter(pk__in=self.stories.values_list("pk", flat=True))
            .select_related("generalisation")
            .order_by("-first_published_at", "-pk")
        )
        return context


def page_cache_token_new() -> str:
    """A fresh token for ``PaginaVersie``: random, so no two databases share one."""
    return secrets.token_hex(16)


class PaginaVersie(models.Model):
    """The version of what the public pages show: one row for all, one per address.

    Cached copies of public pages are kept under the token of the row without a path
    and that of their own address; a new token retires those copies at once, in
    every process that serves the site.
    """

    path = models.TextField(unique=True, default="", blank=True)
    token = models.CharField(max_length=32, default=page_cache_token_new)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public pages version")
        verbose_name_plural = _("public pages versions")

    def __str__(self) -> str:
        return f"Paginaversie {self.token}"


class Bevestiging(models.Model):
    """A signed token that was used: a resident confirms each preview only once.

    Only a keyed hash of the token's random nonce is kept, never what it carried, and
    only until the token would have expired anyway.
    """

    nonce_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used confirmation")
        verbose_name_plural = _("used confirmations")

    def __str__(self) -> str:
        return f"Bevestiging {self.pk}"
