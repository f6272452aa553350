"""Template context for every page: the site menu, worked out once per page version."""

from django.http import HttpRequest

from .page_cache import version_memo
from .selectors import navigation_urls


def navigation(request: HttpRequest) -> dict[str, dict[str, str]]:
    """The menu's addresses, kept until a page is published, moved or removed."""
    return {
        "nav": version_memo(
            request,
            f"nav.{request.get_host()}",
            lambda: navigation_urls(request=request),
        )
    }
