"""Writes for reporting: data elements, opening rounds, the submission workflow.

Workflow (DHIS2 completeness + approval, UNICEF PRP statuses):

    not started ─save→ draft ─submit→ submitted ─approve→ approved (locked)
                                      │   ↑                   │
                                 return   resubmit      unlock (reason)
                                      ↓   │                   ↓
                                     returned ←───────────────┘

Every transition is one row in `SubmissionEvent` plus an audit entry, inside the same
transaction. Saves carry the version the person started from: a save against an older
version is refused (`EditConflict`), so two people never silently overwrite each other.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from binhdang.core.audit import audit_log
from binhdang.reporting import elements
from binhdang.reporting.choices import (
    EDITABLE,
    RECEIVED,
    ExpectedAs,
    PeriodConvention,
    RoundKind,
    SubmissionStatus,
    WorkflowAction,
)
from binhdang.reporting.models import (
    DataElement,
    DataValue,
    Evidence,
    ItemReport,
    ReminderLog,
    ReportRound,
    Submission,
    SubmissionEvent,
    TargetElement,
)
from binhdang.reporting.periods import Period
from binhdang.reporting.reportform import Checked, FormSpec, build_form_spec, check_content

S = SubmissionStatus


class EditConflict(Exception):
    """Someone else saved the form since this person opened it."""

    def __init__(self, submission: Submission):
        self.submission = submission
        who = submission.saved_by or _("another person")
        at = (
            timezone.localtime(submission.saved_at).strftime("%H:%M %d/%m/%Y")
            if (submission.saved_at)
            else ""
        )
        super().__init__(
            _(
                "%(who)s saved this report at %(at)s, after you opened it. Your changes were "
                "not saved over theirs: copy what you typed, reload the page and enter it again."
            )
            % {"who": who, "at": at}
        )


# ---- data elements -------------------------------------------------------------------


@transaction.atomic
def elements_sync() -> int:
    """Write the catalogue (`elements.ELEMENTS`) to `DataElement`. Returns rows created."""
    created = 0
    by_code: dict[str, DataElement] = {}
    for order, spec in enumerate(elements.ELEMENTS):
        obj, was_created = DataElement.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": _msgid(spec.name),
                "value_type": spec.value_type,
                "disaggregation": spec.disaggregation,
                "from_events": spec.from_events,
                "order": order,
            },
        )
        created += was_created
        by_code[spec.code] = obj
    for spec in elements.ELEMENTS:
        if spec.computed:
            obj = by_code[spec.code]
            obj.numerator = by_code[spec.numerator]
            obj.denominator = by_code[spec.denominator]
            obj.save(update_fields=["numerator", "denominator"])
    return created


def _msgid(text) -> str:
    """The English text of a lazy translation (the msgid kept in the database)."""
    with translation.override("en"):
        return str(text)


def element_ids() -> dict[str, int]:
    ids = dict(DataElement.objects.values_list("code", "id"))
    if len(ids) < len(elements.ELEMENTS):
        elements_sync()
        ids = dict(DataElement.objects.values_list("code", "id"))
    return ids


@transaction.atomic
def target_elements_link(*, plan) -> int:
    """Link each target of the plan that has no elements yet to the elements its wording
    needs (rules in `elements.TARGET_RULES`). Returns links created."""
    ids = element_ids()
    created = 0
    for target in plan.targets.all():
        if TargetElement.objects.filter(target=target).exists():
            continue
        for code in elements.elements_for_target_text(target.text):
            spec = elements.BY_CODE[code]
            codes = [spec.numerator, spec.denominator] if spec.computed else [code]
            for c in codes:
                _obj, was = TargetElement.objects.get_or_create(target=target, element_id=ids[c])
                created += was
    return created


# ---- rounds --------------------------------------------------------------------------


def agency_in_force(agency, on: date):
    """The agency itself if it exists on `on`; else the successor that took over its
    gender-equality work (Sở LĐTBXH → Sở Nội vụ on 1/3/2025), followed up to 3 steps."""
    from binhdang.agencies.models import AgencySuccession

    current = agency
    for _step in range(3):
        if current.valid_to is None or current.valid_to >= on:
            return current
        links = list(
            AgencySuccession.objects.filter(predecessor=current).select_related("successor")
        )
        if not links:
            return None
        preferred = [
            link
            for link in links
            if not link.functions
            or "bình đẳng giới" in link.functions
            or "toàn bộ" in link.functions
        ]
        current = (preferred or links)[0].successor
    return current if current.valid_to is None or current.valid_to >= on else None


def expected_reporters(plan, *, on: date) -> dict[int, tuple[Any, str]]:
    """Every agency assigned to the plan's activities (lead before partner) and every
    agency named in its responsibilities, as in force on `on`: {agency id: (agency, as)}."""
    from binhdang.plans.models import Assignment, Responsibility

    found: dict[int, tuple[Any, str]] = {}
    rank: dict[str, int] = {ExpectedAs.LEAD: 0, ExpectedAs.PARTNER: 1, ExpectedAs.RESPONSIBLE: 2}

    def add(agency, role: str) -> None:
        agency = agency_in_force(agency, on)
        if agency is None:
            return
        old = found.get(agency.pk)
        if old is None or rank[role] < rank[old[1]]:
            found[agency.pk] = (agency, role)

    for a in Assignment.objects.filter(activity__task__plan=plan).prefetch_related("agencies"):
        for agency in a.agencies.all():
            add(agency, ExpectedAs.LEAD if a.role == "lead" else ExpectedAs.PARTNER)
    for r in Responsibility.objects.filter(plan=plan).prefetch_related("agencies"):
        for agency in r.agencies.all():
            add(agency, ExpectedAs.RESPONSIBLE)
    return found


def round_title(plan, period: Period) -> str:
    name = plan.doc_number or Truncator(plan.title).chars(100)
    if period.kind == RoundKind.ACTION_MONTH:
        return _("Action Month %(year)s – %(plan)s") % {"year": period.year, "plan": name}
    if period.kind == RoundKind.QUARTERLY:
        return _("Quarter %(q)s/%(year)s – %(plan)s") % {
            "q": period.quarter,
            "year": period.year,
            "plan": name,
        }
    return _("Annual report %(year)s – %(plan)s") % {"year": period.year, "plan": name}


def _can_manage_round(actor, plan) -> None:
    from binhdang.accounts.scope import scope_for

    if not actor.has_perm("reporting.add_reportround"):
        raise PermissionDenied
    if plan.unit is not None and not scope_for(actor).contains_unit(plan.unit):
        raise PermissionDenied


@transaction.atomic
def round_open(
    *,
    plan,
    actor,
    kind: str = RoundKind.ANNUAL,
    year: int,
    quarter: int | None = None,
    convention: str = PeriodConvention.ADMIN_D09,
    opens_on: date | None = None,
    deadline: date | None = None,
    data_start: date | None = None,
    data_end: date | None = None,
    reminder_days: list[int] | None = None,
    title: str = "",
) -> ReportRound:
    """Open a round: one submission per expected reporter, due by the plan's deadline."""
    _can_manage_round(actor, plan)
    period = Period(kind, year, quarter if kind == RoundKind.QUARTERLY else None)
    if kind == RoundKind.QUARTERLY and quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Choose a quarter from 1 to 4.")})
    if plan.period_start and plan.period_end and not plan.period_start <= year <= plan.period_end:
        raise ValidationError(
            {
                "year": _("The plan runs from %(a)s to %(b)s.")
                % {"a": plan.period_start, "b": plan.period_end}
            }
        )
    if ReportRound.objects.filter(plan=plan, kind=kind, period=period.code).exists():
        raise ValidationError({"year": _("This plan already has a round for that period.")})
    start, end = period.window(convention)
    data_start = data_start or start
    data_end = data_end or end
    deadline = deadline or period.default_deadline(plan.report_deadline)
    if data_end < data_start:
        raise ValidationError({"data_end": _("The cut-off date is before the start of the data.")})
    opens_on = opens_on or min(timezone.localdate(), deadline)
    if deadline < opens_on:
        raise ValidationError({"deadline": _("The deadline is before the round opens.")})
    rnd = ReportRound.objects.create(
        plan=plan,
        kind=kind,
        year=year,
        quarter=period.quarter,
        period=period.code,
        title=title or round_title(plan, period),
        convention=convention,
        opens_on=opens_on,
        deadline=deadline,
        data_start=data_start,
        data_end=data_end,
        reminder_days=sorted(
            set(reminder_days if reminder_days is not None else [7, 1]), reverse=True
        ),
        created_by=actor,
    )
    target_elements_link(plan=plan)
    reporters = expected_reporters(plan, on=min(data_end, deadline))
    Submission.objects.bulk_create(
        [
            Submission(round=rnd, agency=agency, unit_id=agency.unit_id, expected_as=role)
            for agency, role in reporters.values()
        ]
    )
    audit_log(
        actor=actor,
        action="reporting.round.opened",
        obj=rnd,
        data={"period": rnd.period, "deadline": deadline.isoformat(), "reporters": len(reporters)},
    )
    from binhdang.reporting.tasks import schedule_reminders

    transaction.on_commit(lambda: schedule_reminders(rnd))
    return rnd


