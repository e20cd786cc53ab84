"""Every target of the five seed plans is linked to an indicator and computed from data
the system holds (the seeds loaded as `binhdang setup --demo` does, on a small map)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from binhdang.indicators import selectors
from binhdang.indicators.catalogue import INDICATORS, PROPOSED_ELEMENTS
from binhdang.indicators.formula import parse, refs
from binhdang.indicators.models import Indicator, SurveyResult, TargetIndicator
from binhdang.indicators.services import indicators_sync, targets_link
from binhdang.indicators.tests.helpers import send
from binhdang.plans.models import Plan, Target
from binhdang.reporting.models import CommEvent, ReportRound, Submission

pytestmark = pytest.mark.django_db

# Seed → the indicators of its targets, in the targets' order (several for a target
# whose milestones measure different things).
EXPECTED = {
    "000": [
        ["comm-sessions"],
        ["action-month-plans"],
        ["awareness-change"],
        ["media-pilot", "media-official"],
        ["conventions-ok"],
    ],
    "001": [
        ["comm-sessions"],
        ["action-month-plans"],
        ["media-pilot", "media-official"],
        ["conventions-ok"],
        ["awareness-change"],
        ["radio-news"],
    ],
    "002": [],
    "003": [
        ["comm-sessions"],
        ["action-month-plans"],
        ["awareness-change"],
        ["media-pilot", "media-official"],
        ["conventions-ok"],
    ],
    "004": [
        ["reach-officials", "reach-residents"],
        ["ge-officers-trained"],
        ["women-leaders-trained"],
        ["support-served"],
    ],
}


@pytest.fixture
def seeds(roles):
    from binhdang.agencies.services import catalogue_load
    from binhdang.agencies.tests.conftest import build_map
    from binhdang.plans.services import sample_plans_load
    from binhdang.reporting.services import elements_sync

    m = build_map()
    catalogue_load()
    elements_sync()
    assert sample_plans_load()["created"] == 5
    indicators_sync()
    targets_link()
    # sample_plans_load creates the seeds in their order.
    by_seed = {}
    for plan in Plan.objects.order_by("pk"):
        by_seed[f"{len(by_seed):03d}"] = plan
    return m, by_seed


def _codes(target):
    return [
        link.indicator.code
        for link in TargetIndicator.objects.filter(target=target).order_by("order")
    ]


def test_every_seed_target_is_linked(seeds):
    _m, plans = seeds
    for seed, expected in EXPECTED.items():
        plan = plans[seed]
        got = [_codes(t) for t in plan.targets.order_by("order")]
        assert got == expected, seed
    assert not Target.objects.filter(indicator_links__isnull=True).exists()
    assert targets_link()["created"] == 0  # idempotent


def test_milestones_go_to_the_indicator_they_measure(seeds):
    _m, plans = seeds
    media = plans["001"].targets.get(text__contains="Bộ chỉ số")
    pilot, official = TargetIndicator.objects.filter(target=media).order_by("order")
    assert [(m.year, m.value) for m in pilot.milestones.all()] == [(2025, D(70))]
    assert [(m.year, m.value) for m in official.milestones.all()] == [(2030, D(90))]
    reach = plans["004"].targets.order_by("order").first()
    officials, residents = TargetIndicator.objects.filter(target=reach).order_by("order")
    assert [m.value for m in officials.milestones.all()] == [D(80)]
    assert [m.value for m in residents.milestones.all()] == [D(60)]
    awareness = plans["000"].targets.get(text__contains="nhận thức")
    assert TargetIndicator.objects.get(target=awareness).baseline_year == 2025


def test_every_catalogue_formula_names_only_data_the_system_holds():
    from binhdang.reporting import elements

    for spec in INDICATORS:
        for formula in (spec.formula, spec.fallback_formula):
            if not formula:
                continue
            for ref in refs(parse(formula)):
                if ref.namespace == "reported":
                    assert ref.name in elements.BY_CODE or ref.name in PROPOSED_ELEMENTS


def test_the_seed_targets_are_computed_from_reports_events_and_surveys(seeds):
    m, plans = seeds
    from tests.world import make_agency

    hp = m.current["31"]
    commune = m.communes["10507"]
    plan = plans["000"]
    rnd = ReportRound.objects.create(
        plan=plan, kind="annual", year=2025, period="2025", title="2025",
        opens_on=date(2025, 11, 1), deadline=date(2025, 12, 10),
        data_start=date(2024, 12, 15), data_end=date(2025, 12, 14),
    )  # fmt: skip
    am = ReportRound.objects.create(
        plan=plan, kind="action_month", year=2025, period="2025AM", title="AM 2025",
        opens_on=date(2025, 11, 1), deadline=date(2025, 12, 22),
        data_start=date(2025, 11, 15), data_end=date(2025, 12, 15),
    )  # fmt: skip
    agency = make_agency(hp, "Sở Thử nghiệm", "so-thu")
    ward = make_agency(commune, "Ủy ban nhân dân phường Thử", "ubnd-xa", "peoples_committee")
    for a, unit in ((agency, hp), (ward, commune)):
        send(
            Submission.objects.create(round=rnd, agency=a, unit=unit, expected_as="lead"),
            {
                "conventions.total": 20, "conventions.non_discriminatory": 19,
                "media.agencies_total": 5, "media.pilot": 4, "media.official": 1,
            },
        )  # fmt: skip
        send(
            Submission.objects.create(round=am, agency=a, unit=unit, expected_as="lead"),
            {"action_month.plan_made": 1},
        )
    for day in (date(2025, 3, 1), date(2025, 9, 1)):
        CommEvent.objects.create(
            agency=ward, unit=commune, date=day, event_type="talk", channel="in_person", title="x"
        )
    for year, share in ((2025, 60), (2027, 72)):
        SurveyResult.objects.create(
            unit=commune, year=year, respondents=200, share_correct=share, source="KS"
        )
    values = {}
    for target in plan.targets.order_by("order"):
        progress = selectors.target_progress(target=target, year=2025)
        values[progress.indicator.code] = progress.current.value
    assert values == {
        "comm-sessions": D("1.00"),  # 2 sessions, 2 communes of the city on this map
        "action-month-plans": D("100.00"),
        "awareness-change": D("0.00"),  # 2025 is the baseline year
        "media-pilot": D("80.00"),  # no media registry rows: reported figures
        "conventions-ok": D("95.00"),
    }
    awareness = plan.targets.get(text__contains="nhận thức")
    assert selectors.target_progress(target=awareness, year=2027).current.value == D("12.00")


def test_the_2019_can_tho_targets(seeds):
    m, plans = seeds
    from tests.world import make_agency

    plan = plans["004"]
    old = m.legacy["92"]
    rnd = ReportRound.objects.create(
        plan=plan, kind="annual", year=2019, period="2019", title="2019",
        opens_on=date(2019, 11, 1), deadline=date(2019, 12, 10),
        data_start=date(2018, 12, 15), data_end=date(2019, 12, 14),
    )  # fmt: skip
    agency = make_agency(old, "Sở Thử nghiệm", "so-thu")
    send(
        Submission.objects.create(round=rnd, agency=agency, unit=old, expected_as="lead"),
        {
            "ge_officers.total": 40, "ge_officers.trained": 30,
            ("support.needed", ""): 10, ("support.needed", "female"): 8,
            ("support.needed", "male"): 2, ("support.served", ""): 9,
            ("support.served", "female"): 8, ("support.served", "male"): 1,
            ("officials.trained", ""): 50, ("officials.trained", "female"): 20,
            ("reach.by_group", ""): 500, ("reach.by_group", "officials"): 300,
            "population.officials_pupils": 400, "women_leaders.total": 25,
        },
    )  # fmt: skip
    progress = {}
    with translation.override("en"):
        for t in plan.targets.order_by("order"):
            whole = selectors.target_progress(target=t, year=2019)
            for part in whole.parts or [whole]:
                progress[part.indicator.code] = part
    assert progress["ge-officers-trained"].current.value == D("75.00")
    support = progress["support-served"].current
    assert support.value == D("90.00")
    assert support.by_sex == {"male": D("50.00"), "female": D("100.00")}
    # The denominators the forms now ask for: 300 of 400 officials, 20 of 25 women leaders.
    assert progress["reach-officials"].current.value == D("75.00")
    assert progress["women-leaders-trained"].current.value == D("80.00")
    # No residents' count reported: no value is invented.
    residents = progress["reach-residents"].current
    assert residents.value is None
    # The 2019 plan's "every year" milestones are judged in its own year.
    assert progress["support-served"].next_milestone.actual_year == 2019


def test_indicators_sync_is_idempotent(db):
    first = indicators_sync()
    assert first["created"] == len(INDICATORS)
    assert indicators_sync() == {"created": 0, "updated": 0, "unchanged": len(INDICATORS)}
    Indicator.objects.filter(code="radio-news").update(formula="units.communes")
    assert indicators_sync()["updated"] == 1
