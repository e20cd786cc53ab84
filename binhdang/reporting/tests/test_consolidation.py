"""Consolidation: counts summed, percentages recomputed from summed parts (never
averaged), missing reports flagged (never zero), best kind of figure, old units rolled up
to their successors, every number traced to its submissions; completeness; periods."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from binhdang.reporting.choices import PeriodConvention, RoundKind, SubmissionStatus
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.periods import Period, parse_period
from binhdang.reporting.selectors import (
    consolidate,
    consolidate_by_unit,
    national_completeness,
    round_completeness,
)
from binhdang.reporting.services import element_ids

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
S = SubmissionStatus


def _received(sub, *, at=None, status=S.SUBMITTED):
    at = at or datetime(2025, 12, 1, 9, 0, tzinfo=VN)
    Submission.objects.filter(pk=sub.pk).update(
        status=status, first_submitted_at=at, submitted_at=at
    )
    sub.refresh_from_db()
    return sub


def _value(sub, code, value, *, sex="", kind="estimate"):
    return DataValue.objects.create(
        submission=sub, element_id=element_ids()[code], period=sub.round.period,
        agency_id=sub.agency_id, unit_id=sub.unit_id, sex=sex, kind=kind, value=Decimal(value),
    )  # fmt: skip


def test_percentages_are_recomputed_from_summed_parts_not_averaged(world, rnd):
    a = _received(world.submission_hp_a)
    b = _received(Submission.objects.get(round=rnd, agency=world.yte_hp))
    # Commune: 1 of 2 conventions (50%); department: 9 of 10 (90%).
    _value(a, "conventions.total", 2)
    _value(a, "conventions.non_discriminatory", 1)
    _value(b, "conventions.total", 10)
    _value(b, "conventions.non_discriminatory", 9)
    cons = consolidate(round=rnd)
    pct = cons.get("pct.conventions_ok")
    assert (pct.numerator, pct.denominator) == (Decimal(10), Decimal(12))
    assert pct.value == Decimal("83.3")  # 10/12, not (50 + 90) / 2 = 70
    assert sorted(pct.sources) == sorted([a.pk, b.pk])
    assert cons.get("conventions.total").value == Decimal(12)


def test_missing_reports_are_listed_not_counted_as_zero(world, rnd):
    a = _received(world.submission_hp_a)
    _value(a, "media.agencies_total", 4)
    cons = consolidate(round=rnd)
    assert (cons.expected, cons.received) == (3, 1)
    names = [name for _pk, name in cons.missing]
    assert "Sở Y tế Thành phố Hải Phòng" in names and len(names) == 2
    assert cons.get("media.agencies_total").reporters == 1


def test_a_draft_or_returned_report_does_not_count(world, rnd):
    a = world.submission_hp_a
    _value(a, "media.agencies_total", 4)  # status not started
    assert consolidate(round=rnd).get("media.agencies_total") is None
    _received(a, status=S.RETURNED)
    assert consolidate(round=rnd).get("media.agencies_total") is None


def test_best_kind_wins_final_over_estimate_over_actual(world, rnd):
    a = _received(world.submission_hp_a)
    _value(a, "media.agencies_total", 3, kind="actual")
    _value(a, "media.agencies_total", 5, kind="estimate")
    assert consolidate(round=rnd).get("media.agencies_total").value == Decimal(5)
    _value(a, "media.agencies_total", 6, kind="final")
    f = consolidate(round=rnd).get("media.agencies_total")
    assert f.value == Decimal(6) and f.kinds == {"final"}


def test_sex_disaggregated_sums(world, rnd):
    a = _received(world.submission_hp_a)
    b = _received(Submission.objects.get(round=rnd, agency=world.yte_hp))
    for sub, (m, f) in ((a, (10, 15)), (b, (3, 4))):
        _value(sub, "officials.trained", m + f)
        _value(sub, "officials.trained", m, sex="male")
        _value(sub, "officials.trained", f, sex="female")
    cons = consolidate(round=rnd).get("officials.trained")
    assert cons.cells == {"": Decimal(32), "male": Decimal(13), "female": Decimal(19)}


def test_consolidation_inside_a_commune_includes_its_old_communes(world, rnd):
    """A figure reported for a pre-2025 commune belongs to the commune that succeeded it."""
    from binhdang.agencies.models import Agency

    old_pc = Agency.objects.create(
        unit=world.old_commune, kind="peoples_committee", name="UBND phường Cẩm Thượng",
        full_name="UBND phường Cẩm Thượng", search_key="x", valid_to=date(2025, 6, 30),
    )  # fmt: skip
    old = _received(
        Submission.objects.create(
            round=rnd, agency=old_pc, unit=world.old_commune, expected_as="added"
        )
    )
    a = _received(world.submission_hp_a)
    _value(old, "conventions.total", 3)
    _value(a, "conventions.total", 5)
    assert consolidate(round=rnd, unit=world.hp_a).get("conventions.total").value == Decimal(8)
    assert consolidate(round=rnd, unit=world.hp_b).get("conventions.total") is None
    rows = {r.unit: r for r in consolidate_by_unit(round=rnd, code="conventions.total")}
    assert rows["Phường Thành Đông"].value == Decimal(8)
    assert sorted(rows["Phường Thành Đông"].sources) == sorted([old.pk, a.pk])
    assert rows["Thành phố Hải Phòng"].missing == 2  # the two departments


def test_round_completeness_on_time_late_missing(world, rnd):
    _received(world.submission_hp_a, at=datetime(2025, 12, 10, 16, 0, tzinfo=VN))
    _received(
        Submission.objects.get(round=rnd, agency=world.yte_hp),
        at=datetime(2025, 12, 12, 8, 0, tzinfo=VN),
    )
    c = round_completeness(round=rnd, today=date(2025, 12, 20))
    assert (c.total.expected, c.total.received, c.total.on_time, c.total.late) == (3, 2, 1, 1)
    assert [r.agency for r in c.missing_rows] == ["Sở Nội vụ Thành phố Hải Phòng"]
    assert c.missing_rows[0].timeliness == "missing"
    before = round_completeness(round=rnd, today=date(2025, 12, 5))
    assert {r.timeliness for r in before.missing_rows} == {"pending"}
    units = {u.unit: (u.expected, u.received) for u in c.by_unit}
    assert units == {"Thành phố Hải Phòng": (2, 1), "Phường Thành Đông": (1, 1)}


def test_national_completeness_by_province(world, rnd):
    _received(world.submission_hp_a)
    _received(world.submission_ct)
    rows = {r.province: r for r in national_completeness(year=2025)}
    assert (rows["Thành phố Hải Phòng"].expected, rows["Thành phố Hải Phòng"].received) == (3, 1)
    assert rows["Thành phố Cần Thơ"].on_time == 1
    # A Hải Phòng reporter sees only Hải Phòng's rounds.
    mine = national_completeness(year=2025, user=world.reporter_hp_a)
    assert [r.province for r in mine] == ["Thành phố Hải Phòng"]


@pytest.mark.parametrize(
    ("code", "convention", "window"),
    [
        ("2025", PeriodConvention.ADMIN_D09, (date(2024, 12, 15), date(2025, 12, 14))),
        ("2025", PeriodConvention.STAT_CAL, (date(2025, 1, 1), date(2025, 12, 31))),
        ("2025Q1", PeriodConvention.ADMIN_D09, (date(2024, 12, 15), date(2025, 3, 14))),
        ("2025Q3", PeriodConvention.ADMIN_D09, (date(2025, 6, 15), date(2025, 9, 14))),
        ("2025Q2", PeriodConvention.STAT_CAL, (date(2025, 4, 1), date(2025, 6, 30))),
        ("2025AM", PeriodConvention.ADMIN_D09, (date(2025, 11, 15), date(2025, 12, 15))),
    ],
)
def test_period_windows(code, convention, window):
    assert parse_period(code).window(convention) == window
    assert parse_period(code).code == code


def test_default_deadlines():
    assert Period(RoundKind.ANNUAL, 2025).default_deadline("10/12") == date(2025, 12, 10)
    assert Period(RoundKind.ANNUAL, 2025).default_deadline("") == date(2025, 12, 10)
    assert Period(RoundKind.ANNUAL, 2025).default_deadline("20/12") == date(2025, 12, 20)
    # Quarterly: two working days after the cut-off (Decree 09 needs at least one).
    assert Period(RoundKind.QUARTERLY, 2025, 1).default_deadline() == date(2025, 3, 18)
