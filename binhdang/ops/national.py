"""A national-scale synthetic data set for benchmarks (`binhdang gen-national`).

One programme plan per province (2022–2030) whose activities name the province's
departments and every commune People's Committee; a report round per year and kind
(annual and Action Month) with one submission per expected reporter and realistic
statuses (past years mostly approved, some late, a few never sent; the current year in
progress; later years not started); figures for the received reports; and millions of
communication events. The same seed and "today" give the same data.

Everything is written in bulk (no services, no audit entries, no history rows): it is
benchmark data, not records. Synthetic plans carry a number ending in `SYN_SUFFIX` and
synthetic events the note `SYN_NOTE`, so `national_reset` removes exactly them.
"""

import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from binhdang.agencies.choices import AgencyKind
from binhdang.agencies.models import Agency
from binhdang.core.text import canonical, fold
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit
from binhdang.plans.choices import AssignmentRole, PlanKind, PlanStatus, TimingKind
from binhdang.plans.models import (
    Activity,
    Assignment,
    BudgetSource,
    Milestone,
    Objective,
    Plan,
    PlanTask,
    PlanVersion,
    Programme,
    Responsibility,
    Target,
)
from binhdang.reporting import elements
from binhdang.reporting.choices import (
    RECEIVED,
    Channel,
    EventType,
    ExpectedAs,
    PeriodConvention,
    RoundKind,
    SubmissionStatus,
    ValueKind,
    WorkflowAction,
)
from binhdang.reporting.choices import (
    BudgetSource as EventBudget,
)
from binhdang.reporting.groups import GROUP_BITS
from binhdang.reporting.models import (
    CommEvent,
    DataValue,
    ReportRound,
    Submission,
    SubmissionEvent,
    TargetElement,
)
from binhdang.reporting.periods import Period

Log = Callable[[str], None]

SYN_SUFFIX = "/KH-SYN"
SYN_NOTE = "[gen-national]"
PLAN_YEARS = (2022, 2030)
PROGRAMME_NUMBER = "1790/QĐ-TTg"
# Province-level bodies that take part in a gender-equality plan.
PROVINCE_KINDS = (
    AgencyKind.DEPARTMENT,
    AgencyKind.MASS_ORGANISATION,
    AgencyKind.MEDIA,
    AgencyKind.PUBLIC_SERVICE,
    AgencyKind.OTHER,
)
S = SubmissionStatus


class SyntheticDataExists(Exception):
    """gen-national already ran on this database (use reset first)."""


@dataclass(frozen=True)
class NationalOptions:
    events: int = 5_000_000
    provinces: int | None = None  # the first N provinces (by code path); None: all
    first_year: int = PLAN_YEARS[0]
    last_year: int = PLAN_YEARS[1]
    seed: int = 2030
    today: date | None = None  # what counts as past, current and future
    load_reference: bool = True
    batch_size: int = 50_000


@dataclass
class NationalStats:
    provinces: int = 0
    plans: int = 0
    activities: int = 0
    assignments: int = 0
    reporters: int = 0
    rounds: int = 0
    submissions: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    late: int = 0
    submission_events: int = 0
    values: int = 0
    events: int = 0
    media_agencies: int = 0
    adoptions: int = 0
    conventions: int = 0
    model_sites: int = 0
    survey_results: int = 0
    targets_linked: int = 0
    targets_unlinked: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def synthetic_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(doc_number__endswith=SYN_SUFFIX)


def synthetic_events() -> QuerySet[CommEvent]:
    return CommEvent.objects.filter(note=SYN_NOTE)


def _quiet(_msg: str) -> None:
    return None


# ---- reference data ------------------------------------------------------------------


def reference_load(log: Log = _quiet) -> None:
    """Roles, administrative units, the agency catalogue and the national programmes
    (each loader only adds what is missing)."""
    from binhdang.accounts.services import roles_sync
    from binhdang.agencies.services import catalogue_load
    from binhdang.geo.services import units_load
    from binhdang.plans.services import programmes_seed

    roles_sync()
    log(f"Administrative units: {units_load()}")
    agencies = catalogue_load()
    log(f"Agencies: {agencies['agencies']} added, {agencies['existing']} already there.")
    programmes_seed()


def _element_ids() -> dict[str, int]:
    """Code → DataElement id (writing the catalogue to the table when it is missing)."""
    from binhdang.reporting.services import element_ids

    return element_ids()


# ---- the provinces and their plans ---------------------------------------------------


@dataclass
class _Province:
    unit: AdministrativeUnit
    lead: Agency
    departments: list[Agency]  # province-level bodies, the lead included
    communes: list[Agency]  # the communes' People's Committees
    issuer: Agency | None
    plan: Plan | None = None
    activity_ids: list[int] = field(default_factory=list)
    # agency id → (agency, expected as)
    reporters: dict[int, tuple[Agency, str]] = field(default_factory=dict)

    @property
    def commune_unit_ids(self) -> list[int]:
        return [a.unit_id for a in self.communes if a.unit_id is not None]


def _provinces(limit: int | None) -> list[_Province]:
    units = list(AdministrativeUnit.objects.current().provinces().order_by("path")[: limit or None])
    ids = [u.pk for u in units]
    fields = ("id", "unit_id", "kind", "catalogue_code", "name", "full_name")
    by_unit: dict[int, list[Agency]] = {}
    for a in (
        Agency.objects.current()
        .filter(unit_id__in=ids)
        .only(*fields)
        .order_by("unit_id", "kind", "name", "id")
    ):
        by_unit.setdefault(a.unit_id or 0, []).append(a)
    communes: dict[int, list[Agency]] = {}
    for a in (
        Agency.objects.current()
        .filter(
            kind=AgencyKind.PEOPLES_COMMITTEE,
            unit__level=UnitLevel.COMMUNE,
            unit__generation=Generation.CURRENT,
            unit__province_id__in=ids,
        )
        .select_related("unit")
        .only(*fields, "unit__province_id", "unit__path")
        .order_by("unit__path", "id")
    ):
        assert a.unit is not None
        communes.setdefault(a.unit.province_id or 0, []).append(a)
    out = []
    for unit in units:
        here = by_unit.get(unit.pk, [])
        depts = [a for a in here if a.kind in PROVINCE_KINDS]
        pcs = communes.get(unit.pk, [])
        if not depts and not pcs:
            continue
        lead = next((a for a in depts if a.catalogue_code == "so-noi-vu"), None)
        lead = lead or next((a for a in depts if a.kind == AgencyKind.DEPARTMENT), None)
        lead = lead or (depts or pcs)[0]
        if lead not in depts and lead not in pcs:
            depts.insert(0, lead)
        issuer = next((a for a in here if a.catalogue_code == "ubnd-tinh"), None)
        out.append(_Province(unit, lead, depts, pcs, issuer))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Each activity: title, lead selector, partner selectors, timing text, window.
_PLAN_TASKS: tuple[tuple[str, tuple[tuple[str, str, tuple[str, ...], str, str], ...]], ...] = (
    (
        "Tăng cường công tác thông tin, truyền thông nâng cao nhận thức về bình đẳng giới",
        (
            ("Truyền thông về bình đẳng giới trên báo, đài phát thanh, truyền hình và cổng "
             "thông tin điện tử", "media", ("half_a",), "Hằng năm", ""),
            ("Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới và phòng ngừa, "
             "ứng phó với bạo lực trên cơ sở giới", "lead", ("mass", "communes"),
             "Từ ngày 15/11 đến ngày 15/12 hằng năm", "window"),
            ("Truyền thông tại cộng đồng, lồng ghép nội dung bình đẳng giới trong sinh hoạt "
             "thôn, tổ dân phố và câu lạc bộ", "communes", ("mass",), "Hằng năm", ""),
        ),
    ),
    (
        "Nâng cao năng lực cho đội ngũ cán bộ làm công tác bình đẳng giới",
        (
            ("Tập huấn, bồi dưỡng kiến thức, kỹ năng về bình đẳng giới cho cán bộ, công chức",
             "lead", ("half_b",), "Hằng năm", ""),
            ("Rà soát hương ước, quy ước của thôn, tổ dân phố có nội dung phân biệt đối xử về "
             "giới", "justice", ("communes",), "Hằng năm", ""),
        ),
    ),
    (
        "Kiểm tra, giám sát, sơ kết, tổng kết việc thực hiện Kế hoạch",
        (
            ("Kiểm tra, giám sát và báo cáo định kỳ việc thực hiện Kế hoạch", "lead", ("all",),
             "Hằng năm", ""),
        ),
    ),
)  # fmt: skip

