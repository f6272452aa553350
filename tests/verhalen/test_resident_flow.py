"""The resident's flow through the real views, with CSRF enforced."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import StoryFactory, submission_confirmed
from verhalen.codes import ALPHABET, code_generate, code_hash, code_normalise
from verhalen.models import (
    Herkenning,
    Inzending,
    InzendingBericht,
    MessageKind,
    ReasonCode,
    SubmissionStatus,
)

pytestmark = pytest.mark.django_db

STORY = {
    "what_happened": (
        "Mijn buurvrouw Anja de Vries belde voor mij met de gemeente. "
        "Mijn BSN 111222333 stond verkeerd in de brief."
    ),
    "impact": "Ik heb drie maanden geen hulp gehad.",
    "what_would_help": "Eén vast aanspreekpunt.",
    "perspective": "inwoner",
    "domain": "wmo",
    "municipality": "utrecht",
    "consent": "publiceren",
}


@pytest.fixture(autouse=True)
def quick_forms(settings):
    """People in tests type fast; the minimum fill time has a test of its own."""
    settings.VENSTER_MIN_FILL_SECONDS = 0
    cache.clear()


class Resident:
    """A browser with cookies and CSRF enforced, walking through the forms."""

    def __init__(self) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.last = None

    def get(self, path: str):
        self.last = self.client.get(path)
        return self.last

    def post(self, path: str, data: dict):
        if "csrftoken" not in self.client.cookies:
            self.client.get("/deel-je-verhaal/")
        data = {**data, "csrfmiddlewaretoken": self.client.cookies["csrftoken"].value}
        self.last = self.client.post(path, data)
        return self.last

    def html(self) -> str:
        return self.last.content.decode()

    def hidden(self, name: str) -> str:
        match = re.search(rf'name="{name}" value="([^"]*)"', self.html())
        assert match, f"no hidden field {name}"
        return match.group(1)

    def share(self, **story) -> str:
        """Fill in, preview and confirm a story; return the verhaalcode."""
        self.get("/deel-je-verhaal/")
        started = self.hidden("started")
        self.post("/deel-je-verhaal/", {**STORY, **story, "started": started})
        assert self.last.status_code == 200, self.html()
        token = self.hidden("token")
        self.post(
            "/deel-je-verhaal/",
            {**STORY, **story, "started": started, "token": token, "action": "confirm"},
        )
        match = re.search(r'<p class="code"[^>]*>([A-Z0-9-]+)</p>', self.html())
        assert match, self.html()
        return match.group(1)


@pytest.fixture
def resident():
    return Resident()


def test_share_form_is_in_dutch_and_points_to_the_complaints_procedure(resident):
    html = resident.get("/deel-je-verhaal/").content.decode()
    assert "Deel je verhaal" in html
    assert "klachtenprocedure" in html
    assert resident.last["Cache-Control"].count("no-store") == 1


def test_preview_shows_the_anonymised_text_and_stores_nothing(resident):
    resident.get("/deel-je-verhaal/")
    response = resident.post(
        "/deel-je-verhaal/", {**STORY, "started": resident.hidden("started")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark" in html and "[bsn]" in html
    marked = "".join(re.findall(r'class="preview-text">(.*?)</p>', html, re.S))
    assert "111222333" not in marked and "Anja" not in marked
    assert Inzending.objects.count() == 0
    assert "no-store" in response["Cache-Control"]


def test_preview_names_the_chosen_perspective_and_domain_in_words(resident):
    resident.get("/deel-je-verhaal/")
    response = resident.post(
        "/deel-je-verhaal/", {**STORY, "started": resident.hidden("started")}
    )
    facts = re.search(r'<dl class="facts">(.*?)</dl>', response.content.decode(), re.S)
    assert "<dd>Inwoner</dd>" in facts.group(1)
    assert "<dd>Wmo</dd>" in facts.group(1)
    assert "inwoner" not in facts.group(1), "not the stored value"


def test_confirming_stores_only_the_anonymised_text_and_a_hashed_code(resident):
    code = resident.share()
    submission = Inzending.objects.get()
    assert re.fullmatch(rf"[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{2}}", code)
    assert "111222333" not in submission.what_happened
    assert "Anja" not in submission.what_happened
    assert "[bsn]" in submission.what_happened
    assert submission.municipality == "Utrecht", "the register's spelling"
    assert submission.code_hash == code_hash(code) != code
    assert code not in str(Inzending.objects.values_list())
    assert "Schrijf hem op" in resident.html()


def test_edit_brings_back_what_the_resident_typed(resident):
    resident.get("/deel-je-verhaal/")
    started = resident.hidden("started")
    resident.post("/deel-je-verhaal/", {**STORY, "started": started})
    html = resident.post(
        "/deel-je-verhaal/", {**STORY, "started": started, "action": "edit"}
    ).content.decode()
    assert "Anja de Vries" in html, "the form is filled again"
    assert "<textarea" in html
    assert Inzending.objects.count() == 0


def test_a_tampered_preview_is_refused_and_nothing_is_lost(resident):
    resident.get("/deel-je-verhaal/")
    started = resident.hidden("started")
    resident.post("/deel-je-verhaal/", {**STORY, "started": started})
    token = resident.hidden("token")
    response = resident.post(
        "/deel-je-verhaal/",
        {**STORY, "started": started, "action": "confirm", "token": token[:-3] + "abc"},
    )
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()
    assert "Anja de Vries" in response.content.decode(), "the text is still there"
    assert Inzending.objects.count() == 0


def test_a_form_sent_within_seconds_is_refused(resident, settings):
    settings.VENSTER_MIN_FILL_SECONDS = 60
    resident.get("/deel-je-verhaal/")
    response = resident.post(
        "/deel-je-verhaal/", {**STORY, "started": resident.hidden("started")}
    )
    assert response.status_code == 400
    assert "erg snel" in response.content.decode()


def test_a_filled_honeypot_is_refused(resident):
    resident.get("/deel-je-verhaal/")
    response = resident.post(
        "/deel-je-verhaal/",
        {**STORY, "started": resident.hidden("started"), "website": "spam.example"},
    )
    assert response.status_code == 400
    assert Inzending.objects.count() == 0


def test_an_unknown_municipality_gets_a_clear_message(resident):
    resident.get("/deel-je-verhaal/")
    response = resident.post(
        "/deel-je-verhaal/",
        {**STORY, "started": resident.hidden("started"), "municipality": "Jan Jansen"},
    )
    assert response.status_code == 400
    assert "Deze gemeente kennen we niet" in response.content.decode()


def municipality_errors(resident: Resident, typed: str) -> str:
    """Send the form with ``typed`` as municipality; return that field's errors."""
    resident.get("/deel-je-verhaal/")
    response = resident.post(
        "/deel-je-verhaal/",
        {**STORY, "started": resident.hidden("started"), "municipality": typed},
    )
    assert response.status_code == 400
    errors = re.search(
        r'<ul class="field__errors" id="id_municipality-errors">(.*?)</ul>',
        resident.html(),
        re.S,
    )
    assert errors, "no error under the municipality field"
    return errors.group(1)


