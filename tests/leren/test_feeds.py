"""Atom feeds: new stories, experiment results, system flaws and one per topic."""

from xml.etree import ElementTree

import pytest
from wagtail.models import PageViewRestriction

from leren.models import ExperimentStatus, SysteemfoutStatus, SysteemfoutWijziging
from tests.factories import (
    ExperimentFactory,
    ReflectieFactory,
    StoryFactory,
    SysteemfoutFactory,
)
from verhalen.models import VerhaalPage
from verhalen.services import story_generalisations_refresh
from verhalen.small_numbers import K

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> dict[str, str]:
    """Each entry's title with its summary, from a well-formed Atom document."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (Venster's own)
    return {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}summary") or ""
        for entry in feed.iter(f"{ATOM}entry")
    }


def test_stories_feed_lists_published_public_stories_only(client, tree):
    StoryFactory(parent=tree.verhalen, title="Gepubliceerd")
    StoryFactory(parent=tree.verhalen, title="Concept", live=False)
    private = StoryFactory(parent=tree.verhalen, title="Besloten")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    assert set(entries(client.get("/feeds/verhalen/"))) == {"Gepubliceerd"}


def test_a_story_in_a_feed_shows_place_and_period_only_as_its_page_does(client, tree):
    for n in range(K):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Gewoon {n}",
            municipality="Utrecht",
            period="2025-03-01",
        )
    StoryFactory(
        parent=tree.verhalen,
        title="Zeldzaam",
        municipality="Zeist",
        period="2026-07-01",
        perspective="medewerker",
    )
    story_generalisations_refresh()
    found = entries(client.get("/feeds/verhalen/"))
    assert found["Gewoon 0"].startswith("maart 2025 · Utrecht")
    assert "Zeist" not in found["Zeldzaam"] and "2026" not in found["Zeldzaam"]


def test_experiment_results_feed_holds_completed_and_stopped_experiments(client, tree):
    ExperimentFactory(
        parent=tree.experimenten,
        title="Klaar",
        status=ExperimentStatus.AFGEROND,
        lessons="<p>Eén gezicht werkt.</p>",
    )
    ExperimentFactory(
        parent=tree.experimenten, title="Gestaakt", status=ExperimentStatus.GESTOPT
    )
    ExperimentFactory(parent=tree.experimenten, title="Loopt nog")
    found = entries(client.get("/feeds/experimenten/"))
    assert set(found) == {"Klaar: Afgerond", "Gestaakt: Gestopt"}
    assert found["Klaar: Afgerond"] == "Eén gezicht werkt."


def test_system_flaws_feed_tells_status_changes_of_published_flaws_only(
    client, django_user_model
):
    editor = django_user_model.objects.create_user("redacteur-jansen")
    published = SysteemfoutFactory(title="Geen maatwerk")
    draft = SysteemfoutFactory(title="Nog niet gezien", live=False)
    for flaw in (published, draft):
        SysteemfoutWijziging.objects.create(
            systeemfout=flaw,
            old_status=SysteemfoutStatus.GEMELD,
            new_status=SysteemfoutStatus.ERKEND,
            reason="Het team herkent het.",
            changed_by=editor,
        )
    response = client.get("/feeds/systeemfouten/")
    assert entries(response) == {"Geen maatwerk: Erkend": "Het team herkent het."}
    assert editor.username not in response.content.decode()


def test_a_topic_feed_holds_stories_reflections_and_experiments_on_it(client, tree):
    StoryFactory(parent=tree.verhalen, title="Wachten", tags=["wachtlijst"])
    ReflectieFactory(parent=tree.reflecties, title="Spiegel", tags=["wachtlijst"])
    ExperimentFactory(parent=tree.experimenten, title="Brug", tags=["wachtlijst"])
    StoryFactory(parent=tree.verhalen, title="Ander", tags=["huur"])
    found = entries(client.get("/feeds/onderwerp/wachtlijst/"))
    assert set(found) == {"Wachten", "Spiegel", "Brug"}
    missing = client.get("/feeds/onderwerp/bestaat-niet/")
    assert missing.status_code == 404


def test_a_topic_feed_address_no_slug_can_be_is_not_found(client, tree):
    assert client.get("/feeds/onderwerp/wacht%00lijst/").status_code == 404


def test_a_topic_feed_of_a_tag_with_a_unicode_slug_is_served(client, tree):
    StoryFactory(parent=tree.verhalen, title="Één loket", tags=["één loket"])
    found = entries(client.get("/feeds/onderwerp/één-loket/"))
    assert set(found) == {"Één loket"}


def test_pages_name_their_feeds(client, tree):
    StoryFactory(parent=tree.verhalen, title="Wachten", tags=["wachtlijst"])
    feeds = 'type="application/atom+xml"'
    home = client.get("/").content.decode()
    assert feeds in home and 'href="/feeds/verhalen/"' in home
    flaws = client.get("/systeemfouten/").content.decode()
    assert 'href="/feeds/systeemfouten/"' in flaws
    experiments = client.get(tree.experimenten.url).content.decode()
    assert 'href="/feeds/experimenten/"' in experiments
    topic = client.get(tree.verhalen.url, {"tag": "wachtlijst"}).content.decode()
    assert 'href="/feeds/onderwerp/wachtlijst/"' in topic


def test_a_cached_feed_loses_a_withdrawn_story_at_once(
    client, tree, page_cache, django_capture_on_commit_callbacks
):
    story = StoryFactory(parent=tree.verhalen, title="Ingetrokken")
    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory(parent=tree.verhalen, title="Blijft").save_revision().publish()
    assert set(entries(client.get("/feeds/verhalen/"))) == {"Ingetrokken", "Blijft"}
    # A change that renews no version: the kept copy answers.
    VerhaalPage.objects.filter(pk=story.pk).update(title="Stil gewijzigd")
    assert "Ingetrokken" in entries(client.get("/feeds/verhalen/"))
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert set(entries(client.get("/feeds/verhalen/"))) == {"Blijft"}
