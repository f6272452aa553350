"""Import of stories, reflections, experiments and system flaws from JSON Lines.

One object a line. Every line is checked by a form; a line that fails is reported
with its number and reason and the rest goes on. Content is published as it is
imported. A line whose title is already present is left alone, so importing the same
file twice adds nothing.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from config.celery import enqueue_on_commit
from leren.models import (
    ExperimentPage,
    ExperimentStatus,
    ReflectiePage,
    Systeemfout,
    SysteemfoutStatus,
)
from leren.tags import tag_normalise
from leren.tasks import refresh_tag_summary

from .choices import Domain, Perspective
from .models import VerhaalPage
from .services import site_tree_ensure


class TagListField(forms.Field):
    """A JSON list of tag strings, normalised into the shared vocabulary."""

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise forms.ValidationError(_("tags must be a list of strings"))
        tags = {tag_normalise(t) for t in value}
        tags.discard("")
        if any(len(t) > 100 for t in tags):
            raise forms.ValidationError(_("a tag is longer than 100 characters"))
        return sorted(tags)


class TitleListField(forms.Field):
    """A JSON list of titles of system flaws."""

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise forms.ValidationError(_("must be a list of titles"))
        return [t.strip() for t in value if t.strip()]


class StrictCharField(forms.CharField):
    """A text field that takes a JSON string and nothing else."""

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError(_("must be text"))
        return super().to_python(value)


class LineForm(forms.Form):
    type = forms.ChoiceField(
        choices=[
            ("verhaal", "verhaal"),
            ("reflectie", "reflectie"),
            ("experiment", "experiment"),
            ("systeemfout", "systeemfout"),
        ]
    )
    title = StrictCharField(max_length=255)
    body = StrictCharField()
    tags = TagListField(required=False)


class ContentLineForm(LineForm):
    perspective = forms.ChoiceField(choices=Perspective.choices)
    domain = forms.ChoiceField(choices=Domain.choices)
    date = forms.DateField(input_formats=["%Y-%m-%d"])
    municipality = StrictCharField(max_length=100, required=False)


class VerhaalLineForm(ContentLineForm):
    impact = StrictCharField(required=False)
    lessons = StrictCharField(required=False)
    systeemfouten = TitleListField(required=False)


class ReflectieLineForm(ContentLineForm):
    perspective = forms.ChoiceField(choices=Perspective.choices, required=False)
    not_knowing = StrictCharField(required=False)
    about = StrictCharField(required=False)
    systeemfouten = TitleListField(required=False)


class ExperimentLineForm(ContentLineForm):
    perspective = forms.ChoiceField(choices=Perspective.choices, required=False)
    status = forms.ChoiceField(choices=ExperimentStatus.choices)
    hypothesis = StrictCharField(required=False)
    owner = StrictCharField(max_length=200, required=False)
    results = StrictCharField(required=False)
    lessons = StrictCharField(required=False)


class SysteemfoutLineForm(LineForm):
    workaround = StrictCharField()
    owner = StrictCharField(max_length=200)
    status = forms.ChoiceField(choices=SysteemfoutStatus.choices)
    status_reason = StrictCharField(required=False)


LINE_FORMS = {
    "verhaal": VerhaalLineForm,
    "reflectie": ReflectieLineForm,
    "experiment": ExperimentLineForm,
    "systeemfout": SysteemfoutLineForm,
}


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    already_present: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _paragraphs(text: str) -> str:
    """Turn plain text with blank lines between paragraphs into rich text."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in parts if p)


def _errors_text(form: forms.Form) -> str:
    return "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()
    )


