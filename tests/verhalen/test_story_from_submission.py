"""From a resident's submission to a good draft story, and what the resident sees."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import submission_confirmed
from tests.verhalen.test_resident_flow import STORY, Resident
from verhalen.models import (
    Beslissing,
    DecisionAction,
    Inzending,
    MessageKind,
    VerhaalPage,
)
from verhalen.selectors import submissions_similar
from verhalen.services import (
    submission_add_message,
    submission_ask,
    submission_promote,
    submissions_mark_published,
)

pytestmark = pytest.mark.django_db

FIRST_SENTENCE = "De wachtlijst voor jeugdhulp was negen maanden."
TEXT = (
    f"{FIRST_SENTENCE} Niemand belde terug en de overbruggingszorg bestond alleen "
    "op papier. Mijn dochter [naam 1] zat al die tijd thuis, zonder school en zonder "
    "hulp, en wij wisten niet bij wie we nog konden aankloppen."
)


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.VENSTER_MIN_FILL_SECONDS = 0


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", password="x")
    client.force_login(user)
    return user


def create(text: str = TEXT, period: date | None = None, **kwargs) -> Inzending:
    submission, _ = submission_confirmed(
        text,
        texts={"impact": "We stonden er alleen voor."},
        perspective=kwargs.get("perspective", "inwoner"),
        domain=kwargs.get("domain", "jeugd"),
        municipality="Utrecht",
        consent=kwargs.get("consent", "publiceren"),
        period=period,
    )
    return submission


def moderate(client, submission, **data):
    return client.post(reverse("inzendingen:moderate", args=[submission.pk]), data)


def preview(resident: Resident, **fields):
    resident.get("/deel-je-verhaal/")
    return resident.post(
        "/deel-je-verhaal/",
        {**STORY, **fields, "started": resident.hidden("started")},
    )


def test_the_resident_may_say_in_which_month_it_happened():
    resident = Resident()
    html = resident.get("/deel-je-verhaal/").content.decode()
    assert "Wanneer gebeurde het? (niet verplicht)" in html
    assert 'name="period_month"' in html and 'name="period_year"' in html
    assert 'name="period_day"' not in html and 'type="date"' not in html

    response = preview(resident, period_month="3", period_year="2025")
    assert response.status_code == 200
    assert "<dd>maart 2025</dd>" in response.content.decode()
    resident.post(
        "/deel-je-verhaal/",
        {
            **STORY,
            "period_month": "3",
            "period_year": "2025",
            "started": resident.hidden("started"),
            "token": resident.hidden("token"),
            "action": "confirm",
        },
    )
    assert Inzending.objects.get().period == date(2025, 3, 1)


def test_the_month_is_optional_and_never_in_the_future():
    resident = Resident()
    assert preview(resident).status_code == 200

    next_year = str(timezone.localdate().year + 1)
    resident = Resident()
    # The year list stops at this year: a later one is not even a choice.
    response = preview(resident, period_month="1", period_year=next_year)
    assert response.status_code == 400

    today = timezone.localdate()
    if today.month < 12:
        response = preview(
            Resident(), period_month=str(today.month + 1), period_year=str(today.year)
        )
        assert response.status_code == 400
        assert "Die maand is nog niet geweest" in response.content.decode()

    response = preview(Resident(), period_month="5")
    assert response.status_code == 400
    assert "Kies de maand én het jaar, of geen van beide" in response.content.decode()


def test_preview_and_my_story_show_the_chosen_consent(client, editor):
    resident = Resident()
    response = preview(resident, consent="intern")
    facts = re.search(r'<dl class="facts">(.*?)</dl>', response.content.decode(), re.S)
    assert "Alleen om intern van te leren" in facts.group(1)

    code = resident.share(consent="intern")
    html = Resident().post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "Je toestemming:" in html
    assert "Alleen om intern van te leren" in html


def test_my_story_links_to_the_published_story(editor, tree):
    resident = Resident()
    code = resident.share()
    submission = Inzending.objects.get()
    story = submission_promote(
        submission=submission, editor=editor, title="Negen maanden wachten"
    )
    html = Resident().post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "Lees je verhaal zoals het gepubliceerd is" not in html, "still a draft"

    story.save_revision(user=editor).publish()
    submissions_mark_published(story=story)
    html = Resident().post("/mijn-verhaal/", {"code": code}).content.decode()
    assert f'href="{story.url}"' in html
    assert "Lees je verhaal zoals het gepubliceerd is" in html


def test_promotion_needs_a_title_the_editor_writes_with_a_suggestion(client, editor):
    submission = create()
    page = client.get(reverse("inzendingen:moderate", args=[submission.pk]))
    field = re.search(r'<input[^>]*name="title"[^>]*>', page.content.decode()).group(0)
    assert 'value="' not in field, "the field starts empty"
    suggestion = re.search(r'placeholder="([^"]+)"', field).group(1)
    assert suggestion == "Jeugdwet: het verhaal van een inwoner"
    assert FIRST_SENTENCE[:20] not in suggestion, "not copied from the text"

    response = moderate(client, submission, action=DecisionAction.PROMOTE)
    assert response.status_code == 200
    assert "Schrijf een titel voor het verhaal" in response.content.decode()
    assert not VerhaalPage.objects.exists()


def test_a_promoted_draft_has_the_editors_title_and_a_slug_from_it(
    client, editor, tree
):
    first, second = create(), create(text=TEXT + " Later werd het beter.")
    moderate(client, first, action="verhaal", title="Negen maanden wachten")
    moderate(client, second, action="verhaal", title="Negen maanden wachten")

    stories = VerhaalPage.objects.order_by("pk")
    assert [story.title for story in stories] == ["Negen maanden wachten"] * 2
    # Wagtail's own numbering keeps the second unique among its siblings.
    assert [story.slug for story in stories] == [
        "negen-maanden-wachten",
        "negen-maanden-wachten-1",
    ]
    assert not any("inzending" in story.slug for story in stories)
    assert not any(FIRST_SENTENCE in story.title for story in stories)


def test_a_promoted_draft_has_the_month_the_resident_gave(client, editor, tree):
    submission = create(period=date(2024, 11, 1))
    moderate(client, submission, action="verhaal", title="Wachten")
    assert VerhaalPage.objects.get().period == date(2024, 11, 1)


def test_without_a_month_the_draft_has_the_month_sent_and_says_so(client, editor, tree):
    submission = create()
    Inzending.objects.filter(pk=submission.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2025, 6, 17, 12))
    )
    page = client.get(reverse("inzendingen:moderate", args=[submission.pk]))
    assert "niet opgegeven" in page.content.decode()
    response = moderate(
        client, submission, action="verhaal", title="Wachten", follow=False
    )
    assert VerhaalPage.objects.get().period == date(2025, 6, 1)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("de maand waarin het verhaal is verstuurd" in m for m in messages)


def test_answers_and_additions_follow_the_text_in_order_marked_as_later(
    client, editor, tree
):
    submission = create()
    submission_add_message(
        submission=submission, kind=MessageKind.ADDITION, text="Eerste aanvulling."
    )
    submission_ask(submission=submission, editor=editor, question="In welk jaar?")
    submission_add_message(
        submission=submission, kind=MessageKind.ANSWER, text="Dat was in 2023."
    )
    submission_add_message(
        submission=submission, kind=MessageKind.ADDITION, text="Tweede aanvulling."
    )
    moderate(client, submission, action="verhaal", title="Wachten")

    body = VerhaalPage.objects.get().body
    positions = [
        body.index(part)
        for part in (
            "negen maanden",
            "Eerste aanvulling.",
            "In welk jaar?",
            "Dat was in 2023.",
            "Tweede aanvulling.",
        )
    ]
    assert positions == sorted(positions)
    assert body.count("Later toegevoegd") == 2
    assert body.count("Later antwoord") == 1


def test_the_editors_promotion_note_is_kept(client, editor, tree):
    code_submission = create()
    moderate(
        client,
        code_submission,
        action="verhaal",
        title="Wachten",
        note="Dank je wel; we zetten je verhaal in de reeks over wachtlijsten.",
    )
    decision = Beslissing.objects.get()
    assert decision.note.startswith("Dank je wel; we zetten")
    code_submission.refresh_from_db()
    assert code_submission.reason_note == decision.note


NEAR_COPY = (
    "De wachtlijst voor de jeugdhulp was wel negen maanden. Niemand belde ons terug "
    "en die overbruggingszorg bestond alleen op papier. Mijn dochter [naam 2] zat al "
    "die tijd thuis, zonder school en zonder hulp, en we wisten niet bij wie we "
    "konden aankloppen."
)
OTHER_STORY = (
    "Mijn toeslag werd teruggevorderd zonder uitleg. De brief kwam in de zomer en "
    "niemand bij de gemeente kon zeggen waarom, dus ik ben met de schuldhulp "
    "begonnen en heb een regeling getroffen voor de rest van het jaar."
)


def test_a_near_identical_second_submission_is_pointed_out(client, editor):
    first = create()
    second = create(text=NEAR_COPY, domain="wmo")
    other = create(text=OTHER_STORY)

    found = {obj.pk for kind, obj, score in submissions_similar(submission=second)}
    assert found == {first.pk}
    html = client.get(
        reverse("inzendingen:moderate", args=[second.pk])
    ).content.decode()
    assert "Deze inzending lijkt op:" in html
    assert f"Inzending {first.pk}" in html
    assert f"Inzending {other.pk}" not in html
    # The first one points at its later copy too.
    found = {obj.pk for kind, obj, score in submissions_similar(submission=first)}
    assert found == {second.pk}


def test_a_different_submission_is_not_pointed_out(client, editor):
    create(text=OTHER_STORY)
    different = create()
    assert submissions_similar(submission=different) == []
    html = client.get(
        reverse("inzendingen:moderate", args=[different.pk])
    ).content.decode()
    assert "lijkt op" not in html


def test_a_near_identical_published_story_is_pointed_out(editor, tree):
    story = submission_promote(submission=create(), editor=editor, title="Wachten")
    story.save_revision(user=editor).publish()
    found = submissions_similar(submission=create(text=NEAR_COPY))
    assert ("verhaal", story.pk) in [(kind, obj.pk) for kind, obj, score in found]
