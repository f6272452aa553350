"""System flaws: what the editors see going wrong in the system, and its history."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)


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