# A milestone: year (None: every year), value, value_max, unit, comparison, baseline year.
_Milestone = tuple[int | None, int, int | None, str, str, int | None]


def _m(year: int | None, value: int, unit: str = "%", comparison: str = ">=") -> _Milestone:
    return (year, value, None, unit, comparison, None)


# The five targets of seed 000 (the 2021-2030 communication plan, worded as issued) with
# milestones for 2025 and 2030, then the training target that the reports' figures measure.
# `indicators.catalogue.LINK_RULES` links each of them to its indicator(s).
_TARGETS: tuple[tuple[str, tuple[_Milestone, ...]], ...] = (
    ("Hằng năm, các cơ quan, tổ chức, doanh nghiệp và người dân được truyền thông, phổ biến, "
     "cập nhật thông tin về pháp luật, chính sách về bình đẳng giới ít nhất 02 cuộc.",
     (_m(2025, 2, "cuộc"), _m(2030, 2, "cuộc"))),
    ("Đến năm 2025 đạt 100% sở, ban, ngành, đoàn thể thành phố và các quận, huyện, xã, phường, "
     "thị trấn xây dựng kế hoạch, triển khai hoạt động Tháng hành động vì bình đẳng giới và "
     "phòng ngừa, ứng phó với bạo lực trên cơ sở giới hằng năm.",
     (_m(2025, 100), _m(2030, 100))),
    ("Phân đầu đến năm 2030 nhận thức về bình đẳng giới của các nhóm đối tượng trong cộng đồng "
     "tăng từ 15-20% so với năm 2025.",
     ((2030, 15, 20, "%", "increase", 2025),)),
    ("Phân đầu đến năm 2025 đạt từ 80% cơ quan truyền thông áp dụng thí điểm và đến năm 2030 "
     "đạt 90% cơ quan truyền thông chính thức áp dụng Bộ chỉ số về giới trong truyền thông.",
     (_m(2025, 80), _m(2030, 90))),
    ("Đến năm 2025 đạt 95% và đến năm 2030 đạt 100% các hương ước, quy ước của cộng đồng đã "
     "được thông qua không có sự phân biệt đối xử về giới.",
     (_m(2025, 95), _m(2030, 100))),
    ("Đến năm 2030, 100% cán bộ làm công tác bình đẳng giới được tập huấn, bồi dưỡng kiến thức "
     "về bình đẳng giới.", (_m(2025, 80), _m(2030, 100))),
)  # fmt: skip

COMMUNES_TEXT = "Ủy ban nhân dân các xã, phường"


def _selector(p: _Province, key: str) -> list[Agency]:
    others = [a for a in p.departments if a.pk != p.lead.pk]
    pick: dict[str, Callable[[], list[Agency]]] = {
        "lead": lambda: [p.lead],
        "media": lambda: [a for a in p.departments if a.kind == AgencyKind.MEDIA][:1] or [p.lead],
        "justice": lambda: (
            [a for a in p.departments if a.catalogue_code == "so-tu-phap"] or [p.lead]
        ),
        "half_a": lambda: others[0::2],
        "half_b": lambda: others[1::2],
        "mass": lambda: [a for a in others if a.kind == AgencyKind.MASS_ORGANISATION],
        "communes": lambda: list(p.communes),
        "all": lambda: others,
    }
    return pick[key]()


def _targets_build(provinces: list[_Province], element_ids: dict[str, int]) -> None:
    """The plans' targets (`_TARGETS`), their milestones and the data elements they need."""
    targets = [
        Target(plan=p.plan, text=text, order=order)
        for p in provinces
        for order, (text, _m) in enumerate(_TARGETS)
    ]
    Target.objects.bulk_create(targets)
    milestones = []
    links = []
    for target in targets:
        for year, value, value_max, unit, comparison, baseline_year in _TARGETS[target.order][1]:
            milestones.append(
                Milestone(
                    target=target,
                    year=year,
                    value=Decimal(value),
                    value_max=Decimal(value_max) if value_max is not None else None,
                    unit=unit,
                    comparison=comparison,
                    baseline_year=baseline_year,
                )
            )
        for code in elements.elements_for_target_text(target.text):
            spec = elements.BY_CODE[code]
            for c in (spec.numerator, spec.denominator) if spec.computed else (code,):
                if c in element_ids:
                    links.append(TargetElement(target=target, element_id=element_ids[c]))
    Milestone.objects.bulk_create(milestones)
    TargetElement.objects.bulk_create(links, ignore_conflicts=True)


def _plans_build(provinces: list[_Province], element_ids: dict[str, int], stats: NationalStats):
    """Plans and their content for every province, in bulk."""
    programme = Programme.objects.filter(number=PROGRAMME_NUMBER).first()
    plans = []
    for i, p in enumerate(provinces):
        where = _lower_first(p.unit.name)
        title = (
            "Kế hoạch thực hiện Chương trình truyền thông về bình đẳng giới giai đoạn "
            f"2022 - 2030 trên địa bàn {where} (dữ liệu mô phỏng)"
        )
        doc = f"{p.unit.code}{SYN_SUFFIX}"
        p.plan = Plan(
            doc_number=doc,
            title=title,
            kind=PlanKind.PROGRAMME,
            status=PlanStatus.ACTIVE,
            issued_date=date(2022, 3, 1 + i % 28),
            issuer_text=f"Ủy ban nhân dân {where}",
            issuer=p.issuer,
            unit=p.unit,
            place_text=p.unit.short_name,
            period_start=PLAN_YEARS[0],
            period_end=PLAN_YEARS[1],
            report_deadline="10/12",
            action_month_start="15/11",
            action_month_end="15/12",
            programme=programme,
            version=1,
            search_key=fold(" ".join((doc, title, p.unit.short_name)))[:1000],
        )
        plans.append(p.plan)
    Plan.objects.bulk_create(plans)
    stats.plans = len(plans)

    Objective.objects.bulk_create(
        Objective(plan=p.plan, text="Nâng cao nhận thức, thu hẹp khoảng cách giới.", order=0)
        for p in provinces
    )
    _targets_build(provinces, element_ids)

    tasks = [
        (p, t_order, PlanTask(plan=p.plan, number=str(t_order + 1), title=title, order=t_order))
        for p in provinces
        for t_order, (title, _acts) in enumerate(_PLAN_TASKS)
    ]
    PlanTask.objects.bulk_create([t for _p, _o, t in tasks])
    activities: list[tuple[_Province, tuple[str, str, tuple[str, ...], str, str], Activity]] = []
    for p, t_order, task in tasks:
        for a_order, act in enumerate(_PLAN_TASKS[t_order][1]):
            title, _lead, _partners, timing, window = act
            activity = Activity(
                task=task,
                title=title,
                order=a_order,
                timing_text=timing,
                timing_kind=TimingKind.WINDOW if window else TimingKind.YEARLY,
                window_start="15/11" if window else "",
                window_end="15/12" if window else "",
            )
            activities.append((p, act, activity))
    Activity.objects.bulk_create([a for _p, _s, a in activities])
    stats.activities = len(activities)

    assignments: list[tuple[Assignment, list[Agency]]] = []
    for p, act, activity in activities:
        p.activity_ids.append(activity.pk)
        _title, lead_key, partner_keys, _timing, _window = act
        for role, keys in (
            (AssignmentRole.LEAD, (lead_key,)),
            (AssignmentRole.PARTNER, partner_keys),
        ):
            order = 0
            for key in keys:
                agencies = _selector(p, key)
                if not agencies:
                    continue
                expected = ExpectedAs.LEAD if role == AssignmentRole.LEAD else ExpectedAs.PARTNER
                for a in agencies:
                    old = p.reporters.get(a.pk)
                    if old is None or old[1] != ExpectedAs.LEAD:
                        p.reporters[a.pk] = (a, expected)
                groups = [agencies] if key == "communes" else [[a] for a in agencies]
                for group in groups:
                    text = COMMUNES_TEXT if key == "communes" else group[0].name
                    assignments.append(
                        (
                            Assignment(
                                activity=activity,
                                role=role,
                                agency_text=text,
                                is_group=key == "communes",
                                confidence=Decimal("1.00"),
                                order=order,
                            ),
                            group,
                        )
                    )
                    order += 1
    Assignment.objects.bulk_create([a for a, _g in assignments], batch_size=2000)
    through = Assignment.agencies.through
    Assignment.agencies.through.objects.bulk_create(
        [through(assignment_id=a.pk, agency_id=ag.pk) for a, group in assignments for ag in group],
        batch_size=5000,
    )
    stats.assignments = len(assignments)

    responsibilities: list[tuple[Responsibility, list[Agency]]] = []
    for p in provinces:
        responsibilities.append(
            (
                Responsibility(
                    plan=p.plan,
                    agency_text=p.lead.name,
                    duties=["Chủ trì, hướng dẫn, theo dõi, tổng hợp kết quả thực hiện Kế hoạch."],
                    order=0,
                ),
                [p.lead],
            )
        )
        if p.communes:
            responsibilities.append(
                (
                    Responsibility(
                        plan=p.plan,
                        agency_text=COMMUNES_TEXT,
                        duties=["Xây dựng kế hoạch hằng năm; báo cáo trước ngày 10/12."],
                        order=1,
                    ),
                    p.communes,
                )
            )
    Responsibility.objects.bulk_create([r for r, _g in responsibilities])
    r_through = Responsibility.agencies.through
    r_through.objects.bulk_create(
        [
            r_through(responsibility_id=r.pk, agency_id=ag.pk)
            for r, group in responsibilities
            for ag in group
        ],
        batch_size=5000,
    )
    BudgetSource.objects.bulk_create(
        BudgetSource(plan=p.plan, text="Ngân sách nhà nước theo phân cấp hiện hành.", order=0)
        for p in provinces
    )
    PlanVersion.objects.bulk_create(
        PlanVersion(plan=p.plan, number=1, content=_content(p), note="gen-national")
        for p in provinces
    )
    stats.reporters = sum(len(p.reporters) for p in provinces)


