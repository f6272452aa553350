"""Writes of the editors' tag care: merging tags of the shared vocabulary.

A merged tag keeps its ``Tag`` row as a synonym-only tag: it carries no items, belongs
to no theme, and a ``TagSynonym`` points it at the tag it merged into. Keeping the row
is what lets the old spelling keep mapping: the synonym hangs on the row's id, taggit
finds the row again when someone types that name, and older page revisions that name
the id still load.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _
from taggit.models import GenericTaggedItemBase, ItemBase, Tag
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from verhalen.on_commit import enqueue_on_commit
from verhalen.services import page_cache_renew

from .hooks import tags_merged
from .models import TagSummary, TagSynonym, Thema
from .tasks import refresh_tag_summary

TAGS_MERGE_ACTION = "venster.tags_merge"


class TagMergeError(ValueError):
    """The tags chosen cannot be merged as asked."""


@dataclass(frozen=True)
class TagMergeResult:
    """What a merge changed: items per tagged model, and what it cleaned up."""

    items: dict[str, int] = field(default_factory=dict)
    duplicates_removed: int = 0
    revisions: int = 0
    synonyms: int = 0
    page_ids: tuple[int, ...] = ()

    @property
    def total(self) -> int:
        """Return how many items carried a merged tag."""
        return sum(self.items.values())


def _tagged_item_models() -> list[type[ItemBase]]:
    """Return every through-model of the vocabulary, so that no tagged item is lost."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ItemBase)
        and model._meta.get_field("tag").related_model is Tag
    ]


def _item_key_fields(through: type[ItemBase]) -> tuple[str, ...]:
    if issubclass(through, GenericTaggedItemBase):
        return ("content_type_id", "object_id")
    return ("content_object_id",)


def _items_retag(
    *, through: type[ItemBase], source_ids: list[int], target: Tag
) -> tuple[set, int]:
    """Move the rows to ``target``, one row per item; return the items, rows dropped."""
    keys = _item_key_fields(through)
    carrying_target = set(through.objects.filter(tag=target).values_list(*keys))
    items: set[tuple] = set()
    keep: list[int] = []
    drop: list[int] = []
    for pk, *key in (
        through.objects.filter(tag_id__in=source_ids)
        .order_by("pk")
        .values_list("pk", *keys)
    ):
        item = tuple(key)
        if item in carrying_target or item in items:
            drop.append(pk)
        else:
            keep.append(pk)
        items.add(item)
    through.objects.filter(pk__in=drop).delete()
    through.objects.filter(pk__in=keep).update(tag=target)
    return items, len(drop)


def _tag_relation_names() -> set[str]:
    """The names under which revisions store their page's tag rows."""
    return {
        through._meta.get_field("content_object").remote_field.related_name
        for through in _tagged_item_models()
        if not issubclass(through, GenericTaggedItemBase)
    }


def _revision_retag(content: dict, source_ids: set[int], target_id: int) -> bool:
    """Point a revision's tag rows at the target, one row per tag; say if it changed."""
    changed = False
    for name in _tag_relation_names() & set(content):
        seen: set[int] = set()
        kept = []
        for row in content[name]:
            tag_id = target_id if row["tag"] in source_ids else row["tag"]
            if tag_id != row["tag"] or tag_id in seen:
                changed = True
            if tag_id not in seen:
                seen.add(tag_id)
                kept.append({**row, "tag": tag_id})
        content[name] = kept
    return changed


def _revisions_retag(*, source_ids: set[int], target: Tag) -> set[int]:
    """Retag the unpublished latest revision of every page; return the pages changed."""
    changed_pages: set[int] = set()
    revisions = Revision.page_revisions.filter(
        pk__in=Page.objects.filter(has_unpublished_changes=True)
        .exclude(latest_revision=None)
        .values("latest_revision_id")
    )
    for revision in revisions.iterator():
        if _revision_retag(revision.content, source_ids, target.pk):
            revision.save(update_fields=["content"])
            changed_pages.add(int(revision.object_id))
    return changed_pages


def tags_merge(*, sources: Iterable[Tag], target: Tag, user) -> TagMergeResult:
    """Merge ``sources`` into ``target``: move every tagged item, record synonyms."""
    source_ids = sorted({tag.pk for tag in sources})
    if not source_ids:
        raise TagMergeError(_("Choose at least one tag to merge."))
    if target.pk in source_ids:
        raise TagMergeError(_("A tag cannot be merged into itself."))
    if TagSynonym.objects.filter(variant=target).exists():
        raise TagMergeError(
            _("%(tag)s is itself a synonym; merge into its main tag.") % {"tag": target}
        )

    with transaction.atomic():
        locked = list(
            Tag.objects.select_for_update()
            .filter(pk__in=[*source_ids, target.pk])
            .order_by("pk")
        )
        names = [tag.name for tag in locked if tag.pk != target.pk]

        items: dict[str, int] = {}
        duplicates = 0
        page_ids: set[int] = set()
        for through in _tagged_item_models():
            moved, dropped = _items_retag(
                through=through, source_ids=source_ids, target=target
            )
            duplicates += dropped
            if not moved:
                continue
            if issubclass(through, GenericTaggedItemBase):
                items[through._meta.label_lower] = len(moved)
                continue
            content_model = through._meta.get_field("content_object").related_model
            items[content_model._meta.label_lower] = len(moved)
            if issubclass(content_model, Page):
                page_ids |= {key[0] for key in moved}

        revised = _revisions_retag(source_ids=set(source_ids), target=target)
        page_ids |= revised
        revisions = len(revised)

        for thema in Thema.objects.filter(tags__in=source_ids).distinct():
            thema.tags.add(target)
        Thema.tags.through.objects.filter(tag_id__in=source_ids).delete()

        # Synonyms of a merged tag now mean the target, like the merged tag itself.
        TagSynonym.objects.filter(canonical_id__in=source_ids).update(canonical=target)
        for source_id in source_ids:
            TagSynonym.objects.update_or_create(
                variant_id=source_id, defaults={"canonical": target}
            )
        TagSummary.objects.filter(tag_id__in=source_ids).delete()
        page_cache_renew()

        result = TagMergeResult(
            items=items,
            duplicates_removed=duplicates,
            revisions=revisions,
            synonyms=len(source_ids),
            page_ids=tuple(sorted(page_ids)),
        )
        log(
            instance=target,
            action=TAGS_MERGE_ACTION,
            user=user,
            data={
                "merged": names,
                "target": target.name,
                "items": items,
                "duplicates_removed": duplicates,
                "revisions": revisions,
            },
        )
        tags_merged.send(sender=Tag, page_ids=sorted(page_ids))
        enqueue_on_commit(refresh_tag_summary)
    return result