def test_bergen_alone_is_asked_which_of_the_two_it_is(resident):
    errors = municipality_errors(resident, "bergen")
    assert "Er is meer dan één gemeente Bergen" in errors
    assert "Bergen (NH) in Noord-Holland" in errors
    assert "Bergen (L) in Limburg" in errors
    assert "Welke bedoel je?" in errors
    assert "kennen we niet" not in errors


@pytest.mark.parametrize(
    ("typed", "stored"), [("Bergen (NH)", "Bergen (NH)"), ("bergen (l)", "Bergen (L)")]
)
def test_a_bergen_with_its_province_is_stored_in_the_registers_spelling(
    resident, typed, stored
):
    resident.share(municipality=typed)
    assert Inzending.objects.get().municipality == stored


def test_weesp_is_told_it_belongs_to_amsterdam_since_2022(resident):
    errors = municipality_errors(resident, "Weesp")
    assert "Weesp hoort sinds 2022 bij de gemeente Amsterdam" in errors


def test_den_haag_is_accepted_and_stored_as_residents_write_it(resident):
    resident.share(municipality="den haag")
    assert Inzending.objects.get().municipality == "Den Haag"


def test_a_missing_choice_names_the_field_in_dutch(resident):
    resident.get("/deel-je-verhaal/")
    story = {k: v for k, v in STORY.items() if k != "consent"}
    response = resident.post(
        "/deel-je-verhaal/", {**story, "started": resident.hidden("started")}
    )
    assert response.status_code == 400
    assert "Dit is een verplicht veld" in response.content.decode()


def test_my_story_shows_status_and_the_reason_for_the_decision(resident):
    code = resident.share()
    Inzending.objects.update(
        status=SubmissionStatus.DECLINED,
        reason=ReasonCode.FORMAL_COMPLAINT,
        reason_note="Neem contact op met de klachtencoördinator.",
    )
    html = resident.post("/mijn-verhaal/", {"code": code.lower()}).content.decode()
    assert "Niet opgepakt" in html
    assert "klachtenprocedure" in html
    assert "klachtencoördinator" in html


