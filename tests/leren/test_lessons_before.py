"""Before an experiment starts, its author sees what was tried and learned before."""

import re

import pytest
from django.contrib.messages import get_messages
from wagtail.test.utils.form_data import nested_form_data, rich_text

from leren.models import ExperimentStatus, LessonsRead, TagSynonym
from leren.selectors import lessons_before
from tests.factories import ExperimentFactory, ReflectieFactory, StoryFactory

pytestmark = pytest.mark.django_db

LESSON = "<p>Een vast aanspreekpunt hielp alleen met een eigen telefoonnummer.</p>"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", password="x")
    client.force_login(user)
    return user


def ended(tree, **kwargs):
    kwargs.setdefault("status", ExperimentStatus.AFGEROND)
    kwargs.setdefault("lessons", LESSON)
    return ExperimentFactory(parent=tree.experimenten, **kwargs)


def test_ended_experiments_with_lessons_come_first_most_shared_tags_first(tree):
    one = ended(tree, title="Eén tag gedeeld", tags=["wachtlijst"])
    two = ended(tree, title="Twee tags", tags=["wachtlijst", "vaste contactpersoon"])
    ended(tree, title="Zonder lessen", tags=["wachtlijst"], lessons="")
    ended(tree, title="Ander onderwerp", tags=["schuldhulp"])

    found = lessons_before(tags=["wachtlijst", "vaste contactpersoon"])

    assert found.ended == [two, one]


def test_stories_reflections_and_open_experiments_on_the_tags_are_listed(tree):
    story = StoryFactory(parent=tree.verhalen, tags=["wachtlijst"])
    StoryFactory(parent=tree.verhalen, tags=["wachtlijst"], live=False)
    reflection = ReflectieFactory(parent=tree.reflecties, tags=["wachtlijst"])
    running = ExperimentFactory(parent=tree.experimenten, tags=["wachtlijst"])
    ExperimentFactory(
        parent=tree.experimenten, tags=["wachtlijst"], status=ExperimentStatus.IDEE
    )

    found = lessons_before(tags=["Wachtlijst"])

    assert found.stories == [story]
    assert found.reflections == [reflection]
    assert found.open == [running]


def test_the_experiment_being_written_is_not_listed_beside_itself(tree):
    draft = ExperimentFactory(parent=tree.experimenten, tags=["wachtlijst"])

    assert lessons_before(tags=["wachtlijst"], exclude=draft.pk).open == []


def test_a_synonym_of_a_tag_finds_the_pages_of_its_main_tag(tree):
    earlier = ended(tree, tags=["wachtlijst"])
    StoryFactory(parent=tree.verhalen, tags=["wachttijd"])
    from taggit.models import Tag

    TagSynonym.objects.create(
        variant=Tag.objects.get(name="wachttijd"),
        canonical=Tag.objects.get(name="wachtlijst"),
    )

    assert lessons_before(tags=["wachttijd"]).ended == [earlier]


def test_a_rare_word_of_the_hypothesis_finds_an_experiment_without_shared_tags(tree):
    earlier = ended(
        tree,
        title="Overbruggingszorg bij wachtlijsten",
        hypothesis="We denken dat overbruggingszorg wachtenden helpt.",
        tags=["jeugdzorg"],
    )

    found = lessons_before(tags=[], hypothesis="We denken dat overbruggingszorg helpt")

    assert found.ended == [earlier]


def test_words_every_hypothesis_has_find_nothing(tree):
    ended(tree, hypothesis="We denken dat mensen sneller geholpen worden.")

    assert not lessons_before(tags=[], hypothesis="We denken dat mensen sneller")


def test_the_experiment_form_shows_the_panel_with_the_lessons_and_its_script(
    client, tree, editor
):
    ended(tree, title="Vast aanspreekpunt in Noord", tags=["wachtlijst"])
    draft = ExperimentFactory(parent=tree.experimenten, tags=["wachtlijst"])

    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()

    assert "Vast aanspreekpunt in Noord" in html
    assert "een eigen telefoonnummer" in html
    assert 'src="/static/leren/js/lessons_before.js"' in html
    assert 'data-lessons-before="/admin/experimenten/vooraf/"' in html


def test_the_panel_is_asked_anew_for_the_tags_being_typed(client, tree, editor):
    ended(tree, title="Schuldhulp zonder wachttijd", tags=["schuldhulp"])

    response = client.get(
        "/admin/experimenten/vooraf/", {"tags": '"schuldhulp", toeslagen'}
    )

    assert response.status_code == 200
    assert "Schuldhulp zonder wachttijd" in response.content.decode()


def test_the_panel_contents_need_an_admin_login(client, tree):
    ended(tree, title="Schuldhulp zonder wachttijd", tags=["schuldhulp"])

    response = client.get("/admin/experimenten/vooraf/", {"tags": "schuldhulp"})

    assert response.status_code == 302
    assert "Schuldhulp" not in response.content.decode()


def form_data(experiment, **changes) -> dict:
    data = {
        "title": experiment.title,
        "slug": experiment.slug,
        "hypothesis": experiment.hypothesis,
        "approach": rich_text(experiment.approach),
        "led_by": experiment.led_by,
        "status": experiment.status,
        "results": rich_text(""),
        "lessons": rich_text(""),
        "domain": experiment.domain,
        "period": "2025-03-01",
        "tags": "wachtlijst",
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return nested_form_data(data)


def test_publishing_with_the_box_ticked_records_who_read_the_lessons(
    client, tree, editor
):
    draft = ExperimentFactory(parent=tree.experimenten, live=False)

    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        form_data(draft, lessons_read="on", **{"action-publish": "publish"}),
    )

    assert response.status_code == 302, response.context["form"].errors
    record = LessonsRead.objects.get(experiment=draft)
    assert record.user == editor
    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    box = re.search(r'<input[^>]*name="lessons_read"[^>]*>', html).group(0)
    assert "checked" in box


def test_publishing_without_the_box_warns_and_still_publishes(client, tree, editor):
    draft = ExperimentFactory(parent=tree.experimenten, live=False)

    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        form_data(draft, **{"action-publish": "publish"}),
    )

    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.live
    assert not LessonsRead.objects.exists()
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("zonder te bevestigen" in message for message in warnings)


def test_saving_a_draft_without_the_box_gives_no_warning(client, tree, editor):
    draft = ExperimentFactory(parent=tree.experimenten, live=False)

    response = client.post(f"/admin/pages/{draft.pk}/edit/", form_data(draft))

    assert response.status_code == 302, response.context["form"].errors
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert not any("zonder te bevestigen" in message for message in warnings)
