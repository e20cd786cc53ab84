"""The traffic-light rule: where a value stands against a milestone.

Trajectory: a straight line from the baseline (value b in year y0) to the milestone
(value t in year y1). The expected value in year y is

    e(y) = b + (t − b) × (y − y0) / (y1 − y0),   with y clamped to [y0, y1].

Without a baseline (or when the milestone has no year, "every year", or the baseline is
not before the milestone) the expected value is the milestone itself.

For a target that should increase (or be maintained at or above a level):

* achieved  — the value meets the milestone: v ≥ t;
* on_track  — v ≥ e(y) − tolerance;
* at_risk   — v ≥ e(y) − 2 × tolerance;
* off_track — below that;
* no_data   — no value (a missing report is never read as zero).

A target that should decrease mirrors it: achieved when v ≤ t, on track when
v ≤ e(y) + tolerance, at risk when v ≤ e(y) + 2 × tolerance.

A milestone given as a range ("tăng 10–15%") is met at the least promised end: the lower
value for an increase, the upper one for a decrease.

Tolerance (in the indicator's unit): the link's, else the indicator's, else the
installation's default — `BINHDANG_INDICATOR_TOLERANCE_POINTS` (5 percentage points) for
percentages, `BINHDANG_INDICATOR_TOLERANCE_SHARE` (10% of the milestone) for counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from binhdang.indicators.choices import Direction, Status

DEFAULT_TOLERANCE_POINTS = Decimal(5)
DEFAULT_TOLERANCE_SHARE = Decimal("0.10")


@dataclass(frozen=True)
class StatusResult:
    status: str
    expected: Decimal | None
    bar: Decimal | None  # the milestone value the target is held to


def default_tolerance(*, is_percent: bool, target: Decimal | None) -> Decimal:
    if is_percent:
        return Decimal(
            str(getattr(settings, "BINHDANG_INDICATOR_TOLERANCE_POINTS", DEFAULT_TOLERANCE_POINTS))
        )
    share = Decimal(
        str(getattr(settings, "BINHDANG_INDICATOR_TOLERANCE_SHARE", DEFAULT_TOLERANCE_SHARE))
    )
    return abs(target or Decimal(0)) * share


def expected_value(
    *,
    year: int,
    target: Decimal,
    target_year: int | None,
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
) -> Decimal:
    """The value expected in `year` on the straight line from baseline to milestone."""
    if baseline is None or baseline_year is None or target_year is None:
        return target
    if baseline_year >= target_year:
        return target
    y = min(max(year, baseline_year), target_year)
    return baseline + (target - baseline) * Decimal(y - baseline_year) / Decimal(
        target_year - baseline_year
    )


def milestone_status(
    *,
    actual: Decimal | None,
    year: int,
    target: Decimal | None,
    target_max: Decimal | None = None,
    target_year: int | None = None,
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
    direction: str = Direction.INCREASE,
    tolerance: Decimal | None = None,
    is_percent: bool = True,
) -> StatusResult:
    """Status of `actual` (the value in `year`) against a milestone (see the module)."""
    decrease = direction == Direction.DECREASE
    bar = target
    if decrease and target_max is not None:
        bar = target_max
    if bar is None:
        return StatusResult(Status.NO_DATA, None, None)
    expected = expected_value(
        year=year,
        target=bar,
        target_year=target_year,
        baseline=baseline,
        baseline_year=baseline_year,
    )
    if actual is None:
        return StatusResult(Status.NO_DATA, expected, bar)
    tol = (
        tolerance if tolerance is not None else default_tolerance(is_percent=is_percent, target=bar)
    )
    if decrease:
        if actual <= bar:
            status = Status.ACHIEVED
        elif actual <= expected + tol:
            status = Status.ON_TRACK
        elif actual <= expected + 2 * tol:
            status = Status.AT_RISK
        else:
            status = Status.OFF_TRACK
    else:
        if actual >= bar:
            status = Status.ACHIEVED
        elif actual >= expected - tol:
            status = Status.ON_TRACK
        elif actual >= expected - 2 * tol:
            status = Status.AT_RISK
        else:
            status = Status.OFF_TRACK
    return StatusResult(status, expected, bar)
