"""How the pattern pages draw their figures: geometry and layout, never counting.

Selectors count (stories per quarter, pairs of topics and their lift, already
under the small-number rule); this module turns those counts into what a template
draws: the bars, axes and ticks of a pattern's quarters, and the rows and cells of
the topics' heat map in cluster order. Templates only print what is here.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from verhalen.choices import Kind

from .privacy import K
from .selectors import PairCount, QuarterCount, TagCooccurrence, TopicCount

# The quarter chart, in viewBox units. Scaled to the column's width, its 16-unit
# labels read at about 12 px on a 390 px phone and never grow past the column.
CHART_WIDTH = 480
LABEL_WIDTH = 80
PLOT_LEFT = LABEL_WIDTH + 8
NOTE_WIDTH = 96
PLOT_RIGHT = CHART_WIDTH - NOTE_WIDTH
PLOT_TOP = 34
ROW_HEIGHT = 30
BAR_HEIGHT = 20
AXIS_SPACE = 56
MOST_TICKS = 5

# Shades of the heat map for the pairs it may count, from a pale tint to the darkest.
HEAT_BANDS = 5


@dataclass(frozen=True)
class Bar:
    """One quarter: its bar, its label and its count with its share beside it."""

    quarter: QuarterCount
    y: float
    width: float
    label_y: float
    note_x: float

    @property
    def share(self) -> str:
        return share_text(self.quarter.share)

    @property
    def note(self) -> str:
        """``3 (12%)``: the quarter's stories and their share of all its stories."""
        if not self.quarter.stories:
            return "0"
        return f"{self.quarter.stories} ({share_text(self.quarter.share)})"


@dataclass(frozen=True)
class Tick:
    """A value on the count axis and where its grid line stands."""

    value: int
    x: float


@dataclass(frozen=True)
class QuarterChart:
    """A pattern's stories per quarter as horizontal bars, quarters top to bottom."""

    bars: list[Bar]
    ticks: list[Tick]
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    bar_height: int
    label_x: int
    tick_label_y: int
    axis_title_x: float
    axis_title_y: int


def share_text(share: float) -> str:
    """A share as a percentage in the reader's notation: ``12%``, ``2,5%``, ``<1%``."""
    percent = share * 100
    if not percent:
        return "0%"
    if percent < 1:
        return "<1%"
    return f"{number_format(percent, 1 if percent < 10 else 0)}%"


def value_ticks(highest: int, *, most: int = MOST_TICKS) -> list[int]:
    """Round tick values from 0 past ``highest``: at most ``most`` of them."""
    highest = max(highest, 1)
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            top = math.ceil(highest / step) * step
            if top // step + 1 <= most:
                return list(range(0, top + 1, step))
        magnitude *= 10


def quarter_chart(*, quarters: Sequence[QuarterCount]) -> QuarterChart:
    """The bars, ticks and axes of a pattern's stories per quarter."""
    ticks = value_ticks(max((q.stories for q in quarters), default=0))
    scale = (PLOT_RIGHT - PLOT_LEFT) / ticks[-1]
    bars = []
    for index, quarter in enumerate(quarters):
        top = PLOT_TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        width = round(quarter.stories * scale, 1)
        bars.append(
            Bar(
                quarter=quarter,
                y=top,
                width=width,
                label_y=top + BAR_HEIGHT / 2,
                note_x=round(PLOT_LEFT + width + 6, 1),
            )
        )
    plot_bottom = PLOT_TOP + len(quarters) * ROW_HEIGHT
    return QuarterChart(
        bars=bars,
        ticks=[Tick(value, round(PLOT_LEFT + value * scale, 1)) for value in ticks],
        width=CHART_WIDTH,
        height=plot_bottom + AXIS_SPACE,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        plot_top=PLOT_TOP,
        plot_bottom=plot_bottom,
        bar_height=BAR_HEIGHT,
        label_x=LABEL_WIDTH,
        tick_label_y=plot_bottom + 20,
        axis_title_x=(PLOT_LEFT + PLOT_RIGHT) / 2,
        axis_title_y=plot_bottom + 46,
    )


