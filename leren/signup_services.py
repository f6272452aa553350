"""Writes for sign-ups: storing one with its code, withdrawing it, and forgetting
sign-ups once their experiment has ended long enough ago."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from verhalen.codes import code_generate, code_hash
from verhalen.on_commit import enqueue_on_commit
from verhalen.services import page_cache_renew

from .models import (
    OPEN_EXPERIMENT_STATUSES,
    Aanmelding,
    ExperimentPage,
    ExperimentStatus,
)
from .selectors import SIGNUP_CODE, signup_by_code


class SignupClosed(Exception):
    """The experiment takes no sign-ups: it is not published, or not open or running."""


@transaction.atomic
def signup_create(
    *,
    experiment: ExperimentPage,
    name: str,
    email: str = "",
    phone: str = "",
    organisation: str = "",
    contribution: str = "",
) -> tuple[Aanmelding, str]:
    """Store a sign-up with its consent; return it and its new code, shown once.

    Only the code's hash is stored. The experiment's owner is told once the sign-up
    is committed, by a task that takes its key; a broker that is down loses nothing,
    as beat sweeps up the notices not sent.
    """
    from .tasks import notify_signup_owner

    current = (
        ExperimentPage.objects.live()
        .public()
        .filter(pk=experiment.pk, status__in=OPEN_EXPERIMENT_STATUSES)
        .exists()
    )
    if not current:
        raise SignupClosed
    code = code_generate()
    signup = Aanmelding.objects.create(
        experiment=experiment,
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        contribution=contribution,
        consented_at=timezone.now(),
        code_hash=code_hash(code, purpose=SIGNUP_CODE),
    )
    enqueue_on_commit(notify_signup_owner, signup.pk)
    # The experiment page shows how many take part.
    page_cache_renew(page=experiment)
    return signup, code


@transaction.atomic
def signup_withdraw(*, code: str) -> ExperimentPage | None:
    """Delete the sign-up with this code at once; return its experiment, or None.

    Nothing of it is kept, not even that it existed: a code used again is simply
    not found.
    """
    signup = signup_by_code(code=code)
    if signup is None:
        return None
    experiment = signup.experiment
    deleted, _ = Aanmelding.objects.filter(pk=signup.pk).delete()
    if not deleted:
        return None
    page_cache_renew(page=experiment)
    return experiment


ENDED = Q(live=False) | Q(
    status__in=[ExperimentStatus.AFGEROND, ExperimentStatus.GESTOPT]
)


def experiment_ends_record(*, experiment_id: int | None = None) -> int:
    """Note when experiments ended, and forget the end of those open again.

    An experiment ends when it is completed, stopped or unpublished. Returns how
    many experiments changed; safe to run any time.
    """
    experiments = ExperimentPage.objects.all()
    if experiment_id is not None:
        experiments = experiments.filter(pk=experiment_id)
    ended = experiments.filter(ENDED, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    reopened = experiments.filter(~ENDED, ended_at__isnull=False).update(ended_at=None)
    return ended + reopened


@dataclass(frozen=True)
class SignupRetentionReport:
    ended: int
    deleted: int


@transaction.atomic
def signups_retention_apply(*, dry_run: bool = False) -> SignupRetentionReport:
    """Delete the sign-ups of experiments that ended ``VENSTER_RETENTION_SIGNUP_DAYS``
    ago or longer."""
    ended = 0 if dry_run else experiment_ends_record()
    cutoff = timezone.now() - timedelta(days=settings.VENSTER_RETENTION_SIGNUP_DAYS)
    expired = Aanmelding.objects.filter(experiment__ended_at__lte=cutoff)
    experiments = list(
        ExperimentPage.objects.filter(aanmeldingen__in=expired).distinct()
    )
    deleted = expired.count()
    if not dry_run and deleted:
        expired.delete()
        for experiment in experiments:
            page_cache_renew(page=experiment)
    return SignupRetentionReport(ended=ended, deleted=deleted)
