"""Signals queue tasks (a published story tells its resident), renew the page cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import VerhaalPage
from .on_commit import enqueue_on_commit
from .services import page_cache_renew
from .tasks import mark_submissions_published, refresh_story_generalisations


@receiver(page_published, sender=VerhaalPage, dispatch_uid="verhalen-published")
def queue_submission_status(sender, instance, **kwargs) -> None:
    """Once a promoted story is published, its submission's status follows."""
    enqueue_on_commit(mark_submissions_published, instance.pk)


# The public pages' cache is renewed in the signal itself, not by a task: a withdrawn
# story must be gone from every cached copy as soon as it is unpublished.
@receiver(
    [page_published, page_unpublished, post_page_move],
    dispatch_uid="verhalen-page-cache",
)
def renew_page_cache(sender, **kwargs) -> None:
    """A published, unpublished or moved page changes pages that show or link it."""
    page_cache_renew()


@receiver(post_delete, dispatch_uid="verhalen-page-cache-delete")
def renew_page_cache_on_delete(sender, **kwargs) -> None:
    """A deleted page leaves the lists that showed it."""
    if issubclass(sender, Page):
        page_cache_renew()


@receiver(
    [post_save, post_delete],
    sender=PageViewRestriction,
    dispatch_uid="verhalen-page-cache-restriction",
)
def renew_page_cache_on_restriction(sender, **kwargs) -> None:
    """A page that became private, or public again, changes it and the lists."""
    page_cache_renew()


@receiver(
    [post_save, post_delete], sender=Site, dispatch_uid="verhalen-page-cache-site"
)
def renew_page_cache_on_site_change(sender, **kwargs) -> None:
    """A site's host or root page decides every address the pages show and route."""
    page_cache_renew()


@receiver(
    [page_published, page_unpublished, post_delete],
    sender=VerhaalPage,
    dispatch_uid="verhalen-small-numbers",
)
def queue_story_generalisations(sender, **kwargs) -> None:
    """A story published or gone changes how every story may be shown."""
    enqueue_on_commit(refresh_story_generalisations)


@receiver(post_page_move, dispatch_uid="verhalen-small-numbers-move")
def queue_story_generalisations_on_move(sender, instance, **kwargs) -> None:
    """A move can put stories under or out of a view restriction."""
    if instance.get_descendants(inclusive=True).type(VerhaalPage).exists():
        enqueue_on_commit(refresh_story_generalisations)
