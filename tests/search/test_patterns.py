"""The pattern engine on a generated corpus with planted patterns."""

import datetime
import io
import json
import random

import pytest
from django.core.management import call_command
from taggit.models import Tag

from leren.models import ExperimentStatus, TagSynonym
from search.models import Patroon, Trend
from search.patterns import patterns_recompute
from search.selectors import patterns_without_open_experiment
from tests.factories import ExperimentFactory, StoryFactory

pytestmark = pytest.mark.django_db

NOISE = [f"ruis {n}" for n in range(12)]
TODAY = datetime.date.today().replace(day=1)


def months_ago(months: int) -> datetime.date:
    total = TODAY.year * 12 + TODAY.month - 1 - months
    return datetime.date(total // 12, total % 12 + 1, 1)


@pytest.fixture
def corpus(tree):
    """60 stories of random noise tags, with two planted patterns."""
    rng = random.Random(7)
    for n in range(60):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Ruis {n}",
            tags=rng.sample(NOISE, 2),
            period=months_ago(rng.randint(0, 23)),
            perspective=rng.choice(["inwoner", "medewerker", "organisatie"]),
        )
    # Growing: one story in the year before, ten in the last year.
    for n, age in enumerate([20, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Wachten {n}",
            tags=["wachtlijst", "overbruggingszorg", rng.choice(NOISE)],
            period=months_ago(age),
            perspective="inwoner" if n % 2 else "medewerker",
            municipality="Utrecht",
        )
    # Not growing, spelt two ways; the editors recorded the synonym.
    for n, age in enumerate([14, 13, 12, 11, 10]):
        StoryFactory(
            parent=tree.verhalen,
            title=f"Schulden {n}",
            tags=["schuldhulp", "huisuitzetting" if n % 2 else "uitzetting"],
            period=months_ago(age),
        )
    TagSynonym.objects.create(
        variant=Tag.objects.get(name="uitzetting"),
        canonical=Tag.objects.get(name="huisuitzetting"),
    )
    return tree


def test_planted_patterns_are_found_and_ranked_above_noise(corpus):
    patterns_recompute()
    ranked = [p.tags for p in Patroon.objects.order_by("-score")]
    assert ranked[0] in (
        ["overbruggingszorg", "wachtlijst"],
        ["huisuitzetting", "schuldhulp"],
    )
    assert set(map(tuple, ranked[:2])) == {
        ("overbruggingszorg", "wachtlijst"),
        ("huisuitzetting", "schuldhulp"),
    }
    noise_only = [p for p in Patroon.objects.all() if all(t in NOISE for t in p.tags)]
    assert all(
        p.score < Patroon.objects.order_by("-score")[1].score for p in noise_only
    )


def test_spelling_variants_and_synonyms_count_as_one_tag(corpus):
    patterns_recompute()
    debt = Patroon.objects.get(tags=["huisuitzetting", "schuldhulp"])
    assert debt.stories == 5, "both spellings are counted"
    assert not any("uitzetting" in p.tags for p in Patroon.objects.all())


def test_growth_is_detected_against_the_year_before(corpus):
    patterns_recompute()
    waiting = Patroon.objects.get(tags=["overbruggingszorg", "wachtlijst"])
    debt = Patroon.objects.get(tags=["huisuitzetting", "schuldhulp"])
    assert waiting.growing and (waiting.recent, waiting.previous) == (10, 1)
    assert waiting.trend == Trend.GROWING
    assert not debt.growing and debt.trend == Trend.STABLE
    assert waiting.perspectives == ["inwoner", "medewerker"]
    assert waiting.municipalities == ["Utrecht"]
    assert waiting.first_seen == months_ago(20) and waiting.last_seen == TODAY


def test_patterns_link_open_and_closed_experiments_and_flag_the_uncovered(corpus):
    open_one = ExperimentFactory(
        parent=corpus.experimenten,
        tags=["wachtlijst", "overbruggingszorg", "jeugd"],
        status=ExperimentStatus.LOPEND,
    )
    closed = ExperimentFactory(
        parent=corpus.experimenten,
        tags=["wachtlijst", "overbruggingszorg"],
        status=ExperimentStatus.AFGEROND,
    )
    ExperimentFactory(
        parent=corpus.experimenten, tags=["schuldhulp"], status=ExperimentStatus.OPEN
    )
    patterns_recompute()
    waiting = Patroon.objects.get(tags=["overbruggingszorg", "wachtlijst"])
    assert waiting.open_experiment_ids == [open_one.pk]
    assert waiting.closed_experiment_ids == [closed.pk]
    uncovered = list(patterns_without_open_experiment())
    assert ["huisuitzetting", "schuldhulp"] in [p.tags for p in uncovered]
    assert waiting not in uncovered


def test_patterns_command_prints_json_best_first(corpus):
    ExperimentFactory(
        parent=corpus.experimenten,
        title="Eén gezicht bij wachten",
        tags=["wachtlijst", "overbruggingszorg"],
        status=ExperimentStatus.OPEN,
    )
    out = io.StringIO()
    call_command("patterns", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == sorted(rows, key=lambda r: -r["score"])
    waiting = next(r for r in rows if r["tags"] == ["overbruggingszorg", "wachtlijst"])
    assert waiting["stories"] == 11 and waiting["growing"] is True
    assert waiting["trend"] == "growing"
    assert waiting["open_experiments"][0]["title"] == "Eén gezicht bij wachten"
    assert waiting["open_experiments"][0]["url"].startswith("/experimenten/")
    assert waiting["closed_experiments"] == []
    assert "keer zo vaak als" in waiting["why"]


def test_recomputing_twice_gives_the_same_patterns(corpus):
    first = patterns_recompute()
    tags = sorted(map(tuple, Patroon.objects.values_list("tags", flat=True)))
    assert patterns_recompute() == first
    assert sorted(map(tuple, Patroon.objects.values_list("tags", flat=True))) == tags


def test_publishing_queues_one_recompute_for_a_burst_of_publications(
    tree, monkeypatch, django_capture_on_commit_callbacks
):
    from search import tasks

    queued = []
    monkeypatch.setattr(
        tasks.recompute_patterns,
        "apply_async",
        lambda args=None, countdown=None, **kw: queued.append(countdown),
    )
    stories = [StoryFactory(parent=tree.verhalen, live=False) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for story in stories:
            story.save_revision().publish()
    assert queued == [30], "one delayed recompute for three publications"
