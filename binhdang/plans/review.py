"""The review screen's form: interchange content ↔ flat form fields.

Every field of a parsed plan is an input named by its path (`targets-0-m-1-value`), so the
review page is a plain HTML form that works without JavaScript, autosaves with htmx, and
never loses what was typed: `fields_to_content` reads back exactly what was on screen,
valid or not, and validation happens only when the plan is saved.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

MILESTONE_FIELDS = ("year", "value", "value_max", "unit", "baseline_year", "comparison")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _count(data: QueryDict, prefix: str) -> int:
    """How many indexed rows `prefix-N-…` the form carried."""
    seen = -1
    start = len(prefix) + 1
    for key in data:
        if key.startswith(prefix + "-"):
            head = key[start:].split("-", 1)[0]
            if head.isdigit():
                seen = max(seen, int(head))
    return seen + 1


def fields_to_content(data: QueryDict) -> dict[str, Any]:
    get = data.get
    content: dict[str, Any] = {
        "doc_number": get("doc_number", ""),
        "issued_date": get("issued_date", "") or None,
        "issuer": get("issuer", ""),
        "place": get("place", ""),
        "title": get("title", ""),
        "period": [get("period_start", ""), get("period_end", "")]
        if get("period_start") or get("period_end")
        else None,
        "legal_bases": _lines(get("legal_bases", "")),
        "objectives": _lines(get("objectives", "")),
        "budget_sources": _lines(get("budget_sources", "")),
        "report_deadline": get("report_deadline", ""),
        "action_month": [get("action_month_start", ""), get("action_month_end", "")]
        if get("action_month_start") or get("action_month_end")
        else None,
        "targets": [],
        "tasks": [],
        "responsibilities": [],
    }
    for t in range(_count(data, "targets")):
        p = f"targets-{t}"
        milestones = []
        for m in range(_count(data, f"{p}-m")):
            row = {name: get(f"{p}-m-{m}-{name}", "") for name in MILESTONE_FIELDS}
            if any(str(v).strip() for v in row.values()):
                milestones.append({k: (v or None) for k, v in row.items()})
        text = get(f"{p}-text", "")
        if text.strip() or milestones:
            content["targets"].append({"text": text, "milestones": milestones})
    for k in range(_count(data, "tasks")):
        p = f"tasks-{k}"
        activities = []
        for a in range(_count(data, f"{p}-a")):
            q = f"{p}-a-{a}"
            title = get(f"{q}-title", "")
            if not title.strip():
                continue
            activities.append(
                {
                    "title": title,
                    "lead": _lines(get(f"{q}-lead", "")),
                    "partners": _lines(get(f"{q}-partners", "")),
                    "timing": get(f"{q}-timing", "") or None,
                }
            )
        title = get(f"{p}-title", "")
        if title.strip() or activities:
            content["tasks"].append({"title": title, "activities": activities})
    for r in range(_count(data, "responsibilities")):
        p = f"responsibilities-{r}"
        agency = get(f"{p}-agency", "")
        if agency.strip():
            content["responsibilities"].append(
                {"agency": agency, "duties": _lines(get(f"{p}-duties", ""))}
            )
    return content


@dataclass
class AgencyCheck:
    text: str
    resolved: bool
    is_group: bool
    names: list[str] = field(default_factory=list)
    message: str = ""
    count: int = 0  # how many registry agencies the name stands for
    is_catch_all: bool = False


def agency_checks(content: dict[str, Any], *, unit, on_date) -> dict[str, AgencyCheck]:
    """How each agency name of the content resolves in the plan's area, for highlighting."""
    from binhdang.agencies.resolver import resolve_agency_phrase

    names: set[str] = set()
    for task in content.get("tasks") or []:
        for a in task.get("activities") or []:
            names.update(a.get("lead") or [])
            names.update(a.get("partners") or [])
    names.update(r.get("agency", "") for r in content.get("responsibilities") or [])
    checks = {}
    for name in sorted(n for n in names if n and n.strip()):
        res = resolve_agency_phrase(name, unit=unit, on_date=on_date)
        checks[name] = AgencyCheck(
            text=name,
            resolved=res.recognised,
            is_group=res.is_group,
            names=[a.full_name for a in res.agencies[:6]],
            message=str(res.message or ""),
            count=len(res.agencies),
            is_catch_all=res.is_catch_all,
        )
    return checks


# ---------------------------------------------------------------------------------------
# Content → what the form shows (with one blank row per list to add an item)
# ---------------------------------------------------------------------------------------

COMPARISONS: tuple[tuple[str, Any], ...] = (
    ("", _("reaches")),
    (">=", _("at least")),
    (">", _("more than")),
    ("<=", _("at most")),
    ("increase", _("increase by")),
    ("decrease", _("decrease by")),
)


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def _pair(value: Any, index: int) -> str:
    if isinstance(value, list | tuple) and len(value) > index:
        return _s(value[index])
    return ""


def _checked(names: list[str], checks: dict[str, AgencyCheck]) -> list[AgencyCheck]:
    return [checks[n] for n in names if n in checks]


