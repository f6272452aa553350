"""The system flaws register: public, with a reasoned history, raised by staff."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from leren.models import Systeemfout, SysteemfoutStatus, SysteemfoutWijziging
from leren.selectors import systeemfouten_stale
from leren.services import (
    StatusChangeError,
    systeemfout_raise,
    systeemfout_status_change,
)
from tests.factories import ReflectieFactory, StoryFactory, SysteemfoutFactory
from verhalen.models import AnonymisationCheckTask
from verhalen.preview import preview_doubts
from verhalen.selectors import page_findings

pytestmark = pytest.mark.django_db

EDIT_URL = "/admin/snippets/leren/systeemfout/edit/{pk}/"
ADD_URL = "/admin/snippets/leren/systeemfout/add/"
RAISE_URL = "/admin/systeemfouten/raise/{pk}/"


@pytest.fixture
def member(django_user_model):
    """Make a user in one of Venster's roles."""

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(
            username or f"user-{role.lower()}", password="x"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def editor(member):
    return member("Redactie", "redacteur-de-vries")


def raised(**kwargs) -> Systeemfout:
    """A raised flaw, published as the editors' approval would."""
    flaw = systeemfout_raise(systeemfout=SysteemfoutFactory.build(**kwargs), user=None)
    flaw.save_revision().publish()
    flaw.refresh_from_db()
    return flaw


def form_data(flaw: Systeemfout, **changes) -> dict[str, str]:
    data = {
        "title": flaw.title,
        "description": flaw.description,
        "workaround": flaw.workaround,
        "owner": flaw.owner,
        "status": flaw.status,
        "status_reason": "",
    }
    data.update(changes)
    return data


def test_register_lists_flaws_by_status_with_workaround_stories_and_history(
    client, tree, editor
):
    resolved = raised(title="Brief zonder maatwerk", workaround="Bellen in plaats")
    systeemfout_status_change(
        systeemfout=resolved,
        new_status=SysteemfoutStatus.OPGELOST,
        reason="Het sjabloon kent nu een vrij tekstveld.",
        user=editor,
    )
    reported = raised(title="Geen uitzondering op de termijn")
    acknowledged = raised(title="Wachtlijst telt dubbel")
    systeemfout_status_change(
        systeemfout=acknowledged,
        new_status=SysteemfoutStatus.ERKEND,
        reason="Het team herkent het.",
        user=editor,
    )
    story = StoryFactory(parent=tree.verhalen, title="De brief kwam te laat")
    story.systeemfouten.add(resolved)
    story.save()
    reflection = ReflectieFactory(parent=tree.reflecties, title="Had ik gebeld")
    reflection.systeemfouten.add(resolved)
    reflection.save()

    response = client.get("/systeemfouten/")

    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f.title) for f in (reported, acknowledged, resolved)]
    assert positions == sorted(positions), "open statuses come before closed ones"
    assert "Bellen in plaats" in html
    assert resolved.owner in html
    assert f'href="{story.url}"' in html
    assert f'href="{reflection.url}"' in html
    assert "Het sjabloon kent nu een vrij tekstveld." in html
    assert "redacteur-de-vries" not in html


def test_unpublished_stories_are_not_shown_in_the_register(client, tree):
    flaw = raised()
    draft = StoryFactory(parent=tree.verhalen, title="Nog een concept", live=False)
    draft.systeemfouten.add(flaw)
    draft.save()

    for path in ("/systeemfouten/", f"/systeemfouten/{flaw.pk}/"):
        html = client.get(path).content.decode()
        assert flaw.title in html
        assert "Nog een concept" not in html


