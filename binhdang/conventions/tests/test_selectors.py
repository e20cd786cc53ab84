"""convention_counts: known answers on the world (year ends, a pre-2025 commune rolled up
into the ward that took it over, another province left out)."""

from datetime import date

import pytest

from binhdang.conventions.choices import ConventionStatus, ReviewResult
from binhdang.conventions.models import Convention
from binhdang.conventions.selectors import convention_counts, convention_totals

pytestmark = pytest.mark.django_db

NO = ReviewResult.NO_DISCRIMINATION


@pytest.fixture
def registry(world, make):
    w = world
    return {
        # Reviewed in 2023, nothing found.
        "c1": make(w.hp_a, adopted_on=date(2020, 5, 1), reviewed_on=date(2023, 6, 1),
                   reviewer_name="Tổ rà soát", review_result=NO),
        # Reviewed in 2024 with 2 clauses found, fixed in 2025.
        "c2": make(w.hp_b, adopted_on=date(2021, 1, 10), reviewed_on=date(2024, 3, 1),
                   reviewer_name="Tổ rà soát", review_result=ReviewResult.FIXED,
                   discriminatory_found=2, clauses_fixed=2, fixed_on=date(2025, 2, 1)),
        # Of the pre-2025 commune merged into hp_a; replaced from 1/7/2025.
        "c3": make(w.old_commune, adopted_on=date(2018, 1, 1), reviewed_on=date(2019, 4, 1),
                   reviewer_name="Tổ rà soát", review_result=NO,
                   status=ConventionStatus.REPLACED, ended_on=date(2025, 7, 1)),
        # Another province.
        "c4": make(w.ct_a, adopted_on=date(2019, 2, 1), reviewed_on=date(2020, 2, 1),
                   reviewer_name="Tổ rà soát", review_result=NO),
        # Adopted on the last day of 2025, not reviewed.
        "c5": make(w.hp_a, adopted_on=date(2025, 12, 31)),
        # Reviewed on the last day of 2025.
        "c6": make(w.hp_a, adopted_on=date(2022, 3, 1), reviewed_on=date(2025, 12, 31),
                   reviewer_name="Tổ rà soát", review_result=NO),
        # Repealed from 31/12/2024: not in force at the end of 2024.
        "c7": make(w.hp_b, adopted_on=date(2015, 6, 1),
                   status=ConventionStatus.REPEALED, ended_on=date(2024, 12, 31)),
    }  # fmt: skip


def counts(total, reviewed, non_discriminatory):
    return {"total": total, "reviewed": reviewed, "non_discriminatory": non_discriminatory}


@pytest.mark.parametrize(
    ("year", "unit", "expected"),
    [
        (2022, None, counts(6, 2, 2)),  # c6 adopted in 2022; c1 reviewed only in 2023
        (2023, None, counts(6, 3, 3)),
        (2024, None, counts(5, 4, 3)),
        (2025, None, counts(5, 4, 4)),
        (2023, "hp", counts(5, 2, 2)),
        (2024, "hp", counts(4, 3, 2)),
        (2025, "hp", counts(4, 3, 3)),
        (2024, "hp_a", counts(3, 2, 2)),  # c1, c6 and the merged commune's c3
        (2025, "hp_a", counts(3, 2, 2)),  # c1, c5, c6 (c3 replaced)
        (2024, "hp_b", counts(1, 1, 0)),  # c2, fixed only in 2025
        (2025, "hp_b", counts(1, 1, 1)),
        (2024, "old_commune", counts(1, 1, 1)),
        (2025, "ct", counts(1, 1, 1)),
        (2025, "ct_a", counts(1, 1, 1)),
        (2014, None, counts(0, 0, 0)),
    ],
)
def test_convention_counts(world, registry, year, unit, expected):
    area = getattr(world, unit) if unit else None
    assert convention_counts(year=year, unit=area) == expected


def test_convention_counts_signature_is_keyword_only(world):
    with pytest.raises(TypeError):
        convention_counts(2025)  # type: ignore[misc]
    assert convention_counts(year=2025) == counts(0, 0, 0)


def test_convention_counts_is_one_query(world, registry, django_assert_num_queries):
    with django_assert_num_queries(1):
        convention_counts(year=2025, unit=world.hp_a)


def test_totals_of_the_list(world, registry):
    totals = convention_totals(Convention.objects.filter(unit__province=world.hp))
    assert (totals.total, totals.in_force, totals.reviewed, totals.free) == (6, 4, 4, 4)
    assert totals.free_in_force == 3  # c3 is replaced
    assert totals.discrimination_found == 0
    assert round(totals.free_percent) == 75
