"""Template tags for Venster's admin screens."""

from django import template
from wagtail.rich_text import get_text_for_indexing

from verhalen.preview import PreviewField, preview_fields

register = template.Library()

# The fields whose text the anonymisation check looks at, per page type.
CHECKED_FIELDS = {
    "verhaalpage": ("body", "impact", "lessons"),
    "reflectiepage": ("body", "not_knowing"),
}


@register.simple_tag
def anonymiser_findings(page) -> list[PreviewField]:
    """Anonymise the latest text of a page or flaw, with its findings marked."""
    latest = page.get_latest_revision_as_object()
    # A model outside the page types names its own, e.g. leren's system flaws.
    names = getattr(latest, "checked_fields", None) or CHECKED_FIELDS.get(
        latest._meta.model_name, ()
    )
    texts = {
        str(latest._meta.get_field(name).verbose_name): get_text_for_indexing(
            getattr(latest, name) or ""
        )
        for name in names
    }
    fields = preview_fields(texts, keep_original=True)
    return [field for field in fields if field.anonymised]
