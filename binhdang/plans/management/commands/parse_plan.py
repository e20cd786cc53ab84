"""`binhdang parse-plan FILE [--json] [--pretty]`: read a plan document and print it.

FILE is a .txt, .docx, .pdf or .html file, or "-" for text on standard input. With
--json the interchange format of DESIGN.md §5 is printed (--pretty indents it); without,
a readable summary. A document that cannot be read prints its message and exits 1.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.plans.importers import ParsedPlan, PlanImportError, parse_plan_file, parse_plan_text


class Command(BaseCommand):
    help = "Read a plan document (.txt, .docx, .pdf, .html) and print what was found in it."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the document, or - for text on standard input")
        parser.add_argument("--json", action="store_true", help="print the interchange format")
        parser.add_argument("--pretty", action="store_true", help="indent the JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["file"] == "-":
                parsed = parse_plan_text(sys.stdin.read())
            else:
                parsed = parse_plan_file(options["file"])
        except PlanImportError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            indent = 2 if options["pretty"] else None
            self.stdout.write(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=indent))
            return
        self.stdout.write(summary(parsed))


def summary(plan: ParsedPlan) -> str:
    none = "—"
    lines = [
        f"{_('Title')}: {plan.title or none}",
        f"{_('Number')}: {plan.doc_number or none}    {_('Issued')}: {plan.issued_date or none}",
        f"{_('Issuer')}: {plan.issuer or none}    {_('Area')}: {plan.place or none}",
        f"{_('Period')}: {_period(plan.period)}",
        f"{_('Legal bases')}: {', '.join(b.number for b in plan.legal_bases) or none}",
        f"{_('Report deadline')}: {plan.report_deadline or none}    "
        f"{_('Action Month')}: {'–'.join(plan.action_month) if plan.action_month else none}",
        "",
        f"{_('Targets')} ({len(plan.targets)}):",
    ]
    for i, target in enumerate(plan.targets, 1):
        marks = "; ".join(_milestone(m.to_dict()) for m in target.milestones)
        lines.append(f"  {i}. {_short(target.text)}" + (f"  [{marks}]" if marks else ""))
    lines.append(f"{_('Tasks')} ({len(plan.tasks)}):")
    for i, task in enumerate(plan.tasks, 1):
        lines.append(f"  {i}. {_short(task.title)}")
        for activity in task.activities:
            lines.append(f"     - {_short(activity.title, 70)}")
            if activity.lead:
                lines.append(f"       {_('Lead')}: {'; '.join(activity.lead)}")
            if activity.partners:
                lines.append(f"       {_('Partners')}: {'; '.join(activity.partners)}")
            if activity.timing:
                lines.append(f"       {_('Timing')}: {activity.timing}")
    lines.append(f"{_('Responsibilities')} ({len(plan.responsibilities)}):")
    for r in plan.responsibilities:
        lines.append(f"  - {r.agency} ({r.duties_count})")
    lines.append(f"{_('Budget sources')} ({len(plan.budget_sources)}):")
    lines.extend(f"  - {_short(b)}" for b in plan.budget_sources)
    lines.extend(f"! {w}" for w in plan.warnings)
    return "\n".join(lines)


def _period(period: list[int | None] | None) -> str:
    if not period:
        return "—"
    return f"{period[0] or '?'}–{period[1] or '?'}"


def _milestone(m: dict[str, Any]) -> str:
    value = f"{m['value']}" + (f"–{m['value_max']}" if m.get("value_max") is not None else "")
    text = f"{value} {m['unit'] or ''}".strip()
    if m.get("year"):
        text = f"{m['year']}: {text}"
    if m.get("baseline_year"):
        text += f" (vs {m['baseline_year']})"
    return text


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
