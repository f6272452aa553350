"""What the public pages show over time: the monthly overview and the facts of
stories as generalised for the small-number rule."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format

from ..models import (
    MaandoverzichtenIndexPage,
    MaandoverzichtPage,
    StoryGeneralisation,
    VerhaalPage,
)
from ..small_numbers import StoryFacts, stories_generalise, stories_shown_changed
from .site import page_cache_renew, site_tree_ensure


@transaction.atomic
def monthly_overview_prepare(*, month: date) -> MaandoverzichtPage:
    """Draft the month's "Leren van fouten" with its published stories preselected.

    The editors curate and publish it; running this again changes nothing.
    """
    month = month.replace(day=1)
    existing = MaandoverzichtPage.objects.filter(month=month).first()
    if existing is not None:
        return existing
    index = MaandoverzichtenIndexPage.objects.first()
    if index is None:
        home = site_tree_ensure().home
        index = home.add_child(
            instance=MaandoverzichtenIndexPage(
                title="Leren van fouten",
                slug="leren-van-fouten",
                intro="Elke maand: wat we leerden van wat misging.",
            )
        )
    next_month = (month + timedelta(days=32)).replace(day=1)
    stories = VerhaalPage.objects.live().filter(
        first_published_at__date__gte=month, first_published_at__date__lt=next_month
    )
    with translation.override("nl"):
        title = f"Leren van fouten: {date_format(month, 'F Y')}"
    overview = MaandoverzichtPage(
        title=title, slug=f"{month:%Y-%m}", month=month, live=False
    )
    overview.stories.set(list(stories))
    index.add_child(instance=overview)
    overview.save_revision(log_action=True)
    return overview


def story_generalisations_refresh() -> int:
    """Work the small-number ladder out over every published story and store it.

    Safe to run any time; the public pages are renewed only when a story's shown
    place or period changed. Returns how many stories changed.
    """
    facts = [
        StoryFacts(
            pk=pk,
            municipality=municipality,
            perspective=perspective,
            domain=domain,
            period=period,
        )
        for pk, municipality, perspective, domain, period in VerhaalPage.objects.live()
        .public()
        .values_list("pk", "municipality", "perspective", "domain", "period")
    ]
    shown = stories_generalise(facts)
    with transaction.atomic():
        stored = {
            row.page_id: row.shown
            for row in StoryGeneralisation.objects.select_for_update()
        }
        gone = [pk for pk in stored if pk not in shown]
        changed = [pk for pk, value in shown.items() if stored.get(pk) != value]
        StoryGeneralisation.objects.filter(page_id__in=gone).delete()
        StoryGeneralisation.objects.bulk_create(
            [
                StoryGeneralisation(
                    page_id=pk,
                    place=shown[pk].place,
                    place_level=shown[pk].place_level,
                    period=shown[pk].period,
                    period_level=shown[pk].period_level,
                )
                for pk in changed
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=["place", "place_level", "period", "period_level"],
        )
        if gone or changed:
            page_cache_renew()
            stories_shown_changed.send(
                sender=StoryGeneralisation, page_ids=sorted(gone + changed)
            )
    return len(gone) + len(changed)
