"""Path converters for the addresses made of tag slugs.

A tag's slug is letters, digits, "-" and "_" in any script; an address that is
anything else never reaches the database, so a stray byte is a 404, not a 500.
"""

from django.urls import register_converter

TAG_SLUG = r"[-\w]+"


class TagSlugConverter:
    """One tag's slug, Unicode letters included ("zorg-én-welzijn")."""

    regex = TAG_SLUG

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PatternAddressConverter(TagSlugConverter):
    """A pattern's address: tag slugs joined by "+", as `pattern_address` makes them."""

    regex = rf"{TAG_SLUG}(?:\+{TAG_SLUG})*"


register_converter(TagSlugConverter, "tag_slug")
register_converter(PatternAddressConverter, "pattern_address")
