"""Roles come from a migration, and stories pass an anonymisation check to go live."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.factories import StoryFactory
from verhalen.models import AnonymisationCheckTask

pytestmark = pytest.mark.django_db


AJAX = {"x-requested-with": "XMLHttpRequest"}


def modal_json(response) -> dict:
    """Wagtail's modal views answer JSON with an HTML content type."""
    return json.loads(response.content)


def member(django_user_model, role: str, name: str):
    user = django_user_model.objects.create_user(name, password="x")
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_three_roles_exist_with_their_rights(django_user_model):
    medewerker = member(django_user_model, "Medewerker", "m")
    redactie = member(django_user_model, "Redactie", "r")
    onderzoeker = member(django_user_model, "Onderzoeker", "o")

    assert medewerker.has_perm("wagtailadmin.access_admin")
    assert medewerker.has_perm("leren.add_systeemfout")
    assert not medewerker.has_perm("verhalen.moderate_inzending")
    assert redactie.has_perm("verhalen.moderate_inzending")
    assert redactie.has_perm("taggit.change_tag")
    assert not onderzoeker.has_perm("wagtailadmin.access_admin")
    assert not onderzoeker.has_perm("verhalen.view_inzending")


def test_staff_can_write_but_not_publish_and_editors_can(django_user_model, tree):
    story = StoryFactory(parent=tree.verhalen, live=False)
    medewerker = member(django_user_model, "Medewerker", "m")
    redactie = member(django_user_model, "Redactie", "r")
    assert story.permissions_for_user(medewerker).can_edit()
    assert not story.permissions_for_user(medewerker).can_publish()
    assert story.permissions_for_user(redactie).can_publish()


def test_stories_and_reflections_go_through_the_anonymisation_check(tree):
    for index in (tree.verhalen, tree.reflecties):
        tasks = [t.specific for t in index.get_workflow().tasks.all()]
        assert isinstance(tasks[0], AnonymisationCheckTask)
        assert tasks[1].__class__.__name__ == "GroupApprovalTask"


def test_a_story_goes_live_only_after_both_workflow_steps(
    client, django_user_model, tree
):
    medewerker = member(django_user_model, "Medewerker", "m")
    redactie = member(django_user_model, "Redactie", "r")
    story = StoryFactory(
        parent=tree.verhalen,
        live=False,
        body="<p>Mijn buurman Henk Jansen belde 06-12345678 en niemand nam op.</p>",
    )
    story.save_revision(user=medewerker)
    story.get_workflow().start(story, medewerker)
    state = WorkflowState.objects.get()

    client.force_login(redactie)
    task_state = state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]
    )
    modal = modal_json(client.get(url))["html"]
    assert "<mark" in modal and "06-12345678" in modal, "findings are highlighted"

    refused = modal_json(client.post(url, {"comment": ""}, headers=AJAX))
    assert refused["step"] == "action", "approving needs the check box"
    state.refresh_from_db()
    assert isinstance(state.current_task_state.task.specific, AnonymisationCheckTask)
    done = modal_json(
        client.post(
            url, {"comment": "", "checked": "on", "page": story.pk}, headers=AJAX
        )
    )
    assert done["step"] == "success"
    state.refresh_from_db()
    story.refresh_from_db()
    assert not story.live, "the editorial approval is still to come"
    assert state.current_task_state.task.specific.__class__.__name__ == (
        "GroupApprovalTask"
    )

    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[story.pk, "approve", state.current_task_state.pk],
    )
    client.post(approve, {"comment": ""})
    story.refresh_from_db()
    assert story.live


def test_staff_cannot_take_the_anonymisation_check_themselves(
    client, django_user_model, tree
):
    medewerker = member(django_user_model, "Medewerker", "m")
    story = StoryFactory(parent=tree.verhalen, live=False)
    story.save_revision(user=medewerker)
    story.get_workflow().start(story, medewerker)
    task_state = WorkflowState.objects.get().current_task_state

    client.force_login(medewerker)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]
    )
    # Wagtail answers a refused action by sending the user back to the dashboard.
    assert client.post(url, {"checked": "on"}).status_code in (302, 403)
    story.refresh_from_db()
    assert not story.live


def test_only_venster_roles_and_dutch_workflows_exist(tree):
    """Wagtail's Editors, Moderators and "Moderators approval" are gone or Dutch."""
    from wagtail.models import Task, Workflow

    assert set(Group.objects.values_list("name", flat=True)) == {
        "Medewerker",
        "Redactie",
        "Onderzoeker",
    }
    names = [*Workflow.objects.values_list("name", flat=True)]
    names += Task.objects.values_list("name", flat=True)
    assert not [name for name in names if "approval" in name.lower()], names


def test_an_experiment_is_sent_to_editorial_approval_in_dutch(
    client, django_user_model, experiment
):
    """The page editor's workflow button names Venster's step, approved by Redactie."""
    client.force_login(member(django_user_model, "Medewerker", "m"))
    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[experiment.pk]),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    html = response.content.decode()
    assert "Stuur door naar Redactionele goedkeuring" in html
    assert "Moderators" not in html
    workflow = experiment.get_workflow()
    task = workflow.tasks.get()
    assert list(task.specific.groups.values_list("name", flat=True)) == ["Redactie"]
