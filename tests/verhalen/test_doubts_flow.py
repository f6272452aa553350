"""Doubts shown where people act: the resident's preview and the editors' check."""

import html
import re

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.factories import StoryFactory
from tests.verhalen.test_resident_flow import STORY, Resident, quick_forms  # noqa: F401
from tests.verhalen.test_roles_and_workflow import AJAX, member, modal_json
from verhalen.models import AnonymisationCheckTask, Inzending

pytestmark = pytest.mark.django_db

# Several kinds of doubt at once, so that one the anonymiser learns to replace
# still leaves others to show.
DOUBTFUL = (
    "Via de Kwakelapp kreeg ik bericht over mijn klantnummer 4471 2298 13. "
    "Op basisschool De Regenboog zit een meisje van 17 jaar oud die het ook had."
)


def doubts_offered(page_html: str, name: str) -> list[tuple[str, str]]:
    """The (key, word) of every doubt the page offers as a check box called name."""
    found = re.findall(
        rf'name="{name}" value="([^"]+)".*?<strong[^>]*>(.*?)</strong>',
        page_html,
        re.DOTALL,
    )
    return [(html.unescape(key), html.unescape(word)) for key, word in found]


def raw_field(page_html: str, name: str) -> str:
    """What the resident typed, as the page carries it back in a hidden field."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page_html)
    assert match, f"no hidden field {name}"
    return html.unescape(match.group(1))


@pytest.fixture
def previewed():
    """A resident looking at the preview of a story with doubts in it."""
    resident = Resident()
    resident.get("/deel-je-verhaal/")
    started = resident.hidden("started")
    story = {**STORY, "what_happened": DOUBTFUL, "started": started}
    resident.post("/deel-je-verhaal/", story)
    assert resident.last.status_code == 200
    return resident, story


def test_the_preview_marks_doubts_apart_from_replacements(previewed):
    resident, _story = previewed
    page = resident.html()
    offered = doubts_offered(page, "remove")
    assert offered, "the story has words the anonymiser doubts"
    assert '<mark class="doubt">' in page
    assert "twijfel 1" in page, "marked with a visible word, not colour alone"
    assert "Haal het weg als dat zo is." in page, "each doubt explains itself"
    assert "<script" not in page


def test_removing_a_doubt_without_script_takes_it_out_of_the_confirmed_story(
    previewed,
):
    resident, story = previewed
    key, word = doubts_offered(resident.html(), "remove")[0]
    resident.post("/deel-je-verhaal/", {**story, "action": "remove", "remove": key})
    assert resident.last.status_code == 200
    page = resident.html()
    assert "We hebben 1 aangevinkt woord weggehaald" in page
    typed = raw_field(page, "what_happened")
    assert word not in typed, "the removal travels on in the resident's own form"
    assert key not in [k for k, _w in doubts_offered(page, "remove")]

    token = resident.hidden("token")
    resident.post(
        "/deel-je-verhaal/",
        {**story, "what_happened": typed, "token": token, "action": "confirm"},
    )
    assert resident.last.status_code == 200
    stored = Inzending.objects.get().what_happened
    assert word not in stored
    assert re.search(r"\[(naam|leeftijd|nummer|organisatie)\]", stored)


def test_confirming_with_ticked_doubts_shows_the_text_again_first(previewed):
    resident, story = previewed
    key, word = doubts_offered(resident.html(), "remove")[0]
    token = resident.hidden("token")
    resident.post(
        "/deel-je-verhaal/",
        {**story, "token": token, "action": "confirm", "remove": key},
    )
    assert resident.last.status_code == 200
    assert not Inzending.objects.exists(), "nothing is stored unseen"
    assert word not in raw_field(resident.html(), "what_happened")


def test_a_doubt_of_another_text_removes_nothing(previewed):
    resident, story = previewed
    resident.post(
        "/deel-je-verhaal/", {**story, "action": "remove", "remove": "impact:0:3"}
    )
    assert resident.last.status_code == 200
    assert raw_field(resident.html(), "what_happened") == DOUBTFUL


# An age the anonymiser leaves, as in a page an editor wrote: a doubt, not a finding.
DOUBTFUL_LEFT_IN_PAGE = "Mijn zoon van 17 wacht al lang op een plek."


@pytest.fixture
def check(client, django_user_model, tree):
    """An editor with the anonymisation check of a story with doubts before them."""
    medewerker = member(django_user_model, "Medewerker", "m")
    redactie = member(django_user_model, "Redactie", "r")
    story = StoryFactory(
        parent=tree.verhalen, live=False, body=f"<p>{DOUBTFUL_LEFT_IN_PAGE}</p>"
    )
    story.save_revision(user=medewerker)
    story.get_workflow().start(story, medewerker)
    state = WorkflowState.objects.get()
    client.force_login(redactie)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[story.pk, "approve", state.current_task_state.pk],
    )
    return url, story, state


def test_the_editors_check_lists_the_doubts_apart_from_the_findings(client, check):
    url, _story, _state = check
    modal = modal_json(client.get(url))["html"]
    doubts = doubts_offered(modal, "doubts_seen")
    assert doubts, "the story has words the anonymiser doubts"
    assert "De anonimiseerder twijfelt over" in modal
    assert "twijfel 1" in modal
    assert "Haal het weg als dat zo is." in modal


def test_the_check_is_refused_until_every_doubt_is_ticked(client, check):
    url, story, state = check
    keys = [
        key
        for key, _word in doubts_offered(
            modal_json(client.get(url))["html"], "doubts_seen"
        )
    ]
    base = {"comment": "", "checked": "on", "page": story.pk}

    refused = modal_json(client.post(url, base, headers=AJAX))
    assert refused["step"] == "action"
    assert "Vink elke twijfel aan" in refused["html"]
    partly = modal_json(
        client.post(url, {**base, "doubts_seen": keys[:-1]}, headers=AJAX)
    )
    assert partly["step"] == "action"
    state.refresh_from_db()
    assert isinstance(state.current_task_state.task.specific, AnonymisationCheckTask)

    done = modal_json(client.post(url, {**base, "doubts_seen": keys}, headers=AJAX))
    assert done["step"] == "success"
    state.refresh_from_db()
    assert not isinstance(
        state.current_task_state.task.specific, AnonymisationCheckTask
    )


def test_a_check_sent_without_its_page_is_refused_in_dutch(client, check):
    url, _story, _state = check
    refused = modal_json(
        client.post(url, {"comment": "", "checked": "on"}, headers=AJAX)
    )
    assert refused["step"] == "action"
    assert "niet helemaal geladen" in refused["html"]
