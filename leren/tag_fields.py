"""Form fields of the tag admin that choose tags of the vocabulary, never new ones."""

import json

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy
from taggit.models import Tag
from taggit.utils import edit_string_for_tags, parse_tags
from wagtail.admin.widgets import AdminTagWidget


class ExistingTagsWidget(AdminTagWidget):
    """Wagtail's tag widget that offers only tags of the vocabulary, up to ``limit``."""

    def __init__(self, *args, limit: int | None = None, **kwargs):
        self.limit = limit
        super().__init__(*args, free_tagging=False, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.limit:
            attrs = context["widget"]["attrs"]
            options = json.loads(attrs["data-w-tag-options-value"])
            options["tagLimit"] = self.limit
            attrs["data-w-tag-options-value"] = json.dumps(options)
        return context


class ExistingTagsField(forms.Field):
    """Tags of the vocabulary, chosen by name; returns a list of ``Tag``."""

    default_error_messages = {
        "unknown": gettext_lazy("Not in the vocabulary: %(names)s."),
        "limit": gettext_lazy("Choose one tag."),
    }

    def __init__(self, *, limit: int | None = None, **kwargs) -> None:
        self.limit = limit
        kwargs.setdefault("widget", ExistingTagsWidget(limit=limit))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        values = value if isinstance(value, list | tuple | QuerySet) else [value]
        ids = [v for v in values if not isinstance(v, Tag)]
        tags = [v for v in values if isinstance(v, Tag)]
        tags += list(Tag.objects.filter(pk__in=ids))
        return edit_string_for_tags(tags)

    def to_python(self, value) -> list[Tag]:
        if not value:
            return []
        try:
            names = parse_tags(value)
        except ValueError:
            names = [value]
        query = Q()
        for name in names:
            query |= Q(name__iexact=name)
        found: dict[str, Tag] = {}
        for tag in Tag.objects.filter(query).order_by("pk"):
            found.setdefault(tag.name.lower(), tag)
        missing = [name for name in names if name.lower() not in found]
        if missing:
            raise forms.ValidationError(
                self.error_messages["unknown"],
                code="unknown",
                params={"names": ", ".join(missing)},
            )
        tags = list({tag.pk: tag for tag in (found[n.lower()] for n in names)}.values())
        if self.limit and len(tags) > self.limit:
            raise forms.ValidationError(self.error_messages["limit"], code="limit")
        return tags

    def has_changed(self, initial, data) -> bool:
        try:
            chosen = {tag.pk for tag in self.to_python(data)}
        except forms.ValidationError:
            return True
        values = initial if isinstance(initial, list | tuple) else [initial]
        before = {v.pk if isinstance(v, Tag) else v for v in values if v}
        return chosen != before


class ExistingTagField(ExistingTagsField):
    """One tag of the vocabulary, chosen by name; returns a ``Tag`` or ``None``."""

    def __init__(self, **kwargs) -> None:
        super().__init__(limit=1, **kwargs)

    def clean(self, value) -> Tag | None:
        tags = super().clean(value)
        return tags[0] if tags else None
