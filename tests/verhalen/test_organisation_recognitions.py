""" "Dit herkennen wij ook": one mark per staff member per story, never named."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.utils import timezone

from search.patterns import patterns_recompute
from search.services import search_reconcile
from tests.factories import StoryFactory
from verhalen.choices import OrganisationType
from verhalen.models import OrganisatieHerkenning
from verhalen.municipalities import PROVINCES
from verhalen.selectors import organisation_recognitions_of
from verhalen.services import (
    RecognitionRefused,
    organisation_recognition_set,
    organisation_recognition_withdraw,
)

pytestmark = pytest.mark.django_db

FEW = "Herkend door minder dan 5 organisaties."
NONE_YET = "Nog geen organisatie heeft gezegd dit te herkennen."


@pytest.fixture
def make_staff(django_user_model):
    """Accounts in one of Venster's groups, with a name, username and e-mail."""
    made = iter(range(1000))

    def make(group: str = "Medewerker", **fields):
        n = next(made)
        user = django_user_model.objects.create_user(
            fields.pop("username", f"medewerker-{n}"),
            password="geheim-genoeg-123",
            **fields,
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def staff(make_staff):
    return make_staff(
        username="j.jansen.uniek",
        first_name="Jozefien",
        last_name="Jansen-Uniek",
        email="jozefien.jansen@gemeente-voorbeeld.nl",
    )


def mark(story, user, kind=OrganisationType.GEMEENTE, province="Utrecht"):
    return organisation_recognition_set(
        page=story, user=user, organisation_type=kind, province=province
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    """The page's text without its markup, spaces joined."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_twelve_provinces_come_from_the_municipalities_data():
    assert len(PROVINCES) == 12
    assert {"Drenthe", "Fryslân", "Zeeland", "Noord-Brabant"} <= set(PROVINCES)


def test_staff_member_marks_a_story_once_and_a_second_mark_changes_the_first(
    story, staff
):
    """One mark per staff member per story; marking again changes kind and place."""
    mark(story, staff)
    mark(story, staff, kind=OrganisationType.ZORGAANBIEDER, province="Drenthe")
    rows = list(OrganisatieHerkenning.objects.filter(page=story))
    assert len(rows) == 1
    assert (rows[0].organisation_type, rows[0].province) == ("zorgaanbieder", "Drenthe")


def test_staff_member_can_take_their_mark_back(story, staff, make_staff):
    """Taking back removes only their own mark; a second time there is nothing."""
    colleague = make_staff()
    mark(story, staff)
    mark(story, colleague)
    assert organisation_recognition_withdraw(page=story, user=staff) is True
    assert organisation_recognition_withdraw(page=story, user=staff) is False
    assert OrganisatieHerkenning.objects.filter(page=story).count() == 1


def test_two_staff_members_of_one_kind_in_one_province_are_two_marks(
    story, staff, make_staff
):
    """Each staff member's mark counts as one organisation: the marks are distinct."""
    mark(story, staff)
    mark(story, make_staff())
    assert organisation_recognitions_of(page_ids=[story.pk]).organisations == 2


def test_unpublished_story_is_refused(story, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    with pytest.raises(RecognitionRefused):
        mark(story, staff)
    assert (
        signed_in(staff)
        .post(
            f"/herkennen-wij/{story.pk}/",
            {"organisation_type": "gemeente", "province": "Utrecht"},
        )
        .status_code
        == 404
    )
    assert not OrganisatieHerkenning.objects.exists()


def test_anonymous_and_researcher_accounts_are_refused_by_the_service(
    story, make_staff
):
    """Only accounts with admin access speak for an organisation."""
    for user in (AnonymousUser(), make_staff("Onderzoeker")):
        with pytest.raises(RecognitionRefused):
            mark(story, user)
    assert not OrganisatieHerkenning.objects.exists()


def test_anonymous_post_is_sent_to_the_login_page_and_back(client, story):
    response = client.post(
        f"/herkennen-wij/{story.pk}/",
        {"organisation_type": "gemeente", "province": "Utrecht"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert story.url in response["Location"].replace("%2F", "/")
    assert not OrganisatieHerkenning.objects.exists()


def test_researcher_account_gets_403(story, make_staff):
    response = signed_in(make_staff("Onderzoeker")).post(
        f"/herkennen-wij/{story.pk}/",
        {"organisation_type": "gemeente", "province": "Utrecht"},
    )
    assert response.status_code == 403
    assert not OrganisatieHerkenning.objects.exists()


def test_the_form_takes_only_posts(story, staff):
    assert signed_in(staff).get(f"/herkennen-wij/{story.pk}/").status_code == 405


def test_the_form_needs_its_csrf_token(story, staff):
    """Without the token from the staff member's page the post is refused."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    data = {"organisation_type": "gemeente", "province": "Utrecht", "action": "set"}
    assert browser.post(f"/herkennen-wij/{story.pk}/", data).status_code == 403
    assert not OrganisatieHerkenning.objects.exists()
    page = browser.get(story.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(
        f"/herkennen-wij/{story.pk}/", {**data, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{story.url}?organisatie=bewaard#herkennen-wij"
    assert OrganisatieHerkenning.objects.filter(page=story).count() == 1


def test_staff_member_is_told_in_dutch_what_is_missing_or_wrong(story, staff):
    browser = signed_in(staff)
    response = browser.post(f"/herkennen-wij/{story.pk}/", {"action": "set"})
    assert response.status_code == 400
    assert "Kies wat voor organisatie je bent." in text(response)
    assert "Kies de provincie waarin je werkt." in text(response)
    response = browser.post(
        f"/herkennen-wij/{story.pk}/",
        {"organisation_type": "gemeente", "province": "Atlantis", "action": "set"},
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in text(response)
    assert not OrganisatieHerkenning.objects.exists()


def test_staff_member_sees_the_form_their_mark_and_can_take_it_back(story, staff):
    """Without JavaScript: the form posts, the page says what was saved."""
    browser = signed_in(staff)
    page = text(browser.get(story.url))
    assert "Dit herkennen wij ook" in page
    assert "Je bent ingelogd als medewerker." in page
    response = browser.post(
        f"/herkennen-wij/{story.pk}/",
        {"organisation_type": "woningcorporatie", "province": "Zeeland"},
        follow=True,
    )
    page = text(response)
    assert "Opgeslagen: je organisatie herkent dit verhaal." in page
    assert (
        "Je gaf aan dat je organisatie dit herkent: Woningcorporatie in Zeeland."
        in page
    )
    assert FEW in page
    response = browser.post(
        f"/herkennen-wij/{story.pk}/", {"action": "withdraw"}, follow=True
    )
    assert "De herkenning van je organisatie is ingetrokken." in text(response)
    assert NONE_YET in text(response)
    assert not OrganisatieHerkenning.objects.exists()


def test_anonymous_visitor_gets_no_form_but_a_way_to_sign_in(client, story):
    page = client.get(story.url).content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert "/herkennen-wij/" not in page
    assert "/admin/login/?next=" in page


def test_one_staff_members_marks_on_two_stories_share_no_hash(tree, story, staff):
    """What one account recognised cannot be strung together from the table."""
    other = StoryFactory(parent=tree.verhalen)
    mark(story, staff)
    mark(other, staff)
    hashes = set(OrganisatieHerkenning.objects.values_list("staff_hash", flat=True))
    assert len(hashes) == 2
    fields = {field.name for field in OrganisatieHerkenning._meta.get_fields()}
    assert not fields & {"user", "username", "email", "name"}


@pytest.mark.parametrize(
    ("marks", "shown"),
    [
        (0, NONE_YET),
        (1, FEW),
        (4, FEW),
        (5, "Herkend door 5 organisaties in 2 provincies."),
        (7, "Herkend door 7 organisaties in 2 provincies."),
    ],
)
def test_story_page_counts_organisations_under_the_small_number_rule(
    client, story, make_staff, marks, shown
):
    """Below five marks neither the number nor the provinces are given."""
    for n in range(marks):
        mark(story, make_staff(), province="Drenthe" if n % 2 else "Utrecht")
    page = text(client.get(story.url))
    assert shown in page
    if marks < 5:
        assert "provincie" not in page, "no provinces beside a small count"


def test_public_page_never_names_the_kind_or_province_of_a_mark(client, story, staff):
    """No "one care provider in Drenthe": one mark is only "fewer than five"."""
    mark(story, staff, kind=OrganisationType.ZORGAANBIEDER, province="Drenthe")
    page = text(client.get(story.url))
    assert FEW in page
    assert "Drenthe" not in page
    assert "Zorgaanbieder" not in page
    assert "1 organisatie" not in page


@pytest.fixture
def pattern_stories(tree):
    """Three stories that make a pattern (a + b) among six of other topics."""
    stories = [
        StoryFactory(parent=tree.verhalen, tags=["wachtlijst", "brieven"])
        for _ in range(3)
    ]
    for n in range(6):
        StoryFactory(parent=tree.verhalen, tags=[f"ruis {n}"])
    patterns_recompute()
    return stories


def test_pattern_page_sums_the_marks_of_its_stories(
    client, pattern_stories, make_staff
):
    """Marks add up over the pattern's stories; provinces are counted once."""
    for story, province in zip(
        pattern_stories, ["Utrecht", "Drenthe", "Zeeland"], strict=True
    ):
        for _ in range(2):
            mark(story, make_staff(), province=province)
    page = text(client.get("/patronen/brieven+wachtlijst/"))
    assert "Herkend door 6 organisaties in 3 provincies." in page


def test_pattern_page_holds_back_a_small_sum(client, pattern_stories, staff):
    mark(pattern_stories[0], staff, province="Drenthe")
    page = text(client.get("/patronen/brieven+wachtlijst/"))
    assert FEW in page
    assert "Drenthe" not in page


def test_no_name_username_or_email_on_any_public_page_or_api_response(
    client, pattern_stories, staff
):
    """The staff member's identity appears nowhere the public can read."""
    story = pattern_stories[0]
    mark(story, staff)
    search_reconcile()
    patterns_recompute()
    responses = [
        client.get(story.url),
        client.get("/patronen/brieven+wachtlijst/"),
        client.get("/patronen/"),
        client.get(f"/api/v1/stories/{story.pk}/"),
        client.get(f"/api/v1/stories/{story.pk}/similar/"),
        client.get("/api/v1/stories/"),
        client.get("/api/v1/patterns/"),
        client.get("/zoeken/?q=brief"),
        client.get("/zoeken/export.csv?q=brief"),
    ]
    for response in responses:
        assert response.status_code == 200, response
        body = b"".join(response) if response.streaming else response.content
        body = body.decode()
        for secret in (
            "j.jansen.uniek",
            "Jozefien",
            "Jansen-Uniek",
            "jozefien.jansen@gemeente-voorbeeld.nl",
            OrganisatieHerkenning.objects.get().staff_hash,
        ):
            assert secret not in body, (response.request["PATH_INFO"], secret)


def test_a_new_mark_shows_on_the_cached_story_page(
    story, staff, page_cache, django_capture_on_commit_callbacks
):
    """The mark renews the story's copies, as a resident's recognition does."""
    reader = Client()
    assert NONE_YET in text(reader.get(story.url))
    assert NONE_YET in text(reader.get(story.url)), "answered from the cache"
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(staff).post(
            f"/herkennen-wij/{story.pk}/",
            {"organisation_type": "gemeente", "province": "Utrecht"},
        )
    assert FEW in text(reader.get(story.url))
    with django_capture_on_commit_callbacks(execute=True):
        organisation_recognition_withdraw(page=story, user=staff)
    assert NONE_YET in text(reader.get(story.url))


def test_withdrawn_story_takes_its_marks_with_it(story, staff):
    mark(story, staff)
    story.delete()
    assert not OrganisatieHerkenning.objects.exists()


def test_dashboard_lists_this_months_most_widely_recognised_stories(
    tree, make_staff, django_user_model
):
    """Most marks this month first; marks from before the month began do not count."""
    wide = StoryFactory(parent=tree.verhalen, title="Breed herkend verhaal")
    narrow = StoryFactory(parent=tree.verhalen, title="Smal herkend verhaal")
    earlier = StoryFactory(parent=tree.verhalen, title="Vorige maand herkend")
    for province in ("Utrecht", "Drenthe", "Zeeland"):
        mark(wide, make_staff(), province=province)
    mark(narrow, make_staff())
    for _ in range(5):
        mark(earlier, make_staff())
    month_start = timezone.localtime().replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    OrganisatieHerkenning.objects.filter(page=earlier).update(
        created_at=month_start - timedelta(days=1)
    )
    editor = Client()
    editor.force_login(make_staff("Redactie"))
    html = editor.get("/admin/").content.decode()
    assert "Deze maand het breedst herkend door organisaties" in html
    panel = html.split('id="venster-organisation-recognitions-heading"')[1]
    panel = panel.split("</section>")[0]
    assert panel.index("Breed herkend verhaal") < panel.index("Smal herkend verhaal")
    assert "Vorige maand herkend" not in panel
    assert re.search(r"Breed herkend verhaal</a></td><td>3</td><td>3</td>", panel)
    assert "j.jansen" not in panel and "medewerker-" not in panel


def test_dashboard_says_so_when_no_organisation_recognised_anything(make_staff):
    editor = Client()
    editor.force_login(make_staff("Redactie"))
    html = editor.get("/admin/").content.decode()
    assert "Deze maand zei geen organisatie ‘dit herkennen wij ook’." in html
