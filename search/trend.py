"""Whether a pattern grows or declines relative to all stories: an exact test.

Conditional on the pattern's ``n = recent + previous`` stories, the number in the
recent window is Binomial(n, p0) when the pattern's rate follows the corpus's, with
p0 the recent window's share of all stories. So the test compares the pattern's
share, not its count: a site that doubles does not make each of its patterns grow.
It is exact, so a handful of stories gives a wide interval instead of a false alarm.
"""

from dataclasses import dataclass

from scipy.stats import binomtest

from .models import Trend, TrendReason

ALPHA = 0.05
# Below this many stories in both windows together no test can tell much.
TREND_MIN_STORIES = 5


@dataclass(frozen=True)
class TrendResult:
    """A trend with its rate ratio, 95% interval and p-value (none when too few)."""

    trend: Trend
    reason: str = ""
    ratio: float | None = None
    ratio_low: float | None = None
    ratio_high: float | None = None
    p_value: float | None = None


def _rate_ratio(
    share: float, *, recent_total: int, previous_total: int
) -> float | None:
    """The rate ratio a share of the pattern's stories in the recent window means."""
    if share >= 1:
        return None
    return share / (1 - share) * previous_total / recent_total


def trend_test(
    *, recent: int, previous: int, recent_total: int, previous_total: int
) -> TrendResult:
    """Test the pattern's recent against previous stories against the corpus's."""
    n = recent + previous
    if n < TREND_MIN_STORIES or not recent_total or not previous_total:
        return TrendResult(trend=Trend.STABLE, reason=TrendReason.TOO_FEW)
    expected_share = recent_total / (recent_total + previous_total)
    result = binomtest(recent, n, expected_share, alternative="two-sided")
    interval = result.proportion_ci(confidence_level=0.95)
    totals = {"recent_total": recent_total, "previous_total": previous_total}
    p_value = float(result.pvalue)
    # Compared as cross products: no division, and previous may be 0.
    higher = recent * previous_total > previous * recent_total
    lower = recent * previous_total < previous * recent_total
    if p_value < ALPHA and higher:
        trend = Trend.GROWING
    elif p_value < ALPHA and lower:
        trend = Trend.DECLINING
    else:
        trend = Trend.STABLE
    return TrendResult(
        trend=trend,
        ratio=_rate_ratio(recent / n, **totals),
        ratio_low=_rate_ratio(float(interval.low), **totals),
        ratio_high=_rate_ratio(float(interval.high), **totals),
        p_value=p_value,
    )
