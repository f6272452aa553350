"""The OpenAPI schema describes the researchers' API only, not Wagtail's admin API."""

PREFIX = "/api/v1/"


def endpoints_public(endpoints, **kwargs):
    """Keep the endpoints under /api/v1/ (a drf-spectacular preprocessing hook)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]
