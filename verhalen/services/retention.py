"""Removing what is kept no longer than promised."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import (
    Bevestiging,
    Inzending,
    SubmissionStatus,
)


@dataclass(frozen=True)
class RetentionReport:
    declined: int
    codes: int
    confirmations: int = 0


@transaction.atomic
def retention_apply(*, dry_run: bool = False) -> RetentionReport:
    """Delete declined submissions and forget code hashes once their time has come.

    Withdrawn submissions are deleted when the resident withdraws them, so nothing of
    theirs waits here. Used confirmations are forgotten once their token has expired.
    """
    now = timezone.now()
    declined = Inzending.objects.filter(
        status=SubmissionStatus.DECLINED,
        updated_at__lt=now - timedelta(days=settings.VENSTER_RETENTION_DECLINED_DAYS),
    )
    codes = Inzending.objects.filter(
        code_hash__isnull=False,
        created_at__lt=now - timedelta(days=settings.VENSTER_RETENTION_CODE_DAYS),
    )
    confirmations = Bevestiging.objects.filter(expires_at__lt=now)
    report = RetentionReport(
        declined=declined.count(),
        codes=codes.count(),
        confirmations=confirmations.count(),
    )
    if not dry_run:
        declined.delete()
        codes.update(code_hash=None)
        confirmations.delete()
    return report
