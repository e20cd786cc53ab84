"""Writes for plans: read a document for review, save it as a plan, version, derive."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_log
from binhdang.core.text import fold
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
from binhdang.plans.signals import plan_content_saved

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
    *,
    actor,
    filename: str = "",
    data: bytes | IO[bytes] | None = None,
    text: str | None = None,
    unit=None,
    kind: str = "",
) -> PlanImport:
    """Read a document (file bytes, an uploaded file or pasted text) into a reviewable draft.

    Raises ValidationError with a clear message when the input is not a readable plan;
    then nothing is stored. An uploaded file's size is checked before it is read whole.
    """
    from binhdang.plans.importers import PlanImportError, parse_plan_file, parse_plan_text

    _can_manage(actor)
    if unit is not None:
        _check_unit_in_scope(actor, unit)
    try:
        if data is not None:
            parsed = parse_plan_file(data, filename)
        elif text is not None and text.strip():
            parsed = parse_plan_text(text)
        else:
            raise ValidationError(_("Choose a file or paste the text of a plan."))
    except PlanImportError as exc:
        raise ValidationError(str(exc), code=exc.code) from exc
    source_text = parsed.source_text or (text or "")
    plan_import = PlanImport(
        created_by=actor,
        filename=(filename or _("pasted text"))[:255],
        source_text=source_text,
        parsed=parsed.to_dict(),
        unit=unit,
        kind=kind or "",
    )
    if data is not None:
        if isinstance(data, bytes | bytearray | memoryview):
            raw = bytes(data)
        else:
            data.seek(0)
            raw = data.read()
        plan_import.source_file.save(filename or "plan.txt", ContentFile(raw), save=False)
    plan_import.save()
    audit_log(
        actor=actor,
        action="plans.import.started",
        obj=plan_import,
        data={"filename": plan_import.filename},
    )
    return plan_import


@transaction.atomic
def plan_import_review_save(
    *, plan_import: PlanImport, content: dict[str, Any], unit=None, kind: str | None = None
) -> PlanImport:
    """Keep what the reviewer typed, valid or not: nothing typed is ever lost.

    Checks come when the plan is saved (`plan_import_commit`), never here.
    """
    if plan_import.status == ImportStatus.COMMITTED:
        raise ValidationError(_("This import has already been saved as a plan."))
    plan_import.edited = content
    if unit is not None:
        plan_import.unit = unit
    if kind is not None and (kind == "" or kind in PlanKind.values):
        plan_import.kind = kind
    plan_import.save(update_fields=["edited", "unit", "kind", "updated_at"])
    return plan_import


@transaction.atomic
def plan_import_abandon(*, plan_import: PlanImport, actor) -> None:
    """Delete the draft and its file. No plan changes (a saved plan stays as it is)."""
    if plan_import.created_by_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("Only the person who started this import can abandon it."))
    audit_log(actor=actor, action="plans.import.abandoned", data={"filename": plan_import.filename})
    if plan_import.source_file:
        plan_import.source_file.delete(save=False)
    plan_import.delete()


@transaction.atomic
def plan_import_commit(
    *,
    plan_import_id: int,
    actor,
    unit=None,
    kind: str | None = None,
    parent: Plan | None = None,
) -> Plan:
    """Turn a reviewed import into the plan of record. All or nothing.

    `unit` and `kind` default to what the review saved on the import; an empty kind is
    read from the title and period. A second call returns the plan of the first.
    """
    _can_manage(actor)
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import_id)
    if plan_import.status == ImportStatus.COMMITTED and plan_import.plan_id:
        return plan_import.plan  # a second click saves nothing twice
    unit = unit if unit is not None else plan_import.unit
    kind = kind if kind is not None else plan_import.kind
    errors: dict[str, list[str]] = {}
    try:
        content = clean_content(plan_import.content)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        content = {}
    try:
        _check_unit_in_scope(actor, unit)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    plan = Plan(
        unit=unit,
        kind=kind if kind in PlanKind.values else PlanKind.OTHER,
        parent=parent,
        created_by=actor,
        version=0,
    )
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
def plan_update_content(
    *,
    plan_id: int,
    content: dict[str, Any],
    actor,
    note: str = "",
    unit=None,
    kind: str | None = None,
) -> Plan:
    """Replace the plan's content with `content` as a new version (and, when given, its
    area and kind). All or nothing: a ValidationError leaves the plan as it was."""
    if not actor.has_perm("plans.change_plan"):
        raise PermissionDenied(_("You may not change plans."))
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    errors: dict[str, list[str]] = {}
    try:
        cleaned = clean_content(content)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = {}
    if unit is not None and unit.pk != plan.unit_id:
        try:
            _check_unit_in_scope(actor, unit)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if unit is not None:
        plan.unit = unit
    if kind in PlanKind.values:
        plan.kind = kind
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
    from binhdang.plans.selectors import programme_for_number, programme_for_title

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
    plan.search_key = fold(" ".join((plan.doc_number, plan.title, plan.place_text)))[:1000]
    plan.full_clean(exclude=["source_file"])
    plan.save()
    plan.issuer = _resolve_one(plan.issuer_text, plan) if plan.issuer_text else None

    if not Programme.objects.exists():
        programmes_seed(actor=None)  # reference data, loaded on first need

    # Children are rewritten whole: the version snapshot keeps what was there before.
    plan.references.all().delete()
    plan.objectives.all().delete()
    plan.targets.all().delete()
    plan.tasks.all().delete()
    plan.responsibilities.all().delete()
    plan.budget_sources.all().delete()

    for order, number in enumerate(content["legal_bases"]):
        programme = programme_for_number(number)
        cited = _cited_plan(plan, number) if programme is None else None
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
    if plan.programme_id is None:
        plan.programme = programme_for_title(plan.title)
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
    plan_content_saved.send(sender=Plan, plan=plan)
    return plan


def _cited_plan(plan: Plan, number: str) -> Plan | None:
    """The plan a legal basis names: the plan's own parent first, then one of the same
    province (numbers like "34/KH-UBND" repeat across provinces), never a guess elsewhere."""
    key = number.strip().lower()
    parent = plan.parent if plan.parent_id else None
    if parent is not None and (parent.doc_number or "").strip().lower() == key:
        return parent
    candidates = Plan.objects.filter(doc_number__iexact=number.strip()).exclude(pk=plan.pk)
    province_id = plan.unit.province_id or plan.unit_id
    same = candidates.filter(Q(unit__province_id=province_id) | Q(unit_id=province_id))
    return same.order_by("-issued_date", "-pk").first()


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
    """The activity's timing as written, with its structured reading.

    The text is the truth: it is read again (the review screen and the edit form carry
    only the text), and the parser's reading is used when there is no text.
    """
    from binhdang.plans.importers.timing import parse_timing

    timing = parse_timing(activity.get("timing"))
    parsed = timing.to_dict() if timing is not None else (activity.get("timing_parsed") or {})
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


# ---------------------------------------------------------------------------------------
# Deriving a lower plan from a higher one
# ---------------------------------------------------------------------------------------

# The resolver's group codes for "the People's Committees of the districts / communes":
# in a commune's own plan these become that commune's People's Committee.
_LOWER_PC_GROUPS = frozenset({"ubnd-cap-huyen", "ubnd-cap-xa"})
_LOWER_PC_CODES = frozenset({"ubnd-huyen", "ubnd-xa"})
# "trên địa bàn thành phố", "trên địa bàn tỉnh Bắc Giang" (up to a period phrase or the end).
_AREA_WORDS = re.compile(
    r"trên địa bàn\s+(?:thành phố|tỉnh|huyện|quận|thị xã)(?:\s+(?!đến\b|giai\b|năm\b)\w+)*", re.I
)
_PERIOD_WORDS = re.compile(r"(?:đến năm|giai đoạn|năm)\s+\d{4}(?:\s*[-–]\s*\d{4})?", re.I)


def _place_of(unit) -> str:
    """How a document writes a unit: "phường Thành Đông", "thành phố Hải Phòng"."""
    name = unit.name or ""
    return name[:1].lower() + name[1:]


class _NameMapper:
    """Agency names of a province plan, rewritten for a commune's plan.

    * "Ủy ban nhân dân các quận, huyện", "Ủy ban nhân dân xã, thị trấn" (the lower People's
      Committees as a group) → "Ủy ban nhân dân <the commune>", which leads;
    * a single provincial body ("Sở Y tế", "Hội Liên hiệp Phụ nữ thành phố") → kept as a
      partner, written with the province so that it still resolves from the commune:
      "Sở Y tế thành phố Hải Phòng";
    * the province's People's Committee, groups of provincial bodies ("các sở, ban,
      ngành…"), catch-alls ("các tổ chức có liên quan") and names the registry does not
      know → kept as written, as partners.

    An activity whose leads all became partners is led by the commune's People's
    Committee. Nothing is dropped: every name of the source is still in the new plan.
    """

    def __init__(self, *, source: Plan, unit):
        self.source = source
        self.commune_pc = f"Ủy ban nhân dân {_place_of(unit)}"
        self.province_place = _place_of(source.unit.province or source.unit)
        province = source.unit.province or source.unit
        self.province_short = province.short_name or ""
        self._cache: dict[str, tuple[str, bool]] = {}

    def map(self, text: str) -> tuple[str, bool]:
        """(the name to write, whether it stays a lead)."""
        if text not in self._cache:
            self._cache[text] = self._map(text)
        return self._cache[text]

    def _map(self, text: str) -> tuple[str, bool]:
        resolution = _resolve(text, self.source)
        codes = set(resolution.catalogue_codes)
        if resolution.is_group and resolution.group_code in _LOWER_PC_GROUPS:
            return self.commune_pc, True
        if not resolution.is_group and codes and codes <= _LOWER_PC_CODES:
            return self.commune_pc, True
        if resolution.is_group or resolution.is_catch_all or not resolution.resolved:
            return text, False
        if codes == {"ubnd-tinh"}:
            return text, False
        return self._qualified(text), False

    def _qualified(self, text: str) -> str:
        if self.province_short and self.province_short.lower() in text.lower():
            return text
        for word in (" thành phố", " tỉnh", " Thành phố", " Tỉnh", " TP"):
            if text.endswith(word):
                return f"{text[: -len(word)]} {self.province_place}"
        return f"{text} {self.province_place}"

    def activity(self, a: dict[str, Any]) -> dict[str, Any]:
        leads: list[str] = []
        partners: list[str] = []
        for name in a.get("lead") or []:
            mapped, stays_lead = self.map(name)
            (leads if stays_lead else partners).append(mapped)
        for name in a.get("partners") or []:
            mapped, _lead = self.map(name)
            partners.append(mapped)
        if not leads:
            leads = [self.commune_pc]
        return {
            **a,
            "lead": _unique(leads),
            "partners": [p for p in _unique(partners) if p not in leads],
        }

    def responsibilities(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        merged: dict[str, list[str]] = {}
        for r in rows:
            name, _lead = self.map(r["agency"])
            merged.setdefault(name, []).extend(r.get("duties") or [])
        return [{"agency": name, "duties": duties} for name, duties in merged.items()]


def _unique(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen


def _agency_named(plan: Plan, agency) -> tuple[set[int], set[int]]:
    """Ids of the activities and responsibilities of `plan` that name `agency`."""
    activity_ids = set(
        Assignment.objects.filter(activity__task__plan=plan, agencies=agency).values_list(
            "activity_id", flat=True
        )
    )
    responsibility_ids = set(
        Responsibility.objects.filter(plan=plan, agencies=agency).values_list("pk", flat=True)
    )
    return activity_ids, responsibility_ids


def _derived_title(source: Plan, *, unit, year: int | None) -> str:
    title = source.title
    if unit is not None and unit.pk != source.unit_id:
        place = _place_of(unit)
        if source.place_text and source.place_text in title:
            title = title.replace(source.place_text, place)
        else:
            title, n = _AREA_WORDS.subn(f"trên địa bàn {place}", title, count=1)
            if not n:
                title = f"{title} trên địa bàn {place}"
    if year is not None and f"năm {year}" not in title:
        replaced, n = _PERIOD_WORDS.subn(f"năm {year}", title, count=1)
        title = replaced if n else f"{title} năm {year}"
    return title


@transaction.atomic
def plan_derive(
    *,
    source_plan_id: int,
    actor,
    unit,
    period: tuple[int, int] | list[int] | None = None,
    kind: str | None = None,
    agency=None,
) -> Plan:
    """A draft of a lower plan made from `source`: a commune's, an agency's or a yearly plan.

    * `unit` the area of the new plan: the source's own area (a yearly or an agency's
      plan) or a commune of its province, whose agency names are rewritten by
      `_NameMapper`;
    * `period` (start, end): a yearly plan passes (year, year); default the source's;
    * `agency`: an agency's own plan keeps only the activities and responsibilities that
      name it (all of them when none does) and has the agency as issuer;
    * `kind`: default yearly when the period is one year, else the source's kind.

    Targets (with milestones), objectives, tasks, activities, responsibilities, budget
    sources, the report deadline and the Action Month are copied. The new plan is a draft
    (no number, no date), implements the source (`parent`) and cites its number when it
    has one. Audit: "plans.plan.derived".
    """
    from binhdang.plans.selectors import plan_content, plan_detail_queryset

    _can_manage(actor)
    source = plan_detail_queryset(user=actor).filter(pk=source_plan_id).first()
    if source is None:
        raise ValidationError(_("This plan does not exist or is outside what you manage."))
    _check_unit_in_scope(actor, unit)
    content = plan_content(source)
    year = None
    if period:
        start, end = int(period[0]), int(period[-1])
        if end < start:
            raise ValidationError({"period": _("The plan cannot end before it starts.")})
        content["period"] = [start, end]
        year = start if start == end else None
    if kind is None or kind not in PlanKind.values:
        kind = PlanKind.YEARLY if year is not None else source.kind

    to_commune = unit.pk != source.unit_id and unit.level == "commune"
    if to_commune:
        mapper = _NameMapper(source=source, unit=unit)
        for task in content["tasks"]:
            task["activities"] = [mapper.activity(a) for a in task["activities"]]
        content["responsibilities"] = mapper.responsibilities(content["responsibilities"])
        content["issuer"] = mapper.commune_pc
        content["place"] = _place_of(unit)
    if agency is not None:
        activity_ids, responsibility_ids = _agency_named(source, agency)
        if activity_ids or responsibility_ids:
            tasks = []
            for task, task_row in zip(source.tasks.all(), content["tasks"], strict=True):
                kept = [
                    row
                    for a, row in zip(task.activities.all(), task_row["activities"], strict=True)
                    if a.pk in activity_ids
                ]
                if kept:
                    tasks.append({**task_row, "activities": kept})
            content["tasks"] = tasks
            content["responsibilities"] = [
                row
                for r, row in zip(
                    source.responsibilities.all(), content["responsibilities"], strict=True
                )
                if r.pk in responsibility_ids
            ]
        content["issuer"] = agency.full_name
    content["title"] = _derived_title(source, unit=unit if to_commune else None, year=year)
    content["doc_number"] = None
    content["issued_date"] = None
    bases = [b for b in content["legal_bases"] if b != source.doc_number]
    content["legal_bases"] = ([source.doc_number] if source.doc_number else []) + bases

    plan = Plan(
        unit=unit,
        kind=kind,
        status=PlanStatus.DRAFT,
        parent=source,
        programme=source.programme,
        created_by=actor,
        version=0,
    )
    plan = _plan_write(
        plan=plan,
        content=clean_content(content),
        actor=actor,
        note=_("Draft derived from %(plan)s") % {"plan": source},
    )
    audit_log(
        actor=actor,
        action="plans.plan.derived",
        obj=plan,
        data={
            "source": source.pk,
            "unit": unit.pk,
            "period": content["period"],
            "agency": agency.pk if agency is not None else None,
        },
    )
    return plan


# ---------------------------------------------------------------------------------------
# Sample plans (the five seed documents), for `binhdang setup --demo`
# ---------------------------------------------------------------------------------------

SEEDS_DIR = Path(__file__).resolve().parent / "data" / "seeds"


@dataclass(frozen=True)
class SamplePlan:
    file: str
    unit_code: str
    generation: str
    note: str = ""


SAMPLE_PLANS: tuple[SamplePlan, ...] = (
    SamplePlan("000_9aef4dae133217fd.txt", "31", "2025"),
    SamplePlan("001_5ff5a34c34e4e164.txt", "24", "legacy"),
    SamplePlan("002_ef50ebafd44203b3.txt", "31", "2025"),
    # Seed 003 names neither its district nor its province ("Uỷ ban nhân dân Huyện",
    # "Uỷ ban nhân dân Tỉnh"; "khóm, ấp" only hints at the south). It is attached to
    # today's Cần Thơ, which took in the southern provinces Hậu Giang and Sóc Trăng, so
    # that someone can see it and move it; its version note says so.
    SamplePlan(
        "003_7c70806629bf1b6e.txt",
        "92",
        "2025",
        note=(
            "Kế hoạch mẫu: văn bản không nêu tên huyện và tỉnh ban hành (chỉ ghi “Uỷ ban "
            "nhân dân Huyện”, thực hiện Kế hoạch số 34/KH-UBND ngày 28/02/2022 của UBND "
            "Tỉnh). Tạm gắn vào thành phố Cần Thơ; hãy sửa khu vực khi biết."
        ),
    ),
    SamplePlan("004_bdff6ed2e87a2a30.txt", "92", "legacy"),
)


def sample_plans_load(*, actor=None) -> dict[str, int]:
    """Import the five seed plans into the areas they cover. Idempotent.

    A plan already there (same number and title) is left alone; a seed whose area is not
    loaded (no `binhdang setup` yet) is skipped. Returns the counts
    {"created", "existing", "skipped"}.
    """
    from binhdang.geo.models import AdministrativeUnit
    from binhdang.plans.importers import parse_plan_text

    programmes_seed(actor=actor)
    counts = {"created": 0, "existing": 0, "skipped": 0}
    for sample in SAMPLE_PLANS:
        text = (SEEDS_DIR / sample.file).read_text("utf-8")
        parsed = parse_plan_text(text)
        content = parsed.to_dict()
        title = clean_content(content)["title"] or ""
        if Plan.objects.filter(doc_number=parsed.doc_number or "", title=title).exists():
            counts["existing"] += 1
            continue
        unit = AdministrativeUnit.objects.filter(
            code=sample.unit_code, generation=sample.generation, level="province"
        ).first()
        if unit is None:
            counts["skipped"] += 1
            continue
        note = sample.note or _("Sample plan (seed %(n)s)") % {"n": sample.file[:3]}
        plan_create(content=content, unit=unit, actor=actor, source_text=text, note=note)
        counts["created"] += 1
    return counts
