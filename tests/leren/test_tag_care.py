"""The editors' tag care in the admin: listing, merging, synonyms and themes."""

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag
from wagtail.models import ModelLogEntry

from leren.models import ExperimentTag, ReflectieTag, TagSynonym, Thema
from leren.tag_services import TAGS_MERGE_ACTION, TagMergeError, tags_merge
from search.patterns import patterns_compute
from tests.factories import ExperimentFactory, ReflectieFactory, StoryFactory
from verhalen.models import VerhaalTag

pytestmark = pytest.mark.django_db


def user_in(django_user_model, role: str, *, username: str | None = None):
    user = django_user_model.objects.create_user(username or role, password="x")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "Redactie")


@pytest.fixture
def tagged(tree):
    """A story with both spellings, one with the variant, and a reflection and
    experiment with the variant."""
    return {
        "both": StoryFactory(parent=tree.verhalen, tags=["wachtlijst", "wacht-lijst"]),
        "story": StoryFactory(parent=tree.verhalen, tags=["wacht-lijst", "brief"]),
        "reflection": ReflectieFactory(parent=tree.reflecties, tags=["wacht-lijst"]),
        "experiment": ExperimentFactory(parent=tree.experimenten, tags=["wachtlijst"]),
        "other_experiment": ExperimentFactory(
            parent=tree.experimenten, tags=["wacht_lijst", "wacht-lijst"]
        ),
    }


def tag(name: str) -> Tag:
    return Tag.objects.get(name=name)


def tag_names(page) -> list[str]:
    return sorted(page.__class__.objects.get(pk=page.pk).tags.names())


def test_merge_moves_every_item_and_leaves_one_row_where_both_existed(tagged, editor):
    """Stories, reflections and experiments all end with the target, once each."""
    result = tags_merge(
        sources=[tag("wacht-lijst"), tag("wacht_lijst")],
        target=tag("wachtlijst"),
        user=editor,
    )

    assert tag_names(tagged["both"]) == ["wachtlijst"]
    assert tag_names(tagged["story"]) == ["brief", "wachtlijst"]
    assert tag_names(tagged["reflection"]) == ["wachtlijst"]
    assert tag_names(tagged["experiment"]) == ["wachtlijst"]
    assert tag_names(tagged["other_experiment"]) == ["wachtlijst"]
    assert VerhaalTag.objects.filter(tag=tag("wachtlijst")).count() == 2
    assert ReflectieTag.objects.filter(tag=tag("wachtlijst")).count() == 1
    assert ExperimentTag.objects.filter(tag=tag("wachtlijst")).count() == 2
    assert result.items == {
        "verhalen.verhaalpage": 2,
        "leren.reflectiepage": 1,
        "leren.experimentpage": 1,
    }
    assert result.duplicates_removed == 2
    assert set(result.page_ids) == {
        tagged[key].pk for key in ("both", "story", "reflection", "other_experiment")
    }


def test_merged_name_becomes_synonym_of_target(tagged, editor):
    """The merged tag stays only as a synonym: no items, no themes, one synonym."""
    theme = Thema.objects.create(name="Wachten")
    theme.tags.add(tag("wacht-lijst"))
    TagSynonym.objects.create(variant=tag("wacht_lijst"), canonical=tag("wacht-lijst"))

    tags_merge(sources=[tag("wacht-lijst")], target=tag("wachtlijst"), user=editor)

    merged = tag("wacht-lijst")
    assert merged.synonym_of.canonical == tag("wachtlijst")
    # A synonym of the merged tag now points at the target in one step.
    assert tag("wacht_lijst").synonym_of.canonical == tag("wachtlijst")
    assert not VerhaalTag.objects.filter(tag=merged).exists()
    assert list(theme.tags.all()) == [tag("wachtlijst")]


def test_merge_retags_unpublished_draft_revision(tagged, editor):
    """A draft's latest revision carries the target instead of the merged tag."""
    story = tagged["story"]
    story.tags.add("wachtlijst")
    story.save_revision()

    result = tags_merge(
        sources=[tag("wacht-lijst")], target=tag("wachtlijst"), user=editor
    )

    draft = story.__class__.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert sorted(draft.tags.names()) == ["brief", "wachtlijst"]
    assert result.revisions == 1


def test_merge_is_logged_with_who(tagged, editor):
    """The merge is in the target tag's history, with the editor's name."""
    tags_merge(sources=[tag("wacht-lijst")], target=tag("wachtlijst"), user=editor)

    entry = ModelLogEntry.objects.get(action=TAGS_MERGE_ACTION)
    assert entry.user == editor
    assert entry.object_id == str(tag("wachtlijst").pk)
    assert entry.data["merged"] == ["wacht-lijst"]


def test_merge_queues_reindexing_and_pattern_recompute(
    tagged, editor, monkeypatch, django_capture_on_commit_callbacks
):
    """Once committed, the touched pages are re-indexed and the patterns recomputed."""
    from leren import tasks as leren_tasks
    from search import tasks as search_tasks

    queued = []
    for task in (
        search_tasks.index_pages,
        search_tasks.recompute_patterns,
        leren_tasks.refresh_tag_summary,
    ):
        monkeypatch.setattr(
            task,
            "apply_async",
            lambda args=(), countdown=None, task=task: queued.append((task.name, args)),
        )

    with django_capture_on_commit_callbacks(execute=True):
        result = tags_merge(
            sources=[tag("wacht-lijst")], target=tag("wachtlijst"), user=editor
        )

    assert ("search.tasks.index_pages", (list(result.page_ids),)) in queued
    assert ("search.tasks.recompute_patterns", ()) in queued
    assert ("leren.tasks.refresh_tag_summary", ()) in queued


