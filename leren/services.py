"""Writes for the learning loop: the tag summary and the system flaws register."""

from collections import Counter

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from verhalen.models import tag_through_models
from verhalen.services import page_cache_renew

from .models import (
    Systeemfout,
    SysteemfoutStatus,
    SysteemfoutWijziging,
    TagSummary,
)


def _live_tag_counts(through) -> Counter:
    rows = (
        through.objects.filter(content_object__live=True)
        .values("tag_id")
        .annotate(n=Count("id"))
        .values_list("tag_id", "n")
    )
    return Counter(dict(rows))


def tag_summary_refresh() -> int:
    """Recount how often each tag occurs on published content; safe to run any time."""
    counts = {
        name: _live_tag_counts(through)
        for name, through in tag_through_models().items()
    }
    stories = counts["stories"]
    total = sum(counts.values(), Counter())
    rows = [
        TagSummary(tag_id=tag_id, stories=stories[tag_id], total=count)
        for tag_id, count in total.items()
    ]
    with transaction.atomic():
        TagSummary.objects.exclude(tag_id__in=list(total)).delete()
        TagSummary.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["tag"],
            update_fields=["stories", "total", "refreshed_at"],
        )
        page_cache_renew()
    return len(rows)


class StatusChangeError(ValueError):
    """A status change that cannot be recorded as asked."""


def _can_change_status(user) -> bool:
    return user is not None and user.has_perm("leren.change_systeemfout")


def systeemfout_raise(
    *,
    systeemfout: Systeemfout,
    user: AbstractUser | None,
    page: Page | None = None,
) -> Systeemfout:
    """Save a new flaw as reported, record it in its history and link it to a page.

    The flaw starts as a draft: nothing of it is public until it is published.
    """
    with transaction.atomic():
        systeemfout.status = SysteemfoutStatus.GEMELD
        systeemfout.live = False
        systeemfout.save()
        SysteemfoutWijziging.objects.create(
            systeemfout=systeemfout,
            old_status="",
            new_status=SysteemfoutStatus.GEMELD,
            reason="",
            changed_by=user,
        )
        if page is not None:
            page_systeemfout_link(page=page, systeemfout=systeemfout, user=user)
    return systeemfout


def systeemfout_submit(*, systeemfout: Systeemfout, user: AbstractUser | None) -> None:
    """Save the flaw's text as a revision and put it through its workflow."""
    with transaction.atomic():
        revision = systeemfout.save_revision(user=user, log_action=True)
        workflow = systeemfout.get_workflow()
        if workflow is not None and not systeemfout.workflow_in_progress:
            workflow.start(systeemfout, user)
        elif (
            workflow is None
            and user is not None
            and user.has_perm("leren.publish_systeemfout")
        ):
            # Without a workflow, an editor's own flaw is published at once.
            revision.publish(user=user)


def page_systeemfout_link(
    *, page: Page, systeemfout: Systeemfout, user: AbstractUser | None
) -> Revision:
    """Add the flaw to the page's latest draft as a new revision; publishing waits."""
    # The live page is left alone: the link becomes public through the workflow.
    draft = page.specific.get_latest_revision_as_object()
    draft.systeemfouten.add(systeemfout)
    return draft.save_revision(user=user, log_action=True)


def systeemfout_status_change(
    *,
    systeemfout: Systeemfout,
    new_status: str,
    reason: str,
    user: AbstractUser | None,
) -> SysteemfoutWijziging:
    """Save the flaw with its new status and record who changed it, when and why."""
    reason = reason.strip()
    if not reason:
        raise StatusChangeError(_("Say why the status changes."))
    if not _can_change_status(user):
        raise PermissionDenied
    with transaction.atomic():
        old_status = (
            Systeemfout.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=systeemfout.pk)
        )
        if old_status == new_status:
            raise StatusChangeError(_("The flaw already has this status."))
        # Only the status is saved here: changes of the text wait for approval.
        systeemfout.status = new_status
        systeemfout.status_reason = reason
        Systeemfout.objects.filter(pk=systeemfout.pk).update(
            status=new_status, status_reason=reason, updated_at=timezone.now()
        )
        # Cached copies of pages that show the flaw change with its status.
        page_cache_renew()
        return SysteemfoutWijziging.objects.create(
            systeemfout=systeemfout,
            old_status=old_status,
            new_status=new_status,
            reason=reason,
            changed_by=user,
        )
