"""A reporter's form, built from the plan, and the checks its content must pass.

The same spec drives the web form, the XLSX workbook an agency fills offline and the
API, so every path applies the same validation. Content is plain JSON:

    {"items":   {key: {"status", "done", "results", "difficulties", "proposals"}},
     "figures": {element_code: {"kind": "estimate", "values": {cell: "12"}, "comment": ""}},
     "general": {"summary", "difficulties", "proposals"},
     "action_month": {"plan_made": "yes" | "no" | "", "plan_ref", "results"}}

A cell is "" for the total, "male"/"female" for sex, a TargetGroup code for groups.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.reporting import elements
from binhdang.reporting.choices import (
    Disaggregation,
    ItemStatus,
    RoundKind,
    Sex,
    TargetGroup,
    ValueKind,
    ValueType,
)

ITEM_FIELDS = ("status", "done", "results", "difficulties", "proposals")
GENERAL_FIELDS = ("summary", "difficulties", "proposals")
ACTION_MONTH_FIELDS = ("plan_made", "plan_ref", "results")


@dataclass
class FormItem:
    key: str  # "a<activity id>" or "r<responsibility id>.<duty index>"
    title: str
    group: str  # the task (or "Responsibilities")
    role: str  # lead / partner / responsible
    timing: str = ""
    activity_id: int | None = None
    responsibility_id: int | None = None


@dataclass
class FormFigure:
    code: str
    label: str
    value_type: str
    cells: list[tuple[str, str]]  # (cell, label)
    from_events: bool = False
    description: str = ""


@dataclass
class FormSpec:
    items: list[FormItem]
    figures: list[FormFigure]
    event_figures: list[FormFigure]
    is_action_month: bool
    data_start: date
    data_end: date
    deadline: date
    kinds: list[tuple[str, str]]
    default_kind: str
    groups: list[tuple[str, list[FormItem]]] = field(default_factory=list)

    def figure(self, code: str) -> FormFigure | None:
        for f in self.figures:
            if f.code == code:
                return f
        return None


def cells_for(disaggregation: str) -> list[tuple[str, str]]:
    if disaggregation == Disaggregation.SEX:
        return [("", str(_("Total"))), (Sex.MALE, str(_("Men"))), (Sex.FEMALE, str(_("Women")))]
    if disaggregation == Disaggregation.TARGET_GROUP:
        return [("", str(_("Total")))] + [(c, str(label)) for c, label in TargetGroup.choices]
    return [("", str(_("Value")))]


def _figure(code: str) -> FormFigure:
    spec = elements.BY_CODE[code]
    return FormFigure(
        code=code,
        label=str(spec.name),
        value_type=spec.value_type,
        cells=cells_for(spec.disaggregation),
        from_events=spec.from_events,
        description=str(spec.description),
    )


def allowed_kinds(round_, *, today: date | None = None) -> tuple[list[tuple[str, str]], str]:
    """Before the cut-off a figure is actual-to-date or an estimate; after it, final."""
    today = today or timezone.localdate()
    if today > round_.data_end or round_.final_requested_at:
        kinds = [ValueKind.FINAL, ValueKind.ESTIMATE, ValueKind.ACTUAL]
        default = ValueKind.FINAL
    else:
        kinds = [ValueKind.ESTIMATE, ValueKind.ACTUAL]
        default = ValueKind.ESTIMATE
    return [(k.value, str(k.label)) for k in kinds], default.value


def build_form_spec(submission, *, today: date | None = None) -> FormSpec:
    """The items (assigned activities, named duties) and figures of one reporter's form."""
    from binhdang.plans.models import Assignment, Responsibility
    from binhdang.reporting.selectors import plan_element_codes

    round_ = submission.round
    plan = round_.plan
    agency_id = submission.agency_id
    items: list[FormItem] = []
    seen: set[int] = set()
    assignments = (
        Assignment.objects.filter(activity__task__plan=plan, agencies__id=agency_id)
        .select_related("activity", "activity__task")
        .order_by("activity__task__order", "activity__order", "role")
    )
    for a in assignments:
        act = a.activity
        if act.pk in seen:
            continue
        seen.add(act.pk)
        task = act.task
        items.append(
            FormItem(
                key=f"a{act.pk}",
                title=act.title,
                group=f"{task.number}. {task.title}" if task.number else task.title,
                role=a.role,
                timing=act.timing_text,
                activity_id=act.pk,
            )
        )
    responsibilities = Responsibility.objects.filter(plan=plan, agencies__id=agency_id).distinct()
    for r in responsibilities.order_by("order"):
        for i, duty in enumerate(r.duties or []):
            items.append(
                FormItem(
                    key=f"r{r.pk}.{i}",
                    title=str(duty),
                    group=str(_("Duties named in the plan")),
                    role="responsible",
                    responsibility_id=r.pk,
                )
            )
    is_am = round_.kind == RoundKind.ACTION_MONTH
    codes = [c for c in plan_element_codes(plan) if not elements.BY_CODE[c].from_events]
    if is_am and "action_month.plan_made" not in codes:
        codes.insert(0, "action_month.plan_made")
    codes = [c for c in codes if not elements.BY_CODE[c].computed]
    if is_am:
        # The Action Month form asks whether the plan was made in its own section.
        codes = [c for c in codes if c != "action_month.plan_made"]
    figures = [_figure(c) for c in codes]
    event_figures = [_figure(c) for c in elements.EVENT_ELEMENTS]
    kinds, default = allowed_kinds(round_, today=today)
    groups: dict[str, list[FormItem]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    return FormSpec(
        items=items,
        figures=figures,
        event_figures=event_figures,
        is_action_month=is_am,
        data_start=round_.data_start,
        data_end=round_.data_end,
        deadline=round_.deadline,
        kinds=kinds,
        default_kind=default,
        groups=list(groups.items()),
    )


# ---- parsing -------------------------------------------------------------------------


def content_from_post(data, spec: FormSpec) -> dict[str, Any]:
    """Form fields (item-<key>-<field>, fig-<code>-<cell>, fig-<code>-kind, gen-<field>,
    am-<field>) → content. Unknown fields are ignored; nothing typed is dropped."""
    content: dict[str, Any] = {"items": {}, "figures": {}, "general": {}, "action_month": {}}
    for item in spec.items:
        content["items"][item.key] = {
            f: str(data.get(f"item-{item.key}-{f}", "")).strip() for f in ITEM_FIELDS
        }
    for fig in spec.figures:
        values = {cell: str(data.get(f"fig-{fig.code}-{cell or 'total'}", "")).strip()
                  for cell, _label in fig.cells}  # fmt: skip
        content["figures"][fig.code] = {
            "kind": str(data.get(f"fig-{fig.code}-kind", "") or spec.default_kind),
            "values": values,
            "comment": str(data.get(f"fig-{fig.code}-comment", "")).strip(),
        }
    content["general"] = {f: str(data.get(f"gen-{f}", "")).strip() for f in GENERAL_FIELDS}
    if spec.is_action_month:
        content["action_month"] = {
            f: str(data.get(f"am-{f}", "")).strip() for f in ACTION_MONTH_FIELDS
        }
    return content


_THOUSANDS = re.compile(r"^-?\d{1,3}([.,]\d{3})+$")


def parse_number(text: str, value_type: str) -> Decimal:
    """ "1.234" and "1 234" are thousands for counts and amounts; "12,5" is a decimal comma."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if value_type in (ValueType.COUNT, ValueType.MONEY) and _THOUSANDS.match(raw):
        raw = raw.replace(".", "").replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


@dataclass
class Checked:
    """Content checked against the spec: errors by field name, and parsed figures."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    # (code, cell) → value; kinds by code
    values: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [m for ms in self.errors.values() for m in ms]


def check_content(content: dict[str, Any], spec: FormSpec, *, for_submit: bool) -> Checked:
    """Every validation rule. A draft is saved whatever this says; submitting needs `ok`."""
    checked = Checked()
    items = content.get("items") or {}
    valid_status = set(ItemStatus.values)
    for item in spec.items:
        row = items.get(item.key) or {}
        status = row.get("status", "")
        if status and status not in valid_status:
            checked.add(f"item-{item.key}-status", _("Choose done, in progress or not done."))
        elif for_submit and not status:
            checked.add(
                f"item-{item.key}-status",
                _("Say whether this activity was done: %(title)s") % {"title": item.title[:80]},
            )
    figures = content.get("figures") or {}
    valid_kinds = {k for k, _label in spec.kinds}
    for fig in spec.figures:
        entry = figures.get(fig.code) or {}
        values = entry.get("values") or {}
        any_value = False
        for cell, _label in fig.cells:
            text = str(values.get(cell, "") or "").strip()
            if not text:
                continue
            any_value = True
            name = f"fig-{fig.code}-{cell or 'total'}"
            try:
                value = parse_number(text, fig.value_type)
            except ValueError:
                checked.add(name, _("“%(text)s” is not a number.") % {"text": text})
                continue
            if value < 0:
                checked.add(name, _("A figure cannot be negative."))
                continue
            if fig.value_type == ValueType.COUNT and value != value.to_integral_value():
                checked.add(name, _("A count is a whole number."))
                continue
            if fig.value_type == ValueType.PERCENT and value > 100:
                checked.add(name, _("A percentage cannot be more than 100."))
                continue
            if fig.value_type == ValueType.BOOLEAN and value not in (0, 1):
                checked.add(name, _("Answer 1 (yes) or 0 (no)."))
                continue
            checked.values[(fig.code, cell)] = value
        if any_value:
            kind = entry.get("kind") or spec.default_kind
            if kind not in ValueKind.values:
                checked.add(f"fig-{fig.code}-kind", _("Choose actual, estimate or final."))
            elif kind not in valid_kinds:
                checked.add(
                    f"fig-{fig.code}-kind",
                    _("Final figures can be given only after the cut-off date."),
                )
            checked.kinds[fig.code] = kind
        _check_parts(checked, fig)
    for rule in elements.RULES:
        part = checked.values.get((rule.part, ""))
        whole = checked.values.get((rule.whole, ""))
        if part is not None and whole is not None and part > whole:
            checked.add(f"fig-{rule.part}-total", str(rule.message))
    if spec.is_action_month:
        am = content.get("action_month") or {}
        made = am.get("plan_made", "")
        if made not in ("", "yes", "no"):
            checked.add("am-plan_made", _("Answer yes or no."))
        elif for_submit and not made:
            checked.add("am-plan_made", _("Say whether your Action Month plan was made."))
    return checked


def _check_parts(checked: Checked, fig: FormFigure) -> None:
    total = checked.values.get((fig.code, ""))
    if fig.value_type == ValueType.PERCENT:
        return
    parts = [(cell, checked.values.get((fig.code, cell))) for cell, _l in fig.cells if cell]
    given = [(c, v) for c, v in parts if v is not None]
    if not given:
        return
    if total is None:
        return
    if len(fig.cells) == 3:  # by sex: men + women ≤ total
        if sum(v for _c, v in given) > total:
            checked.add(
                f"fig-{fig.code}-total",
                _("Men and women together are more than the total (%(total)s).")
                % {"total": _fmt(total)},
            )
        return
    for cell, value in given:  # target groups overlap: each ≤ total
        if value > total:
            checked.add(
                f"fig-{fig.code}-{cell}",
                _("A group cannot be larger than the total (%(total)s).") % {"total": _fmt(total)},
            )


def _fmt(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == value.to_integral_value() else str(value)
