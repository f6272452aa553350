"""Follow-up work of a confirmed submission is derived from its row, and never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import submission_confirmed
from verhalen.models import Inzending
from verhalen.tasks import notify_editors, sweep_submissions

pytestmark = pytest.mark.django_db


def create() -> Inzending:
    submission, _ = submission_confirmed("Het loket was dicht.")
    return submission


def test_editors_are_told_once_even_if_the_task_runs_twice(settings):
    settings.VENSTER_EDITORS_EMAIL = ["redactie@venster.example"]
    submission = create()
    assert notify_editors(submission.pk) is True
    assert notify_editors(submission.pk) is False
    assert len(mail.outbox) == 1
    assert "Het loket" not in mail.outbox[0].body, "the mail holds no story text"


def test_a_submission_whose_task_was_lost_is_swept_up(settings):
    """With the broker down at confirmation, beat's sweep queues the work again."""
    settings.VENSTER_EDITORS_EMAIL = ["redactie@venster.example"]
    submission = create()  # on_commit never fires here: as if the broker was down
    Inzending.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert sweep_submissions() == 1
    submission.refresh_from_db()
    assert submission.editors_notified_at is not None
    assert sweep_submissions() == 0


def test_a_confirmed_submission_survives_a_dead_broker(
    broker, django_capture_on_commit_callbacks, caplog
):
    broker("redis://127.0.0.1:1/0")
    with django_capture_on_commit_callbacks(execute=True):
        submission = create()
    assert Inzending.objects.filter(pk=submission.pk).exists()
    assert "beat will sweep it up" in caplog.text


def test_editors_list_and_inspect_submissions_but_cannot_edit_them(
    client, django_user_model
):
    submission = create()
    editor = django_user_model.objects.create_superuser("redactie", password="x")
    client.force_login(editor)

    listing = client.get(reverse("inzendingen:index") + "?status=ontvangen")
    assert listing.status_code == 200
    assert f"Inzending {submission.pk}" in listing.content.decode()
    inspect = client.get(reverse("inzendingen:inspect", args=[submission.pk]))
    assert "Het loket was dicht." in inspect.content.decode()
    edit = client.get(reverse("inzendingen:edit", args=[submission.pk]))
    assert edit.status_code in (302, 403)
    assert client.get(reverse("inzendingen:add")).status_code in (302, 403)


def test_people_without_admin_rights_see_no_submissions(client, django_user_model):
    create()
    user = django_user_model.objects.create_user("bezoeker", password="x")
    client.force_login(user)
    response = client.get(reverse("inzendingen:index"))
    assert response.status_code in (302, 403)
