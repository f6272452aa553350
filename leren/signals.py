"""Signals only queue tasks: publishing changes which tags recur."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from config.celery import enqueue_on_commit
from verhalen.models import VerhaalPage

from .tasks import notify_experiment_contacts, refresh_tag_summary


@receiver([page_published, page_unpublished], dispatch_uid="leren-tag-summary")
def queue_tag_summary(sender, **kwargs) -> None:
    """Queue a recount of the recurring tags once the publication is committed."""
    enqueue_on_commit(refresh_tag_summary)


@receiver(page_published, sender=VerhaalPage, dispatch_uid="leren-experiment-contacts")
def queue_experiment_contacts(sender, instance, **kwargs) -> None:
    """A published story may be news for the experiments that share its topics."""
    enqueue_on_commit(notify_experiment_contacts, instance.pk)