class _Importer:
    def __init__(self) -> None:
        self.tree = site_tree_ensure()
        self.parents = {
            "verhaal": self.tree.verhalen,
            "reflectie": self.tree.reflecties,
            "experiment": self.tree.experimenten,
        }
        self.slugs = {
            kind: set(parent.get_children().values_list("slug", flat=True))
            for kind, parent in self.parents.items()
        }
        self.flaws = dict(Systeemfout.objects.values_list("title", "pk"))
        self.report = ImportReport()

    def line(self, number: int, raw: bytes | str) -> None:
        try:
            data = json.loads(raw)
        except UnicodeDecodeError:
            self.report.skipped.append((number, "not valid UTF-8"))
            return
        except ValueError as error:
            self.report.skipped.append((number, f"not valid JSON ({error})"))
            return
        if not isinstance(data, dict):
            self.report.skipped.append((number, "not a JSON object"))
            return
        form_class = LINE_FORMS.get(data.get("type"), LineForm)
        form = form_class(data=data)
        if not form.is_valid():
            self.report.skipped.append((number, _errors_text(form)))
            return
        try:
            self.create(form.cleaned_data)
        except _LineError as error:
            self.report.skipped.append((number, str(error)))

    def create(self, data: dict) -> None:
        kind = data["type"]
        if kind == "systeemfout":
            self.create_systeemfout(data)
            return
        slug = slugify(data["title"])[:255] or "zonder-titel"
        if slug in self.slugs[kind]:
            self.report.already_present += 1
            return
        flaws = self.flaw_ids(data.get("systeemfouten", []))
        page = self.page(kind, data, slug)
        if data["tags"]:
            page.tags.add(*data["tags"])
        if flaws:
            page.systeemfouten.set(flaws)
        now = timezone.now()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        self.parents[kind].add_child(instance=page)
        self.slugs[kind].add(slug)
        self.report.created[kind] += 1

    def page(self, kind: str, data: dict, slug: str):
        common = {
            "title": data["title"],
            "slug": slug,
            "domain": data["domain"],
            "period": data["date"].replace(day=1),
        }
        if kind == "verhaal":
            return VerhaalPage(
                **common,
                body=_paragraphs(data["body"]),
                impact=_paragraphs(data["impact"]),
                lessons=_paragraphs(data["lessons"]),
                perspective=data["perspective"],
                municipality=data["municipality"],
            )
        if kind == "reflectie":
            return ReflectiePage(
                **common,
                body=_paragraphs(data["body"]),
                not_knowing=data["not_knowing"],
                perspective=data["perspective"] or Perspective.MEDEWERKER,
                about=self.about(data["about"]),
            )
        return ExperimentPage(
            **common,
            approach=_paragraphs(data["body"]),
            hypothesis=data["hypothesis"],
            led_by=data["owner"],
            status=data["status"],
            results=_paragraphs(data["results"]),
            lessons=_paragraphs(data["lessons"]),
        )

    def about(self, title: str):
        if not title:
            return None
        page = (
            VerhaalPage.objects.filter(title=title).first()
            or ExperimentPage.objects.filter(title=title).first()
        )
        if page is None:
            raise _LineError(f"about: no story or experiment titled {title!r}")
        return page

    def flaw_ids(self, titles: list[str]) -> list[int]:
        missing = [t for t in titles if t not in self.flaws]
        if missing:
            raise _LineError(f"systeemfouten: unknown system flaw {missing[0]!r}")
        return [self.flaws[t] for t in titles]

    def create_systeemfout(self, data: dict) -> None:
        if data["title"] in self.flaws:
            self.report.already_present += 1
            return
        flaw = Systeemfout.objects.create(
            title=data["title"],
            description=data["body"],
            workaround=data["workaround"],
            owner=data["owner"],
            status=data["status"],
            status_reason=data["status_reason"],
        )
        self.flaws[flaw.title] = flaw.pk
        self.report.created["systeemfout"] += 1


class _LineError(Exception):
    """A line that passed its form but cannot be placed."""


def jsonl_import(*, lines: Iterable[bytes | str]) -> ImportReport:
    """Import every line it can take and report the ones it cannot."""
    with transaction.atomic():
        importer = _Importer()
        for number, raw in enumerate(lines, start=1):
            if raw.strip():
                importer.line(number, raw)
        if importer.report.created:
            enqueue_on_commit(refresh_tag_summary)
    return importer.report
