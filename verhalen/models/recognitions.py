"""A resident's "Dit herken ik" on a published story."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
