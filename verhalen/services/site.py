"""The page tree Venster needs, its workflow, and renewing the public pages' version.

Page titles and introductions are content in Venster's language, not UI strings.
"""

from dataclasses import dataclass
from html import escape

from django.db import transaction
from wagtail.models import Page, Site, Workflow, WorkflowPage

from ..hooks import SITE_TREE, gathered_dict
from ..models import (
    HomePage,
    PaginaVersie,
    VerhalenIndexPage,
    page_cache_token_new,
)


def text_to_rich_text(text: str) -> str:
    """Turn plain text with blank lines between paragraphs into rich text."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in parts if p)


@dataclass(frozen=True)
class SiteTree:
    home: HomePage
    verhalen: VerhalenIndexPage
    reflecties: Page
    experimenten: Page


STORY_WORKFLOW = "Verhalen en reflecties"


def workflow_assign(*, page: Page) -> None:
    """Put the pages under ``page`` through the anonymisation check and approval."""
    workflow = Workflow.objects.filter(name=STORY_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


@transaction.atomic
def site_tree_ensure() -> SiteTree:
    """Return Venster's home and index pages, creating whichever is missing.

    The stories' index is made here; the apps above add theirs (``SITE_TREE``).
    """
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

    def index(model, title: str, slug: str, intro: str, workflow: bool = False):
        page = model.objects.first()
        if page is None:
            home.refresh_from_db()
            page = home.add_child(instance=model(title=title, slug=slug, intro=intro))
        if workflow:
            workflow_assign(page=page)
        return page

    return SiteTree(
        home=home,
        verhalen=index(
            VerhalenIndexPage,
            "Verhalen",
            "verhalen",
            "Wat misging, verteld door wie het overkwam en wie erbij was.",
            workflow=True,
        ),
        **gathered_dict(SITE_TREE, index),
    )


def page_cache_renew(*, page: Page | None = None) -> None:
    """Retire cached public pages once the current transaction commits.

    Every page, or only the copies of ``page``'s own address (all its languages and
    query strings) when nothing else shows what changed.
    """
    parts = page.get_url_parts() if page is not None else None
    path = parts[2] if parts else ""
    transaction.on_commit(
        lambda: PaginaVersie.objects.update_or_create(
            path=path, defaults={"token": page_cache_token_new()}
        )
    )