@transaction.atomic
def round_update(*, round: ReportRound, actor, **fields: Any) -> ReportRound:
    """Change the deadline, dates or reminder days (e.g. an extension)."""
    _can_manage_round(actor, round.plan)
    allowed = {
        "deadline",
        "opens_on",
        "data_start",
        "data_end",
        "reminder_days",
        "title",
        "final_due",
    }
    changed = {}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        if getattr(round, name) != value:
            changed[name] = str(value)
            setattr(round, name, value)
    if round.deadline < round.opens_on:
        raise ValidationError({"deadline": _("The deadline is before the round opens.")})
    round.save()
    if changed:
        audit_log(actor=actor, action="reporting.round.changed", obj=round, data=changed)
        if {"deadline", "reminder_days"} & set(changed):
            from binhdang.reporting.tasks import schedule_reminders

            transaction.on_commit(lambda: schedule_reminders(round))
    return round


@transaction.atomic
def round_add_reporter(*, round: ReportRound, agency, actor) -> Submission:
    _can_manage_round(actor, round.plan)
    sub, created = Submission.objects.get_or_create(
        round=round,
        agency=agency,
        defaults={"unit_id": agency.unit_id, "expected_as": ExpectedAs.ADDED},
    )
    if created:
        audit_log(
            actor=actor,
            action="reporting.round.reporter_added",
            obj=round,
            data={"agency": agency.full_name},
        )
    return sub


