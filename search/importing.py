"""Import of stories, reflections, experiments and system flaws from JSON Lines.

One object a line. Every line is checked by a form; a line that fails is reported
with its number and reason (in English, like Django's own commands) and the rest
goes on. Content is published as it is
imported. A line whose title is already present is left alone, so importing the same
file twice adds nothing.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from leren.models import (
    ExperimentPage,
    ExperimentStatus,
    ReflectiePage,
    Systeemfout,
    SysteemfoutStatus,
)
from leren.tasks import refresh_tag_summary
from verhalen.choices import Domain, Perspective
from verhalen.models import VerhaalPage, search_index_deferred
from verhalen.on_commit import enqueue_on_commit
from verhalen.services import page_cache_renew, site_tree_ensure, text_to_rich_text
from verhalen.tags import tag_normalise
from verhalen.tasks import refresh_story_generalisations

from .services import search_documents_add
from .tasks import recompute_patterns, reconcile_search_index


class TagListField(forms.Field):
    """A JSON list of tag strings, normalised into the shared vocabulary."""

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise forms.ValidationError("tags must be a list of strings")
        tags = {tag_normalise(t) for t in value}
        tags.discard("")
        if any(len(t) > 100 for t in tags):
            raise forms.ValidationError("a tag is longer than 100 characters")
        return sorted(tags)


class TitleListField(forms.Field):
    """A JSON list of titles of system flaws."""

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise forms.ValidationError("must be a list of titles")
        return [t.strip() for t in value if t.strip()]


class StrictCharField(forms.CharField):
    """A text field that takes a JSON string and nothing else."""

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError("must be text")
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


def _errors_text(form: forms.Form) -> str:
    return "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()
    )


class _ChildAppender:
    """Adds published pages under one parent through treebeard's ``add_child``.

    Each page is validated by Wagtail's ``full_clean`` and placed by treebeard inside
    the import's transaction, which logs its creation. What would be repeated for
    every page, its tags, the indexes and the reference index, is written in bulk by
    ``finish``.
    """

    def __init__(self, parent: Page) -> None:
        self.parent = parent
        self.locale = parent.locale
        self.added: list[Page] = []
        self.tags: list[tuple[Page, list[Tag]]] = []
        self.referring: list[Page] = []

    def append(self, page: Page, tags: list[Tag], *, refers: bool) -> None:
        # The parent's, as Wagtail would look it up for every page.
        page.locale = self.locale
        try:
            self.parent.add_child(instance=page)
        except forms.ValidationError as error:
            raise _LineError("; ".join(error.messages)) from error
        self.added.append(page)
        if tags:
            self.tags.append((page, tags))
        if refers:
            self.referring.append(page)

    def finish(self) -> None:
        """Tag the new children and index them, in bulk."""
        if not self.added:
            return
        model = type(self.added[0])
        through = model.tags.through
        through.objects.bulk_create(
            [through(content_object=p, tag=t) for p, tags in self.tags for t in tags],
            batch_size=1000,
        )
        prefetch_related_objects(self.added, "tags")
        for backend in get_search_backends():
            backend.add_bulk(model, self.added)
        search_documents_add(parent=self.parent, pages=self.added)
        # Tags are not shown as usage in the admin; system flaws and "about" are.
        for page in self.referring:
            ReferenceIndex.create_or_update_for_object(page)


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
        self.appenders = {
            kind: _ChildAppender(parent) for kind, parent in self.parents.items()
        }
        self.tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
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
        if flaws:
            # Instances, not keys: an unsaved page keeps its relations in memory.
            page.systeemfouten.set(Systeemfout.objects.filter(pk__in=flaws))
        now = timezone.now()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        self.appenders[kind].append(
            page,
            self.tag_objects(data["tags"]),
            refers=bool(flaws or getattr(page, "about_id", None)),
        )
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
                body=text_to_rich_text(data["body"]),
                impact=text_to_rich_text(data["impact"]),
                lessons=text_to_rich_text(data["lessons"]),
                perspective=data["perspective"],
                municipality=data["municipality"],
            )
        if kind == "reflectie":
            return ReflectiePage(
                **common,
                body=text_to_rich_text(data["body"]),
                not_knowing=data["not_knowing"],
                perspective=data["perspective"] or Perspective.MEDEWERKER,
                about=self.about(data["about"]),
            )
        return ExperimentPage(
            **common,
            approach=text_to_rich_text(data["body"]),
            hypothesis=data["hypothesis"],
            led_by=data["owner"],
            status=data["status"],
            results=text_to_rich_text(data["results"]),
            lessons=text_to_rich_text(data["lessons"]),
        )

    def tag_objects(self, names: list[str]) -> list[Tag]:
        missing = [name for name in names if name.lower() not in self.tags]
        for name in missing:
            tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(
                name=name
            )
            self.tags[name.lower()] = tag
        return [self.tags[name.lower()] for name in names]

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
    # Reports are for operators and read in English, like Django's own commands.
    with (
        translation.override("en"),
        transaction.atomic(),
        disable_reference_index_auto_update(),
        search_index_deferred(),
    ):
        importer = _Importer()
        for number, raw in enumerate(lines, start=1):
            if raw.strip():
                importer.line(number, raw)
        for appender in importer.appenders.values():
            appender.finish()
        if importer.report.created:
            page_cache_renew()
            enqueue_on_commit(refresh_tag_summary)
            enqueue_on_commit(refresh_story_generalisations)
            enqueue_on_commit(recompute_patterns)
            if settings.ELASTICSEARCH_URL:
                enqueue_on_commit(reconcile_search_index)
    return importer.report
