"""Recognitions of a published story: a resident's "Dit herken ik" and a staff
member's "Dit herkennen wij ook" on behalf of their organisation."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.dispatch import Signal

from ..choices import OrganisationType
from ..codes import browser_hash, staff_hash
from ..models import (
    Herkenning,
    OrganisatieHerkenning,
    VerhaalPage,
)
from ..municipalities import PROVINCES
from .site import page_cache_renew

# Sent inside the transaction that adds, changes or takes back an organisation's
# mark, with ``page_id``. The pattern ranking counts the marks; ``search`` listens.
organisation_recognitions_changed = Signal()


class RecognitionRefused(Exception):
    """An organisation's recognition that Venster does not take, and why."""


def recognition_add(*, page: VerhaalPage, browser_token: str) -> bool:
    """Count one "dit herken ik" from this browser; False if it already did."""
    _, created = Herkenning.objects.get_or_create(
        page=page, browser_hash=browser_hash(browser_token, page_id=page.pk)
    )
    if created:
        # Only the story shows its count: its own copies go, the rest stay.
        page_cache_renew(page=page)
    return created


def user_is_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` works for an organisation on Venster: can use the admin.

    Medewerker and Redactie (and superusers) can; a researcher's account, which has
    no admin access, and anyone not signed in cannot.
    """
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
    )


def _published(page: VerhaalPage) -> VerhaalPage:
    story = VerhaalPage.objects.live().public().filter(pk=page.pk).first()
    if story is None:
        raise RecognitionRefused("not published")
    return story


def _staff(user) -> None:
    if not user_is_staff(user):
        raise RecognitionRefused("not staff")


def _changed(page: VerhaalPage) -> None:
    page_cache_renew(page=page)
    organisation_recognitions_changed.send(
        sender=OrganisatieHerkenning, page_id=page.pk
    )


@transaction.atomic
def organisation_recognition_set(
    *,
    page: VerhaalPage,
    user: AbstractBaseUser,
    organisation_type: str,
    province: str,
) -> OrganisatieHerkenning:
    """Mark a published story "dit herkennen wij ook", or change this user's mark.

    One mark per staff member per story: a second one changes the first.
    """
    _staff(user)
    story = _published(page)
    if organisation_type not in OrganisationType.values:
        raise RecognitionRefused("unknown organisation type")
    if province not in PROVINCES:
        raise RecognitionRefused("unknown province")
    mark, _ = OrganisatieHerkenning.objects.update_or_create(
        page=story,
        staff_hash=staff_hash(user.pk, page_id=story.pk),
        defaults={"organisation_type": organisation_type, "province": province},
    )
    _changed(story)
    return mark


@transaction.atomic
def organisation_recognition_withdraw(
    *, page: VerhaalPage, user: AbstractBaseUser
) -> bool:
    """Take back this user's mark on a story; False if there was none."""
    _staff(user)
    deleted, _ = OrganisatieHerkenning.objects.filter(
        page_id=page.pk, staff_hash=staff_hash(user.pk, page_id=page.pk)
    ).delete()
    if deleted:
        _changed(page)
    return bool(deleted)