def review_rows(
    content: dict[str, Any],
    *,
    checks: dict[str, AgencyCheck] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """What the plan form shows: every value as text, one blank row at the end of each
    list (and of each target's milestones and each task's activities), the agency checks
    beside the names and the errors beside their fields. The indexes are those of
    `content`, so an error on "targets.2" lands on the third target."""
    checks = checks or {}
    errors = errors or {}
    header = {
        "doc_number": _s(content.get("doc_number")),
        "issued_date": _s(content.get("issued_date")),
        "issuer": _s(content.get("issuer")),
        "place": _s(content.get("place")),
        "title": _s(content.get("title")),
        "period_start": _pair(content.get("period"), 0),
        "period_end": _pair(content.get("period"), 1),
        "legal_bases": "\n".join(_s(x) for x in content.get("legal_bases") or []),
        "objectives": "\n".join(_s(x) for x in content.get("objectives") or []),
        "budget_sources": "\n".join(_s(x) for x in content.get("budget_sources") or []),
        "report_deadline": _s(content.get("report_deadline")),
        "action_month_start": _pair(content.get("action_month"), 0),
        "action_month_end": _pair(content.get("action_month"), 1),
    }
    blank_milestone = dict.fromkeys(MILESTONE_FIELDS, "")
    targets = []
    raw_targets = list(content.get("targets") or []) + [{"text": "", "milestones": []}]
    for t_index, target in enumerate(raw_targets):
        milestones = [
            {name: _s(m.get(name)) for name in MILESTONE_FIELDS}
            for m in target.get("milestones") or []
        ] + [dict(blank_milestone)]
        targets.append(
            {
                "index": t_index,
                "number": t_index + 1,
                "text": _s(target.get("text")),
                "milestones": [{"index": i, **m} for i, m in enumerate(milestones)],
                "errors": errors.get(f"targets.{t_index}", []),
                "is_new": t_index == len(raw_targets) - 1,
            }
        )
    tasks = []
    raw_tasks = list(content.get("tasks") or []) + [{"title": "", "activities": []}]
    for k_index, task in enumerate(raw_tasks):
        raw_activities = list(task.get("activities") or []) + [{"title": ""}]
        activities = []
        for a_index, a in enumerate(raw_activities):
            lead = [_s(x) for x in a.get("lead") or []]
            partners = [_s(x) for x in a.get("partners") or []]
            activities.append(
                {
                    "index": a_index,
                    "code": f"{k_index + 1}.{a_index + 1}",
                    "title": _s(a.get("title")),
                    "lead": "\n".join(lead),
                    "partners": "\n".join(partners),
                    "timing": _s(a.get("timing")),
                    "lead_checks": _checked(lead, checks),
                    "partner_checks": _checked(partners, checks),
                    "is_new": a_index == len(raw_activities) - 1,
                }
            )
        tasks.append(
            {
                "index": k_index,
                "number": k_index + 1,
                "title": _s(task.get("title")),
                "activities": activities,
                "is_new": k_index == len(raw_tasks) - 1,
            }
        )
    responsibilities = []
    raw_resp = list(content.get("responsibilities") or []) + [{"agency": "", "duties": []}]
    for r_index, r in enumerate(raw_resp):
        agency = _s(r.get("agency"))
        responsibilities.append(
            {
                "index": r_index,
                "agency": agency,
                "duties": "\n".join(_s(x) for x in r.get("duties") or []),
                "checks": _checked([agency], checks) if agency else [],
                "is_new": r_index == len(raw_resp) - 1,
            }
        )
    unresolved = sorted({c.text for c in checks.values() if not c.resolved})
    return {
        "header": header,
        "targets": targets,
        "tasks": tasks,
        "responsibilities": responsibilities,
        "errors": {k: v for k, v in errors.items() if not k.startswith("targets.")},
        "target_errors": any(k.startswith("targets.") for k in errors),
        "comparisons": COMPARISONS,
        "agency_count": len(checks),
        "unresolved": unresolved,
        "counts": {
            "targets": len(raw_targets) - 1,
            "tasks": len(raw_tasks) - 1,
            "activities": sum(len(t.get("activities") or []) for t in raw_tasks),
            "responsibilities": len(raw_resp) - 1,
        },
    }


_FIELD_LABELS = {
    "title": (_("Title"), "f-title"),
    "issued_date": (_("Issued on"), "f-issued"),
    "period": (_("Period (years)"), "f-period-label"),
    "report_deadline": (_("Yearly report before"), "f-deadline"),
    "action_month": (_("Action Month"), "f-month-label"),
    "unit": (_("Area covered"), "id_unit"),
    "kind": (_("Kind of plan"), "id_kind"),
}


def error_summary(errors: dict[str, list[str]]) -> list[dict[str, str]]:
    """Every error with the label of its field and the id to jump to, for the alert
    at the top of the form ("Target 2: “tám mươi” is not a number.")."""
    from django.core.exceptions import NON_FIELD_ERRORS

    out: list[dict[str, str]] = []
    for key, messages in errors.items():
        label: Any
        if key == NON_FIELD_ERRORS:
            out.extend({"label": "", "message": str(m), "anchor": ""} for m in messages)
            continue
        if key.startswith("targets."):
            index = int(key.split(".", 1)[1])
            label, anchor = str(_("Target %(n)s")) % {"n": index + 1}, f"target-{index}"
        else:
            label, anchor = _FIELD_LABELS.get(key, (key, ""))
        out.extend({"label": str(label), "message": str(m), "anchor": anchor} for m in messages)
    return out
