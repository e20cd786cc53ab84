"""Writes for plans: read a document for review, save it as a plan, version, derive."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_log
from binhdang.plans.choices import AssignmentRole, ImportStatus, PlanKind, PlanStatus, TimingKind
from binhdang.plans.content import clean_content
from binhdang.plans.models import (
    Activity,
    Assignment,
    BudgetSource,
    Milestone,
    Objective,
    Plan,
    PlanImport,
    PlanReference,
    PlanTask,
    PlanVersion,
    Programme,
    Responsibility,
    Target,
)

# National programmes and strategies the seed plans implement (DOMAIN.md §1).
PROGRAMMES: tuple[dict[str, Any], ...] = (
    {"number": "1790/QĐ-TTg", "issued_date": date(2021, 10, 23), "issuer": "Thủ tướng Chính phủ",
     "title": "Chương trình truyền thông về bình đẳng giới đến năm 2030",
     "period_start": 2021, "period_end": 2030},
    {"number": "28/NQ-CP", "issued_date": date(2021, 3, 3), "issuer": "Chính phủ",
     "title": "Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030",
     "period_start": 2021, "period_end": 2030},
    {"number": "1696/QĐ-TTg", "issued_date": date(2015, 9, 23), "issuer": "Thủ tướng Chính phủ",
     "title": "Chương trình hành động quốc gia về bình đẳng giới giai đoạn 2016 - 2020",
     "period_start": 2016, "period_end": 2020},
    {"number": "1241/QĐ-TTg", "issued_date": date(2011, 7, 22), "issuer": "Thủ tướng Chính phủ",
     "title": "Chương trình quốc gia về bình đẳng giới giai đoạn 2011 - 2015",
     "period_start": 2011, "period_end": 2015},
)  # fmt: skip


@transaction.atomic
def programmes_seed(*, actor=None) -> int:
    """Create the national programmes that are missing (idempotent). Returns how many."""
    created = 0
    for row in PROGRAMMES:
        programme, was_created = Programme.objects.get_or_create(
            number=row["number"], defaults={k: v for k, v in row.items() if k != "number"}
        )
        if was_created:
            created += 1
            audit_log(actor=actor, action="plans.programme.created", obj=programme)
    return created


def _can_manage(actor) -> None:
    if not actor.has_perm("plans.add_plan"):
        raise PermissionDenied(_("You may not create plans."))


@transaction.atomic
def plan_import_start(
    *, actor, filename: str = "", data: bytes | None = None, text: str | None = None, unit=None
) -> PlanImport:
    """Read a document (file bytes or pasted text) into a reviewable draft.

    Raises ValidationError with a clear message when the input is not a readable plan;
    then nothing is stored.
    """
    from binhdang.plans.importers import PlanImportError, parse_plan_file, parse_plan_text

    _can_manage(actor)
    try:
        if data is not None:
            parsed = parse_plan_file(data, filename)
        elif text is not None and text.strip():
            parsed = parse_plan_text(text)
        else:
            raise ValidationError(_("Choose a file or paste the text of a plan."))
    except PlanImportError as exc:
        raise ValidationError(str(exc)) from exc
    source_text = parsed.source_text if hasattr(parsed, "source_text") else (text or "")
    plan_import = PlanImport(
        created_by=actor,
        filename=filename or _("pasted text"),
        source_text=source_text,
        parsed=parsed.to_dict(),
        unit=unit,
    )
    if data is not None:
        plan_import.source_file.save(filename or "plan.txt", ContentFile(data), save=False)
    plan_import.save()
    audit_log(
        actor=actor,
        action="plans.import.started",
        obj=plan_import,
        data={"filename": plan_import.filename},
    )
    return plan_import


@transaction.atomic
def plan_import_review_save(*, plan_import: PlanImport, content: dict[str, Any], unit=None) -> None:
    """Keep what the reviewer typed, valid or not: nothing typed is ever lost."""
    plan_import.edited = content
    if unit is not None:
        plan_import.unit = unit
    plan_import.save(update_fields=["edited", "unit", "updated_at"])


@transaction.atomic
def plan_import_abandon(*, plan_import: PlanImport, actor) -> None:
    audit_log(actor=actor, action="plans.import.abandoned", data={"filename": plan_import.filename})
    if plan_import.source_file:
        plan_import.source_file.delete(save=False)
    plan_import.delete()


@transaction.atomic
def plan_import_commit(
    *, plan_import_id: int, actor, unit, kind: str = PlanKind.OTHER, parent: Plan | None = None
) -> Plan:
    """Turn a reviewed import into the plan of record. All or nothing."""
    _can_manage(actor)
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import_id)
    if plan_import.status == ImportStatus.COMMITTED and plan_import.plan_id:
        return plan_import.plan  # a second click saves nothing twice
    content = clean_content(plan_import.content)
    _check_unit_in_scope(actor, unit)
    plan = Plan(unit=unit, kind=kind, parent=parent, created_by=actor, version=0)
    if plan_import.source_file:
        plan.source_file.name = plan_import.source_file.name
    plan.source_text = plan_import.source_text
    plan = _plan_write(
        plan=plan,
        content=content,
        actor=actor,
        note=_("Imported from %(f)s") % {"f": plan_import.filename},
    )
    plan_import.status = ImportStatus.COMMITTED
    plan_import.plan = plan
    plan_import.save(update_fields=["status", "plan", "updated_at"])
    audit_log(
        actor=actor,
        action="plans.plan.created",
        obj=plan,
        data={"from_import": plan_import.filename, "version": plan.version},
    )
    return plan


def _check_unit_in_scope(actor, unit) -> None:
    from binhdang.accounts.scope import scope_for

    if unit is None:
        raise ValidationError({"unit": _("Choose the area the plan covers.")})
    if not scope_for(actor).contains_unit(unit):
        raise ValidationError({"unit": _("This area is outside what you manage.")})


@transaction.atomic
def plan_create(
    *,
    content: dict[str, Any],
    unit,
    actor,
    kind: str = PlanKind.OTHER,
    parent: Plan | None = None,
    source_text: str = "",
    note: str = "",
) -> Plan:
    """Create a plan straight from interchange content (sample data, API, derived plans)."""
    cleaned = clean_content(content)
    plan = Plan(
        unit=unit, kind=kind, parent=parent, created_by=actor, version=0, source_text=source_text
    )
    plan = _plan_write(plan=plan, content=cleaned, actor=actor, note=note)
    audit_log(actor=actor, action="plans.plan.created", obj=plan, data={"version": plan.version})
    return plan


@transaction.atomic
def plan_update_content(*, plan_id: int, content: dict[str, Any], actor, note: str = "") -> Plan:
    """Replace the plan's content with `content` as a new version."""
    _can_manage(actor)
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    cleaned = clean_content(content)
    plan = _plan_write(plan=plan, content=cleaned, actor=actor, note=note)
    audit_log(actor=actor, action="plans.plan.updated", obj=plan, data={"version": plan.version})
    return plan


