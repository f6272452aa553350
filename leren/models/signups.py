"""Sign-ups to take part in an experiment: contact details, kept apart from stories.

A sign-up holds the least that is needed to reach someone about one experiment. It
is never indexed, exported to researchers or shown in the API; its owner and the
editors see it in the admin, and it is deleted a set time after the experiment ends
(``VENSTER_RETENTION_SIGNUP_DAYS``) or at once with the person's code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Aanmelding(models.Model):
    """Someone who would like to take part in an experiment, and how to reach them."""

    experiment = models.ForeignKey(
        "leren.ExperimentPage",
        verbose_name=_("experiment"),
        on_delete=models.CASCADE,
        related_name="aanmeldingen",
    )
    name = models.CharField(_("name or role"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    contribution = models.TextField(_("what they would bring"), blank=True)
    consented_at = models.DateTimeField(_("consent given at"))
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    owner_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # What the admin's audit log keeps of a deleted sign-up: never who it was.
        return f"Aanmelding {self.pk}"