@transaction.atomic
def round_close(*, round: ReportRound, actor) -> ReportRound:
    _can_manage_round(actor, round.plan)
    if round.closed_at is None:
        round.closed_at = timezone.now()
        round.save(update_fields=["closed_at", "updated_at"])
        audit_log(actor=actor, action="reporting.round.closed", obj=round)
    return round


@transaction.atomic
def round_request_final(*, round: ReportRound, actor, due: date) -> ReportRound:
    """After the cut-off, ask every reporter who sent estimates for the final figures."""
    _can_manage_round(actor, round.plan)
    if timezone.localdate() <= round.data_end:
        raise ValidationError(
            _("Final figures can be asked for after the cut-off date (%(d)s).")
            % {"d": round.data_end.strftime("%d/%m/%Y")}
        )
    round.final_requested_at = timezone.now()
    round.final_due = due
    round.save(update_fields=["final_requested_at", "final_due", "updated_at"])
    audit_log(
        actor=actor, action="reporting.round.final_requested", obj=round, data={"due": str(due)}
    )
    return round


# ---- submissions ---------------------------------------------------------------------


def can_report(user, submission: Submission) -> bool:
    """Only the agency's own people (reporters, plan managers) fill its report."""
    return user.is_superuser or (
        user.has_perm("reporting.change_submission") and user.agency_id == submission.agency_id
    )


def can_review(user, submission: Submission) -> bool:
    """Reviewers, but never of their own agency's report."""
    return user.has_perm("reporting.review_submission") and (
        user.is_superuser or user.agency_id != submission.agency_id
    )


