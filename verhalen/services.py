"""Writes for stories: the page tree that holds all published content."""

# Page titles and introductions are content in Venster's language, not UI strings.

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage, VerhalenIndexPage


@dataclass(frozen=True)
class SiteTree:
    home: HomePage
    verhalen: VerhalenIndexPage
    reflecties: Page
    experimenten: Page


@transaction.atomic
def site_tree_ensure() -> SiteTree:
    """Return Venster's home and index pages, creating whichever is missing."""
    from leren.models import ExperimentenIndexPage, ReflectiesIndexPage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own welcome page is the only thing a fresh install has at "home".
        for page in root.get_children().filter(slug="home"):
            if page.specific_class is Page:
                page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title="Venster",
                slug="home",
                intro=(
                    "Fouten als voorwaarde voor vernieuwing: verhalen over wat misging "
                    "in het sociaal domein, en de experimenten die het anders proberen."
                ),
            )
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "root_page": home,
                "hostname": "localhost",
                "site_name": "Venster",
            },
        )

    def index(model, title: str, slug: str, intro: str):
        existing = model.objects.first()
        if existing is not None:
            return existing
        home.refresh_from_db()
        return home.add_child(instance=model(title=title, slug=slug, intro=intro))

    return SiteTree(
        home=home,
        verhalen=index(
            VerhalenIndexPage,
            "Verhalen",
            "verhalen",
            "Wat misging, verteld door wie het overkwam en wie erbij was.",
        ),
        reflecties=index(
            ReflectiesIndexPage,
            "Reflecties",
            "reflecties",
            "Medewerkers kijken in de spiegel, ook naar wat ze niet weten.",
        ),
        experimenten=index(
            ExperimentenIndexPage,
            "Experimenten",
            "experimenten",
            "Iets anders proberen waar steeds hetzelfde misgaat.",
        ),
    )
