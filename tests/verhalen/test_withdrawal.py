"""Withdrawing through Mijn verhaal removes every copy of a resident's words."""

import json
import pickle

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState

from search.models import Zoekdocument
from tests.factories import ReflectieFactory
from tests.verhalen.test_resident_flow import Resident
from verhalen.models import Inzending, MaandoverzichtPage, VerhaalPage
from verhalen.preview import preview_doubts
from verhalen.selectors import page_findings
from verhalen.services import WITHDRAW_ACTION, monthly_overview_prepare

pytestmark = pytest.mark.django_db

WORDS = (
    "Het keukentafelgesprek over de traplift duurde veertig minuten en niemand "
    "schreef iets op."
)
MARK = "traplift"
# Search pages repeat the query; what must go is the story's own text.
PHRASE = "veertig minuten"
AJAX = {"x-requested-with": "XMLHttpRequest"}


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.VENSTER_MIN_FILL_SECONDS = 0
    settings.VENSTER_EDITORS_EMAIL = ["redactie@venster.example"]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", password="x")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def promote(editor: Client) -> VerhaalPage:
    submission = Inzending.objects.get()
    editor.post(
        reverse("inzendingen:moderate", args=[submission.pk]),
        {"action": "verhaal", "title": "De traplift"},
    )
    return VerhaalPage.objects.get(slug="de-traplift")


def doubts_of(obj) -> list[str]:
    """The keys of every doubt the anonymisation check asks the editor to look at."""
    return [d.key for d in preview_doubts(page_findings(page=obj))]


def publish_through_the_workflow(editor: Client, story: VerhaalPage) -> VerhaalPage:
    """Both workflow steps: the anonymisation check, then the editors' approval."""
    story.get_workflow().start(story, editor.user)
    state = WorkflowState.objects.get(object_id=str(story.pk))
    check = {
        "comment": "",
        "checked": "on",
        "page": story.pk,
        "doubts_seen": doubts_of(story),
    }
    for data in (check, {"comment": ""}):
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[story.pk, "approve", state.current_task_state.pk],
        )
        editor.post(url, data, headers=AJAX)
        state.refresh_from_db()
    story.refresh_from_db()
    assert story.live
    return story


def cached_pages(cache) -> str:
    """The rendered content of every copy in the in-memory page cache."""
    copies = []
    for value in cache._cache.values():
        try:
            copy = pickle.loads(value)  # noqa: S301
        except Exception:  # noqa: S112
            continue
        copies.append(getattr(copy, "content", b"").decode(errors="replace"))
    return "\n".join(copies)


def everywhere_public(story_url: str, story_pk: int) -> dict[str, str]:
    """What an anonymous visitor and a researcher can read, place by place."""
    visitor = Client()
    export = visitor.get("/zoeken/export.csv")
    return {
        "page": visitor.get(story_url).content.decode(),
        "index": visitor.get("/verhalen/").content.decode(),
        "api list": visitor.get("/api/v1/stories/").content.decode(),
        "api detail": visitor.get(f"/api/v1/stories/{story_pk}/").content.decode(),
        "api search": visitor.get(f"/api/v1/search/?q={MARK}").content.decode(),
        "csv": b"".join(export.streaming_content).decode("utf-8-sig"),
        "search": visitor.get(f"/zoeken/?q={MARK}").content.decode(),
    }


def test_withdrawing_a_published_story_leaves_no_trace(
    editor, tree, page_cache, django_capture_on_commit_callbacks
):
    """Submit, promote, publish through the workflow, withdraw: nothing is left."""
    resident = Resident()
    with django_capture_on_commit_callbacks(execute=True):
        code = resident.share(what_happened=WORDS)
        story = publish_through_the_workflow(editor, promote(editor))
    url, pk = story.url, story.pk
    before = everywhere_public(url, pk)
    assert {place for place, text in before.items() if PHRASE in text} == set(before)
    assert Zoekdocument.objects.filter(page_id=pk).exists()
    assert Revision.objects.filter(object_id=str(pk)).exists()
    assert WorkflowState.objects.filter(object_id=str(pk)).exists()
    assert PHRASE in cached_pages(page_cache), "the story page was cached"
    mail.outbox.clear()

    resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw"})
    assert "gepubliceerd" in resident.html(), "the resident is told it is public"
    with django_capture_on_commit_callbacks(execute=True):
        resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})

    assert "verwijderd" in resident.html()
    after = everywhere_public(url, pk)
    assert Client().get(url).status_code == 404
    assert Client().get(f"/api/v1/stories/{pk}/").status_code == 404
    assert {place for place, text in after.items() if PHRASE in text} == set()
    assert not VerhaalPage.objects.filter(pk=pk).exists()
    assert not Zoekdocument.objects.filter(page_id=pk).exists()
    assert not Revision.objects.filter(object_id=str(pk)).exists()
    assert not WorkflowState.objects.filter(object_id=str(pk)).exists()
    assert not TaskState.objects.exists()
    assert not Inzending.objects.exists()
    assert PHRASE not in cached_pages(page_cache)


