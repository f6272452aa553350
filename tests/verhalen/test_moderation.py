"""Editors decide on every submission with a reason, and the resident reads it."""

import pytest
from django.urls import reverse

from leren.services import tag_summary_refresh
from tests.factories import StoryFactory, submission_confirmed
from tests.verhalen.test_resident_flow import Resident
from verhalen.models import (
    Beslissing,
    DecisionAction,
    Inzending,
    InzendingBericht,
    ReasonCode,
    SubmissionStatus,
    VerhaalPage,
)
from verhalen.services import (
    ModerationError,
    submission_decline,
    submission_promote,
    submission_withdraw,
    submissions_mark_published,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "De wachtlijst voor jeugdhulp was negen maanden. Niemand belde terug en de "
    "overbruggingszorg bestond alleen op papier."
)


def create(consent: str = "publiceren", text: str = TEXT) -> tuple[Inzending, str]:
    return submission_confirmed(
        text,
        texts={"impact": "We stonden er alleen voor."},
        domain="jeugd",
        municipality="Utrecht",
        consent=consent,
    )


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", password="x")
    client.force_login(user)
    return user


def moderate(client, submission, **data):
    return client.post(reverse("inzendingen:moderate", args=[submission.pk]), data)


def test_promoting_makes_a_prefilled_draft_story_with_suggested_tags(
    client, editor, tree
):
    StoryFactory(parent=tree.verhalen, tags=["wachtlijst", "overbruggingszorg"])
    StoryFactory(parent=tree.verhalen, tags=["schuldhulp"])
    tag_summary_refresh()
    submission, _ = create()

    response = moderate(
        client, submission, action=DecisionAction.PROMOTE, title="Negen maanden"
    )

    story = VerhaalPage.objects.get(slug="negen-maanden")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert not story.live and story.get_parent().pk == tree.verhalen.pk
    assert "negen maanden" in story.body
    assert (story.perspective, story.domain) == ("inwoner", "jeugd")
    assert sorted(t.name for t in story.tags.all()) == [
        "overbruggingszorg",
        "wachtlijst",
    ]
    decision = Beslissing.objects.get()
    assert (decision.editor, decision.action, decision.story) == (
        editor,
        DecisionAction.PROMOTE,
        story,
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PROMOTED


def test_publishing_the_promoted_story_shows_as_published_to_the_resident(editor, tree):
    submission, _ = create()
    story = submission_promote(
        submission=submission, editor=editor, title="Een verhaal"
    )
    assert submissions_mark_published(story=story) == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED


def test_a_submission_for_internal_learning_cannot_be_promoted(client, editor, tree):
    submission, _ = create(consent="intern")
    with pytest.raises(ModerationError):
        submission_promote(submission=submission, editor=editor, title="Titel")
    response = moderate(client, submission, action=DecisionAction.PROMOTE)
    assert response.status_code == 200
    assert not VerhaalPage.objects.exists()


def test_declining_needs_a_reason_and_the_resident_reads_it(client, editor):
    submission, code = create()
    response = moderate(client, submission, action=DecisionAction.DECLINE)
    assert response.status_code == 200, "no reason, no decision"
    assert not Beslissing.objects.exists()

    moderate(
        client,
        submission,
        action=DecisionAction.DECLINE,
        reason=ReasonCode.FORMAL_COMPLAINT,
        note="Bel de klachtencoördinator van de gemeente.",
    )
    client.logout()
    html = Resident().post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "Niet opgepakt" in html
    assert "Dit hoort in de formele klachtenprocedure" in html
    assert "Bel de klachtencoördinator" in html


def test_asking_a_question_reaches_the_resident(client, editor):
    submission, code = create()
    moderate(
        client, submission, action=DecisionAction.QUESTION, question="In welk jaar?"
    )
    assert InzendingBericht.objects.get().text == "In welk jaar?"
    client.logout()
    html = Resident().post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "In welk jaar?" in html and "Antwoord de redactie" in html


def test_keeping_internal_records_who_when_and_why(client, editor):
    submission, _ = create(consent="intern")
    moderate(client, submission, action=DecisionAction.INTERNAL)
    decision = Beslissing.objects.get()
    assert decision.editor == editor and decision.created_at
    assert decision.reason == ReasonCode.CONSENT_INTERNAL
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.INTERNAL


def test_a_withdrawn_submission_takes_no_decisions(client, editor):
    submission, _ = create()
    submission_withdraw(submission=submission)
    response = moderate(
        client, submission, action=DecisionAction.DECLINE, reason=ReasonCode.DUPLICATE
    )
    assert response.status_code == 404
    with pytest.raises(ModerationError):
        submission_decline(
            submission=submission, editor=editor, reason=ReasonCode.DUPLICATE
        )
    assert not Beslissing.objects.exists()


def test_a_close_copy_of_an_earlier_submission_is_pointed_out(client, editor):
    first, _ = create()
    second, _ = create(text=TEXT + " Dat was in de zomer.")
    unrelated, _ = create(text="Mijn toeslag werd teruggevorderd zonder uitleg.")
    html = client.get(
        reverse("inzendingen:moderate", args=[second.pk])
    ).content.decode()
    assert "Mogelijke dubbelingen" in html
    assert f"Inzending {first.pk}" in html
    assert f"Inzending {unrelated.pk}" not in html


def test_people_without_the_moderation_permission_are_refused(
    client, django_user_model
):
    submission, _ = create()
    user = django_user_model.objects.create_user("bezoeker", password="x")
    client.force_login(user)
    response = client.get(reverse("inzendingen:moderate", args=[submission.pk]))
    assert response.status_code in (302, 403)