def test_detail_page_shows_one_flaw_with_its_history_but_not_who(client, editor):
    flaw = raised(workaround="Handmatig vastleggen")
    systeemfout_status_change(
        systeemfout=flaw,
        new_status=SysteemfoutStatus.IN_BEHANDELING,
        reason="Leverancier past het aan.",
        user=editor,
    )

    response = client.get(f"/systeemfouten/{flaw.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" + flaw.title + "</h1>" in html
    assert "Handmatig vastleggen" in html
    assert "Leverancier past het aan." in html
    assert "redacteur-de-vries" not in html


def test_unknown_flaw_is_not_found(client, db):
    assert client.get("/systeemfouten/999999/").status_code == 404


def test_status_change_without_reason_is_refused(client, editor):
    flaw = raised()
    client.force_login(editor)

    response = client.post(
        EDIT_URL.format(pk=flaw.pk), form_data(flaw, status=SysteemfoutStatus.ERKEND)
    )

    assert response.status_code == 200
    assert "status_reason" in response.context["form"].errors
    flaw.refresh_from_db()
    assert flaw.status == SysteemfoutStatus.GEMELD
    assert flaw.history.count() == 1


def test_status_change_service_refuses_a_blank_reason(editor):
    flaw = raised()
    with pytest.raises(StatusChangeError):
        systeemfout_status_change(
            systeemfout=flaw,
            new_status=SysteemfoutStatus.ERKEND,
            reason="  ",
            user=editor,
        )


def test_status_change_is_recorded_with_who_when_from_to_and_why(client, editor):
    flaw = raised()
    client.force_login(editor)
    before = timezone.now()

    response = client.post(
        EDIT_URL.format(pk=flaw.pk),
        form_data(
            flaw,
            status=SysteemfoutStatus.NIET_OPGELOST,
            status_reason="De wet laat geen ruimte.",
        ),
    )

    assert response.status_code == 302
    change = flaw.history.first()
    assert change.changed_by == editor
    assert change.changed_at >= before
    assert change.old_status == SysteemfoutStatus.GEMELD
    assert change.new_status == SysteemfoutStatus.NIET_OPGELOST
    assert change.reason == "De wet laat geen ruimte."
    flaw.refresh_from_db()
    assert flaw.status == SysteemfoutStatus.NIET_OPGELOST
    assert flaw.status_reason == "De wet laat geen ruimte."


def test_editing_without_changing_status_needs_no_reason_and_records_nothing(
    client, editor
):
    flaw = raised()
    client.force_login(editor)

    response = client.post(
        EDIT_URL.format(pk=flaw.pk),
        {**form_data(flaw, owner="Team Schulden"), "action-publish": "publish"},
    )

    assert response.status_code == 302
    flaw.refresh_from_db()
    assert flaw.owner == "Team Schulden"
    assert flaw.history.count() == 1


def test_reason_without_status_change_is_refused(client, editor):
    flaw = raised()
    client.force_login(editor)

    response = client.post(
        EDIT_URL.format(pk=flaw.pk), form_data(flaw, status_reason="Zomaar.")
    )

    assert response.status_code == 200
    assert "status_reason" in response.context["form"].errors
    assert flaw.history.count() == 1


def test_edit_form_shows_the_status_history_with_who(client, editor):
    flaw = raised()
    systeemfout_status_change(
        systeemfout=flaw,
        new_status=SysteemfoutStatus.ERKEND,
        reason="Herkend in het overleg.",
        user=editor,
    )
    client.force_login(editor)

    html = client.get(EDIT_URL.format(pk=flaw.pk)).content.decode()

    assert "Herkend in het overleg." in html
    assert "redacteur-de-vries" in html


def test_staff_member_reads_the_status_history_in_the_inspect_view(
    client, editor, member
):
    flaw = raised()
    systeemfout_status_change(
        systeemfout=flaw,
        new_status=SysteemfoutStatus.IN_BEHANDELING,
        reason="Opgepakt met de leverancier.",
        user=editor,
    )
    client.force_login(member("Medewerker"))

    response = client.get(f"/admin/snippets/leren/systeemfout/inspect/{flaw.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<table class="listing">' in html
    assert "Opgepakt met de leverancier." in html


def test_staff_member_creates_a_flaw_as_reported_but_cannot_change_status(
    client, member
):
    staff = member("Medewerker")
    client.force_login(staff)

    response = client.post(
        ADD_URL,
        {
            "title": "Formulier vraagt BSN van kinderen",
            "description": "Het formulier weigert zonder BSN.",
            "workaround": "Papieren formulier.",
            "owner": "Team Jeugd",
            "status": SysteemfoutStatus.OPGELOST,
        },
    )

    assert response.status_code == 302
    flaw = Systeemfout.objects.get(title="Formulier vraagt BSN van kinderen")
    assert flaw.status == SysteemfoutStatus.GEMELD
    first = flaw.history.get()
    assert (first.old_status, first.new_status) == ("", SysteemfoutStatus.GEMELD)
    assert first.changed_by == staff
    with pytest.raises(PermissionDenied):
        systeemfout_status_change(
            systeemfout=flaw,
            new_status=SysteemfoutStatus.ERKEND,
            reason="Zelf erkend.",
            user=staff,
        )


@pytest.mark.parametrize("kind", ["story", "reflection"])
def test_raise_from_a_page_creates_links_on_a_draft_and_records_history(
    client, tree, member, kind
):
    staff = member("Medewerker")
    if kind == "story":
        page = StoryFactory(parent=tree.verhalen)
    else:
        page = ReflectieFactory(parent=tree.reflecties)
    client.force_login(staff)

    response = client.post(
        RAISE_URL.format(pk=page.pk),
        {
            "title": "Termijn te kort voor maatwerk",
            "description": "Het systeem sluit de aanvraag na acht weken.",
            "workaround": "De consulent verlengt met de hand.",
            "owner": "Team Wmo",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/admin/pages/{page.pk}/edit/"
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    flaw = Systeemfout.objects.get(title="Termijn te kort voor maatwerk")
    assert flaw.status == SysteemfoutStatus.GEMELD
    assert flaw.history.get().changed_by == staff
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.latest_revision.user == staff
    assert flaw in page.get_latest_revision_as_object().systeemfouten.all()
    # Nothing is published without the workflow.
    assert not page.__class__.objects.get(pk=page.pk).systeemfouten.exists()
    assert page.title not in client.get("/systeemfouten/").content.decode()

    page.latest_revision.publish()
    flaw.latest_revision.publish()

    assert page.title in client.get("/systeemfouten/").content.decode()


def test_page_editor_offers_to_raise_a_flaw(client, story, member):
    client.force_login(member("Medewerker"))

    html = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()

    assert RAISE_URL.format(pk=story.pk) in html


def test_researcher_cannot_raise_a_flaw(client, story, member):
    client.force_login(member("Onderzoeker"))

    response = client.post(
        RAISE_URL.format(pk=story.pk),
        {"title": "X", "description": "Y", "workaround": "Z", "owner": "W"},
    )

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Systeemfout.objects.exists()


def test_raise_is_not_offered_for_pages_without_flaws(client, tree, member):
    client.force_login(member("Medewerker"))

    response = client.get(RAISE_URL.format(pk=tree.verhalen.pk))

    assert response.status_code == 404


def age(flaw: Systeemfout, *, days: int, history_days: int | None = None) -> None:
    """Pretend the flaw and its history were last changed ``days`` ago."""
    when = timezone.now() - timedelta(days=days)
    Systeemfout.objects.filter(pk=flaw.pk).update(updated_at=when)
    history_when = timezone.now() - timedelta(days=history_days or days)
    SysteemfoutWijziging.objects.filter(systeemfout=flaw).update(
        changed_at=history_when
    )


def test_stale_selector_returns_open_flaws_without_change_for_60_days(editor):
    stale = raised(title="Stil gevallen")
    age(stale, days=61)
    recent_change = raised(title="Net besproken")
    age(recent_change, days=61, history_days=10)
    closed = raised(title="Afgesloten")
    systeemfout_status_change(
        systeemfout=closed,
        new_status=SysteemfoutStatus.OPGELOST,
        reason="Opgelost.",
        user=editor,
    )
    age(closed, days=200)
    fresh = raised(title="Vers")
    age(fresh, days=59)

    assert list(systeemfouten_stale()) == [stale]
    assert set(systeemfouten_stale(days=30)) == {stale, fresh}


def test_stale_flaws_panel_shows_on_the_dashboard_for_editors_only(
    client, editor, member
):
    flaw = raised(title="Al lang stil")
    age(flaw, days=90)

    client.force_login(editor)
    assert "Al lang stil" in client.get("/admin/").content.decode()

    client.force_login(member("Medewerker"))
    assert "Al lang stil" not in client.get("/admin/").content.decode()


def workflow_approve(client, flaw: Systeemfout, editor) -> None:
    """The editor takes both steps of the workflow: anonymisation, then approval."""
    client.force_login(editor)
    check = {
        "checked": "on",
        "comment": "",
        "page": f"leren.systeemfout:{flaw.pk}",
        "doubts_seen": [d.key for d in preview_doubts(page_findings(page=flaw))],
    }
    for data in (check, {"comment": ""}):
        flaw.refresh_from_db()
        state = flaw.current_workflow_task_state
        response = client.post(
            reverse(
                "wagtailsnippets_leren_systeemfout:workflow_action",
                args=[flaw.pk, "approve", state.pk],
            ),
            data,
        )
        assert response.status_code in (200, 302), response.content[:500]
        state.refresh_from_db()
        assert state.status == "approved"


def test_raised_flaw_is_not_public_until_checked_and_approved(
    client, tree, member, editor
):
    staff = member("Medewerker")
    page = StoryFactory(parent=tree.verhalen)
    client.force_login(staff)
    client.post(
        RAISE_URL.format(pk=page.pk),
        {
            "title": "Aanvraag sluit te vroeg",
            "description": "Het systeem sluit na acht weken; mevrouw De Wit wachtte.",
            "workaround": "Handmatig verlengen.",
            "owner": "Jan Bakker, Team Wmo",
        },
    )
    flaw = Systeemfout.objects.get(title="Aanvraag sluit te vroeg")
    page.refresh_from_db()
    page.latest_revision.publish()
    client.logout()

    assert not flaw.live
    register = client.get("/systeemfouten/").content.decode()
    assert "Aanvraag sluit te vroeg" not in register
    assert "Jan Bakker" not in register
    assert client.get(f"/systeemfouten/{flaw.pk}/").status_code == 404
    assert "Aanvraag sluit te vroeg" not in client.get(page.url).content.decode()
    assert flaw.workflow_in_progress
    assert isinstance(flaw.current_workflow_task.specific, AnonymisationCheckTask)

    client.force_login(editor)
    check = client.get(
        reverse(
            "wagtailsnippets_leren_systeemfout:workflow_action",
            args=[flaw.pk, "approve", flaw.current_workflow_task_state.pk],
        )
    ).content.decode()
    assert "<mark" in check and "Wit" in check, "the check shows the findings"
    workflow_approve(client, flaw, editor)
    client.logout()

    flaw.refresh_from_db()
    assert flaw.live
    register = client.get("/systeemfouten/").content.decode()
    assert "Aanvraag sluit te vroeg" in register
    assert "Aanvraag sluit te vroeg" in client.get(page.url).content.decode()


def test_edit_of_a_published_description_is_public_only_once_approved(client, editor):
    flaw = raised(title="Brief zonder maatwerk", description="De oude tekst.")
    client.force_login(editor)

    response = client.post(
        EDIT_URL.format(pk=flaw.pk),
        {
            **form_data(flaw, description="De nieuwe tekst over Piet Jansen."),
            "action-submit": "submit",
        },
    )

    assert response.status_code == 302
    client.logout()
    html = client.get(f"/systeemfouten/{flaw.pk}/").content.decode()
    assert "De oude tekst." in html
    assert "Piet Jansen" not in html
    flaw.refresh_from_db()
    assert flaw.description == "De oude tekst."
    assert flaw.has_unpublished_changes

    workflow_approve(client, flaw, editor)
    client.logout()
    html = client.get(f"/systeemfouten/{flaw.pk}/").content.decode()
    assert "De nieuwe tekst over Piet Jansen." in html
    assert "De oude tekst." not in html


def test_status_change_is_public_at_once_while_a_text_change_waits(client, editor):
    flaw = raised(description="De oude tekst.")
    client.force_login(editor)
    client.post(
        EDIT_URL.format(pk=flaw.pk), form_data(flaw, description="Nog een concept.")
    )
    flaw.refresh_from_db()
    draft = flaw.latest_revision

    client.post(
        EDIT_URL.format(pk=flaw.pk),
        form_data(
            flaw,
            description="Nog een concept.",
            status=SysteemfoutStatus.ERKEND,
            status_reason="Herkend in het overleg.",
        ),
    )

    flaw.refresh_from_db()
    assert flaw.status == SysteemfoutStatus.ERKEND
    assert flaw.description == "De oude tekst."
    # Publishing a revision saved before the status change does not undo it.
    draft.publish()
    flaw.refresh_from_db()
    assert flaw.description == "Nog een concept."
    assert flaw.status == SysteemfoutStatus.ERKEND


def test_staff_member_cannot_publish_a_flaw(client, member):
    staff = member("Medewerker")
    client.force_login(staff)

    response = client.post(
        ADD_URL,
        {
            "title": "Formulier zonder ruimte",
            "description": "Geen vrij veld.",
            "workaround": "Bijlage.",
            "owner": "Team Jeugd",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302
    flaw = Systeemfout.objects.get(title="Formulier zonder ruimte")
    assert not flaw.live
    assert (
        "Formulier zonder ruimte" not in client.get("/systeemfouten/").content.decode()
    )
    with pytest.raises(PermissionDenied):
        flaw.latest_revision.publish(user=staff)
    flaw.refresh_from_db()
    assert not flaw.live


def test_editor_can_publish_a_flaw(client, editor):
    client.force_login(editor)

    client.post(
        ADD_URL,
        {
            "title": "Termijn zonder uitzondering",
            "description": "Geen uitzondering mogelijk.",
            "workaround": "Bellen.",
            "owner": "Team Wmo",
            "action-publish": "publish",
        },
    )

    flaw = Systeemfout.objects.get(title="Termijn zonder uitzondering")
    assert flaw.live
    assert (
        "Termijn zonder uitzondering" in client.get("/systeemfouten/").content.decode()
    )