def _content(p: _Province) -> dict[str, Any]:
    """The plan in the interchange format (what its version 1 keeps)."""
    assert p.plan is not None

    def names(keys: Sequence[str]) -> list[str]:
        out: list[str] = []
        for key in keys:
            if key == "communes":
                out.append(COMMUNES_TEXT)
            else:
                out.extend(a.name for a in _selector(p, key))
        return out

    return {
        "doc_number": p.plan.doc_number,
        "issued_date": p.plan.issued_date.isoformat() if p.plan.issued_date else None,
        "issuer": p.plan.issuer_text,
        "place": p.plan.place_text,
        "title": p.plan.title,
        "period": list(PLAN_YEARS),
        "legal_bases": [PROGRAMME_NUMBER],
        "objectives": ["Nâng cao nhận thức, thu hẹp khoảng cách giới."],
        "targets": [
            {
                "text": text,
                "milestones": [
                    {
                        "year": y,
                        "value": v,
                        "value_max": v_max,
                        "unit": unit,
                        "comparison": comparison,
                        "baseline_year": baseline_year,
                    }
                    for y, v, v_max, unit, comparison, baseline_year in milestones
                ],
            }
            for text, milestones in _TARGETS
        ],  # fmt: skip
        "tasks": [
            {
                "title": title,
                "activities": [
                    {
                        "title": a_title,
                        "lead": names((lead,)),
                        "partners": names(partners),
                        "timing": timing,
                    }
                    for a_title, lead, partners, timing, _w in acts
                ],
            }
            for title, acts in _PLAN_TASKS
        ],  # fmt: skip
        "responsibilities": [{"agency": p.lead.name, "duties": ["Chủ trì, tổng hợp."]}],
        "budget_sources": ["Ngân sách nhà nước theo phân cấp hiện hành."],
        "report_deadline": "10/12",
        "action_month": ["15/11", "15/12"],
    }


# ---- rounds, submissions and figures -------------------------------------------------


def _at(day: date, rng: random.Random, tz: ZoneInfo) -> datetime:
    """A working-hours moment on `day`, in local time."""
    return datetime.combine(day, dtime(7 + rng.randrange(10), rng.randrange(60)), tzinfo=tz)


@dataclass
class _Outcome:
    status: str = S.NOT_STARTED
    first_submitted_at: datetime | None = None
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
    saved_at: datetime | None = None
    version: int = 1
    return_comment: str = ""
    steps: list[tuple[str, str, str, datetime, str]] = field(default_factory=list)


RETURN_COMMENT = "Đề nghị bổ sung số liệu tách biệt theo giới tính."


def _outcome(rnd: ReportRound, today: date, rng: random.Random, tz: ZoneInfo) -> _Outcome:
    """What happened to one reporter's submission by `today`."""
    out = _Outcome()
    if today < rnd.opens_on:
        return out
    open_days = max(1, (rnd.deadline - rnd.opens_on).days)
    if today <= rnd.deadline:
        # Open now: the further into the window, the more reports are in.
        progress = (today - rnd.opens_on).days / open_days
        u = rng.random()
        elapsed = max(0, (today - rnd.opens_on).days)
        if u < 0.5 * progress:
            first = _at(rnd.opens_on + timedelta(days=rng.randint(0, elapsed)), rng, tz)
            out.status, out.first_submitted_at, out.submitted_at = S.SUBMITTED, first, first
            out.saved_at = first - timedelta(hours=rng.randint(1, 48))
            out.steps.append((WorkflowAction.SUBMIT, S.DRAFT, S.SUBMITTED, first, ""))
            approve_day = first.date() + timedelta(days=rng.randint(1, 10))
            if approve_day <= today and rng.random() < 0.4:
                out.status, out.approved_at = S.APPROVED, _at(approve_day, rng, tz)
                out.steps.append((WorkflowAction.APPROVE, S.SUBMITTED, S.APPROVED,
                                  out.approved_at, ""))  # fmt: skip
        elif u < 0.5 * progress + 0.35:
            out.status = S.DRAFT
            out.saved_at = _at(rnd.opens_on + timedelta(days=rng.randint(0, elapsed)), rng, tz)
            out.steps.append((WorkflowAction.SAVE, S.NOT_STARTED, S.DRAFT, out.saved_at, ""))
        return out
    # Past the deadline.
    if rng.random() < 0.05:  # never sent
        if rng.random() < 0.5:
            out.status = S.DRAFT
            out.saved_at = _at(rnd.opens_on + timedelta(days=rng.randint(0, open_days)), rng, tz)
            out.steps.append((WorkflowAction.SAVE, S.NOT_STARTED, S.DRAFT, out.saved_at, ""))
        return out
    if rng.random() < 0.158:  # ~15% of all reporters: first sent after the deadline
        day = rnd.deadline + timedelta(days=rng.randint(1, 40))
    else:
        day = rnd.opens_on + timedelta(days=rng.randint(0, open_days))
    day = min(day, today)
    first = _at(day, rng, tz)
    out.first_submitted_at = out.submitted_at = first
    out.saved_at = first - timedelta(hours=rng.randint(1, 72))
    out.status = S.SUBMITTED
    out.steps.append((WorkflowAction.SUBMIT, S.DRAFT, S.SUBMITTED, first, ""))
    since = (today - rnd.deadline).days
    r = rng.random()
    if r < 0.02:
        back = first + timedelta(days=rng.randint(1, 5))
        if back.date() <= today:
            out.status, out.return_comment = S.RETURNED, RETURN_COMMENT
            out.steps.append((WorkflowAction.RETURN, S.SUBMITTED, S.RETURNED, back,
                              RETURN_COMMENT))  # fmt: skip
        return out
    last = first
    if r < 0.06:
        back = first + timedelta(days=rng.randint(1, 5))
        again = back + timedelta(days=rng.randint(1, 10))
        if again.date() <= today:
            out.status, out.submitted_at, out.version = S.RESUBMITTED, again, 3
            out.return_comment = RETURN_COMMENT
            out.steps.append((WorkflowAction.RETURN, S.SUBMITTED, S.RETURNED, back,
                              RETURN_COMMENT))  # fmt: skip
            out.steps.append((WorkflowAction.SUBMIT, S.RETURNED, S.RESUBMITTED, again, ""))
            last = again
    approve_share = 0.95 if since > 60 else 0.5
    if rng.random() < approve_share:
        approved = last + timedelta(days=rng.randint(1, 20))
        if approved.date() <= today:
            out.steps.append((WorkflowAction.APPROVE, out.status, S.APPROVED, approved, ""))
            out.status, out.approved_at = S.APPROVED, approved
    return out


