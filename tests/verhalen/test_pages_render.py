"""Every page type renders for a visitor, in Dutch, without third-party requests."""

import re

import pytest

from leren.models import ExperimentStatus
from leren.services import tag_summary_refresh
from tests.factories import (
    ExperimentFactory,
    ReflectieFactory,
    StoryFactory,
    SysteemfoutFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_latest_stories_open_experiments_and_recurring_tags(client, tree):
    for n in range(3):
        StoryFactory(
            parent=tree.verhalen, title=f"Wachten op zorg {n}", tags=["wachtlijst"]
        )
    ExperimentFactory(
        parent=tree.experimenten, title="Eén vast gezicht", status=ExperimentStatus.OPEN
    )
    ExperimentFactory(
        parent=tree.experimenten,
        title="Afgerond proefje",
        status=ExperimentStatus.AFGEROND,
    )
    tag_summary_refresh()

    html = client.get("/").content.decode()

    assert "Wachten op zorg 2" in html
    assert "Eén vast gezicht" in html
    assert "Afgerond proefje" not in html, "closed experiments are not 'open'"
    assert "wachtlijst" in html and "3 verhalen" in html
    assert 'lang="nl"' in html


def test_home_without_content_says_so_kindly(client, tree):
    html = client.get("/").content.decode()
    assert "Er zijn nog geen verhalen gepubliceerd" in html


def test_story_index_filters_by_tag_and_names_the_filter(client, tree):
    StoryFactory(parent=tree.verhalen, title="Met wachtlijst", tags=["wachtlijst"])
    StoryFactory(parent=tree.verhalen, title="Over schulden", tags=["schuldhulp"])

    everything = client.get("/verhalen/").content.decode()
    filtered = client.get("/verhalen/?tag=wachtlijst").content.decode()

    assert "Met wachtlijst" in everything and "Over schulden" in everything
    assert "Met wachtlijst" in filtered and "Over schulden" not in filtered


def test_story_index_paginates_and_keeps_the_tag(client, tree):
    for n in range(25):
        StoryFactory(parent=tree.verhalen, title=f"Verhaal nummer {n}", tags=["x"])
    second = client.get("/verhalen/?tag=x&page=2").content.decode()
    assert second.count('class="card"') == 5
    assert "tag=x&amp;page=1" in second or "?tag=x&amp;page=1" in second


@pytest.mark.parametrize(
    "query", ["?page=999", "?page=abc", "?tag=bestaat-niet", "?tag=%3Cscript%3E"]
)
def test_index_with_odd_parameters_still_answers(client, tree, query):
    response = client.get(f"/verhalen/{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_story_page_shows_facts_tags_and_system_flaws(client, tree):
    flaw = SysteemfoutFactory(title="Geen ruimte voor maatwerk")
    story = StoryFactory(
        parent=tree.verhalen,
        title="Het loket was dicht",
        tags=["bereikbaarheid"],
        municipality="Gemeente Lindendal",
    )
    story.systeemfouten.add(flaw)
    story.save()

    html = client.get(story.url).content.decode()

    assert "<h1" in html and "Het loket was dicht" in html
    # One story alone cannot show its place or month (the small-number ladder).
    assert "maart 2025" not in html
    assert "Gemeente Lindendal" not in html
    assert "/verhalen/?tag=bereikbaarheid" in html
    assert "Geen ruimte voor maatwerk" in html and flaw.workaround in html


def test_reflection_page_links_to_what_it_reflects_on(client, tree, story):
    reflection = ReflectieFactory(parent=tree.reflecties, about=story)
    html = client.get(reflection.url).content.decode()
    assert "Ik weet het niet." in html
    assert story.url in html


def test_experiment_page_shows_hypothesis_status_and_who(client, experiment):
    html = client.get(experiment.url).content.decode()
    assert experiment.hypothesis in html
    assert experiment.led_by in html
    assert "Lopend" in html


@pytest.mark.parametrize("path", ["/", "/verhalen/", "/experimenten/", "/reflecties/"])
def test_pages_make_no_third_party_requests(
    client, tree, story, experiment, reflection, path
):
    """Every src/href points at Venster itself: no CDN fonts, scripts or images."""
    html = client.get(path).content.decode()
    external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', html)
    assert external == []
    assert "<script" not in html


def test_unknown_page_gives_a_dutch_404(client, tree):
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