def test_the_audit_log_records_the_withdrawal_without_the_words(
    editor, tree, django_capture_on_commit_callbacks
):
    resident = Resident()
    with django_capture_on_commit_callbacks(execute=True):
        code = resident.share(what_happened=WORDS)
        story = publish_through_the_workflow(editor, promote(editor))
        resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})

    entry = PageLogEntry.objects.get(action=WITHDRAW_ACTION)
    assert entry.page_id == story.pk
    assert entry.label == f"Ingetrokken verhaal {story.pk}"
    entries = PageLogEntry.objects.filter(page_id=story.pk)
    assert entries.filter(action="wagtail.publish").exists(), "who published stays"
    logged = json.dumps(list(entries.values("label", "data")))
    assert MARK not in logged and "keukentafel" not in logged
    assert entry.message.startswith("Ingetrokken door de inwoner"), "registered"


def test_the_editors_are_told_once_without_the_text(
    editor, tree, django_capture_on_commit_callbacks
):
    resident = Resident()
    with django_capture_on_commit_callbacks(execute=True):
        code = resident.share(what_happened=WORDS)
        story = publish_through_the_workflow(editor, promote(editor))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["redactie@venster.example"]
    assert f"Verhaal {story.pk}" in notice.body
    assert MARK not in notice.subject + notice.body
    from verhalen.tasks import notify_editors_withdrawn

    entry = PageLogEntry.objects.get(action=WITHDRAW_ACTION)
    assert notify_editors_withdrawn(entry.pk) is False, "safe to run twice"
    assert len(mail.outbox) == 1


def test_withdrawing_a_draft_story_deletes_the_draft(editor, tree):
    resident = Resident()
    code = resident.share(what_happened=WORDS)
    story = promote(editor)
    assert not story.live

    resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw"})
    assert "concept" in resident.html()
    resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})

    assert not VerhaalPage.objects.filter(pk=story.pk).exists()
    assert not Revision.objects.filter(object_id=str(story.pk)).exists()


def test_an_overview_loses_the_story_and_the_resident_is_told_first(
    editor, tree, django_capture_on_commit_callbacks
):
    """What the editors made of it themselves stays, and the resident hears so."""
    resident = Resident()
    with django_capture_on_commit_callbacks(execute=True):
        code = resident.share(what_happened=WORDS)
        story = publish_through_the_workflow(editor, promote(editor))
    overview = monthly_overview_prepare(month=story.first_published_at.date())
    assert list(overview.stories.all()) == [story]
    overview.save_revision().publish()
    reflection = ReflectieFactory(parent=tree.reflecties, about=story)
    assert MARK in Client().get(overview.url).content.decode()

    resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw"})
    html = resident.html()
    assert "maandoverzicht" in html and overview.title in html
    assert "reflectie" in html and "blijft staan" in html
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})

    overview = MaandoverzichtPage.objects.get(pk=overview.pk)
    assert not overview.stories.exists()
    assert MARK not in Client().get(overview.url).content.decode()
    reflection.refresh_from_db()
    assert reflection.about is None, "the reflection stays, unlinked"
    body = mail.outbox[0].body
    assert f"/admin/pages/{overview.pk}/edit/" in body
    assert f"/admin/pages/{reflection.pk}/edit/" in body


def test_an_alias_of_the_story_is_deleted_with_it(
    editor, tree, django_capture_on_commit_callbacks
):
    """An alias shows the same words under another address; it goes too."""
    resident = Resident()
    with django_capture_on_commit_callbacks(execute=True):
        code = resident.share(what_happened=WORDS)
        story = publish_through_the_workflow(editor, promote(editor))
        alias = story.create_alias(update_slug=f"{story.slug}-kopie")
    assert PHRASE in Client().get(alias.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})

    assert Client().get(alias.url).status_code == 404
    assert not VerhaalPage.objects.filter(pk__in=[story.pk, alias.pk]).exists()
