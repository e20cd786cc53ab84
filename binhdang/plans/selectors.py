"""Reads for plans."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from binhdang.core.text import canonical
from binhdang.plans.models import Activity, Assignment, Plan, PlanTask, Programme, Target


def programme_for_number(number: str) -> Programme | None:
    key = canonical(number).replace(" ", "")
    for programme in Programme.objects.all():
        if canonical(programme.number).replace(" ", "") == key:
            return programme
    return None


def plan_list(*, user, filters: dict[str, Any] | None = None) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related("unit", "issuer", "programme", "parent")


def plan_detail_queryset(*, user) -> QuerySet[Plan]:
    assignments = Assignment.objects.prefetch_related("agencies").order_by("role", "order")
    activities = Activity.objects.prefetch_related(
        Prefetch("assignments", queryset=assignments)
    ).order_by("order")
    return (
        Plan.objects.visible_to(user)
        .select_related("unit", "issuer", "programme", "parent", "created_by")
        .prefetch_related(
            "references",
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
        "period": [plan.period_start, plan.period_end] if plan.period_start else None,
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
