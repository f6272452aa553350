"""The small-number ladder: place and period as precisely as K stories allow."""

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.small_numbers import corpus_generated, released_groups
from tests.factories import StoryFactory
from verhalen.models import StoryGeneralisation
from verhalen.municipalities import MUNICIPALITY_PROVINCE
from verhalen.services import story_generalisations_refresh
from verhalen.small_numbers import (
    SUPPRESSED,
    K,
    PeriodLevel,
    PlaceLevel,
    Shown,
    StoryFacts,
    period_quarter,
    stories_generalise,
)


def facts(n, *, start=1, municipality="Utrecht", period=date(2025, 3, 1), **fields):
    """``n`` stories sharing one combination of identifiers."""
    fields = {"perspective": "inwoner", "domain": "wmo", **fields}
    return [
        StoryFacts(pk=pk, municipality=municipality, period=period, **fields)
        for pk in range(start, start + n)
    ]


def shown_of(stories) -> dict[int, Shown]:
    return stories_generalise(stories)


def test_common_combination_keeps_municipality_and_month():
    shown = shown_of(facts(K))
    assert set(shown.values()) == {
        Shown("Utrecht", PlaceLevel.MUNICIPALITY, "2025-03", PeriodLevel.MONTH)
    }


def test_rare_month_is_generalised_to_its_quarter_keeping_the_municipality():
    stories = facts(2, period=date(2025, 1, 1)) + facts(
        3, start=10, period=date(2025, 2, 1)
    )
    assert set(shown_of(stories).values()) == {
        Shown("Utrecht", PlaceLevel.MUNICIPALITY, "2025-K1", PeriodLevel.QUARTER)
    }


def test_rare_municipalities_keep_their_month_under_their_province():
    """Attribute by attribute: the place is coarsened, the month is kept."""
    stories = facts(2, municipality="Zeist") + facts(3, start=10, municipality="Houten")
    assert set(shown_of(stories).values()) == {
        Shown("Utrecht", PlaceLevel.PROVINCE, "2025-03", PeriodLevel.MONTH)
    }


def test_places_in_different_provinces_lose_the_place_but_keep_the_month():
    stories = facts(2, municipality="Urk") + facts(3, start=10, municipality="Ede")
    assert set(shown_of(stories).values()) == {
        Shown("", PlaceLevel.NONE, "2025-03", PeriodLevel.MONTH)
    }


def test_one_municipality_spread_over_a_year_keeps_the_municipality_and_year():
    stories = [
        StoryFacts(
            pk=month,
            municipality="Utrecht",
            perspective="inwoner",
            domain="wmo",
            period=date(2025, month, 1),
        )
        for month in (1, 4, 7, 10, 12)
    ]
    assert set(shown_of(stories).values()) == {
        Shown("Utrecht", PlaceLevel.MUNICIPALITY, "2025", PeriodLevel.YEAR)
    }


def test_fewer_than_five_even_at_the_top_of_the_ladder_is_suppressed():
    few = facts(K - 1)
    other = facts(K, start=100, perspective="medewerker")
    shown = shown_of(few + other)
    assert {shown[story.pk] for story in few} == {SUPPRESSED}
    assert SUPPRESSED.suppressed and SUPPRESSED.place == SUPPRESSED.period == ""
    assert shown[other[0].pk].period_level == PeriodLevel.MONTH


def test_stories_shown_finer_do_not_count_towards_a_coarser_label():
    """A lone February story must not be the only "2025-K1" beside five March ones."""
    march = facts(K)
    february = facts(1, start=100, period=date(2025, 2, 1))
    shown = shown_of(march + february)
    assert shown[march[0].pk].period_level == PeriodLevel.MONTH
    assert shown[february[0].pk] == SUPPRESSED


def test_a_larger_group_spares_stories_to_save_a_small_one_from_suppression():
    march = facts(K + 1)
    early = facts(2, start=100, period=date(2025, 1, 1)) + facts(
        2, start=200, period=date(2025, 2, 1)
    )
    shown = shown_of(march + early)
    assert not any(value.suppressed for value in shown.values())
    assert Counter(value.period for value in shown.values()) == {
        "2025-03": K,
        "2025-K1": K,
    }


def test_unknown_municipality_is_no_place_rather_than_a_leak():
    stories = facts(K, municipality="Gemeente Lindendal")
    assert set(shown_of(stories).values()) == {
        Shown("", PlaceLevel.NONE, "2025-03", PeriodLevel.MONTH)
    }


def test_quarter_labels_follow_dutch_statistics():
    assert period_quarter(date(2025, 1, 1)) == "2025-K1"
    assert period_quarter(date(2025, 6, 1)) == "2025-K2"
    assert period_quarter(date(2025, 12, 1)) == "2025-K4"


def _truthful(story: StoryFacts, value: Shown) -> bool:
    """What is shown is a generalisation of the story's own place and period."""
    if value.place_level == PlaceLevel.MUNICIPALITY:
        place_ok = value.place == story.municipality
    elif value.place_level == PlaceLevel.PROVINCE:
        place_ok = value.place == MUNICIPALITY_PROVINCE[story.municipality]
    else:
        place_ok = value.place == ""
    period_ok = {
        PeriodLevel.MONTH: f"{story.period:%Y-%m}",
        PeriodLevel.QUARTER: period_quarter(story.period),
        PeriodLevel.YEAR: str(story.period.year),
        PeriodLevel.NONE: "",
    }[value.period_level] == value.period
    return place_ok and period_ok


