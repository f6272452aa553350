"""Organisations' recognition weighs in a pattern's score, by breadth, not by volume."""

import math

import pytest
from django.contrib.auth.models import Group

from search.models import Patroon
from search.patterns import (
    RECOGNITION_WEIGHT,
    patterns_compute,
    patterns_recompute,
    recognition_weight,
)
from tests.factories import StoryFactory
from verhalen.choices import OrganisationType
from verhalen.services import organisation_recognition_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(tree):
    """Two patterns of three stories each, alike in support and lift, among noise."""
    stories = {
        pair: [StoryFactory(parent=tree.verhalen, tags=list(pair)) for _ in range(3)]
        for pair in (("brieven", "wachtlijst"), ("schulden", "uitzetting"))
    }
    for n in range(6):
        StoryFactory(parent=tree.verhalen, tags=[f"ruis {n}"])
    return stories


@pytest.fixture
def make_staff(django_user_model):
    made = iter(range(1000))

    def make():
        user = django_user_model.objects.create_user(f"medewerker-{next(made)}")
        user.groups.add(Group.objects.get(name="Medewerker"))
        return user

    return make


def mark(story, user, kind=OrganisationType.GEMEENTE, province="Utrecht"):
    organisation_recognition_set(
        page=story, user=user, organisation_type=kind, province=province
    )


def scores() -> dict[tuple[str, ...], float]:
    return {tuple(p.tags): p.score for p in patterns_compute()}


def test_unrecognised_patterns_keep_their_score():
    """No mark, no change: the weight of zero organisations is one."""
    assert recognition_weight(0) == 1
    assert recognition_weight(3) == pytest.approx(1 + RECOGNITION_WEIGHT * math.log(4))


def test_of_two_equal_patterns_the_one_recognised_more_widely_ranks_higher(
    twins, make_staff
):
    """Three organisations in three provinces lift a pattern above its twin."""
    before = scores()
    assert before[("brieven", "wachtlijst")] == before[("schulden", "uitzetting")]
    assert [p.tags for p in patterns_compute()][0] == ["brieven", "wachtlijst"]
    for story, (kind, province) in zip(
        twins[("schulden", "uitzetting")],
        [
            (OrganisationType.GEMEENTE, "Utrecht"),
            (OrganisationType.ZORGAANBIEDER, "Drenthe"),
            (OrganisationType.WONINGCORPORATIE, "Zeeland"),
        ],
        strict=True,
    ):
        mark(story, make_staff(), kind, province)
    after = scores()
    assert [p.tags for p in patterns_compute()][0] == ["schulden", "uitzetting"]
    assert after[("schulden", "uitzetting")] == pytest.approx(
        before[("schulden", "uitzetting")] * recognition_weight(3), abs=1e-3
    )
    assert after[("brieven", "wachtlijst")] == before[("brieven", "wachtlijst")]


def test_one_organisation_marking_many_times_counts_once(twins, make_staff):
    """One gemeente in Utrecht on every story, through several colleagues, is one.

    Two kinds of organisation on one story of the twin outweigh it.
    """
    before = scores()
    one_organisation = [make_staff() for _ in range(4)]
    for story in twins[("brieven", "wachtlijst")]:
        for colleague in one_organisation:
            mark(story, colleague)
    first = twins[("schulden", "uitzetting")][0]
    mark(first, make_staff(), OrganisationType.GEMEENTE, "Utrecht")
    mark(first, make_staff(), OrganisationType.ONDERWIJS, "Utrecht")
    after = scores()
    assert after[("brieven", "wachtlijst")] == pytest.approx(
        before[("brieven", "wachtlijst")] * recognition_weight(1), abs=1e-3
    )
    assert after[("schulden", "uitzetting")] > after[("brieven", "wachtlijst")]


def test_a_mark_queues_the_patterns_to_be_ranked_again(
    twins, make_staff, django_capture_on_commit_callbacks
):
    """The stored ranking follows a new mark without waiting for the nightly run."""
    patterns_recompute()
    assert Patroon.objects.first().tags == ["brieven", "wachtlijst"]
    with django_capture_on_commit_callbacks(execute=True):
        mark(twins[("schulden", "uitzetting")][0], make_staff())
    assert Patroon.objects.first().tags == ["schulden", "uitzetting"]
