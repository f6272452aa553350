"""The loop closes: residents see what their story fed, experiment contacts hear of
matching stories, and the editors get one digest a week."""

import datetime

import pytest
from django.core import mail

from leren.models import ExperimentMatch, ExperimentStatus, WeeklyDigest
from leren.notifications import experiment_matches_notify, weekly_digest_send
from search.patterns import patterns_recompute
from tests.factories import (
    ExperimentFactory,
    StoryFactory,
    SysteemfoutFactory,
    submission_confirmed,
)
from verhalen.services import submission_promote

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(django_user_model):
    return django_user_model.objects.create_user(
        "projectleider", email="projectleider@gemeente.example", password="x"
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("redacteur", password="x")


def test_a_matching_story_mails_the_experiment_contact_once(
    tree, contact, django_capture_on_commit_callbacks
):
    ExperimentFactory(
        parent=tree.experimenten,
        title="Eén vast gezicht",
        tags=["wachtlijst", "vaste contactpersoon", "jeugdzorg"],
        status=ExperimentStatus.LOPEND,
        contact=contact,
    )
    story = StoryFactory(
        parent=tree.verhalen,
        title="Steeds een ander",
        tags=["wachtlijst", "vaste contactpersoon"],
        live=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["projectleider@gemeente.example"]
    assert "Eén vast gezicht" in message.subject
    assert (
        "Steeds een ander" in message.body
        and "/verhalen/steeds-een-ander/" in message.body
    )
    assert experiment_matches_notify(story_id=story.pk) == 0, "never twice"
    assert len(mail.outbox) == 1


def test_stories_sharing_one_tag_or_closed_experiments_send_nothing(tree, contact):
    ExperimentFactory(
        parent=tree.experimenten,
        tags=["wachtlijst", "vaste contactpersoon"],
        status=ExperimentStatus.LOPEND,
        contact=contact,
    )
    ExperimentFactory(
        parent=tree.experimenten,
        tags=["schuldhulp", "huur"],
        status=ExperimentStatus.AFGEROND,
        contact=contact,
    )
    one_tag = StoryFactory(parent=tree.verhalen, tags=["wachtlijst", "brieven"])
    closed = StoryFactory(parent=tree.verhalen, tags=["schuldhulp", "huur"])
    assert experiment_matches_notify(story_id=one_tag.pk) == 0
    assert experiment_matches_notify(story_id=closed.pk) == 0
    assert mail.outbox == []
    assert not ExperimentMatch.objects.exists()


def test_without_a_contact_the_page_owner_is_told(tree, contact):
    ExperimentFactory(
        parent=tree.experimenten,
        tags=["mantelzorg"],
        status=ExperimentStatus.OPEN,
        owner=contact,
    )
    story = StoryFactory(parent=tree.verhalen, tags=["mantelzorg", "respijt"])
    assert experiment_matches_notify(story_id=story.pk) == 1
    assert mail.outbox[0].to == ["projectleider@gemeente.example"]


def test_resident_sees_the_pattern_and_experiment_their_story_fed(tree, editor, client):
    submission, code = submission_confirmed(
        "Negen maanden op de wachtlijst voor jeugdhulp.", domain="jeugd"
    )
    story = submission_promote(
        submission=submission, editor=editor, title="Een verhaal"
    )
    story.tags.add("wachtlijst", "overbruggingszorg")
    story.save_revision().publish()
    for n in range(3):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Wachten {n}",
            tags=["wachtlijst", "overbruggingszorg"],
        )
    for n in range(6):
        StoryFactory(parent=tree.verhalen, tags=[f"los {n}"])
    experiment = ExperimentFactory(
        parent=tree.experimenten,
        title="Overbruggen met een vast gezicht",
        tags=["wachtlijst", "overbruggingszorg"],
        status=ExperimentStatus.LOPEND,
    )
    patterns_recompute()

    html = client.post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "overbruggingszorg + wachtlijst" in html
    assert "Overbruggen met een vast gezicht" in html
    assert "Resultaat van" not in html

    experiment.results = "<p>De wachttijd halveerde.</p>"
    experiment.save_revision().publish()
    html = client.post("/mijn-verhaal/", {"code": code}).content.decode()
    assert "De wachttijd halveerde." in html


def test_weekly_digest_goes_once_with_patterns_and_stale_flaws(tree, settings):
    settings.VENSTER_EDITORS_EMAIL = ["redactie@gemeente.example"]
    for _n in range(3):
        StoryFactory(parent=tree.verhalen, tags=["schuldhulp", "huur"])
    for n in range(6):
        StoryFactory(parent=tree.verhalen, tags=[f"los {n}"])
    patterns_recompute()
    flaw = SysteemfoutFactory(title="Geen maatwerk in het zaaksysteem")
    type(flaw).objects.filter(pk=flaw.pk).update(
        updated_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    submission_confirmed("Mijn brief kwam niet aan.", consent="intern")

    assert weekly_digest_send() is True
    assert weekly_digest_send() is False, "one digest a week"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["redactie@gemeente.example"]
    assert "1 nieuwe inzending" in body
    assert "huur + schuldhulp" in body
    # The link is the pattern's lasting address, by its tags, not its number.
    assert "/patronen/huur+schuldhulp/" in body
    assert "Geen maatwerk in het zaaksysteem" in body
    assert "Mijn brief" not in body, "no resident's words in e-mail"
    assert WeeklyDigest.objects.get().sent_at is not None
