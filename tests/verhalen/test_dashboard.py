"""The editors' dashboard shows what waits for them and what residents recognise."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import StoryFactory, submission_confirmed
from verhalen.models import Herkenning, Inzending, SubmissionStatus
from verhalen.services import recognition_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("redacteur", password="x")
    )
    return client


def create(days_ago: int, status: str = SubmissionStatus.RECEIVED) -> Inzending:
    submission, _ = submission_confirmed("Het loket was dicht.")
    Inzending.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago), status=status
    )
    return submission


def test_dashboard_lists_waiting_submissions_longest_first_with_their_wait(editor):
    old, new = create(days_ago=9), create(days_ago=1)
    done = create(days_ago=20, status=SubmissionStatus.DECLINED)
    html = editor.get("/admin/").content.decode()
    assert "Inzendingen die wachten" in html
    assert html.index(f"Inzending {old.pk}") < html.index(f"Inzending {new.pk}")
    assert f"Inzending {done.pk}" not in html
    assert "1\xa0week, 2\xa0dagen" in html, "how long it has waited"


def test_dashboard_counts_this_weeks_recognitions(editor, tree):
    story = StoryFactory(parent=tree.verhalen, title="Het loket was dicht")
    for token in ("a", "b", "c"):
        recognition_add(page=story, browser_token=token)
    Herkenning.objects.filter(browser_hash__isnull=False).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    html = editor.get("/admin/").content.decode()
    assert "Deze week herkend" in html
    assert "Het loket was dicht" in html
