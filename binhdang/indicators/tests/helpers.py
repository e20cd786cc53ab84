"""Small builders for hand-made fixtures whose answers are known."""

from datetime import UTC, datetime
from decimal import Decimal

from binhdang.plans.models import Milestone, Target
from binhdang.reporting.choices import Sex, SubmissionStatus
from binhdang.reporting.models import DataElement, DataValue, Submission

SEXES = {s for s in Sex.values if s}


def send(sub: Submission, figures: dict, *, kind: str = "final", period: str = "") -> Submission:
    """Write figures {code or (code, cell): value} on the submission and mark it sent."""
    for key, value in figures.items():
        code, cell = key if isinstance(key, tuple) else (key, "")
        DataValue.objects.create(
            element=DataElement.objects.get(code=code),
            period=period or sub.round.period,
            agency=sub.agency,
            unit=sub.unit,
            sex=cell if cell in SEXES else "",
            target_group=cell if cell and cell not in SEXES else "",
            kind=kind,
            value=Decimal(str(value)),
            submission=sub,
        )
    if sub.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        sub.status = SubmissionStatus.SUBMITTED
        sub.first_submitted_at = datetime(sub.round.year, 12, 1, tzinfo=UTC)
        sub.submitted_at = sub.first_submitted_at
        sub.save()
    return sub


def add_target(plan, text: str, *milestones: dict) -> Target:
    order = plan.targets.count()
    target = Target.objects.create(plan=plan, text=text, order=order)
    for m in milestones:
        Milestone.objects.create(target=target, **m)
    # What the reporting app does for a plan's targets: their reports ask these figures.
    from binhdang.reporting.services import target_elements_link

    target_elements_link(plan=plan)
    return target


def sub_of(round_, agency) -> Submission:
    return Submission.objects.get(round=round_, agency=agency)
