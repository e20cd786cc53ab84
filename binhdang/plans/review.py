"""The review screen's form: interchange content ↔ flat form fields.

Every field of a parsed plan is an input named by its path (`targets-0-m-1-value`), so the
review page is a plain HTML form that works without JavaScript, autosaves with htmx, and
never loses what was typed: `fields_to_content` reads back exactly what was on screen,
valid or not, and validation happens only when the plan is saved.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

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
        "period": [get("period_start", ""), get("period_end", "")] if get("period_start") else None,
        "legal_bases": _lines(get("legal_bases", "")),
        "objectives": _lines(get("objectives", "")),
        "budget_sources": _lines(get("budget_sources", "")),
        "report_deadline": get("report_deadline", ""),
        "action_month": [get("action_month_start", ""), get("action_month_end", "")]
        if get("action_month_start")
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
        )
    return checks
