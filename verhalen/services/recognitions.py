"""A resident's "Dit herken ik" on a published story."""

from ..codes import browser_hash
from ..models import (
    Herkenning,
    VerhaalPage,
)
from .site import page_cache_renew


def recognition_add(*, page: VerhaalPage, browser_token: str) -> bool:
    """Count one "dit herken ik" from this browser; False if it already did."""
    _, created = Herkenning.objects.get_or_create(
        page=page, browser_hash=browser_hash(browser_token, page_id=page.pk)
    )
    if created:
        # Only the story shows its count: its own copies go, the rest stay.
        page_cache_renew(page=page)
    return created