@dataclass(frozen=True)
class HeatCell:
    """Where a row's topic meets a column's: the stories they share, or its own."""

    row: TopicCount
    column: TopicCount
    pair: PairCount | None
    # 0: no shared story; "few": fewer than K; 1 to HEAT_BANDS: more is darker.
    band: int | str
    href: str

    @property
    def diagonal(self) -> bool:
        return self.row.name == self.column.name

    @property
    def lift_text(self) -> str:
        return number_format(self.pair.lift, 1) if self.pair and self.pair.lift else ""


@dataclass(frozen=True)
class HeatRow:
    topic: TopicCount
    cells: list[HeatCell]


@dataclass(frozen=True)
class PairLink:
    """A pair of topics for the table, with the search for its stories."""

    pair: PairCount
    href: str

    @property
    def lift_text(self) -> str:
        return number_format(self.pair.lift, 1) if self.pair.lift else ""


@dataclass(frozen=True)
class HeatMap:
    """The topics in cluster order, as the rows and columns of one matrix."""

    topics: list[TopicCount]
    rows: list[HeatRow]
    # The shades in use, lightest first, each with the counts it stands for.
    legend: list[tuple[int, str]]
    # Every shared pair, most shared first, as the table beside the matrix lists it.
    pairs: list[PairLink]


def search_href(*names: str) -> str:
    """The search for the stories that carry every one of the topics ``names``."""
    query = [("kind", Kind.STORY), *(("tag", name) for name in names)]
    return f"{reverse('search:search')}?{urlencode(query)}"


def _shared(cooccurrence: TagCooccurrence, a: str, b: str) -> int:
    """The stories ``a`` and ``b`` share as far as they may be shown (below K: 0)."""
    pair = cooccurrence.pair(a, b)
    return (pair.together or 0) if pair else 0


def topics_in_cluster_order(*, cooccurrence: TagCooccurrence) -> list[TopicCount]:
    """The topics ordered so that those sharing many stories stand side by side.

    Average-linkage clustering on the Jaccard distance (1 − shared / either), its
    leaves in optimal order. It reads only counts that may be shown, so the order
    tells nothing about pairs the page keeps below K.
    """
    topics = cooccurrence.topics
    if len(topics) < 3:
        return list(topics)
    size = len(topics)
    distances = [[0.0] * size for _ in range(size)]
    for i, a in enumerate(topics):
        for j in range(i + 1, size):
            b = topics[j]
            shared = _shared(cooccurrence, a.name, b.name)
            either = (a.stories or 0) + (b.stories or 0) - shared
            distance = 1 - shared / either if either else 1.0
            distances[i][j] = distances[j][i] = distance
    tree = linkage(squareform(distances), method="average", optimal_ordering=True)
    return [topics[index] for index in leaves_list(tree)]


def heat_map(*, cooccurrence: TagCooccurrence) -> HeatMap:
    """Every two of the topics as one cell, shaded by the stories they share."""
    topics = topics_in_cluster_order(cooccurrence=cooccurrence)
    most = max((p.together or 0 for p in cooccurrence.pairs), default=0)
    rows = []
    for row in topics:
        cells = []
        for column in topics:
            if row.name == column.name:
                cells.append(HeatCell(row, column, None, 0, search_href(row.name)))
                continue
            pair = cooccurrence.pair(row.name, column.name)
            if pair is None:
                band = 0
            elif pair.suppressed:
                band = "few"
            else:
                band = heat_band(pair.together, most=most)
            href = search_href(row.name, column.name) if pair else ""
            cells.append(HeatCell(row, column, pair, band, href))
        rows.append(HeatRow(row, cells))
    pairs = [PairLink(p, search_href(p.a, p.b)) for p in cooccurrence.pairs]
    return HeatMap(topics=topics, rows=rows, legend=_legend(most), pairs=pairs)


def heat_band(together: int, *, most: int) -> int:
    """The shade of a pair shown with ``together`` stories: K is 1, ``most`` darkest.

    Spread over K to the most shared pair, the only counts a cell may show.
    """
    if most <= K:
        return HEAT_BANDS
    return 1 + round((together - K) * (HEAT_BANDS - 1) / (most - K))


def _legend(most: int) -> list[tuple[int, str]]:
    """Which shared-story counts each shade stands for: ``(3, "13–18")``."""
    spans: dict[int, list[int]] = {}
    for together in range(K, most + 1):
        spans.setdefault(heat_band(together, most=most), []).append(together)
    return [
        (band, str(c[0]) if len(c) == 1 else f"{c[0]}–{c[-1]}")
        for band, c in spans.items()
    ]