def _infer_kind(content: dict[str, Any]) -> str:
    period = content.get("period") or []
    title = (content.get("title") or "").lower()
    if "tháng hành động" in title:
        return PlanKind.ACTION_MONTH
    if period and period[0] == period[-1]:
        return PlanKind.YEARLY
    return PlanKind.PROGRAMME


def _plan_write(*, plan: Plan, content: dict[str, Any], actor, note: str) -> Plan:
    """Write the plan row and all its children from cleaned content; keep a version."""
    from binhdang.plans.selectors import programme_for_number

    plan.doc_number = content["doc_number"] or ""
    plan.title = content["title"] or ""
    plan.issued_date = (
        date.fromisoformat(content["issued_date"]) if content["issued_date"] else None
    )
    plan.issuer_text = content["issuer"] or ""
    plan.place_text = content["place"] or ""
    period = content["period"] or [None, None]
    plan.period_start, plan.period_end = period[0], period[1]
    plan.report_deadline = content["report_deadline"] or ""
    month = content["action_month"] or ["", ""]
    plan.action_month_start, plan.action_month_end = month[0], month[1]
    if plan.kind == PlanKind.OTHER:
        plan.kind = _infer_kind(content)
    if not plan.status:
        plan.status = PlanStatus.ACTIVE
    plan.version = (plan.version or 0) + 1
    plan.full_clean(exclude=["source_file"])
    plan.save()
    plan.issuer = _resolve_one(plan.issuer_text, plan) if plan.issuer_text else None

    # Children are rewritten whole: the version snapshot keeps what was there before.
    plan.references.all().delete()
    plan.objectives.all().delete()
    plan.targets.all().delete()
    plan.tasks.all().delete()
    plan.responsibilities.all().delete()
    plan.budget_sources.all().delete()

    for order, number in enumerate(content["legal_bases"]):
        programme = programme_for_number(number)
        cited = (
            Plan.objects.filter(doc_number__iexact=number).exclude(pk=plan.pk).first()
            if programme is None
            else None
        )
        PlanReference.objects.create(
            plan=plan,
            kind=_reference_kind(number),
            number=number,
            text=number,
            cited_programme=programme,
            cited_plan=cited,
            order=order,
        )
        if programme is not None and plan.programme_id is None:
            plan.programme = programme
        if cited is not None and plan.parent_id is None:
            plan.parent = cited
    Objective.objects.bulk_create(
        [Objective(plan=plan, text=t, order=i) for i, t in enumerate(content["objectives"])]
    )
    for t_order, target_data in enumerate(content["targets"]):
        target = Target.objects.create(plan=plan, text=target_data["text"], order=t_order)
        Milestone.objects.bulk_create(
            [
                Milestone(
                    target=target,
                    year=m["year"],
                    value=m["value"],
                    value_max=m["value_max"],
                    unit=m["unit"] or "",
                    comparison=m["comparison"] or "",
                    baseline_year=m["baseline_year"],
                )
                for m in target_data["milestones"]
            ]
        )
    for task_order, task_data in enumerate(content["tasks"]):
        task = PlanTask.objects.create(
            plan=plan, number=str(task_order + 1), title=task_data["title"], order=task_order
        )
        for a_order, a in enumerate(task_data["activities"]):
            activity = Activity.objects.create(
                task=task, title=a["title"], order=a_order, **_timing_fields(a)
            )
            for role, names in (
                (AssignmentRole.LEAD, a["lead"]),
                (AssignmentRole.PARTNER, a["partners"]),
            ):
                for order, name in enumerate(names):
                    _assign(activity=activity, role=role, text=name, order=order, plan=plan)
    for order, r in enumerate(content["responsibilities"]):
        responsibility = Responsibility.objects.create(
            plan=plan, agency_text=r["agency"], duties=r["duties"], order=order
        )
        resolution = _resolve(r["agency"], plan)
        responsibility.agencies.set(resolution.agencies)
    BudgetSource.objects.bulk_create(
        [BudgetSource(plan=plan, text=t, order=i) for i, t in enumerate(content["budget_sources"])]
    )
    plan.save()
    PlanVersion.objects.create(
        plan=plan, number=plan.version, content=content, note=note[:300], created_by=actor
    )
    return plan