def _figures(rng: random.Random, kind: str, is_commune: bool) -> list[tuple[str, str, int]]:
    """(element code, sex, value) for one received report."""
    out: list[tuple[str, str, int]] = []

    def by_sex(code: str, low: int, high: int) -> None:
        total = rng.randint(low, high)
        male = int(total * rng.uniform(0.35, 0.5))
        out.extend(((code, "", total), (code, "male", male), (code, "female", total - male)))

    if kind == RoundKind.ACTION_MONTH:
        out.append(("action_month.plan_made", "", 1 if rng.random() < 0.9 else 0))
        by_sex("reach.participants", 50, 1500 if is_commune else 800)
        out.append(("events.talk", "", rng.randint(1, 12)))
        return out
    by_sex("reach.participants", 300 if is_commune else 100, 6000 if is_commune else 3000)
    by_sex("officials.trained", 2, 40)
    officers = rng.randint(1, 4)
    out.append(("ge_officers.total", "", officers))
    out.append(("ge_officers.trained", "", rng.randint(0, officers)))
    if is_commune:
        total = rng.randint(3, 30)
        reviewed = rng.randint(0, total)
        out.append(("conventions.total", "", total))
        out.append(("conventions.reviewed", "", reviewed))
        out.append(("conventions.non_discriminatory", "", rng.randint(0, reviewed)))
    return out


def _rounds_build(
    p: _Province,
    years: range,
    today: date,
    seed: int,
    element_ids: dict[str, int],
    stats: NationalStats,
) -> None:
    """The province plan's rounds, their submissions, workflow steps and figures."""
    from binhdang.reporting.services import round_title

    assert p.plan is not None
    tz = ZoneInfo(settings.TIME_ZONE)
    rng = random.Random(f"{seed}:rounds:{p.unit.code}")
    rounds = []
    for year in years:
        for kind in (RoundKind.ANNUAL, RoundKind.ACTION_MONTH):
            period = Period(kind, year)
            start, end = period.window(PeriodConvention.ADMIN_D09)
            deadline = period.default_deadline(p.plan.report_deadline)
            opens = start if kind == RoundKind.ACTION_MONTH else deadline - timedelta(days=30)
            closes = deadline + timedelta(days=90)
            rounds.append(
                ReportRound(
                    plan=p.plan,
                    kind=kind,
                    year=year,
                    period=period.code,
                    title=round_title(p.plan, period)[:300],
                    convention=PeriodConvention.ADMIN_D09,
                    opens_on=opens,
                    deadline=deadline,
                    data_start=start,
                    data_end=end,
                    reminder_days=[7, 1],
                    closed_at=datetime.combine(closes, dtime(17), tzinfo=tz)
                    if closes < today
                    else None,
                )
            )
    ReportRound.objects.bulk_create(rounds)
    stats.rounds += len(rounds)

    reporters = sorted(p.reporters.values(), key=lambda r: r[0].pk)
    subs: list[tuple[Submission, _Outcome, bool]] = []
    for rnd in rounds:
        for agency, expected in reporters:
            o = _outcome(rnd, today, rng, tz)
            sub = Submission(
                round=rnd,
                agency_id=agency.pk,
                unit_id=agency.unit_id,
                expected_as=expected,
                status=o.status,
                version=o.version,
                first_submitted_at=o.first_submitted_at,
                submitted_at=o.submitted_at,
                approved_at=o.approved_at,
                saved_at=o.saved_at,
                return_comment=o.return_comment,
            )
            subs.append((sub, o, agency.kind == AgencyKind.PEOPLES_COMMITTEE))
            stats.by_status[o.status] = stats.by_status.get(o.status, 0) + 1
            if o.first_submitted_at and o.first_submitted_at.date() > rnd.deadline:
                stats.late += 1
    Submission.objects.bulk_create([s for s, _o, _c in subs], batch_size=2000)
    stats.submissions += len(subs)

    # Steps and figures need no ids back: the fast path (COPY / executemany).
    steps = [
        (sub.pk, action, before, after, _db_datetime(at), comment)
        for sub, o, _c in subs
        for action, before, after, at, comment in o.steps
    ]
    _insert(SubmissionEvent._meta.db_table, STEP_COLUMNS, steps)
    stats.submission_events += len(steps)

    now = _db_datetime(timezone.now())
    values = []
    for sub, o, is_commune in subs:
        if o.status not in RECEIVED:
            continue
        value_kind = str(ValueKind.FINAL if o.status == S.APPROVED else ValueKind.ACTUAL)
        round_period = sub.round.period
        for code, sex, value in _figures(rng, sub.round.kind, is_commune):
            values.append(
                (element_ids[code], round_period, sub.agency_id, sub.unit_id, sex, "", value_kind,
                 value, sub.pk, "", now)
            )  # fmt: skip
    # A figure this agency already gave for the period (not synthetic) is kept.
    _insert(DataValue._meta.db_table, VALUE_COLUMNS, values, ignore_conflicts=True)
    stats.values += len(values)


# ---- registries, surveys and the targets' indicators ---------------------------------

# What the registries' rows are called (Vietnamese, as people write them).
_VILLAGE_NAMES = (
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "An Bình", "Tân Lập", "Phú Xuân",
    "Hòa Bình", "Quyết Tiến", "Đoàn Kết", "Tiền Phong", "Tân Thành", "Thành Công",
)  # fmt: skip
_SITE_KINDS = (
    ("club", "Câu lạc bộ Gia đình hạnh phúc"),
    ("club", "Câu lạc bộ Thủ lĩnh của sự thay đổi"),
    ("trusted_address", "Địa chỉ tin cậy tại cộng đồng"),
    ("dv_prevention", "Mô hình phòng, chống bạo lực gia đình"),
    ("gbv_group", "Nhóm phòng, chống bạo lực trên cơ sở giới"),
)
SURVEY_FIRST_YEAR = 2025  # the baseline of the awareness target


def synthetic_media() -> QuerySet[Any]:
    from binhdang.media.models import MediaAgency

    return MediaAgency.objects.filter(note=SYN_NOTE)


def synthetic_conventions() -> QuerySet[Any]:
    from binhdang.conventions.models import Convention

    return Convention.objects.filter(note=SYN_NOTE)


def synthetic_model_sites() -> QuerySet[Any]:
    from binhdang.registries.models import ModelSite

    return ModelSite.objects.filter(note=SYN_NOTE)


def synthetic_surveys() -> QuerySet[Any]:
    from binhdang.indicators.models import SurveyResult

    return SurveyResult.objects.filter(note=SYN_NOTE)


def registries_reset(log: Log = _quiet) -> dict[str, int]:
    """Delete the synthetic media agencies (with their adoptions), conventions, model
    sites and survey results. Raw deletes: no signals, so no history rows either."""
    from binhdang.conventions.models import ConventionClause
    from binhdang.media.models import Adoption, Assessment

    out: dict[str, int] = {}
    with transaction.atomic():
        media = synthetic_media()
        Assessment.objects.filter(media_agency__in=media).delete()  # none are generated
        adoptions = Adoption.objects.filter(media_agency__in=media)
        out["adoptions"] = adoptions._raw_delete(adoptions.db)
        conventions = synthetic_conventions()
        clauses = ConventionClause.objects.filter(convention__in=conventions)
        clauses._raw_delete(clauses.db)
        for name, qs in (
            ("media agencies", media),
            ("conventions", conventions),
            ("model sites", synthetic_model_sites()),
            ("survey results", synthetic_surveys()),
        ):
            out[name] = qs._raw_delete(qs.db)
    if any(out.values()):
        log(f"  registries deleted: {out}")
    return out


def _place(agency: Agency) -> str:
    """ "Ủy ban nhân dân phường Bến Thành" → "Phường Bến Thành"."""
    name = agency.name
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name[:1].upper() + name[1:]


def _is_urban(agency: Agency) -> bool:
    return " phuong " in f" {fold(agency.name)} "