def test_merge_refuses_target_among_sources_or_a_synonym_target(tagged, editor):
    """Merging into itself, or into a synonym, is refused and changes nothing."""
    with pytest.raises(TagMergeError):
        tags_merge(sources=[tag("brief")], target=tag("brief"), user=editor)
    TagSynonym.objects.create(variant=tag("wacht_lijst"), canonical=tag("wachtlijst"))
    with pytest.raises(TagMergeError):
        tags_merge(sources=[tag("brief")], target=tag("wacht_lijst"), user=editor)
    assert tag_names(tagged["story"]) == ["brief", "wacht-lijst"]


def test_editor_merges_tags_through_the_admin_form(client, tagged, editor):
    """The merge form takes names from the vocabulary and sends back to the list."""
    client.force_login(editor)
    response = client.get(f"/admin/tags/merge/?source={tag('wacht-lijst').pk}")
    assert "wacht-lijst" in response.content.decode()

    response = client.post(
        "/admin/tags/merge/",
        {"sources": "wacht-lijst, wacht_lijst", "target": "wachtlijst"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/tags/"
    assert tag_names(tagged["other_experiment"]) == ["wachtlijst"]


def test_merge_form_refuses_names_outside_the_vocabulary(client, tagged, editor):
    """A typed name that is no tag is an error, not a new tag."""
    client.force_login(editor)
    response = client.post(
        "/admin/tags/merge/", {"sources": "bestaat-niet", "target": "wachtlijst"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["sources"]
    assert not Tag.objects.filter(name="bestaat-niet").exists()
    assert tag_names(tagged["story"]) == ["brief", "wacht-lijst"]


def test_tag_listing_shows_usage_counts_and_themes(client, tagged, editor):
    """Each tag shows its stories, all its pages and its themes; sortable by use."""
    Thema.objects.create(name="Wachten").tags.add(tag("wacht-lijst"))
    client.force_login(editor)

    response = client.get("/admin/tags/", {"ordering": "-total"})

    rows = list(response.context["object_list"])
    top = rows[0]
    assert (top.name, top.stories, top.total) == ("wacht-lijst", 2, 4)
    usage = {row.name: (row.stories, row.total) for row in rows}
    assert usage["wachtlijst"] == (1, 2)
    assert usage["brief"] == (1, 1)
    html = response.content.decode()
    assert "Wachten" in html
    assert "/admin/tags/merge/" in html


def test_tag_listing_is_searchable(client, tagged, editor):
    client.force_login(editor)

    response = client.get("/admin/tags/", {"q": "brief"})

    assert [row.name for row in response.context["object_list"]] == ["brief"]


def test_synonym_added_in_admin_changes_the_patterns(client, tree, editor):
    """Once the editors say two spellings mean the same, their stories count as one."""
    for tags in (["thuiszorg", "wachttijd"],) * 3 + (["thuiszorg", "wacht-tijd"],) * 3:
        StoryFactory(parent=tree.verhalen, tags=tags)
    for _ in range(10):
        StoryFactory(parent=tree.verhalen, tags=["schulden", "brief"])
    pair = ("thuiszorg", "wachttijd")
    before = {tuple(p.tags): p.stories for p in patterns_compute()}

    client.force_login(editor)
    response = client.post(
        "/admin/tag-synonyms/new/", {"variant": "wacht-tijd", "canonical": "wachttijd"}
    )

    assert response.status_code == 302
    after = {tuple(p.tags): p.stories for p in patterns_compute()}
    assert before.get(pair, 0) < 6
    assert after[pair] == 6


def test_synonym_form_applies_the_models_rules(client, tagged, editor):
    """A tag cannot mean itself, nor a tag that is a synonym itself."""
    TagSynonym.objects.create(variant=tag("wacht_lijst"), canonical=tag("wachtlijst"))
    client.force_login(editor)

    itself = client.post(
        "/admin/tag-synonyms/new/", {"variant": "brief", "canonical": "brief"}
    )
    to_synonym = client.post(
        "/admin/tag-synonyms/new/", {"variant": "brief", "canonical": "wacht_lijst"}
    )

    assert itself.status_code == 200
    assert to_synonym.status_code == 200
    assert TagSynonym.objects.count() == 1


def test_theme_created_with_tags_from_the_vocabulary(client, tagged, django_user_model):
    """A theme groups existing tags, chosen with the tag widget."""
    client.force_login(user_in(django_user_model, "Redactie"))

    response = client.post(
        "/admin/themes/new/",
        {
            "name": "Wachten",
            "description": "Alles over wachten op hulp.",
            "tags": "wachtlijst, brief",
        },
    )

    assert response.status_code == 302
    theme = Thema.objects.get(name="Wachten")
    assert sorted(theme.tags.values_list("name", flat=True)) == ["brief", "wachtlijst"]
    listing = client.get("/admin/themes/").content.decode()
    assert "brief, wachtlijst" in listing or "wachtlijst, brief" in listing


@pytest.mark.parametrize(
    "path",
    ["/admin/tags/", "/admin/tags/merge/", "/admin/tag-synonyms/", "/admin/themes/"],
)
def test_staff_without_tag_rights_are_refused(client, tagged, django_user_model, path):
    """A Medewerker has the admin but not tag care: every view refuses."""
    client.force_login(user_in(django_user_model, "Medewerker"))

    response = client.get(path)

    assert response.status_code in {302, 403}
    assert "/login/" not in response.get("Location", "")


def test_staff_cannot_merge_by_posting(client, tagged, django_user_model):
    client.force_login(user_in(django_user_model, "Medewerker"))

    client.post(
        "/admin/tags/merge/", {"sources": "wacht-lijst", "target": "wachtlijst"}
    )

    assert tag_names(tagged["story"]) == ["brief", "wacht-lijst"]
    assert not TagSynonym.objects.exists()