def _check_reporter(actor, submission: Submission) -> None:
    if not can_report(actor, submission):
        raise PermissionDenied


def _check_reviewer(actor, submission: Submission) -> None:
    if not actor.has_perm("reporting.review_submission"):
        raise PermissionDenied
    if not Submission.objects.visible_to(actor).filter(pk=submission.pk).exists():
        raise PermissionDenied
    if not actor.is_superuser and actor.agency_id == submission.agency_id:
        raise PermissionDenied(_("You cannot review your own agency's report."))


def _locked(submission_id: int) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=submission_id)
    )


def _record(sub: Submission, action: str, before: str, actor, comment: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=sub,
        action=action,
        from_status=before,
        to_status=sub.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
    )


def _bump(sub: Submission, version: int, actor, **fields: Any) -> None:
    """Optimistic lock: write only if nobody saved since `version`."""
    now = timezone.now()
    updated = Submission.objects.filter(pk=sub.pk, version=version).update(
        version=F("version") + 1, saved_at=now, saved_by=actor, updated_at=now, **fields
    )
    if not updated:
        sub.refresh_from_db()
        raise EditConflict(sub)
    sub.refresh_from_db()


@dataclass
class SaveResult:
    submission: Submission
    checked: Checked


@transaction.atomic
def submission_save(
    *, submission: Submission, content: dict[str, Any], version: int, actor
) -> SaveResult:
    """Save a draft whatever its errors (they are returned, never lose what was typed)."""
    _check_reporter(actor, submission)
    sub = _locked(submission.pk)
    if sub.status not in EDITABLE:
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    if sub.round.closed_at:
        raise ValidationError(_("This round is closed."))
    spec = build_form_spec(sub)
    checked = check_content(content, spec, for_submit=False)
    before = sub.status
    status = S.DRAFT if sub.status == S.NOT_STARTED else sub.status
    _bump(sub, version, actor, content=content, status=status)
    if before != sub.status:
        _record(sub, WorkflowAction.SAVE, before, actor)
    return SaveResult(sub, checked)


@transaction.atomic
def submission_submit(
    *, submission: Submission, content: dict[str, Any] | None, version: int, actor
) -> SaveResult:
    """Check and send the report. Sending again what was already sent changes nothing."""
    _check_reporter(actor, submission)
    sub = _locked(submission.pk)
    if sub.status in RECEIVED:
        # A double click or a resent form: one submission, nothing changes.
        if content is None or content == sub.content:
            return SaveResult(sub, Checked())
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    if sub.round.closed_at:
        raise ValidationError(_("This round is closed."))
    content = sub.content if content is None else content
    spec = build_form_spec(sub)
    checked = check_content(content, spec, for_submit=True)
    if not checked.ok:
        # Keep what was typed, then refuse to send.
        before = sub.status
        _bump(
            sub,
            version,
            actor,
            content=content,
            status=S.DRAFT if before == S.NOT_STARTED else before,
        )
        return SaveResult(sub, checked)
    before = sub.status
    now = timezone.now()
    new_status = S.RESUBMITTED if before == S.RETURNED else S.SUBMITTED
    _bump(
        sub,
        version,
        actor,
        content=content,
        status=new_status,
        submitted_at=now,
        submitted_by=actor,
        first_submitted_at=sub.first_submitted_at or now,
    )
    _materialise(sub, spec, checked, content)
    _record(sub, WorkflowAction.SUBMIT, before, actor)
    audit_log(
        actor=actor,
        action="reporting.submission.submitted",
        obj=sub,
        data={"status": new_status, "version": sub.version},
    )
    return SaveResult(sub, checked)