PLACES = ["", "Utrecht", "Zeist", "Houten", "Urk", "Ede", "Amsterdam", "Onbekend"]
story_strategy = st.builds(
    lambda municipality, perspective, domain, year, month: (
        municipality,
        perspective,
        domain,
        date(year, month, 1),
    ),
    st.sampled_from(PLACES),
    st.sampled_from(["inwoner", "medewerker"]),
    st.sampled_from(["wmo", "jeugd"]),
    st.integers(2024, 2025),
    st.integers(1, 12),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(story_strategy, max_size=120))
def test_every_shown_combination_is_shared_by_at_least_k_stories(rows):
    stories = [
        StoryFacts(pk=pk, municipality=m, perspective=p, domain=d, period=period)
        for pk, (m, p, d, period) in enumerate(rows, 1)
    ]
    shown = stories_generalise(stories)
    assert set(shown) == {story.pk for story in stories}
    assert all(size >= K for size in released_groups(stories, shown).values())
    assert all(_truthful(story, shown[story.pk]) for story in stories)


def test_a_generated_corpus_of_10000_is_protected_and_barely_suppressed():
    stories = corpus_generated(10_000, seed=11)
    shown = stories_generalise(stories)
    assert min(released_groups(stories, shown).values()) >= K
    suppressed = sum(value.suppressed for value in shown.values()) / len(stories)
    assert suppressed <= 0.05
    kept_year = sum(not value.suppressed for value in shown.values()) / len(stories)
    assert kept_year >= 0.95


@pytest.mark.django_db
def test_refresh_stores_the_ladder_over_published_public_stories_only(tree):
    published = [
        StoryFactory(parent=tree.verhalen, municipality="Utrecht", period="2025-03-01")
        for _ in range(K)
    ]
    StoryFactory(
        parent=tree.verhalen, municipality="Utrecht", period="2025-03-01", live=False
    )

    assert story_generalisations_refresh() == K

    assert set(StoryGeneralisation.objects.values_list("page_id", flat=True)) == {
        page.pk for page in published
    }
    assert published[0].shown.period_level == PeriodLevel.MONTH
    published[0].unpublish()
    story_generalisations_refresh()
    assert not StoryGeneralisation.objects.filter(page=published[0]).exists()
    assert StoryFactory._meta.model.objects.get(pk=published[1].pk).shown == SUPPRESSED
    assert story_generalisations_refresh() == 0, "nothing changed the second time"


@pytest.mark.django_db
def test_publishing_a_story_refreshes_the_ladder_on_commit(
    tree, django_capture_on_commit_callbacks
):
    stories = [
        StoryFactory(parent=tree.verhalen, municipality="Utrecht", live=False)
        for _ in range(K)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for story in stories:
            story.save_revision().publish()
    assert StoryGeneralisation.objects.filter(period_level="month").count() == K


@pytest.mark.django_db
def test_story_page_shows_place_and_period_only_as_the_ladder_allows(client, tree):
    common = [
        StoryFactory(parent=tree.verhalen, municipality="Utrecht", period="2025-03-01")
        for _ in range(K)
    ]
    rare = StoryFactory(
        parent=tree.verhalen,
        municipality="Zeist",
        period="2025-07-01",
        perspective="medewerker",
    )
    story_generalisations_refresh()

    html = client.get(common[0].url).content.decode()
    assert '<time datetime="2025-03">maart 2025</time>' in html
    assert "<dd>Utrecht</dd>" in html

    html = client.get(rare.url).content.decode()
    assert "Zeist" not in html
    assert "juli 2025" not in html and "2025-07" not in html


@pytest.mark.django_db
def test_story_cards_show_the_generalised_place_and_period(client, tree):
    stories = [
        StoryFactory(
            parent=tree.verhalen,
            municipality=municipality,
            period=f"2025-0{month}-01",
        )
        for municipality, month in [("Zeist", 1), ("Houten", 2)] * 2 + [("Zeist", 3)]
    ]
    story_generalisations_refresh()
    assert {story.shown.period for story in stories} == {"2025-K1"}

    for url in (tree.verhalen.url, tree.home.url):
        html = client.get(url).content.decode()
        assert "Zeist" not in html and "Houten" not in html
        assert "januari 2025" not in html
        assert "1e kwartaal 2025" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "level, place, label",
    [
        (PlaceLevel.PROVINCE, "Utrecht", "Provincie"),
        (PlaceLevel.MUNICIPALITY, "Houten", "Gemeente"),
    ],
)
def test_a_story_page_names_the_place_by_the_level_it_is_shown_at(
    client, tree, level, place, label
):
    story = StoryFactory(parent=tree.verhalen, title="Loket")
    StoryGeneralisation.objects.update_or_create(
        page=story,
        defaults={
            "place": place,
            "place_level": level,
            "period": "2025",
            "period_level": PeriodLevel.YEAR,
        },
    )
    page = client.get(story.url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f"<dt>{label}</dt><dd>{place}</dd>" in page