def test_a_wrong_code_is_refused_kindly(resident):
    response = resident.post("/mijn-verhaal/", {"code": code_generate()})
    assert response.status_code == 400
    assert "We vinden geen verhaal met deze code" in response.content.decode()
    response = resident.post("/mijn-verhaal/", {"code": "hallo"})
    assert "twaalf letters en cijfers" in response.content.decode()


def test_resident_answers_the_editors_question_after_a_preview(resident):
    code = resident.share()
    submission = Inzending.objects.get()
    InzendingBericht.objects.create(
        inzending=submission, kind=MessageKind.QUESTION, text="Wanneer was dit?"
    )
    Inzending.objects.update(status=SubmissionStatus.QUESTION)

    html = resident.post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "Wanneer was dit?" in html and "Antwoord de redactie" in html
    answer = "In maart. Bel me op 06-12345678."
    resident.post(
        "/mijn-verhaal/", {"code": code, "text": answer, "action": "message-preview"}
    )
    assert "[telefoonnummer]" in resident.html()
    assert InzendingBericht.objects.count() == 1, "nothing stored before confirming"
    resident.post(
        "/mijn-verhaal/",
        {
            "code": code,
            "text": answer,
            "token": resident.hidden("token"),
            "action": "message-confirm",
        },
    )
    stored = InzendingBericht.objects.get(kind=MessageKind.ANSWER)
    assert "06-12345678" not in stored.text and "[telefoonnummer]" in stored.text
    assert Inzending.objects.get().status == SubmissionStatus.RECEIVED


def test_a_message_token_cannot_be_used_for_another_submission(resident):
    code = resident.share()
    other_code = resident.share(what_happened="Een ander verhaal over de bijstand.")
    resident.post(
        "/mijn-verhaal/",
        {"code": code, "text": "Aanvulling", "action": "message-preview"},
    )
    token = resident.hidden("token")
    response = resident.post(
        "/mijn-verhaal/",
        {
            "code": other_code,
            "text": "Aanvulling",
            "token": token,
            "action": "message-confirm",
        },
    )
    assert response.status_code == 400
    assert not InzendingBericht.objects.exists()


def test_withdrawing_deletes_the_submission_after_a_confirmation(resident):
    code = resident.share()
    resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw"})
    assert "Weet" in resident.html() or "intrekken" in resident.html()
    assert Inzending.objects.get().what_happened, "not yet: a second step confirms"
    resident.post("/mijn-verhaal/", {"code": code, "action": "withdraw-confirm"})
    assert not Inzending.objects.exists()
    assert not InzendingBericht.objects.exists()
    assert "verwijderd" in resident.html()
    again = resident.post("/mijn-verhaal/", {"code": code})
    assert again.status_code == 400, "the code no longer opens anything"


def test_recognition_counts_once_per_browser_and_stores_no_address(tree, resident):
    story = StoryFactory(parent=tree.verhalen)
    for _ in range(3):
        response = resident.post(f"/herken/{story.pk}/", {})
        assert response.status_code == 302
    Resident().post(f"/herken/{story.pk}/", {})

    assert Herkenning.objects.count() == 2
    html = resident.get(story.url).content.decode()
    assert "2 mensen herkennen dit" in html
    assert "127.0.0.1" not in str(list(Herkenning.objects.values_list()))


def test_recognising_an_unpublished_story_is_not_found(tree, resident):
    story = StoryFactory(parent=tree.verhalen, live=False)
    assert resident.post(f"/herken/{story.pk}/", {}).status_code == 404


def test_many_requests_from_one_network_are_slowed_down_without_storing_it(resident):
    resident.get("/deel-je-verhaal/")
    started = resident.hidden("started")
    statuses = [
        resident.post("/deel-je-verhaal/", {**STORY, "started": started}).status_code
        for _ in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert "Wacht even" in resident.html()
    keys = " ".join(str(k) for k in cache._cache)
    assert "127.0.0" not in keys


def test_verhaalcodes_read_aloud_without_look_alikes():
    codes = {code_generate() for _ in range(200)}
    assert len(codes) == 200
    assert not set("01258BILOSUZ") & set("".join(codes))
    assert code_normalise(" k7pm q3xd-9fta ") == "K7PMQ3XD9FTA"
    assert code_normalise("K7PM-Q3XD-9FT0") is None


def test_submission_str_never_contains_free_text(db):
    submission, _ = submission_confirmed("Geheim verhaal", consent="intern")
    assert "Geheim" not in str(submission)
    assert str(submission).startswith("Inzending ")