def _reference_kind(number: str) -> str:
    symbol = number.split("/", 1)[-1].upper()
    for prefix, kind in (
        ("QĐ", "decision"),
        ("KH", "plan"),
        ("NQ", "resolution"),
        ("CT", "directive"),
        ("QH", "law"),
    ):
        if symbol.startswith(prefix):
            return kind
    return "letter" if "-" in symbol or symbol.startswith("UBND") else "other"


def _timing_fields(activity: dict[str, Any]) -> dict[str, Any]:
    parsed = activity.get("timing_parsed") or {}
    kind = parsed.get("kind") or ""
    if kind not in TimingKind.values:
        kind = ""
    window = parsed.get("window") or ["", ""]
    return {
        "timing_text": (activity.get("timing") or "")[:300],
        "timing_kind": kind,
        "timing_years": [int(y) for y in parsed.get("years") or []],
        "window_start": window[0] or "",
        "window_end": window[1] if len(window) > 1 else "",
    }


def _resolve(text: str, plan: Plan):
    from binhdang.agencies.resolver import resolve_agency_phrase

    return resolve_agency_phrase(text, unit=plan.unit, on_date=plan.issued_date)


def _resolve_one(text: str, plan: Plan):
    resolution = _resolve(text, plan)
    if len(resolution.agencies) == 1 and not resolution.is_group:
        return resolution.agencies[0]
    return None


def _assign(*, activity: Activity, role: str, text: str, order: int, plan: Plan) -> Assignment:
    resolution = _resolve(text, plan)
    assignment = Assignment.objects.create(
        activity=activity,
        role=role,
        agency_text=text[:300],
        is_group=resolution.is_group,
        confidence=round(resolution.confidence, 2) if resolution.resolved else None,
        order=order,
    )
    assignment.agencies.set(resolution.agencies)
    return assignment
