"""Choices shared by all content: what kind it is, who speaks, which policy domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Perspective(models.TextChoices):
    INWONER = "inwoner", _("Resident")
    MEDEWERKER = "medewerker", _("Civil servant")
    ORGANISATIE = "organisatie", _("Organisation")
    BESTUURDER = "bestuurder", _("Administrator")


class Domain(models.TextChoices):
    WMO = "wmo", _("Social Support Act (Wmo)")
    JEUGD = "jeugd", _("Youth Act (Jeugdwet)")
    PARTICIPATIE = "participatie", _("Participation Act (Participatiewet)")
    SCHULDEN = "schulden", _("Debt")
    WONEN = "wonen", _("Housing")
    OVERIG = "overig", _("Other")


class Kind(models.TextChoices):
    """What a piece of published content is, as the search and its exports name it."""

    STORY = "verhaal", _("Story")
    REFLECTION = "reflectie", _("Reflection")
    EXPERIMENT = "experiment", _("Experiment")


class OrganisationType(models.TextChoices):
    """The kind of organisation a staff member speaks for in "dit herkennen wij"."""

    GEMEENTE = "gemeente", _("Municipality")
    ZORGAANBIEDER = "zorgaanbieder", _("Care provider")
    WONINGCORPORATIE = "woningcorporatie", _("Housing association")
    WELZIJNSORGANISATIE = "welzijnsorganisatie", _("Welfare organisation")
    ONDERWIJS = "onderwijs", _("Education")
    ANDERS = "anders", _("Other organisation")