def _day_between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _media_rows(p: _Province, rng: random.Random, years: range, taken: set[int]) -> list[Any]:
    """(MediaAgency, [(year, status, decided_on, decision_ref)]) of one province: its
    newspaper and radio-TV station and a few commune culture-information centres, moving
    from not applied to pilot to official over the years (the provincial ones first)."""
    from binhdang.media.choices import AdoptionStatus, MediaKind
    from binhdang.media.models import MediaAgency

    media_depts = [a for a in p.departments if a.kind == AgencyKind.MEDIA and a.pk not in taken]

    def registry_row(words: tuple[str, ...]) -> int | None:
        for a in media_depts:
            if any(w in fold(a.name) for w in words):
                media_depts.remove(a)
                taken.add(a.pk)
                return a.pk
        return None

    short = p.unit.short_name or p.unit.name
    wanted: list[tuple[str, str, int, int | None, bool]] = [
        (f"Báo {short}", MediaKind.NEWSPAPER, p.unit.pk, registry_row(("bao ",)), True),
        (f"Đài Phát thanh và Truyền hình {short}", MediaKind.RADIO_TV, p.unit.pk,
         registry_row(("phat thanh", "truyen hinh")), True),
    ]  # fmt: skip
    n_centres = min(len(p.communes), max(3, round(len(p.communes) / 15)))
    for a in sorted(rng.sample(p.communes, n_centres), key=lambda a: a.pk):
        if a.unit_id is None:
            continue
        name = f"Trung tâm Văn hóa - Thông tin và Thể thao {_lower_first(_place(a))}"
        wanted.append((name, MediaKind.LOCAL_CENTRE, a.unit_id, None, False))

    out = []
    for name, kind, unit_id, agency_id, provincial in wanted:
        if provincial:
            pilot = rng.choices([2022, 2023, 2024, 2025, 2026], [3, 3, 2, 1, 1])[0]
        else:
            pilot = rng.choices(
                [2022, 2023, 2024, 2025, 2026, 2027, 2028, 0], [2, 3, 4, 4, 3, 2, 1, 1]
            )[0]
        official = pilot + rng.randint(1, 4) if pilot and rng.random() < 0.92 else 0
        decision = f"{rng.randint(10, 250)}/QĐ-{'BĐG' if provincial else 'TTVH'}"
        decided = {
            pilot: date(pilot, rng.randint(1, 12), rng.randint(1, 28)) if pilot else None,
            official: date(official, rng.randint(1, 12), rng.randint(1, 28)) if official else None,
        }
        media = MediaAgency(
            agency_id=agency_id,
            name=name,
            kind=kind,
            unit_id=unit_id,
            managing_body=f"Ủy ban nhân dân {_lower_first(p.unit.name)}",
            is_active=provincial or rng.random() < 0.97,
            note=SYN_NOTE,
            search_key=canonical(name)[:300],
            fold_key=fold(name)[:300],
        )
        statuses = []
        for year in years:
            if official and year >= official:
                statuses.append((year, AdoptionStatus.OFFICIAL, decided[official], decision))
            elif pilot and year >= pilot:
                statuses.append((year, AdoptionStatus.PILOT, decided[pilot], ""))
            else:
                statuses.append((year, AdoptionStatus.NONE, None, ""))
        out.append((media, statuses))
    return out


def _convention_rows(p: _Province, rng: random.Random, today: date) -> list[Any]:
    """Several hương ước / quy ước per commune: adopted over the years (a few replacing an
    older one), most reviewed since 2021, some found discriminatory and fixed later."""
    from binhdang.conventions.choices import (
        ConventionKind,
        ConventionStatus,
        ReviewResult,
        VillageKind,
    )

    rural_kind = rng.choice([VillageKind.THON, VillageKind.THON, VillageKind.AP, VillageKind.BAN])
    last_adopted = min(today, date(PLAN_YEARS[1], 6, 30))
    out = []
    for a in p.communes:
        unit_id = a.unit_id
        if unit_id is None:
            continue
        urban = _is_urban(a)
        kind = ConventionKind.COMMUNITY_RULES if urban else ConventionKind.VILLAGE_CHARTER
        village_kind = VillageKind.TO_DAN_PHO if urban else rural_kind
        for i in range(rng.randint(4, 14)):
            village = str(i + 1) if urban or i >= len(_VILLAGE_NAMES) else _VILLAGE_NAMES[i]
            if rng.random() < 0.85:
                adopted = _day_between(rng, date(2011, 1, 1), date(2021, 12, 31))
            else:
                adopted = _day_between(rng, date(2022, 1, 1), last_adopted)
            base = {
                "kind": kind,
                "village_name": village,
                "village_kind": village_kind,
                "unit_id": unit_id,
                "reviewer_name": "",
                "note": SYN_NOTE,
            }
            if rng.random() < 0.1:  # the village's older convention, replaced by this one
                out.append(
                    _convention(
                        rng,
                        base,
                        adopted_on=_day_between(rng, date(2003, 1, 1), date(2010, 12, 31)),
                        status=ConventionStatus.REPLACED,
                        ended_on=adopted,
                    )
                )
            review: dict[str, Any] = {}
            if rng.random() < 0.9:
                reviewed = _day_between(rng, max(adopted, date(2021, 1, 1)), date(2026, 10, 31))
                if reviewed <= today:
                    review = {
                        "reviewed_on": reviewed,
                        "reviewer_name": "Công chức Tư pháp - Hộ tịch",
                        "reviewer_agency_id": a.pk,
                        "review_result": ReviewResult.NO_DISCRIMINATION,
                    }
                    if rng.random() < 0.2:
                        found = rng.randint(1, 4)
                        fixed = reviewed + timedelta(days=rng.randint(30, 400))
                        if rng.random() < 0.65 and fixed <= today:
                            review.update(
                                review_result=ReviewResult.FIXED,
                                discriminatory_found=found,
                                clauses_fixed=found,
                                fixed_on=fixed,
                            )
                        else:
                            review.update(
                                review_result=ReviewResult.DISCRIMINATION_FOUND,
                                discriminatory_found=found,
                                clauses_fixed=rng.randint(0, found - 1),
                            )
            out.append(
                _convention(
                    rng, base, adopted_on=adopted, status=ConventionStatus.IN_FORCE, **review
                )
            )
    return out


def _convention(rng: random.Random, base: dict[str, Any], **fields: Any) -> Any:
    from binhdang.conventions.models import Convention

    decision = f"{rng.randint(1, 999)}/QĐ-UBND"
    return Convention(
        decision_ref=decision,
        fold_key=fold(f"{base['village_name']} {decision}")[:300],
        **(base | fields),
    )


def _model_site_rows(p: _Province, rng: random.Random, today: date) -> list[Any]:
    """A few model sites per province, in some of its communes."""
    from binhdang.registries.choices import SiteMode, SiteStatus
    from binhdang.registries.models import ModelSite

    out = []
    communes = [a for a in p.communes if a.unit_id is not None]
    chosen = rng.sample(communes, min(len(communes), rng.randint(3, 6)))
    for a in sorted(chosen, key=lambda a: a.pk):
        assert a.unit_id is not None
        model_type, label = rng.choice(_SITE_KINDS)
        name = f"{label} {_lower_first(_place(a))}"
        mode = rng.choices([SiteMode.MAINTAIN, SiteMode.REPLICATE, SiteMode.NEW], [5, 3, 2])[0]
        start = (
            rng.randint(2016, today.year)
            if mode == SiteMode.MAINTAIN
            else rng.randint(2022, today.year)
        )
        status, end = SiteStatus.ACTIVE, None
        u = rng.random()
        if u < 0.08 and start < today.year:
            status, end = SiteStatus.ENDED, rng.randint(start, today.year - 1)
        elif u < 0.12:
            status, start = SiteStatus.PLANNED, today.year + 1
        female = rng.randint(10, 40)
        out.append(
            ModelSite(
                model_type=model_type,
                name=name,
                unit_id=a.unit_id,
                lead_agency_id=a.pk,
                plan=p.plan,
                mode=mode,
                start_year=start,
                end_year=end,
                status=status,
                members_female=female,
                members_male=rng.randint(0, female),
                note=SYN_NOTE,
                search_key=fold(f"{name} {_place(a)} {a.name}")[:800],
            )
        )
    return out


def _survey_rows(p: _Province, rng: random.Random, years: range) -> list[Any]:
    """Awareness survey figures by commune and sex, from the 2025 baseline on, a few
    points higher each year."""
    from binhdang.indicators.models import SurveyResult

    level = rng.uniform(40, 60)
    gain = rng.uniform(1.5, 5)
    out = []
    for a in p.communes:
        if a.unit_id is None:
            continue
        here = level + rng.uniform(-10, 10)
        for year in years:
            for sex in ("male", "female"):
                share = here + gain * (year - SURVEY_FIRST_YEAR) + rng.uniform(-3, 3)
                share += 3 if sex == "female" else 0
                out.append(
                    SurveyResult(
                        unit_id=a.unit_id,
                        year=year,
                        target_group="",
                        sex=sex,
                        respondents=rng.randint(20, 80),
                        share_correct=Decimal(f"{min(max(share, 0), 100):.2f}"),
                        source=(
                            f"Khảo sát nhận thức về bình đẳng giới năm {year} (dữ liệu mô phỏng)"
                        ),
                        agency_id=p.lead.pk,
                        note=SYN_NOTE,
                    )
                )
    return out


