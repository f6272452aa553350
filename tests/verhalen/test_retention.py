"""Retention periods are configuration, applied by a scheduled task."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import submission_confirmed
from verhalen.models import Inzending, SubmissionStatus
from verhalen.services import retention_apply
from verhalen.tasks import apply_retention

pytestmark = pytest.mark.django_db


def create(*, status: str, age_days: int) -> Inzending:
    submission, _ = submission_confirmed("Het loket was dicht.")
    moment = timezone.now() - timedelta(days=age_days)
    Inzending.objects.filter(pk=submission.pk).update(
        status=status, created_at=moment, updated_at=moment
    )
    return submission


@pytest.fixture
def periods(settings):
    settings.VENSTER_RETENTION_DECLINED_DAYS = 90
    settings.VENSTER_RETENTION_CODE_DAYS = 365


def test_declined_submissions_go_after_their_period_and_not_before(periods):
    old = create(status=SubmissionStatus.DECLINED, age_days=91)
    recent = create(status=SubmissionStatus.DECLINED, age_days=10)
    received = create(status=SubmissionStatus.RECEIVED, age_days=200)
    report = retention_apply()
    assert report.declined == 1
    remaining = set(Inzending.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, received.pk}
    assert old.pk not in remaining


def test_code_hashes_are_forgotten_after_their_period(periods):
    old = create(status=SubmissionStatus.PUBLISHED, age_days=400)
    young = create(status=SubmissionStatus.PUBLISHED, age_days=30)
    assert retention_apply().codes == 1
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.code_hash is None and old.what_happened, "only the code goes"
    assert young.code_hash


def test_dry_run_reports_and_changes_nothing(periods):
    create(status=SubmissionStatus.DECLINED, age_days=100)
    create(status=SubmissionStatus.RECEIVED, age_days=500)
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Would delete 1 declined" in out.getvalue()
    assert "would forget 1 verhaalcode" in out.getvalue()
    assert Inzending.objects.count() == 2
    assert not Inzending.objects.filter(code_hash__isnull=True).exists()


def test_the_scheduled_task_applies_retention_and_is_safe_to_repeat(periods):
    create(status=SubmissionStatus.DECLINED, age_days=100)
    assert apply_retention() == {"declined": 1, "codes": 0, "confirmations": 0}
    assert apply_retention() == {"declined": 0, "codes": 0, "confirmations": 0}
