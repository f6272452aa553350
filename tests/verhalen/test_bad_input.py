"""Bad input to the resident's forms gets a clear Dutch answer, never a server error."""

import pytest
from django.test import Client

from tests.verhalen.test_resident_flow import STORY
from verhalen.forms import StoryForm
from verhalen.models import Inzending

pytestmark = pytest.mark.django_db

NASTY = {
    "empty": "",
    "one megabyte": "a" * 1_000_000,
    "NUL byte": "tekst\x00met een nul",
    "right-to-left override": "gewoon \u202eniet gewoon",
    "zero-width": "on\u200bzicht\u200dbaar\ufeff",
    "emoji": "😀 het was 🙈 echt niks 👍🏽",
    "html and script": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "sql": "'; DROP TABLE verhalen_inzending; --",
}
FIELDS = [*STORY, "started", "website", "token", "action"]


@pytest.fixture
def client(settings):
    settings.VENSTER_MIN_FILL_SECONDS = 0
    return Client()


def started() -> str:
    return StoryForm().initial["started"]


def assert_answers_safely(response) -> None:
    assert response.status_code < 500
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", NASTY.values(), ids=NASTY.keys())
def test_every_share_field_takes_bad_input_without_a_server_error(client, field, value):
    for action in ("preview", "confirm"):
        data = {**STORY, "started": started(), "action": action, field: value}
        assert_answers_safely(client.post("/deel-je-verhaal/", data))


@pytest.mark.parametrize("field", ["code", "text", "token", "action"])
@pytest.mark.parametrize("value", NASTY.values(), ids=NASTY.keys())
def test_every_my_story_field_takes_bad_input_without_a_server_error(
    client, field, value
):
    data = {"code": "K7PM-Q3XD-9FTA", "action": "message-preview", field: value}
    assert_answers_safely(client.post("/mijn-verhaal/", data))


def test_a_megabyte_story_gets_a_clear_dutch_message(client):
    data = {**STORY, "started": started(), "what_happened": "a" * 1_000_000}
    response = client.post("/deel-je-verhaal/", data)
    assert response.status_code == 400
    assert "Houd dit onder de 10000 tekens" in response.content.decode()


def test_a_nul_byte_gets_a_clear_dutch_message(client):
    data = {**STORY, "started": started(), "what_happened": "a\x00b"}
    response = client.post("/deel-je-verhaal/", data)
    assert response.status_code == 400
    assert "Null-tekens zijn niet toegestaan" in response.content.decode()


def test_invisible_and_direction_characters_are_removed_before_storing(client):
    text = "Het \u202eloket\u202c was \u200bdicht."
    data = {**STORY, "started": started(), "what_happened": text}
    preview = client.post("/deel-je-verhaal/", data).content.decode()
    assert "\u202e" not in preview.split('class="preview-text"')[1]
    token = preview.split('name="token" value="')[1].split('"')[0]
    client.post("/deel-je-verhaal/", {**data, "token": token, "action": "confirm"})
    assert Inzending.objects.get().what_happened == "Het loket was dicht."


def test_html_in_a_story_is_stored_as_text_and_shown_escaped(client):
    text = "<b>vet</b> en <script>alert(1)</script> gewoon tekst"
    data = {**STORY, "started": started(), "what_happened": text}
    preview = client.post("/deel-je-verhaal/", data).content.decode()
    assert "&lt;script&gt;" in preview and "<script>" not in preview


def test_invalid_utf8_in_the_request_body_is_answered_not_crashed(client):
    body = b"what_happened=%FF%FE%FD&perspective=inwoner&domain=wmo&consent=intern"
    response = client.generic(
        "POST",
        "/deel-je-verhaal/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_a_request_larger_than_the_upload_limit_gets_a_dutch_page(client):
    data = {**STORY, "started": started(), "what_happened": "a" * 3_000_000}
    response = client.post("/deel-je-verhaal/", data)
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