def _registries_build(
    provinces: list[_Province], options: NationalOptions, today: date, stats: NationalStats
) -> None:
    """Media agencies and their adoptions, conventions, model sites and survey results of
    every province, in bulk. Deterministic for the seed (one generator per province)."""
    from binhdang.conventions.models import Convention
    from binhdang.indicators.models import SurveyResult
    from binhdang.media.models import Adoption, MediaAgency
    from binhdang.registries.models import ModelSite

    years = range(options.first_year, options.last_year + 1)
    survey_years = range(
        max(SURVEY_FIRST_YEAR, options.first_year), min(options.last_year, today.year) + 1
    )
    taken = set(
        MediaAgency.objects.filter(agency__isnull=False).values_list("agency_id", flat=True)
    )
    media: list[tuple[Any, list[Any]]] = []
    conventions: list[Any] = []
    sites: list[Any] = []
    surveys: list[Any] = []
    for p in provinces:
        rng = random.Random(f"{options.seed}:registries:{p.unit.code}")
        media.extend(_media_rows(p, rng, years, taken))
        conventions.extend(_convention_rows(p, rng, today))
        sites.extend(_model_site_rows(p, rng, today))
        surveys.extend(_survey_rows(p, rng, survey_years))
    with transaction.atomic():
        MediaAgency.objects.bulk_create([m for m, _s in media], batch_size=2000)
        adoptions = [
            Adoption(
                media_agency_id=m.pk,
                year=year,
                status=status,
                decided_on=decided,
                decision_ref=decision,
                note=SYN_NOTE,
            )
            for m, statuses in media
            for year, status, decided, decision in statuses
        ]
        Adoption.objects.bulk_create(adoptions, batch_size=5000)
        Convention.objects.bulk_create(conventions, batch_size=5000)
        ModelSite.objects.bulk_create(sites, batch_size=2000)
        SurveyResult.objects.bulk_create(surveys, batch_size=5000)
    stats.media_agencies = len(media)
    stats.adoptions = len(adoptions)
    stats.conventions = len(conventions)
    stats.model_sites = len(sites)
    stats.survey_results = len(surveys)


def _targets_refresh(provinces: list[_Province], element_ids: dict[str, int], log: Log) -> bool:
    """Give the synthetic plans the targets of `_TARGETS` when they carry other ones (a
    data set built before the targets changed). True when they were rewritten."""
    plans = [p.plan for p in provinces if p.plan is not None]
    wanted = [text for text, _m in _TARGETS]
    have: dict[int, list[str]] = {}
    for plan_id, text in (
        Target.objects.filter(plan__in=plans)
        .order_by("plan_id", "order")
        .values_list("plan_id", "text")
    ):
        have.setdefault(plan_id, []).append(text)
    if all(have.get(plan.pk) == wanted for plan in plans):
        return False
    with transaction.atomic():
        Target.objects.filter(plan__in=plans).delete()
        _targets_build([p for p in provinces if p.plan is not None], element_ids)
        for p in provinces:
            if p.plan is not None:
                PlanVersion.objects.filter(plan=p.plan, number=1).update(content=_content(p))
    log(f"  targets of {len(plans)} synthetic plans rewritten ({len(wanted)} each)")
    return True


def _indicators_link(provinces: list[_Province], stats: NationalStats) -> None:
    """The indicator catalogue, and the synthetic plans' targets linked to it."""
    from binhdang.indicators.services import indicators_sync, targets_link

    indicators_sync()
    linked = unlinked = 0
    for p in provinces:
        if p.plan is None:
            continue
        counts = targets_link(plan=p.plan)
        linked += counts["linked"]
        unlinked += len(counts["unlinked"])
    stats.targets_linked = linked
    stats.targets_unlinked = unlinked


def national_registries(*, options: NationalOptions, log: Log = _quiet) -> NationalStats:
    """Add (again) the registries' data, the survey results and the targets' indicator
    links to an existing synthetic data set, leaving its rounds, figures and events as
    they are (`gen-national --only-registries`). The plans' targets are brought to
    `_TARGETS` first when they differ."""
    if not PLAN_YEARS[0] <= options.first_year <= options.last_year <= PLAN_YEARS[1]:
        raise ValueError(f"years must lie within {PLAN_YEARS[0]}-{PLAN_YEARS[1]}")
    plans = {plan.unit_id: plan for plan in synthetic_plans().select_related("unit")}
    if not plans:
        raise ValueError("no synthetic data set here: run gen-national first")
    stats = NationalStats()
    today = options.today or timezone.localdate()
    started = time.perf_counter()
    provinces = [p for p in _provinces(None) if p.unit.pk in plans]
    for p in provinces:
        p.plan = plans[p.unit.pk]
    stats.provinces = len(provinces)
    stats.plans = len(provinces)
    registries_reset(log)
    _targets_refresh(provinces, _element_ids(), log)
    stats.seconds["targets"] = time.perf_counter() - started
    started = time.perf_counter()
    _registries_build(provinces, options, today, stats)
    stats.seconds["registries"] = time.perf_counter() - started
    started = time.perf_counter()
    _indicators_link(provinces, stats)
    stats.seconds["indicator links"] = time.perf_counter() - started
    started = time.perf_counter()
    _analyze()
    stats.seconds["analyze"] = time.perf_counter() - started
    return stats


# ---- communication events ------------------------------------------------------------

# Event type, weight, channels, whether people take part, product, quantity range, titles.
_EventKind = tuple[str, int, tuple[str, ...], bool, str, tuple[int, int], tuple[str, ...]]
_EVENT_KINDS: tuple[_EventKind, ...] = (
    (EventType.TALK, 18, (Channel.IN_PERSON,), True, "", (0, 0),
     ("Nói chuyện chuyên đề về bình đẳng giới", "Tọa đàm về phòng, chống bạo lực gia đình")),
    (EventType.INTEGRATED, 16, (Channel.IN_PERSON,), True, "", (0, 0),
     ("Lồng ghép nội dung bình đẳng giới trong họp thôn, tổ dân phố",
      "Lồng ghép bình đẳng giới trong sinh hoạt chi hội phụ nữ")),
    (EventType.CLUB_MEETING, 10, (Channel.IN_PERSON,), True, "", (0, 0),
     ("Sinh hoạt câu lạc bộ gia đình hạnh phúc", "Sinh hoạt câu lạc bộ thủ lĩnh của sự thay đổi")),
    (EventType.CONFERENCE, 6, (Channel.IN_PERSON,), True, "", (0, 0),
     ("Hội nghị triển khai công tác bình đẳng giới", "Hội thảo về bình đẳng giới trong lao động")),
    (EventType.TRAINING, 6, (Channel.IN_PERSON,), True, "", (0, 0),
     ("Tập huấn kiến thức về bình đẳng giới cho cán bộ", "Tập huấn lồng ghép giới")),
    (EventType.LAUNCH, 2, (Channel.IN_PERSON,), True, "", (0, 0),
     ("Lễ phát động Tháng hành động vì bình đẳng giới",)),
    (EventType.CONTEST, 2, (Channel.IN_PERSON, Channel.SOCIAL), True, "", (0, 0),
     ("Hội thi tìm hiểu về bình đẳng giới",)),
    (EventType.CAMPAIGN, 2, (Channel.IN_PERSON,), True, "", (0, 0),
     ("Chiến dịch truyền thông chấm dứt bạo lực với phụ nữ và trẻ em gái",)),
    (EventType.SUPPORT, 2, (Channel.IN_PERSON,), True, "Quà hỗ trợ", (5, 50),
     ("Trao quà hỗ trợ phụ nữ, trẻ em gái có hoàn cảnh khó khăn",)),
    (EventType.TALK_SHOW, 1, (Channel.TV, Channel.RADIO), False, "", (1, 2),
     ("Tọa đàm truyền hình về bình đẳng giới",)),
    (EventType.BROADCAST, 12, (Channel.RADIO, Channel.RADIO, Channel.TV), False, "", (1, 10),
     ("Phát thanh về bình đẳng giới trên hệ thống loa truyền thanh cơ sở",
      "Chuyên mục truyền hình Vì bình đẳng giới")),
    (EventType.NEWS_ITEM, 12, (Channel.PRESS, Channel.RADIO, Channel.SOCIAL), False, "Tin, bài",
     (1, 3), ("Tin, bài về hoạt động bình đẳng giới", "Phóng sự về phụ nữ khởi nghiệp")),
    (EventType.SOCIAL_MEDIA, 8, (Channel.SOCIAL,), False, "", (0, 0),
     ("Bài đăng trên trang mạng xã hội về bình đẳng giới",)),
    (EventType.PRINTED, 3, (Channel.PRINTED,), False, "Tờ rơi, áp phích, pa nô", (100, 5000),
     ("In, phát tờ rơi tuyên truyền về bình đẳng giới", "Treo băng rôn, pa nô hưởng ứng")),
)  # fmt: skip

