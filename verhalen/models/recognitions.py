"""Recognitions of a published story: a resident's "Dit herken ik" and an
organisation's "Dit herkennen wij ook"."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import OrganisationType
from ..municipalities import PROVINCES
from .stories import VerhaalPage


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


class OrganisatieHerkenning(models.Model):
    """One staff member's "dit herkennen wij ook" on one published story.

    It says what kind of organisation recognises the story and in which province,
    never who. The staff member is kept only as a keyed hash of their account and
    the story (``codes.staff_hash``): enough to keep them to one mark per story,
    which they can change or take back, and nothing that links their marks on two
    stories or names them.
    """

    page = models.ForeignKey(
        VerhaalPage,
        on_delete=models.CASCADE,
        related_name="organisatie_herkenningen",
    )
    staff_hash = models.CharField(max_length=64)
    organisation_type = models.CharField(
        _("kind of organisation"), max_length=30, choices=OrganisationType.choices
    )
    province = models.CharField(
        _("province"), max_length=20, choices=[(p, p) for p in PROVINCES]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "staff_hash"], name="one_organisation_mark_per_staff"
            )
        ]
        indexes = [models.Index(fields=["created_at"])]
        verbose_name = _("organisation's recognition")
        verbose_name_plural = _("organisations' recognitions")

    def __str__(self) -> str:
        return f"Organisatieherkenning {self.pk} op pagina {self.page_id}"
