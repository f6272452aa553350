"""Signals queue tasks (which tags recur) and renew the public pages cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished

from verhalen.models import VerhaalPage
from verhalen.on_commit import enqueue_on_commit
from verhalen.services import page_cache_renew

from .models import ExperimentPage, Systeemfout
from .tasks import (
    notify_experiment_contacts,
    record_experiment_end,
    refresh_tag_summary,
)


@receiver([page_published, page_unpublished], dispatch_uid="leren-tag-summary")
def queue_tag_summary(sender, **kwargs) -> None:
    """Queue a recount of the recurring tags once the publication is committed."""
    enqueue_on_commit(refresh_tag_summary)


@receiver(page_published, sender=VerhaalPage, dispatch_uid="leren-experiment-contacts")
def queue_experiment_contacts(sender, instance, **kwargs) -> None:
    """A published story may be news for the experiments that share its topics."""
    enqueue_on_commit(notify_experiment_contacts, instance.pk)


@receiver(
    [page_published, page_unpublished],
    sender=ExperimentPage,
    dispatch_uid="leren-experiment-end",
)
def queue_experiment_end(sender, instance, **kwargs) -> None:
    """A completed, stopped or unpublished experiment starts its sign-ups' retention."""
    enqueue_on_commit(record_experiment_end, instance.pk)


@receiver([post_save, post_delete], sender=Systeemfout, dispatch_uid="leren-page-cache")
@receiver([post_save, post_delete], sender=Tag, dispatch_uid="leren-page-cache-tag")
def renew_page_cache(sender, **kwargs) -> None:
    """Stories and reflections show their system flaws and tag names."""
    page_cache_renew()