EVENT_COLUMNS = (
    "created_at", "updated_at", "agency_id", "unit_id", "date", "event_type", "channel",
    "title", "target_groups", "participants_male", "participants_female",
    "participants_total", "product", "quantity", "cost", "budget_source", "activity_id",
    "is_digital", "note", "created_by_id", "batch_id",
)  # fmt: skip


def _event_batches(
    provinces: list[_Province], options: NationalOptions
) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of `EVENT_COLUMNS`, `batch_size` at a time. Deterministic for the seed."""
    rng = random.Random(f"{options.seed}:events")
    rand = rng.random
    tz = ZoneInfo(settings.TIME_ZONE)
    postgres = connection.vendor == "postgresql"

    # Who organises: every reporter of every plan (communes are most of them).
    ag_id: list[int] = []
    ag_unit: list[int | None] = []
    ag_prov: list[int] = []
    for i, p in enumerate(provinces):
        commune_units = set(p.commune_unit_ids)
        for agency, _as in sorted(p.reporters.values(), key=lambda r: r[0].pk):
            ag_id.append(agency.pk)
            is_commune = agency.unit_id in commune_units
            ag_unit.append(agency.unit_id if is_commune else None)
            ag_prov.append(i)
    n_ag = len(ag_id)
    prov_unit = [p.unit.pk for p in provinces]
    prov_communes = [p.commune_unit_ids or [p.unit.pk] for p in provinces]
    prov_acts = [p.activity_ids for p in provinces]

    # When: any day of the years, a fifth of them inside an Action Month (15/11–15/12).
    first = date(options.first_year, 1, 1)
    n_days = (date(options.last_year, 12, 31) - first).days + 1
    days = [first + timedelta(days=i) for i in range(n_days)]
    am_days = [
        i
        for i, d in enumerate(days)
        if (d.month, d.day) >= (11, 15) and (d.month, d.day) <= (12, 15)
    ]
    stamps: list[Any] = []
    for d in days:
        moment = datetime.combine(d + timedelta(days=1), dtime(9), tzinfo=tz)
        if postgres:
            stamps.append(moment)
        else:
            stamps.append(connection.ops.adapt_datetimefield_value(moment))

    kinds: list[_EventKind] = []
    for etype, weight, channels, *rest in _EVENT_KINDS:
        # Plain strings: the drivers adapt `str` fastest (and COPY needs no enum dumper).
        plain = (str(etype), weight, tuple(str(c) for c in channels), *rest)
        kinds.extend([plain] * weight)  # type: ignore[list-item]
    n_kinds = len(kinds)
    bits = list(GROUP_BITS.values())
    n_bits = len(bits)
    budgets = [b for b in EventBudget.values if b]
    n_budgets = len(budgets)

    batch: list[tuple[Any, ...]] = []
    for _n in range(options.events):
        a = int(rand() * n_ag)
        pi = ag_prov[a]
        unit = ag_unit[a]
        if unit is None:
            communes = prov_communes[pi]
            unit = communes[int(rand() * len(communes))] if rand() < 0.6 else prov_unit[pi]
        di = am_days[int(rand() * len(am_days))] if rand() < 0.2 else int(rand() * n_days)
        etype, _w, channels, people, product, (qlo, qhi), titles = kinds[int(rand() * n_kinds)]
        channel = channels[int(rand() * len(channels))]
        groups = bits[int(rand() * n_bits)]
        if rand() < 0.5:
            groups |= bits[int(rand() * n_bits)]
        male = female = total = None
        if people:
            total = 15 + int(rand() * (400 if etype in ("conference", "launch") else 150))
            if rand() < 0.9:
                male = int(total * (0.25 + 0.3 * rand()))
                female = int((total - male) * (0.8 + 0.2 * rand()))
        quantity = qlo + int(rand() * (qhi - qlo + 1)) if qhi else None
        cost = None
        budget = ""
        if rand() < 0.6:
            cost = (1 + int(rand() * 50)) * 100_000
            budget = budgets[int(rand() * n_budgets)]
        acts = prov_acts[pi]
        activity = acts[int(rand() * len(acts))] if acts and rand() < 0.25 else None
        stamp = stamps[di]
        batch.append(
            (
                stamp, stamp, ag_id[a], unit, days[di], etype, channel,
                titles[int(rand() * len(titles))], groups, male, female, total,
                product, quantity, cost, budget, activity,
                channel == "social", SYN_NOTE, None, None,
            )
        )  # fmt: skip
        if len(batch) >= options.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


STEP_COLUMNS = ("submission_id", "action", "from_status", "to_status", "at", "comment")
VALUE_COLUMNS = (
    "element_id", "period", "agency_id", "unit_id", "sex", "target_group", "kind", "value",
    "submission_id", "comment", "updated_at",
)  # fmt: skip


def _db_datetime(moment: datetime) -> Any:
    """An aware datetime as the driver takes it in raw SQL (SQLite: naive UTC text)."""
    if connection.vendor == "postgresql":
        return moment
    return connection.ops.adapt_datetimefield_value(moment)


def _insert(
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany elsewhere. Values must be
    what the driver takes (see `_db_datetime`)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not ignore_conflicts:
            raw: Any = cursor.cursor
            with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif connection.vendor == "postgresql":
            # COPY cannot skip conflicts: through a scratch table, then one INSERT.
            scratch = qn(f"_syn_{table}")
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
            cursor.execute(
                f"CREATE TEMP TABLE {scratch} AS SELECT {cols} FROM {qn(table)} WITH NO DATA"
            )
            raw = cursor.cursor
            with raw.copy(f"COPY {scratch} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {qn(table)} ({cols}) SELECT {cols} FROM {scratch} "
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {scratch}")
        else:
            verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
            cursor.executemany(f"{verb} INTO {qn(table)} ({cols}) VALUES ({marks})", rows)


def _index_statements(model: type[CommEvent]) -> dict[str, str]:
    """Name → CREATE INDEX statement of the model's secondary indexes, as migrate makes them."""
    editor = connection.schema_editor()
    out = {}
    for statement in editor._model_indexes_sql(model):  # type: ignore[attr-defined]
        sql = str(statement)
        m = re.search(r"INDEX\s+(?:IF NOT EXISTS\s+)?\"?(\w+)\"?\s+ON", sql)
        if m:
            out[m[1]] = sql
    return out


def _existing_indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name
        for name, info in found.items()
        if info.get("index") and not info.get("primary_key") and not info.get("unique")
    }


def events_indexes_drop(log: Log = _quiet) -> list[str]:
    """Drop the events table's secondary indexes (a bulk load is 2-3 times faster without
    them); `events_indexes_ensure` recreates them from the model."""
    table = CommEvent._meta.db_table
    names = sorted(set(_index_statements(CommEvent)) & _existing_indexes(table))
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    log(f"  dropped {len(names)} indexes of {table} for the load")
    return names


def events_indexes_ensure(log: Log = _quiet) -> list[str]:
    """Create the events table's secondary indexes that are missing (after a load, or
    after a load that was interrupted)."""
    table = CommEvent._meta.db_table
    existing = _existing_indexes(table)
    missing = [(n, sql) for n, sql in _index_statements(CommEvent).items() if n not in existing]
    if not missing:
        return []
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, sql in missing:
            cursor.execute(sql)
    log(f"  created {len(missing)} indexes of {table} in {time.perf_counter() - started:.1f} s")
    return [n for n, _sql in missing]


def _events_load(provinces: list[_Province], options: NationalOptions, log: Log) -> int:
    # Without the indexes, then indexes built once: much faster than keeping them up to
    # date row by row. Not inside a transaction (tests): there the load is small anyway.
    drop = options.events >= 100_000 and not connection.in_atomic_block
    if drop:
        events_indexes_drop(log)
    try:
        return _events_insert(provinces, options, log)
    finally:
        if drop:
            events_indexes_ensure(log)


