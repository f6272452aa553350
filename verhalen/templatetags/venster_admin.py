"""Template tags for Venster's admin screens."""

from django import template

from verhalen.preview import PreviewDoubt, PreviewField, preview_doubts
from verhalen.selectors import page_findings

register = template.Library()


@register.simple_tag
def anonymiser_findings(page) -> list[PreviewField]:
    """Anonymise the page's latest text and return it with findings and doubts."""
    return page_findings(page=page)


@register.simple_tag
def anonymiser_doubts(findings: list[PreviewField]) -> list[PreviewDoubt]:
    """Every doubt of the findings, in order."""
    return preview_doubts(findings)


@register.simple_tag
def checked_object_key(obj) -> str:
    """The key the anonymisation check's form finds its page or flaw by."""
    return f"{obj._meta.label_lower}:{obj.pk}"
