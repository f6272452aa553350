"""Template context for every page: the menu, worked out once per page version, that
version, for fragments that pages share, and the choices templates compare with."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .choices import Kind
from .models import DecisionAction, MessageKind
from .page_cache import every_page_version, version_memo
from .selectors import navigation_urls
from .small_numbers import PlaceLevel


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu's addresses, kept until a page is published, moved or removed.

    Read only by a template that shows the menu: a page built without it (the
    confirmation shown while the database is away) asks nothing of the database.
    """
    return {
        "nav": SimpleLazyObject(
            lambda: version_memo(
                request,
                f"nav.{request.get_host()}",
                lambda: navigation_urls(request=request),
            )
        ),
        # "" when no version is kept: then nothing is cached by it either.
        "pages_version": SimpleLazyObject(lambda: every_page_version(request)),
    }


def choices(request: HttpRequest) -> dict[str, object]:
    """The enums templates compare with, so that no template spells a stored value."""
    return {
        "DecisionAction": DecisionAction,
        "Kind": Kind,
        "MessageKind": MessageKind,
        "PlaceLevel": PlaceLevel,
    }