def _events_insert(provinces: list[_Province], options: NationalOptions, log: Log) -> int:
    started = time.perf_counter()
    done = 0
    step = max(options.batch_size, options.events // 20)
    next_report = step
    table = CommEvent._meta.db_table
    for rows in _event_batches(provinces, options):
        with transaction.atomic():
            _insert(table, EVENT_COLUMNS, rows)
        done += len(rows)
        if done >= next_report or done == options.events:
            elapsed = time.perf_counter() - started
            log(
                f"  events: {done:>10,} / {options.events:,}  "
                f"{elapsed:6.1f} s  {done / max(elapsed, 1e-9):>9,.0f} rows/s"
            )
            next_report += step
    return done


# ---- database tuning for the load ----------------------------------------------------


def _fast_load_begin() -> dict[str, Any]:
    """Cheaper durability for the load (benchmark data): restored by `_fast_load_end`."""
    saved: dict[str, Any] = {}
    if connection.in_atomic_block:
        return saved
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            saved["synchronous"] = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
            cursor.execute("PRAGMA temp_store=MEMORY")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")
            saved["postgresql"] = True
            # Foreign-key triggers cost 3/4 of the time of a COPY of events; every id
            # written comes from the database, and `_check_references` proves it after.
            try:
                cursor.execute("SET session_replication_role = replica")
                saved["replica"] = True
            except DatabaseError:
                pass  # needs a superuser (or PostgreSQL 15's SET privilege): checks stay on
    return saved


def _fast_load_end(saved: dict[str, Any]) -> None:
    if not saved:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA synchronous={int(saved['synchronous'])}")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = on")
            if saved.get("replica"):
                cursor.execute("SET session_replication_role = DEFAULT")


# The references of the rows written with triggers off (`_fast_load_begin`).
def _references() -> tuple[tuple[Any, tuple[str, ...]], ...]:
    from binhdang.conventions.models import Convention
    from binhdang.indicators.models import SurveyResult
    from binhdang.media.models import Adoption, MediaAgency
    from binhdang.registries.models import ModelSite

    return (
        (CommEvent, ("agency", "unit", "activity")),
        (Submission, ("round", "agency", "unit")),
        (SubmissionEvent, ("submission",)),
        (DataValue, ("element", "agency", "unit", "submission")),
        (Assignment.agencies.through, ("assignment", "agency")),
        (MediaAgency, ("agency", "unit")),
        (Adoption, ("media_agency",)),
        (Convention, ("unit", "reviewer_agency")),
        (ModelSite, ("unit", "lead_agency", "plan")),
        (SurveyResult, ("unit", "agency")),
    )


def _check_references(log: Log) -> None:
    """Every foreign key of the rows loaded without triggers points at a row."""
    started = time.perf_counter()
    qn = connection.ops.quote_name
    broken = []
    with connection.cursor() as cursor:
        for model, names in _references():
            for name in names:
                fk: Any = model._meta.get_field(name)
                target = fk.related_model._meta
                cursor.execute(
                    f"SELECT COUNT(*) FROM {qn(model._meta.db_table)} t "
                    f"WHERE t.{qn(fk.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    f"{qn(target.db_table)} r WHERE r.{qn(target.pk.column)} = t.{qn(fk.column)})"
                )
                count = cursor.fetchone()[0]
                if count:
                    broken.append(f"{model._meta.label}.{name}: {count}")
    if broken:
        raise RuntimeError("rows pointing at nothing: " + ", ".join(broken))
    log(f"References checked in {time.perf_counter() - started:.1f} s.")


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled."""
    if connection.in_atomic_block and connection.vendor == "sqlite":
        return
    from binhdang.conventions.models import Convention
    from binhdang.indicators.models import SurveyResult
    from binhdang.media.models import Adoption, MediaAgency
    from binhdang.registries.models import ModelSite

    models = (
        CommEvent, Submission, SubmissionEvent, DataValue, ReportRound, Agency,
        MediaAgency, Adoption, Convention, ModelSite, SurveyResult,
    )  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=2000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # VACUUM too: a --reset leaves millions of dead rows the indexes still point at.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for model in models:
                cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")


# ---- entry points --------------------------------------------------------------------


def national_reset(log: Log = _quiet) -> dict[str, int]:
    """Delete the synthetic data (and nothing else). Returns rows deleted per model."""
    started = time.perf_counter()
    out: dict[str, int] = dict(registries_reset(log))
    events = synthetic_events()
    # Millions of rows leave faster without the indexes to update (rebuilt just after).
    drop = not connection.in_atomic_block
    if drop:
        events_indexes_drop(log)
    try:
        out["events"] = events._raw_delete(events.db)
    finally:
        if drop:
            events_indexes_ensure(log)
    log(f"  events deleted: {out['events']:,} ({time.perf_counter() - started:.1f} s)")
    plans = synthetic_plans()
    with transaction.atomic():
        subs = Submission.objects.filter(round__plan__in=plans)
        for name, qs in (
            ("values", DataValue.objects.filter(submission__in=subs)),
            ("submission events", SubmissionEvent.objects.filter(submission__in=subs)),
        ):
            out[name] = qs._raw_delete(qs.db)
        _n, by_model = subs.delete()
        out["submissions"] = by_model.get("reporting.Submission", 0)
        _n, by_model = ReportRound.objects.filter(plan__in=plans).delete()
        out["rounds"] = by_model.get("reporting.ReportRound", 0)
        _n, by_model = plans.delete()
        out["plans"] = by_model.get("plans.Plan", 0)
    _analyze()  # and, on PostgreSQL, VACUUM: the space of the deleted rows is reused
    log(f"  reset done in {time.perf_counter() - started:.1f} s: {out}")
    return out


def national_generate(*, options: NationalOptions, log: Log = _quiet) -> NationalStats:
    """Build the data set. Refuses (SyntheticDataExists) when one is already there."""
    if not PLAN_YEARS[0] <= options.first_year <= options.last_year <= PLAN_YEARS[1]:
        raise ValueError(f"years must lie within {PLAN_YEARS[0]}-{PLAN_YEARS[1]}")
    if synthetic_plans().exists() or synthetic_events().exists():
        raise SyntheticDataExists
    if not connection.in_atomic_block:
        events_indexes_ensure(log)  # an earlier load may have been interrupted
    stats = NationalStats()
    today = options.today or timezone.localdate()
    saved = _fast_load_begin()
    try:
        started = time.perf_counter()
        if options.load_reference:
            reference_load(log)
        element_ids = _element_ids()
        stats.seconds["reference data"] = time.perf_counter() - started

        started = time.perf_counter()
        provinces = _provinces(options.provinces)
        stats.provinces = len(provinces)
        if not provinces:
            raise ValueError("no province with agencies: load the reference data first")
        with transaction.atomic():
            _plans_build(provinces, element_ids, stats)
        stats.seconds["plans"] = time.perf_counter() - started
        log(
            f"Plans: {stats.plans} ({stats.activities} activities, {stats.assignments} "
            f"assignments, {stats.reporters:,} expected reporters) "
            f"in {stats.seconds['plans']:.1f} s"
        )

        started = time.perf_counter()
        years = range(options.first_year, options.last_year + 1)
        for p in provinces:
            with transaction.atomic():
                _rounds_build(p, years, today, options.seed, element_ids, stats)
        stats.seconds["rounds"] = time.perf_counter() - started
        log(
            f"Rounds: {stats.rounds:,}, submissions: {stats.submissions:,}, workflow steps: "
            f"{stats.submission_events:,}, figures: {stats.values:,} "
            f"in {stats.seconds['rounds']:.1f} s"
        )

        started = time.perf_counter()
        _registries_build(provinces, options, today, stats)
        stats.seconds["registries"] = time.perf_counter() - started
        log(
            f"Registries: {stats.media_agencies} media agencies ({stats.adoptions:,} "
            f"adoptions), {stats.conventions:,} conventions, {stats.model_sites} model sites, "
            f"{stats.survey_results:,} survey results in {stats.seconds['registries']:.1f} s"
        )

        started = time.perf_counter()
        if options.events:
            log(f"Events: {options.events:,} in batches of {options.batch_size:,}")
            stats.events = _events_load(provinces, options, log)
        stats.seconds["events"] = time.perf_counter() - started

        started = time.perf_counter()
        _indicators_link(provinces, stats)
        stats.seconds["indicator links"] = time.perf_counter() - started

        started = time.perf_counter()
        _analyze()
        stats.seconds["analyze"] = time.perf_counter() - started
    finally:
        _fast_load_end(saved)
    if saved.get("replica"):
        started = time.perf_counter()
        _check_references(log)
        stats.seconds["reference check"] = time.perf_counter() - started
    return stats
