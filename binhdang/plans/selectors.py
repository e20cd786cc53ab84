"""Reads for plans. Every read that a page shows starts from `Plan.objects.visible_to(user)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from binhdang.core.text import canonical
from binhdang.plans.choices import AssignmentRole, ImportStatus
from binhdang.plans.models import (
    Activity,
    Assignment,
    Plan,
    PlanImport,
    PlanReference,
    PlanTask,
    PlanVersion,
    Programme,
    Responsibility,
    Target,
)


def programme_for_number(number: str) -> Programme | None:
    key = canonical(number).replace(" ", "")
    for programme in Programme.objects.all():
        if canonical(programme.number).replace(" ", "") == key:
            return programme
    return None


def programme_for_title(title: str) -> Programme | None:
    """The programme a plan's title names ("Thực hiện Chương trình truyền thông về bình
    đẳng giới đến năm 2030"), when it names exactly one."""
    key = canonical(title)
    found = [p for p in Programme.objects.all() if canonical(p.title) in key]
    return found[0] if len(found) == 1 else None


def _count(model, path: str) -> Coalesce:
    """A correlated COUNT subquery (no join fan-out between two counted relations)."""
    counted = (
        model.objects.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def plan_list(*, user) -> QuerySet[Plan]:
    """Visible plans for a table: area, issuer, programme, parent, counts of targets and
    activities (one query for the page, whatever its length)."""
    return (
        Plan.objects.visible_to(user)
        .select_related("unit", "issuer", "programme", "parent")
        .defer("source_text")
        .annotate(
            targets_count=_count(Target, "plan"),
            activities_count=_count(Activity, "task__plan"),
        )
    )


def plan_detail_queryset(*, user) -> QuerySet[Plan]:
    assignments = Assignment.objects.prefetch_related("agencies").order_by("role", "order")
    activities = Activity.objects.prefetch_related(
        Prefetch("assignments", queryset=assignments)
    ).order_by("order")
    return (
        Plan.objects.visible_to(user)
        .select_related("unit", "unit__province", "issuer", "programme", "parent", "created_by")
        .prefetch_related(
            Prefetch(
                "references",
                queryset=PlanReference.objects.select_related("cited_plan", "cited_programme"),
            ),
            "objectives",
            "budget_sources",
            Prefetch("targets", queryset=Target.objects.prefetch_related("milestones")),
            Prefetch(
                "tasks",
                queryset=PlanTask.objects.prefetch_related(
                    Prefetch("activities", queryset=activities)
                ),
            ),
            "responsibilities__agencies",
        )
    )


def plan_content(plan: Plan) -> dict[str, Any]:
    """The plan in the interchange format (DESIGN.md §5)."""
    from binhdang.plans.content import _plain

    return {
        "doc_number": plan.doc_number or None,
        "issued_date": plan.issued_date.isoformat() if plan.issued_date else None,
        "issuer": plan.issuer_text or None,
        "place": plan.place_text or None,
        "title": plan.title,
        "period": [plan.period_start, plan.period_end]
        if plan.period_start or plan.period_end
        else None,
        "legal_bases": [r.number for r in plan.references.all()],
        "objectives": [o.text for o in plan.objectives.all()],
        "targets": [
            {
                "text": t.text,
                "milestones": [
                    {
                        "year": m.year,
                        "value": _plain(m.value),
                        "value_max": _plain(m.value_max),
                        "unit": m.unit or None,
                        "baseline_year": m.baseline_year,
                        "comparison": m.comparison or None,
                    }
                    for m in t.milestones.all()
                ],
            }
            for t in plan.targets.all()
        ],
        "tasks": [
            {
                "title": task.title,
                "activities": [
                    {
                        "title": a.title,
                        "lead": [x.agency_text for x in a.assignments.all() if x.role == "lead"],
                        "partners": [
                            x.agency_text for x in a.assignments.all() if x.role == "partner"
                        ],
                        "timing": a.timing_text or None,
                    }
                    for a in task.activities.all()
                ],
            }
            for task in plan.tasks.all()
        ],
        "responsibilities": [
            {"agency": r.agency_text, "duties": r.duties} for r in plan.responsibilities.all()
        ],
        "budget_sources": [b.text for b in plan.budget_sources.all()],
        "report_deadline": plan.report_deadline or None,
        "action_month": [plan.action_month_start, plan.action_month_end]
        if plan.action_month_start
        else None,
    }


# ---------------------------------------------------------------------------------------
# The plan page
# ---------------------------------------------------------------------------------------


@dataclass
class PlanPage:
    """What the plan page shows besides the plan's own rows."""

    visible_agency_ids: set[int]
    versions: list[PlanVersion]
    children: list[Plan]
    activities_count: int


def plan_page(*, user, plan: Plan) -> PlanPage:
    """Versions, the visible plans implementing this one, and which of the agencies the
    plan names the user may open (the others are shown without a link)."""
    from binhdang.agencies.models import Agency

    ids: set[int] = set()
    activities = 0
    for task in plan.tasks.all():
        for activity in task.activities.all():
            activities += 1
            for assignment in activity.assignments.all():
                ids.update(a.pk for a in assignment.agencies.all())
    for responsibility in plan.responsibilities.all():
        ids.update(a.pk for a in responsibility.agencies.all())
    if plan.issuer_id:
        ids.add(plan.issuer_id)
    visible = (
        set(Agency.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    versions = list(plan.versions.select_related("created_by").defer("content").order_by("-number"))
    children = list(
        Plan.objects.visible_to(user)
        .filter(parent=plan)
        .select_related("unit")
        .defer("source_text")
        .order_by("unit__path", "period_start", "pk")
    )
    return PlanPage(
        visible_agency_ids=visible,
        versions=versions,
        children=children,
        activities_count=activities,
    )


# ---------------------------------------------------------------------------------------
# Assignment matrix
# ---------------------------------------------------------------------------------------


@dataclass
class MatrixColumn:
    code: str  # "1.2": task 1, activity 2
    activity: Activity
    task: PlanTask


@dataclass
class MatrixRow:
    key: str
    label: str
    agency: Any = None  # the registry agency, for a link
    is_group: bool = False
    group_size: int = 0
    resolved: bool = True
    written: list[str] = field(default_factory=list)  # the names as the plan writes them
    cells: dict[str, str] = field(default_factory=dict)  # column code → "L" / "P"
    leads: int = 0
    partners: int = 0
    responsibility: bool = False

    codes: list[str] = field(default_factory=list, repr=False)

    @property
    def cell_list(self) -> list[str]:
        """The marks in column order, for the template."""
        return [self.cells.get(code, "") for code in self.codes]


@dataclass
class Matrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    has_responsibilities: bool


def _row_for(
    rows: dict[str, MatrixRow], text: str, agencies: list, is_group: bool
) -> list[MatrixRow]:
    """The rows one written name belongs to: its registry agency, or the group / the
    unresolved text as written."""
    if len(agencies) == 1 and not is_group:
        agency = agencies[0]
        key = f"agency:{agency.pk}"
        row = rows.setdefault(key, MatrixRow(key=key, label=agency.full_name, agency=agency))
    else:
        key = f"text:{canonical(text)}"
        row = rows.setdefault(
            key,
            MatrixRow(
                key=key,
                label=text,
                is_group=is_group or len(agencies) > 1,
                group_size=len(agencies),
                resolved=bool(agencies),
            ),
        )
    if text not in row.written:
        row.written.append(text)
    return [row]


def plan_matrix(*, plan: Plan) -> Matrix:
    """Agencies × activities: who leads (L) and who takes part (P) in each activity, plus
    whether the agency has duties under "Tổ chức thực hiện". `plan` comes from
    `plan_detail_queryset` (everything prefetched)."""
    columns: list[MatrixColumn] = []
    rows: dict[str, MatrixRow] = {}
    for t_index, task in enumerate(plan.tasks.all(), start=1):
        for a_index, activity in enumerate(task.activities.all(), start=1):
            code = f"{t_index}.{a_index}"
            columns.append(MatrixColumn(code=code, activity=activity, task=task))
            for assignment in activity.assignments.all():
                mark = "L" if assignment.role == AssignmentRole.LEAD else "P"
                for row in _row_for(
                    rows,
                    assignment.agency_text,
                    list(assignment.agencies.all()),
                    assignment.is_group,
                ):
                    if row.cells.get(code) == "L":
                        continue
                    if row.cells.get(code) == "P" and mark == "L":
                        row.partners -= 1
                    row.cells[code] = mark
                    if mark == "L":
                        row.leads += 1
                    else:
                        row.partners += 1
    has_responsibilities = False
    for responsibility in plan.responsibilities.all():
        agencies = list(responsibility.agencies.all())
        group = len(agencies) > 1
        for row in _row_for(rows, responsibility.agency_text, agencies, group):
            row.responsibility = True
            has_responsibilities = True
    codes = [c.code for c in columns]
    ordered = sorted(
        rows.values(), key=lambda r: (-r.leads, -r.partners, not r.resolved, canonical(r.label))
    )
    for row in ordered:
        row.codes = codes
    return Matrix(columns=columns, rows=ordered, has_responsibilities=has_responsibilities)


# ---------------------------------------------------------------------------------------
# My assignments
# ---------------------------------------------------------------------------------------

# Successions whose work the successor carries on (the whole body, the gender-equality
# function, or a district's tasks passed to communes): their plans are the successor's too.
_CARRIED = ("toàn bộ", "bình đẳng giới", "cấp huyện")


def agency_lineage(agency) -> list:
    """The agency and the bodies whose gender-equality work it took over (up to 3 steps):
    Sở Nội vụ (2025) ← Sở Lao động - Thương binh và Xã hội, so a 2019 plan's assignment
    to the old department shows to the people of the new one."""
    from binhdang.agencies.models import Agency, AgencySuccession

    found = [agency]
    frontier = [agency.pk]
    for _step in range(3):
        carried = Q(functions="")
        for word in _CARRIED:
            carried |= Q(functions__icontains=word)
        ids = list(
            AgencySuccession.objects.filter(carried, successor_id__in=frontier).values_list(
                "predecessor_id", flat=True
            )
        )
        ids = [i for i in ids if i not in {a.pk for a in found}]
        if not ids:
            break
        found.extend(Agency.objects.filter(pk__in=ids))
        frontier = ids
    return found


@dataclass
class AssignedActivity:
    code: str
    activity: Activity
    role: str
    written: str


@dataclass
class PlanAssignments:
    plan: Plan
    activities: list[AssignedActivity] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)


def my_assignments(*, user) -> list[PlanAssignments]:
    """Every activity of a visible plan that names the user's agency (or a body whose
    work it took over) as lead or partner, and every responsibility naming it, by plan."""
    agency = getattr(user, "agency", None)
    if agency is None:
        return []
    agencies = agency_lineage(agency)
    plans = Plan.objects.visible_to(user)
    assignments = (
        Assignment.objects.filter(agencies__in=agencies, activity__task__plan__in=plans)
        .select_related("activity__task__plan__unit")
        .distinct()
        .order_by("-activity__task__plan__issued_date", "activity__task__plan_id")
    )
    responsibilities = (
        Responsibility.objects.filter(agencies__in=agencies, plan__in=plans)
        .select_related("plan__unit")
        .distinct()
    )
    groups: dict[int, PlanAssignments] = {}
    seen: set[tuple[int, str]] = set()
    for a in assignments:
        activity = a.activity
        plan = activity.task.plan
        if (activity.pk, a.role) in seen:
            continue
        seen.add((activity.pk, a.role))
        group = groups.setdefault(plan.pk, PlanAssignments(plan=plan))
        code = f"{activity.task.order + 1}.{activity.order + 1}"
        group.activities.append(
            AssignedActivity(code=code, activity=activity, role=a.role, written=a.agency_text)
        )
    for r in responsibilities:
        groups.setdefault(r.plan_id, PlanAssignments(plan=r.plan)).responsibilities.append(r)
    result = list(groups.values())
    for group in result:
        group.activities.sort(key=lambda x: [int(p) for p in x.code.split(".")])
        group.responsibilities.sort(key=lambda r: r.order)
    result.sort(key=lambda g: (-(g.plan.period_end or 0), -g.plan.pk))
    return result


# ---------------------------------------------------------------------------------------
# The cascade of plans
# ---------------------------------------------------------------------------------------


@dataclass
class TreeNode:
    plan: Plan
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class TreeRoot:
    programme: Programme | None
    plans: list[TreeNode]


def plan_tree(*, user) -> list[TreeRoot]:
    """Programme → province plan → district/commune/department plan → yearly plan.

    A visible plan hangs under its parent when the user can see the parent, else under
    its programme (or "other plans"); one query for the plans, one for the programmes.
    """
    plans = list(
        Plan.objects.visible_to(user)
        .select_related("unit")
        .defer("source_text")
        .order_by("unit__path", "period_start", "issued_date", "pk")
    )
    nodes = {p.pk: TreeNode(plan=p) for p in plans}
    roots: dict[int | None, list[TreeNode]] = {}
    for plan in plans:
        node = nodes[plan.pk]
        if plan.parent_id in nodes and plan.parent_id != plan.pk:
            nodes[plan.parent_id].children.append(node)
        else:
            roots.setdefault(plan.programme_id, []).append(node)
    programmes = Programme.objects.in_bulk([k for k in roots if k is not None])
    ordered = sorted(
        roots.items(),
        key=lambda kv: (kv[0] is None, -(programmes[kv[0]].period_end or 0) if kv[0] else 0),
    )
    return [TreeRoot(programme=programmes.get(k) if k else None, plans=v) for k, v in ordered]


# ---------------------------------------------------------------------------------------
# Imports and choices
# ---------------------------------------------------------------------------------------


def plan_imports_open(*, user) -> QuerySet[PlanImport]:
    """The user's imports still under review (a closed tab comes back here)."""
    return (
        PlanImport.objects.visible_to(user)
        .filter(status=ImportStatus.REVIEW, created_by=user)
        .select_related("unit")
        .defer("source_text", "parsed")
        .order_by("-updated_at")
    )


def derive_units(*, user, plan: Plan):
    """The communes (2025 map) of the plan's province that the user manages."""
    from binhdang.geo.models import AdministrativeUnit

    province_id = plan.unit.province_id or plan.unit_id
    return (
        AdministrativeUnit.objects.visible_to(user)
        .filter(generation="2025", level="commune", province_id=province_id)
        .order_by("name")
    )


def derive_agencies(*, user, plan: Plan):
    """Agencies in force of the plan's own area that could make their own plan."""
    from binhdang.agencies.models import Agency

    unit_ids = {plan.unit_id, plan.unit.province_id or plan.unit_id}
    return (
        Agency.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, valid_to__isnull=True)
        .exclude(kind="peoples_committee")
        .order_by("name")
    )
