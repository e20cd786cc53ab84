"""`binhdang gen-national` at toy scale: the small agency-test map, a few hundred events."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from binhdang.agencies.choices import AgencyKind
from binhdang.agencies.models import Agency
from binhdang.plans.models import Assignment, Plan
from binhdang.reporting.choices import RECEIVED, RoundKind, SubmissionStatus
from binhdang.reporting.models import (
    CommEvent,
    DataValue,
    ReportRound,
    Submission,
    SubmissionEvent,
    TargetElement,
)

ARGS = ["--no-reference", "--provinces", "2", "--events", "300", "--seed", "7"]
TODAY = "2026-11-23"


@pytest.fixture
def small_world(roles):
    from binhdang.agencies.services import catalogue_load
    from binhdang.agencies.tests.conftest import build_map
    from binhdang.plans.services import programmes_seed

    build_map()
    catalogue_load()
    programmes_seed()


def _run(*extra: str) -> str:
    out = StringIO()
    call_command("gen_national", *ARGS, "--today", TODAY, *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_gen_national_small(small_world):
    output = _run()
    assert "communication events" in output

    plans = list(Plan.objects.filter(doc_number__endswith="/KH-SYN").select_related("unit"))
    assert len(plans) == 2
    assert {p.unit.code for p in plans} == {"24", "31"}  # the first two provinces by path
    for plan in plans:
        assert (plan.kind, plan.period_start, plan.period_end) == ("programme", 2022, 2030)
        assert (plan.report_deadline, plan.action_month_start) == ("10/12", "15/11")
        assert plan.versions.count() == 1
        assert TargetElement.objects.filter(target__plan=plan).exists()
        # Every commune People's Committee of the province is assigned.
        communes = set(
            Agency.objects.current()
            .filter(
                kind=AgencyKind.PEOPLES_COMMITTEE, unit__province=plan.unit, unit__level="commune"
            )
            .values_list("pk", flat=True)
        )
        assigned = set(
            Assignment.objects.filter(activity__task__plan=plan).values_list("agencies", flat=True)
        )
        assert communes and communes <= assigned

    # Rounds: annual and Action Month for each of the nine years.
    assert ReportRound.objects.count() == 2 * 9 * 2
    r2025 = ReportRound.objects.get(plan=plans[0], kind=RoundKind.ANNUAL, year=2025)
    assert (r2025.period, r2025.deadline) == ("2025", date(2025, 12, 10))
    am = ReportRound.objects.get(plan=plans[0], kind=RoundKind.ACTION_MONTH, year=2025)
    assert (am.period, am.data_start, am.data_end) == (
        "2025AM",
        date(2025, 11, 15),
        date(2025, 12, 15),
    )

    # Every submission's agency is assigned in its plan, with its own unit.
    for plan in plans:
        assigned = set(
            Assignment.objects.filter(activity__task__plan=plan).values_list("agencies", flat=True)
        )
        subs = Submission.objects.filter(round__plan=plan)
        assert set(subs.values_list("agency_id", flat=True)) == assigned
        assert not subs.exclude(unit_id=F("agency__unit_id")).exists()
        per_round = {subs.filter(round=r).count() for r in plan.rounds.all()}
        assert per_round == {len(assigned)}
    assert set(Submission.objects.values_list("expected_as", flat=True)) <= {"lead", "partner"}

    # Statuses: past rounds mostly approved, some late, some never sent; later years untouched.
    past = Submission.objects.filter(round__year__lte=2025)
    statuses = set(past.values_list("status", flat=True))
    assert SubmissionStatus.APPROVED in statuses
    assert past.filter(status=SubmissionStatus.APPROVED).count() > past.count() * 0.6
    late = past.filter(first_submitted_at__date__gt=F("round__deadline"))
    assert late.exists()
    missing = past.filter(first_submitted_at__isnull=True)
    assert missing.exists()
    assert missing.count() < past.count() * 0.15
    assert set(
        Submission.objects.filter(round__year__gte=2027).values_list("status", flat=True)
    ) == {SubmissionStatus.NOT_STARTED}
    current = Submission.objects.filter(round__year=2026, round__kind=RoundKind.ANNUAL)
    assert current.filter(status__in=RECEIVED).exists()
    assert current.filter(status=SubmissionStatus.NOT_STARTED).exists()

    # Received reports have figures (sex-disaggregated ones add up); others have none.
    received = Submission.objects.filter(status__in=RECEIVED)
    assert DataValue.objects.filter(submission__in=received).exists()
    assert not DataValue.objects.exclude(submission__status__in=RECEIVED).exists()
    for v in DataValue.objects.filter(element__code="reach.participants", sex="")[:20]:
        parts = DataValue.objects.filter(
            element=v.element, agency=v.agency, period=v.period, sex__in=["male", "female"]
        )
        assert sum(p.value for p in parts) == v.value
    assert (
        SubmissionEvent.objects.filter(action="approve").count()
        == Submission.objects.filter(status=SubmissionStatus.APPROVED).count()
    )

    # Events: the number asked for, by assigned agencies, people counts that add up.
    events = CommEvent.objects.all()
    assert events.count() == 300
    reporters = set(Submission.objects.values_list("agency_id", flat=True))
    assert set(events.values_list("agency_id", flat=True)) <= reporters
    assert not events.filter(
        participants_male__isnull=False,
        participants_total__lt=F("participants_male") + F("participants_female"),
    ).exists()
    assert events.filter(participants_total__isnull=False).exists()
    assert not events.filter(date__year__lt=2022).exists()
    assert not events.filter(date__year__gt=2030).exists()


@pytest.mark.django_db
def test_gen_national_is_deterministic_refuses_twice_and_resets(small_world):
    _run()
    first = list(Submission.objects.order_by("round__period", "agency_id").values_list("status"))
    first_events = list(CommEvent.objects.order_by("id").values_list("agency_id", "date", "title"))
    with pytest.raises(CommandError):
        _run()

    _run("--reset")
    assert Plan.objects.filter(doc_number__endswith="/KH-SYN").count() == 2
    again = list(Submission.objects.order_by("round__period", "agency_id").values_list("status"))
    again_events = list(CommEvent.objects.order_by("id").values_list("agency_id", "date", "title"))
    assert again == first
    assert again_events == first_events

    call_command("gen_national", "--delete", stdout=StringIO())
    assert not Plan.objects.filter(doc_number__endswith="/KH-SYN").exists()
    assert not ReportRound.objects.exists()
    assert not CommEvent.objects.exists()
    assert not DataValue.objects.exists()


# ---- registries, surveys and the targets' indicators ---------------------------------

SEED_000_INDICATORS = [
    ["comm-sessions"],
    ["action-month-plans"],
    ["awareness-change"],
    ["media-pilot", "media-official"],
    ["conventions-ok"],
    ["ge-officers-trained"],
]


def _registry_snapshot() -> dict[str, list]:
    from binhdang.conventions.models import Convention
    from binhdang.indicators.models import SurveyResult
    from binhdang.media.models import Adoption, MediaAgency
    from binhdang.registries.models import ModelSite

    return {
        "media": list(MediaAgency.objects.order_by("unit_id", "name").values_list("name", "kind")),
        "adoptions": list(
            Adoption.objects.order_by(
                "media_agency__unit_id", "media_agency__name", "year"
            ).values_list("year", "status", "decided_on")
        ),
        "conventions": list(
            Convention.objects.order_by("unit_id", "village_name", "adopted_on").values_list(
                "village_name", "adopted_on", "status", "review_result", "reviewed_on", "fixed_on"
            )
        ),
        "sites": list(ModelSite.objects.order_by("unit_id", "name").values_list("name", "mode")),
        "surveys": list(
            SurveyResult.objects.order_by("unit_id", "year", "sex").values_list(
                "year", "sex", "respondents", "share_correct"
            )
        ),
    }


@pytest.mark.django_db
def test_gen_national_registries_surveys_and_links(small_world):
    from binhdang.conventions.models import Convention
    from binhdang.conventions.selectors import convention_counts
    from binhdang.indicators.models import SurveyResult, TargetIndicator
    from binhdang.media.choices import AdoptionStatus
    from binhdang.media.models import Adoption, MediaAgency
    from binhdang.media.selectors import adoption_counts
    from binhdang.registries.models import ModelSite
    from binhdang.registries.selectors import model_site_counts

    output = _run()
    assert "village conventions" in output
    plans = list(Plan.objects.filter(doc_number__endswith="/KH-SYN").select_related("unit"))
    for plan in plans:
        communes = Agency.objects.current().filter(
            kind=AgencyKind.PEOPLES_COMMITTEE, unit__province=plan.unit, unit__level="commune"
        )
        commune_units = set(communes.values_list("unit_id", flat=True))
        in_area = MediaAgency.objects.filter(unit__in=commune_units | {plan.unit_id})
        assert in_area.filter(unit=plan.unit, kind="newspaper").count() == 1
        assert in_area.filter(unit=plan.unit, kind="radio_tv").count() == 1
        assert in_area.filter(kind="local_centre").count() >= min(3, len(commune_units))
        # Several conventions in force in every commune; a few model sites per province.
        for unit_id in commune_units:
            assert Convention.objects.filter(unit_id=unit_id, status="in_force").count() >= 4
        assert 1 <= ModelSite.objects.filter(plan=plan).count() <= 6

        # The five targets of seed 000 (and the training one), each linked to its indicators.
        targets = list(plan.targets.order_by("order"))
        got = [
            [
                link.indicator.code
                for link in TargetIndicator.objects.filter(target=t).order_by("order")
            ]
            for t in targets
        ]
        assert got == SEED_000_INDICATORS
        assert all(t.milestones.exists() for t in targets)
        assert targets[3].milestones.filter(year__in=[2025, 2030]).count() == 2

    # Every row obeys its model's rules.
    for model in (MediaAgency, Adoption, Convention, ModelSite, SurveyResult):
        for obj in model.objects.order_by("pk")[:200]:
            obj.full_clean(validate_unique=False)

    # Adoptions: one a year 2022-2030, never going back; official ones name their decision.
    rank = {"none": 0, "pilot": 1, "official": 2}
    for media in MediaAgency.objects.all():
        statuses = list(media.adoptions.order_by("year").values_list("year", "status"))
        assert [y for y, _s in statuses] == list(range(2022, 2031))
        ranks = [rank[s] for _y, s in statuses]
        assert ranks == sorted(ranks)
    assert not Adoption.objects.filter(status=AdoptionStatus.OFFICIAL, decision_ref="").exists()
    a2022, a2030 = adoption_counts(year=2022), adoption_counts(year=2030)
    assert a2022["total"] and a2022["pilot"] < a2030["pilot"]

    counts = convention_counts(year=2025)
    assert 0 < counts["non_discriminatory"] < counts["total"]
    assert model_site_counts(year=2025)["active"] > 0
    # Surveys from the 2025 baseline to "today" (2026), by sex.
    assert set(SurveyResult.objects.values_list("year", flat=True)) == {2025, 2026}
    assert set(SurveyResult.objects.values_list("sex", flat=True)) == {"male", "female"}


@pytest.mark.django_db
def test_gen_national_registries_are_deterministic_and_only_registries(small_world):
    from binhdang.conventions.models import Convention
    from binhdang.indicators.models import SurveyResult, TargetIndicator
    from binhdang.media.models import MediaAgency
    from binhdang.plans.models import Target

    _run()
    first = _registry_snapshot()
    events = CommEvent.objects.count()
    values = DataValue.objects.count()

    # An older data set: other targets, no registries.
    old = Target.objects.filter(plan__doc_number__endswith="/KH-SYN", order=0)
    old.update(text="Chỉ tiêu cũ của dữ liệu mô phỏng.")
    Convention.objects.all().delete()
    with pytest.raises(CommandError):
        _run("--only-registries", "--reset")
    output = _run("--only-registries")
    assert "only-registries done" in output
    assert _registry_snapshot() == first
    assert CommEvent.objects.count() == events and DataValue.objects.count() == values
    assert not Target.objects.filter(text__startswith="Chỉ tiêu cũ").exists()
    assert TargetIndicator.objects.filter(target__order=0).count() == 2

    # Again: the registries are replaced, not doubled.
    _run("--only-registries")
    assert _registry_snapshot() == first

    call_command("gen_national", "--delete", stdout=StringIO())
    assert not MediaAgency.objects.exists()
    assert not Convention.objects.exists()
    assert not SurveyResult.objects.exists()


@pytest.mark.django_db
def test_gen_national_only_registries_needs_a_data_set(small_world):
    with pytest.raises(CommandError):
        _run("--only-registries")
