"""The version of what the public pages show, which retires cached copies."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


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