def _materialise(
    sub: Submission, spec: FormSpec, checked: Checked, content: dict[str, Any]
) -> None:
    """Write the items and the figures (typed and from events) of a sent report."""
    from binhdang.reporting.selectors import event_figure_values

    ItemReport.objects.filter(submission=sub).delete()
    items = content.get("items") or {}
    ItemReport.objects.bulk_create(
        [
            ItemReport(
                submission=sub,
                key=item.key,
                activity_id=item.activity_id,
                responsibility_id=item.responsibility_id,
                title=item.title,
                order=i,
                **{
                    f: (items.get(item.key) or {}).get(f, "")
                    for f in ("status", "done", "results", "difficulties", "proposals")
                },
            )
            for i, item in enumerate(spec.items)
        ]  # fmt: skip
    )
    ids = element_ids()
    DataValue.objects.filter(submission=sub).delete()
    rows = []
    common = {
        "submission": sub,
        "period": sub.round.period,
        "agency_id": sub.agency_id,
        "unit_id": sub.unit_id,
    }
    comments = {
        code: (e or {}).get("comment", "") for code, e in (content.get("figures") or {}).items()
    }
    for (code, cell), value in checked.values.items():
        rows.append(
            DataValue(
                element_id=ids[code],
                value=value,
                kind=checked.kinds.get(code, spec.default_kind),
                comment=comments.get(code, "")[:500],
                **_cell_fields(code, cell),
                **common,
            )
        )
    if spec.is_action_month:
        made = (content.get("action_month") or {}).get("plan_made")
        if made in ("yes", "no"):
            rows.append(
                DataValue(
                    element_id=ids["action_month.plan_made"],
                    value=1 if made == "yes" else 0,
                    kind=spec.default_kind,
                    **common,
                )
            )
    events = event_figure_values(
        agency_id=sub.agency_id, start=sub.round.data_start, end=sub.round.data_end
    )
    for (code, cell), value in events.items():
        rows.append(
            DataValue(
                element_id=ids[code],
                value=value,
                kind=spec.default_kind,
                **_cell_fields(code, cell),
                **common,
            )
        )
    DataValue.objects.bulk_create(rows)


def _cell_fields(code: str, cell: str) -> dict[str, str]:
    from binhdang.reporting.choices import Disaggregation

    if elements.BY_CODE[code].disaggregation == Disaggregation.TARGET_GROUP:
        return {"sex": "", "target_group": cell}
    return {"sex": cell, "target_group": ""}


@transaction.atomic
def submission_return(*, submission: Submission, comment: str, actor) -> Submission:
    _check_reviewer(actor, submission)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what must be corrected.")})
    sub = _locked(submission.pk)
    if sub.status not in (S.SUBMITTED, S.RESUBMITTED):
        raise ValidationError(_("Only a report that was sent can be returned."))
    before = sub.status
    _bump(sub, sub.version, actor, status=S.RETURNED, return_comment=comment)
    _record(sub, WorkflowAction.RETURN, before, actor, comment)
    audit_log(
        actor=actor, action="reporting.submission.returned", obj=sub, data={"comment": comment}
    )
    return sub


@transaction.atomic
def submission_approve(*, submission: Submission, actor) -> Submission:
    _check_reviewer(actor, submission)
    sub = _locked(submission.pk)
    if sub.status == S.APPROVED:
        return sub
    if sub.status not in (S.SUBMITTED, S.RESUBMITTED):
        raise ValidationError(_("Only a report that was sent can be approved."))
    before = sub.status
    _bump(sub, sub.version, actor, status=S.APPROVED, approved_at=timezone.now(), approved_by=actor)
    _record(sub, WorkflowAction.APPROVE, before, actor)
    audit_log(actor=actor, action="reporting.submission.approved", obj=sub)
    return sub


@transaction.atomic
def submission_unlock(*, submission: Submission, reason: str, actor) -> Submission:
    """Reopen an approved report for correction; the reason is kept and audited."""
    _check_reviewer(actor, submission)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for unlocking this report.")})
    sub = _locked(submission.pk)
    if sub.status != S.APPROVED:
        raise ValidationError(_("Only an approved report can be unlocked."))
    _bump(sub, sub.version, actor, status=S.RETURNED, return_comment=reason, approved_at=None)
    _record(sub, WorkflowAction.UNLOCK, S.APPROVED, actor, reason)
    audit_log(actor=actor, action="reporting.submission.unlocked", obj=sub, data={"reason": reason})
    return sub


