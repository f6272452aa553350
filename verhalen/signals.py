"""Signals only queue tasks: a published story tells its resident."""

from django.dispatch import receiver
from wagtail.signals import page_published

from config.celery import enqueue_on_commit

from .models import VerhaalPage
from .tasks import mark_submissions_published


@receiver(page_published, sender=VerhaalPage, dispatch_uid="verhalen-published")
def queue_submission_status(sender, instance, **kwargs) -> None:
    """Once a promoted story is published, its submission's status follows."""
    enqueue_on_commit(mark_submissions_published, instance.pk)
