"""Dutch throughout: what a Dutch editor, resident and researcher read is Dutch."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from search.patterns import patterns_recompute
from search.selectors import pattern_as_dict, patterns_best
from tests.factories import StoryFactory, submission_confirmed
from tests.verhalen.test_resident_flow import STORY, Resident
from verhalen.models import Inzending, InzendingBericht, MessageKind
from verhalen.services import submission_ask

pytestmark = pytest.mark.django_db
DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl"}


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.VENSTER_MIN_FILL_SECONDS = 0


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("redacteur"))
    return client


def test_admin_login_labels_the_password_in_dutch(client):
    html = client.get("/admin/login/", **DUTCH).content.decode()
    assert re.search(r"<label[^>]*>\s*Wachtwoord", html), "no Dutch password label"
    assert ">Password" not in html and 'placeholder="Voer' in html


def test_preview_marks_say_in_dutch_what_was_replaced():
    resident = Resident()
    resident.get("/deel-je-verhaal/")
    html = resident.post(
        "/deel-je-verhaal/", {**STORY, "started": resident.hidden("started")}
    ).content.decode()
    titles = set(re.findall(r'<mark title="([^"]*)"', html))
    assert "naam" in titles and "burgerservicenummer (bsn)" in titles, titles
    assert not {title for title in titles if title.isupper()}, titles


def test_preview_without_personal_data_says_so_instead_of_zero():
    resident = Resident()
    resident.get("/deel-je-verhaal/")
    plain = {
        **STORY,
        "what_happened": "De brief kwam drie weken te laat.",
        "impact": "Ik wist niet wat ik moest doen.",
        "what_would_help": "Een duidelijke brief.",
    }
    html = resident.post(
        "/deel-je-verhaal/", {**plain, "started": resident.hidden("started")}
    ).content.decode()
    assert "We hebben 0" not in html
    assert "geen persoonlijke gegevens gevonden" in html


def test_editor_reads_the_submission_in_editor_wording(editor, tree):
    submission, _code = submission_confirmed(
        "De brief kwam te laat.", texts={"impact": "Stress."}
    )
    InzendingBericht.objects.create(
        inzending=submission, kind=MessageKind.ADDITION, text="Het was in maart."
    )
    submission_ask(submission=submission, editor=None, question="Wanneer was dit?")
    html = editor.get(
        reverse("inzendingen:moderate", args=[submission.pk]), **DUTCH
    ).content.decode()
    assert "Aanvulling van de inwoner" in html
    assert "Wat deed het met de inwoner?" in html
    for resident_words in ("Jouw", "voor je", "met je?", "Heeft je"):
        assert resident_words not in html, resident_words
    listing = editor.get(reverse("inzendingen:index"), **DUTCH).content.decode()
    assert "De redactie heeft een vraag gesteld" in listing
    assert "voor je" not in listing


def test_my_story_speaks_to_the_resident_in_correct_dutch(tree):
    resident = Resident()
    code = resident.share()
    submission = Inzending.objects.get()
    submission_ask(submission=submission, editor=None, question="Wanneer was dit?")
    InzendingBericht.objects.create(
        inzending=submission, kind=MessageKind.ADDITION, text="Het was in maart."
    )
    html = resident.post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "Heeft je een vraag" not in html
    assert "Een vraag gesteld" in html
    assert "Je aanvulling" in html and "Aanvulling van de inwoner" not in html


def test_pattern_why_is_a_sentence_in_the_readers_language(tree):
    for n in range(4):
        StoryFactory(
            parent=tree.verhalen, title=f"W {n}", tags=["wachtlijst", "brieven"]
        )
    for n in range(8):
        StoryFactory(parent=tree.verhalen, title=f"A {n}", tags=[f"los {n}"])
    patterns_recompute()
    pattern = patterns_best()[0]
    with translation.override("nl"):
        dutch = pattern_as_dict(pattern=pattern)["why"]
    with translation.override("en"):
        english = pattern_as_dict(pattern=pattern)["why"]
    assert dutch.startswith("4 verhalen") and "keer zo vaak als" in dutch, dutch
    assert re.search(r"\d,\d", dutch), "Dutch decimal comma in a Dutch sentence"
    assert english.startswith("4 stories carry these tags together"), english
    assert re.search(r"\d\.\d", english)


def test_api_unknown_address_and_missing_object_answer_in_dutch(client, settings):
    settings.DEBUG = True  # as under `make run`: still Venster's page, in Dutch
    response = client.get("/api/v1/bestaat-niet/", **DUTCH)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    missing = client.get("/api/v1/stories/999999/", **DUTCH)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Niet gevonden."}


def test_english_site_says_that_stories_and_intros_stay_dutch(client, tree):
    """The editors' content is Dutch; the English site says so, the Dutch one not."""
    english = client.get("/verhalen/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "introductions the editors write, are in Dutch" in english
    assert "Wat misging, verteld door" in english, "the intro itself stays Dutch"
    dutch = client.get("/verhalen/", **DUTCH).content.decode()
    assert "in het Nederlands" not in dutch
