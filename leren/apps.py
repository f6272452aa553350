from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LerenConfig(AppConfig):
    name = "leren"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from . import signals  # noqa: F401
