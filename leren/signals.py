"""Signals only queue tasks: publishing changes which tags recur."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from config.celery import enqueue_on_commit

from .tasks import refresh_tag_summary


@receiver([page_published, page_unpublished], dispatch_uid="leren-tag-summary")
def queue_tag_summary(sender, **kwargs) -> None:
    """Queue a recount of the recurring tags once the publication is committed."""
    enqueue_on_commit(refresh_tag_summary)
