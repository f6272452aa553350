"""Each month the editors get a draft "Leren van fouten" to curate and publish."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import StoryFactory
from verhalen.models import MaandoverzichtPage
from verhalen.services import monthly_overview_prepare
from verhalen.tasks import prepare_monthly_overview

pytestmark = pytest.mark.django_db


def published_on(story, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    type(story).objects.filter(pk=story.pk).update(first_published_at=moment)


def test_the_month_draft_preselects_that_months_published_stories(tree):
    march = StoryFactory(parent=tree.verhalen, title="Maart")
    april = StoryFactory(parent=tree.verhalen, title="April")
    published_on(march, datetime.date(2026, 3, 14))
    published_on(april, datetime.date(2026, 4, 2))

    overview = monthly_overview_prepare(month=datetime.date(2026, 3, 20))

    assert not overview.live, "the editors curate it first"
    assert overview.title == "Leren van fouten: maart 2026"
    assert [s.title for s in overview.stories.all()] == ["Maart"]
    again = monthly_overview_prepare(month=datetime.date(2026, 3, 1))
    assert again.pk == overview.pk
    assert MaandoverzichtPage.objects.count() == 1


def test_a_published_overview_shows_its_stories_to_everyone(client, tree):
    story = StoryFactory(parent=tree.verhalen, title="Het loket was dicht")
    published_on(story, datetime.date(2026, 5, 3))
    overview = monthly_overview_prepare(month=datetime.date(2026, 5, 1))
    overview.save_revision().publish()

    html = client.get("/leren-van-fouten/").content.decode()
    assert "Leren van fouten: mei 2026" in html
    html = client.get("/leren-van-fouten/2026-05/").content.decode()
    assert "Het loket was dicht" in html


def test_the_monthly_task_drafts_last_month(tree):
    pk = prepare_monthly_overview()
    overview = MaandoverzichtPage.objects.get(pk=pk)
    this_month = timezone.now().date().replace(day=1)
    assert overview.month < this_month
    assert (this_month - overview.month).days <= 31
