"""The traffic-light rule on each branch (status.py's docstring)."""

from decimal import Decimal as D

import pytest

from binhdang.indicators.choices import Direction, Status
from binhdang.indicators.status import default_tolerance, expected_value, milestone_status


def test_expected_value_is_on_the_straight_line_and_clamped():
    kw = {"target": D(90), "target_year": 2030, "baseline": D(40), "baseline_year": 2025}
    assert expected_value(year=2027, **kw) == D(60)
    assert expected_value(year=2020, **kw) == D(40)
    assert expected_value(year=2035, **kw) == D(90)
    # Without a baseline, or with one not before the milestone: the milestone itself.
    assert expected_value(year=2027, target=D(90), target_year=2030) == D(90)
    assert expected_value(
        year=2027, target=D(90), target_year=2025, baseline=D(1), baseline_year=2025
    ) == D(90)


LINE = {
    "target": D(90),
    "target_year": 2030,
    "baseline": D(40),
    "baseline_year": 2025,
    "tolerance": D(5),
}


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (D(90), Status.ACHIEVED),
        (D(95), Status.ACHIEVED),
        (D(60), Status.ON_TRACK),  # expected 60 in 2027
        (D(55), Status.ON_TRACK),  # expected − tolerance
        (D("54.9"), Status.AT_RISK),
        (D(50), Status.AT_RISK),  # expected − 2 × tolerance
        (D("49.9"), Status.OFF_TRACK),
        (None, Status.NO_DATA),
    ],
)
def test_increase(actual, status):
    result = milestone_status(actual=actual, year=2027, **LINE)
    assert result.status == status
    assert result.expected == D(60)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (D(10), Status.ACHIEVED),
        (D(8), Status.ACHIEVED),
        (D(34), Status.ON_TRACK),  # expected 34 in 2027 (from 50 in 2025 to 10 in 2030)
        (D(39), Status.ON_TRACK),
        (D("39.1"), Status.AT_RISK),
        (D(44), Status.AT_RISK),
        (D("44.1"), Status.OFF_TRACK),
        (None, Status.NO_DATA),
    ],
)
def test_decrease_mirrors_it(actual, status):
    result = milestone_status(
        actual=actual, year=2027, target=D(10), target_year=2030, baseline=D(50),
        baseline_year=2025, direction=Direction.DECREASE, tolerance=D(5),
    )  # fmt: skip
    assert result.status == status
    assert result.expected == D(34)


def test_a_range_is_met_at_its_least_promised_end():
    kw = {
        "year": 2030,
        "target": D(10),
        "target_max": D(15),
        "target_year": 2030,
        "tolerance": D(1),
    }
    assert milestone_status(actual=D(10), **kw).status == Status.ACHIEVED
    assert milestone_status(actual=D(9), **kw).status == Status.ON_TRACK
    down = milestone_status(actual=D(14), direction=Direction.DECREASE, **kw)
    assert down.status == Status.ACHIEVED and down.bar == D(15)


def test_maintain_every_year_is_held_to_the_level():
    kw = {"year": 2026, "target": D(2), "direction": Direction.MAINTAIN, "is_percent": False}
    assert milestone_status(actual=D(2), **kw).status == Status.ACHIEVED
    assert milestone_status(actual=D("1.8"), **kw).status == Status.ON_TRACK  # 10% of 2
    assert milestone_status(actual=D("1.7"), **kw).status == Status.AT_RISK
    assert milestone_status(actual=D(1), **kw).status == Status.OFF_TRACK


def test_default_tolerance(settings):
    assert default_tolerance(is_percent=True, target=D(90)) == D(5)
    assert default_tolerance(is_percent=False, target=D(4)) == D("0.4")
    settings.BINHDANG_INDICATOR_TOLERANCE_POINTS = 3
    assert default_tolerance(is_percent=True, target=D(90)) == D(3)


def test_no_milestone_value_is_no_data():
    assert milestone_status(actual=D(5), year=2026, target=None).status == Status.NO_DATA
