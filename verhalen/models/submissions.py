"""What a resident sends: the submission, its messages, the editors' decisions,
and the single-use confirmations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Domain, Perspective
from .stories import VerhaalPage


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