@transaction.atomic
def submission_send_final(
    *, submission: Submission, figures: dict[str, Any], version: int, actor
) -> SaveResult:
    """After the focal office asked for final figures: replace estimates with finals."""
    _check_reporter(actor, submission)
    sub = _locked(submission.pk)
    if not sub.round.final_requested_at:
        raise ValidationError(_("The focal office has not asked for final figures."))
    if sub.status not in RECEIVED:
        raise ValidationError(_("Send the report first."))
    spec = build_form_spec(sub)
    content = dict(sub.content)
    content["figures"] = {
        code: {**(entry or {}), "kind": "final"} for code, entry in (figures or {}).items()
    }
    checked = check_content(content, spec, for_submit=False)
    if not checked.ok:
        return SaveResult(sub, checked)
    ids = element_ids()
    _bump(sub, version, actor, content=content, final_sent_at=timezone.now())
    DataValue.objects.filter(submission=sub, kind="final").delete()
    DataValue.objects.bulk_create(
        [
            DataValue(
                submission=sub,
                period=sub.round.period,
                agency_id=sub.agency_id,
                unit_id=sub.unit_id,
                element_id=ids[code],
                value=value,
                kind="final",
                **_cell_fields(code, cell),
            )
            for (code, cell), value in checked.values.items()
        ]
    )
    _record(sub, WorkflowAction.FINAL, sub.status, actor)
    audit_log(actor=actor, action="reporting.submission.final_sent", obj=sub)
    return SaveResult(sub, checked)


MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@transaction.atomic
def evidence_add(*, submission: Submission, upload, item_key: str, actor) -> Evidence:
    _check_reporter(actor, submission)
    if submission.status not in EDITABLE:
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("A file may be at most 20 MB."))
    if item_key and item_key not in {item.key for item in build_form_spec(submission).items}:
        raise ValidationError(_("That activity is not in this report."))
    return Evidence.objects.create(
        submission=submission,
        item_key=item_key[:40],
        file=upload,
        name=upload.name[:255],
        size=upload.size,
        uploaded_by=actor,
    )


# ---- reminders -----------------------------------------------------------------------


def reminder_time(round: ReportRound, days_before: int) -> datetime:
    """08:00 local time, `days_before` days before the deadline."""
    day = round.deadline - timedelta(days=days_before)
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def round_send_reminders(*, round: ReportRound, actor=None, scheduled: bool = False) -> ReminderLog:
    """E-mail the people of every agency that has not sent its report yet."""
    from django.conf import settings
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    from binhdang.accounts.models import User

    if actor is not None:
        _can_manage_round(actor, round.plan)
    missing = Submission.objects.filter(round=round).exclude(status__in=RECEIVED)
    agency_ids = list(missing.values_list("agency_id", flat=True))
    users = User.objects.filter(agency_id__in=agency_ids, is_active=True).exclude(email="")
    url = settings.BINHDANG_SITE_URL.rstrip("/") + reverse("reporting:my_reports")
    subject = _("Reminder: %(title)s is due on %(d)s") % {
        "title": round.title,
        "d": round.deadline.strftime("%d/%m/%Y"),
    }
    messages = [
        (
            subject,
            _(
                'Dear %(name)s,\n\nYour agency has not sent its report "%(title)s" yet. '
                "The deadline is %(d)s; figures are counted up to %(cutoff)s.\n\n"
                "Open the form: %(url)s\n\nbinhdang"
            )
            % {
                "name": u.full_name or u.username,
                "title": round.title,
                "d": round.deadline.strftime("%d/%m/%Y"),
                "cutoff": round.data_end.strftime("%d/%m/%Y"),
                "url": url,
            },
            None,
            [u.email],
        )
        for u in users
    ]
    if messages:
        send_mass_mail(messages, fail_silently=False)
    with transaction.atomic():
        log = ReminderLog.objects.create(
            round=round,
            scheduled=scheduled,
            agencies=len(set(agency_ids)),
            recipients=len(messages),
            sent_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="reporting.round.reminded",
            obj=round,
            data={"agencies": log.agencies, "recipients": log.recipients, "scheduled": scheduled},
        )
    return log
