from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerhalenConfig(AppConfig):
    name = "verhalen"
    verbose_name = _("Stories")

    def ready(self) -> None:
        from . import signals  # noqa: F401
