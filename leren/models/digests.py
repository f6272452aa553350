"""The weekly digest that went out, once per week."""

from django.db import models


class WeeklyDigest(models.Model):
    """The editors' weekly digest, recorded so that each week is sent once."""

    week = models.DateField(unique=True, help_text="The Monday the week starts on.")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week"]

    def __str__(self) -> str:
        return f"digest {self.week:%G-W%V}"
