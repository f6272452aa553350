"""factory_boy factories for Venster's pages; pages are added under a given parent."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from leren.models import ExperimentPage, ExperimentStatus, ReflectiePage, Systeemfout
from verhalen.choices import Domain, Perspective
from verhalen.models import VerhaalPage
from verhalen.services import submission_create


class PageFactory(factory.django.DjangoModelFactory):
    """Create a published page as the last child of ``parent``, with ``tags``."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Pagina {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    period = datetime.date(2025, 3, 1)
    domain = Domain.WMO

    @classmethod
    def _create(cls, model_class, *args, parent, tags=(), **kwargs):
        page = model_class(*args, **kwargs)
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        return page


class StoryFactory(PageFactory):
    class Meta:
        model = VerhaalPage

    title = factory.Sequence(lambda n: f"Verhaal {n}")
    body = "<p>De brief kwam te laat en niemand nam de telefoon op.</p>"
    perspective = Perspective.INWONER


class ReflectieFactory(PageFactory):
    class Meta:
        model = ReflectiePage

    title = factory.Sequence(lambda n: f"Reflectie {n}")
    body = "<p>Ik had eerder moeten bellen.</p>"
    not_knowing = "Ik weet het niet."


class ExperimentFactory(PageFactory):
    class Meta:
        model = ExperimentPage

    title = factory.Sequence(lambda n: f"Experiment {n}")
    hypothesis = "We denken dat één vast aanspreekpunt wachttijd voorkomt."
    approach = "<p>Elke inwoner krijgt één contactpersoon.</p>"
    led_by = "Sociaal wijkteam Noord"
    status = ExperimentStatus.LOPEND


class SysteemfoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Systeemfout

    title = factory.Sequence(lambda n: f"Systeemfout {n}")
    description = "Het systeem kent geen uitzondering voor maatwerk."
    workaround = "De consulent legt het besluit handmatig vast."
    owner = "Team Beleid Wmo"


SUBMISSION_DEFAULTS = {
    "perspective": "inwoner",
    "domain": "wmo",
    "municipality": "",
    "consent": "publiceren",
}


def submission_confirmed(text: str = "De brief kwam te laat.", **kwargs):
    """A submission as the share form stores it once confirmed: (it, its code).

    ``text`` is what happened; ``texts`` adds or replaces the other answers.
    """
    texts = {"what_happened": text, **kwargs.pop("texts", {})}
    return submission_create(texts=texts, **{**SUBMISSION_DEFAULTS, **kwargs})
