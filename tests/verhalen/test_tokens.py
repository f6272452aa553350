"""Signed tokens are single-purpose and single-use; the form's start stamp ages."""

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from tests.verhalen.test_resident_flow import STORY, Resident
from verhalen import preview as tokens
from verhalen.models import Bevestiging, Inzending, InzendingBericht
from verhalen.services import retention_apply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.VENSTER_MIN_FILL_SECONDS = 0


@pytest.fixture
def resident():
    return Resident()


def preview(resident: Resident) -> tuple[str, str]:
    """Fill in the form and preview it; return its start stamp and preview token."""
    resident.get("/deel-je-verhaal/")
    started = resident.hidden("started")
    resident.post("/deel-je-verhaal/", {**STORY, "started": started})
    return started, resident.hidden("token")


def confirm(resident: Resident, started: str, token: str):
    return resident.post(
        "/deel-je-verhaal/",
        {**STORY, "started": started, "token": token, "action": "confirm"},
    )


def message_preview(resident: Resident, code: str, text: str = "Het was in maart."):
    resident.post(
        "/mijn-verhaal/", {"code": code, "text": text, "action": "message-preview"}
    )
    return resident.hidden("token")


def message_confirm(resident: Resident, code: str, token: str):
    return resident.post(
        "/mijn-verhaal/",
        {
            "code": code,
            "text": "Het was in maart.",
            "token": token,
            "action": "message-confirm",
        },
    )


def signed_at(moment: float, monkeypatch, make):
    """Return what ``make()`` signs as if the clock showed ``moment``."""
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: moment)
        return make()


def test_confirming_the_same_preview_twice_stores_one_story(resident):
    started, token = preview(resident)
    first = confirm(resident, started, token)
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', first.content.decode())
    assert code, "the first confirmation shows the code"

    again = confirm(resident, started, token)

    assert again.status_code == 409
    html = again.content.decode()
    assert "al bevestigd" in html and "Mijn verhaal" in html
    assert code.group(1) not in html, "the code is never shown a second time"
    assert Inzending.objects.count() == 1


def test_sending_the_same_message_twice_adds_it_once(resident):
    code = resident.share()
    token = message_preview(resident, code)
    assert message_confirm(resident, code, token).status_code == 200

    again = message_confirm(resident, code, token)

    assert again.status_code == 409
    assert "al verstuurd" in again.content.decode()
    assert InzendingBericht.objects.count() == 1


def test_a_wrong_tampered_or_stale_token_is_a_dutch_400(
    resident, settings, monkeypatch
):
    """A token made for one form, altered, or too old: refused kindly, never a 500."""
    code = resident.share()
    submission = Inzending.objects.get()
    message_token = message_preview(resident, code)
    started, story_token = preview(resident)
    stale = signed_at(
        time.time() - settings.VENSTER_PREVIEW_MAX_AGE - 60,
        monkeypatch,
        lambda: tokens.preview_token(
            {"submission": submission.pk, "kind": "aanvulling", "texts": {"text": "x"}},
            purpose=tokens.MESSAGE,
        ),
    )
    odd = tokens.preview_token({"texts": {"text": "x"}}, purpose=tokens.STORY)

    as_story = confirm(resident, started, message_token)
    assert as_story.status_code == 400
    assert "verlopen" in as_story.content.decode()
    assert "Anja de Vries" in as_story.content.decode(), "nothing typed is lost"
    assert confirm(resident, started, odd).status_code == 400
    for token in (story_token, message_token[:-4] + "abcd", stale):
        response = message_confirm(resident, code, token)
        assert response.status_code == 400
        assert "verlopen" in response.content.decode()
    assert Inzending.objects.count() == 1
    assert not InzendingBericht.objects.exists()


def test_an_old_start_stamp_does_not_skip_the_minimum_fill_time(
    resident, settings, monkeypatch
):
    settings.VENSTER_MIN_FILL_SECONDS = 60
    resident.get("/deel-je-verhaal/")
    earlier = time.time() - 120
    recent = signed_at(
        earlier,
        monkeypatch,
        lambda: signing.dumps(earlier, salt="verhalen.form-started"),
    )
    long_ago = time.time() - settings.VENSTER_FORM_MAX_AGE - 60
    old = signed_at(
        long_ago,
        monkeypatch,
        lambda: signing.dumps(long_ago, salt="verhalen.form-started"),
    )
    typed = resident.post("/deel-je-verhaal/", {**STORY, "started": recent})
    assert typed.status_code == 200, "two minutes of typing is fine"

    response = resident.post("/deel-je-verhaal/", {**STORY, "started": old})

    assert response.status_code == 400
    html = response.content.decode()
    assert "te lang open" in html
    assert "Anja de Vries" in html, "what the resident typed is still in the form"
    fresh = resident.hidden("started")
    assert fresh != old, "a new stamp, so sending again can work"
    again = resident.post("/deel-je-verhaal/", {**STORY, "started": fresh})
    assert "erg snel" in again.content.decode(), "the minimum fill time counts anew"
    assert Inzending.objects.count() == 0


def test_used_confirmations_keep_only_a_hash_and_are_forgotten_after_expiry(resident):
    started, token = preview(resident)
    confirm(resident, started, token)
    used = Bevestiging.objects.get()
    payload = signing.loads(token, salt="verhalen.preview.story")
    assert payload["nonce"] not in used.nonce_hash
    assert retention_apply().confirmations == 0, "kept while the token is valid"

    Bevestiging.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert retention_apply().confirmations == 1
    assert not Bevestiging.objects.exists()
