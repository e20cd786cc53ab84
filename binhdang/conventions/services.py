"""Writes for the village-conventions registry: register, change, review a convention,
give a verdict on one clause, flag the clauses again.

The rules a convention's values obey are written once, in plain Python (`check_values`),
so the workbook import (`xlsx.py`) applies exactly the same ones to every row. What needs
the database (the commune lies in the actor's area, the reviewing agency is one the actor
can see, no clause is marked discriminatory when the result says there is none) is
checked here.

`actor` is the user acting; None is the system (demo data, commands): no permission
check, no scope check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.scope import scope_for
from binhdang.conventions.choices import (
    ConventionKind,
    ConventionStatus,
    ReviewResult,
    Verdict,
    VillageKind,
)
from binhdang.conventions.clauses import split_clauses
from binhdang.conventions.flagging import flag_text
from binhdang.conventions.models import Convention, ConventionClause
from binhdang.core.audit import audit_log
from binhdang.core.text import fold
from binhdang.geo.choices import UnitLevel

VIEW = "conventions.view_convention"
ADD = "conventions.add_convention"
CHANGE = "conventions.change_convention"

# Hương ước were revived in the 1990s; older dates are typing mistakes.
EARLIEST_DATE = date(1945, 1, 1)
TEXT_MAX = 500_000
NAME_MAX = Convention._meta.get_field("village_name").max_length or 200
REF_MAX = Convention._meta.get_field("decision_ref").max_length or 200
REVIEWER_MAX = Convention._meta.get_field("reviewer_name").max_length or 200
NOTE_MAX = ConventionClause._meta.get_field("verdict_note").max_length or 500

REGISTRY_FIELDS = (
    "kind",
    "village_name",
    "village_kind",
    "unit",
    "adopted_on",
    "amended_on",
    "decision_ref",
    "status",
    "ended_on",
    "text",
    "note",
)
REVIEW_FIELDS = (
    "reviewed_on",
    "reviewer_name",
    "reviewer_agency",
    "discriminatory_found",
    "clauses_fixed",
    "fixed_on",
    "review_result",
    "review_note",
)
FIELDS = REGISTRY_FIELDS + REVIEW_FIELDS
_TEXTS = ("village_name", "decision_ref", "reviewer_name", "review_note", "note")
_COUNTS = ("discriminatory_found", "clauses_fixed")


@dataclass(frozen=True)
class Messages:
    """The messages of `check_values`, translated once for a whole import."""

    required: str
    kind_invalid: str
    village_kind_invalid: str
    name_too_long: str
    ref_too_long: str
    reviewer_too_long: str
    text_too_long: str
    date_too_early: str
    date_in_future: str
    amended_before_adopted: str
    status_invalid: str
    ended_required: str
    ended_not_in_force: str
    ended_before_adopted: str
    result_invalid: str
    review_without_result: str
    reviewed_on_required: str
    reviewer_required: str
    negative: str
    fixed_more_than_found: str
    none_found_but_count: str
    none_found_but_fixed: str
    found_required: str
    all_fixed: str
    fixed_not_all: str
    fixed_on_required: str
    fixed_on_without_fixes: str
    fixed_before_review: str

    @classmethod
    def current(cls) -> Messages:
        return cls(
            required=_("This field is required."),
            kind_invalid=_("Choose hương ước or quy ước."),
            village_kind_invalid=_("Unknown kind of village."),
            name_too_long=_("The name is longer than %(n)d characters.") % {"n": NAME_MAX},
            ref_too_long=_("The decision is longer than %(n)d characters.") % {"n": REF_MAX},
            reviewer_too_long=_("The reviewer is longer than %(n)d characters.")
            % {"n": REVIEWER_MAX},
            text_too_long=_("The text is longer than %(n)s characters.")
            % {"n": f"{TEXT_MAX:,}".replace(",", ".")},
            date_too_early=_("The date must not be before 1945."),
            date_in_future=_("The date is in the future."),
            amended_before_adopted=_("It cannot be amended before it was adopted."),
            status_invalid=_("Unknown convention status."),
            ended_required=_("Enter the date from which it was no longer in force."),
            ended_not_in_force=_("A convention in force has no end date: leave it empty."),
            ended_before_adopted=_("It cannot end before it was adopted."),
            result_invalid=_("Unknown review result."),
            review_without_result=_("The review is filled in: choose its result."),
            reviewed_on_required=_("Enter the date of the review."),
            reviewer_required=_("Say who reviewed it: a name or an agency."),
            negative=_("Enter a number of zero or more."),
            fixed_more_than_found=_("More clauses fixed than discriminatory clauses found."),
            none_found_but_count=_(
                "The result is “no discrimination”: no discriminatory clause can have been found."
            ),
            none_found_but_fixed=_("The result is “no discrimination”: nothing was to be fixed."),
            found_required=_("Enter how many discriminatory clauses the review found (1 or more)."),
            all_fixed=_("Every clause found was fixed: choose the result “fixed”."),
            fixed_not_all=_("“Fixed” means every discriminatory clause found was fixed."),
            fixed_on_required=_("Enter the date the clauses were fixed."),
            fixed_on_without_fixes=_("No clause was fixed: leave the date empty."),
            fixed_before_review=_("The clauses cannot be fixed before the review found them."),
        )


def _blank(value: Any) -> bool:
    return value is None or value == ""


def check_values(
    values: dict[str, Any], *, today: date, messages: Messages | None = None
) -> dict[str, str]:
    """Check one convention's values and complete them in place; errors by field name.

    `values` holds Python values (dates, ints, choice codes; None or "" for blanks) of
    the names in FIELDS except the unit and the agency, which are the caller's. Completed
    in place: text stripped, counts None → 0, status and result defaulted.
    """
    m = messages or Messages.current()
    errors: dict[str, str] = {}

    for name in _TEXTS:
        values[name] = (values.get(name) or "").strip()
    values["text"] = (values.get("text") or "").strip()
    for name in _COUNTS:
        if values.get(name) is None or values.get(name) == "":
            values[name] = 0

    kind = values.get("kind") or ""
    if not kind:
        errors["kind"] = m.required
    elif kind not in ConventionKind.values:
        errors["kind"] = m.kind_invalid
    if not values["village_name"]:
        errors["village_name"] = m.required
    elif len(values["village_name"]) > NAME_MAX:
        errors["village_name"] = m.name_too_long
    village_kind = values.get("village_kind") or ""
    if not village_kind:
        errors["village_kind"] = m.required
    elif village_kind not in VillageKind.values:
        errors["village_kind"] = m.village_kind_invalid
    if len(values["decision_ref"]) > REF_MAX:
        errors["decision_ref"] = m.ref_too_long
    if len(values["reviewer_name"]) > REVIEWER_MAX:
        errors["reviewer_name"] = m.reviewer_too_long
    if len(values["text"]) > TEXT_MAX:
        errors["text"] = m.text_too_long

    def check_date(name: str, *, required: bool = False, message: str = "") -> date | None:
        day: date | None = values.get(name)
        if day is None or _blank(day):
            values[name] = None
            if required:
                errors[name] = message or m.required
            return None
        if day < EARLIEST_DATE:
            errors[name] = m.date_too_early
        elif day > today:
            errors[name] = m.date_in_future
        return day

    adopted = check_date("adopted_on", required=True)
    amended = check_date("amended_on")
    if adopted and amended and "amended_on" not in errors and amended < adopted:
        errors["amended_on"] = m.amended_before_adopted

    status = values.get("status") or ConventionStatus.IN_FORCE
    values["status"] = status
    if status not in ConventionStatus.values:
        errors["status"] = m.status_invalid
    ended = check_date("ended_on")
    if status == ConventionStatus.IN_FORCE:
        if ended is not None and "ended_on" not in errors:
            errors["ended_on"] = m.ended_not_in_force
    elif status in ConventionStatus.values:
        if ended is None and "ended_on" not in errors:
            errors["ended_on"] = m.ended_required
        elif ended is not None and adopted and "ended_on" not in errors and ended < adopted:
            errors["ended_on"] = m.ended_before_adopted

    _check_review(values, errors, m, check_date)
    return errors


def _check_review(values, errors, m: Messages, check_date) -> None:
    result = values.get("review_result") or ReviewResult.NOT_REVIEWED
    values["review_result"] = result
    if result not in ReviewResult.values:
        errors["review_result"] = m.result_invalid
        return
    found, fixed = values["discriminatory_found"], values["clauses_fixed"]
    for name in _COUNTS:
        if values[name] < 0:
            errors[name] = m.negative
    if result == ReviewResult.NOT_REVIEWED:
        filled = [
            name
            for name in ("reviewed_on", "reviewer_name", "reviewer_agency", "fixed_on")
            if not _blank(values.get(name))
        ]
        if filled or found or fixed:
            errors["review_result"] = m.review_without_result
        return
    reviewed = check_date("reviewed_on", required=True, message=m.reviewed_on_required)
    if not values["reviewer_name"] and _blank(values.get("reviewer_agency")):
        errors["reviewer_name"] = m.reviewer_required
    fixed_on = check_date("fixed_on")
    if any(name in errors for name in _COUNTS):
        return
    if fixed > found:
        errors["clauses_fixed"] = m.fixed_more_than_found
    elif result == ReviewResult.NO_DISCRIMINATION:
        if found:
            errors["discriminatory_found"] = m.none_found_but_count
        if fixed:
            errors["clauses_fixed"] = m.none_found_but_fixed
    elif found < 1:
        errors["discriminatory_found"] = m.found_required
    elif result == ReviewResult.DISCRIMINATION_FOUND and fixed == found:
        errors["review_result"] = m.all_fixed
    elif result == ReviewResult.FIXED and fixed != found:
        errors["clauses_fixed"] = m.fixed_not_all
    if "fixed_on" in errors:
        return
    if fixed > 0 and fixed_on is None:
        errors["fixed_on"] = m.fixed_on_required
    elif fixed == 0 and fixed_on is not None:
        errors["fixed_on"] = m.fixed_on_without_fixes
    elif fixed_on is not None and reviewed is not None and fixed_on < reviewed:
        errors["fixed_on"] = m.fixed_before_review


# ---------------------------------------------------------------------------------------
# Permissions and the database's part of the rules
# ---------------------------------------------------------------------------------------


def ensure_can(actor, perm: str) -> None:
    if actor is None:
        return
    if not actor.has_perm(perm):
        raise PermissionDenied(_("You may not change the village conventions registry."))


def unit_problem(actor, unit) -> str:
    """Why this unit cannot hold a convention of the actor ("" when it can)."""
    if unit.level != UnitLevel.COMMUNE:
        return _("Choose a commune or ward: a convention belongs to one.")
    if actor is not None and not scope_for(actor).contains_unit(unit):
        return _("This commune is outside your area.")
    return ""


def agency_problem(actor, agency) -> str:
    from binhdang.agencies.models import Agency

    if actor is None or agency is None:
        return ""
    if not Agency.objects.visible_to(actor).filter(pk=agency.pk).exists():
        return _("Choose an agency you can see.")
    return ""


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def fold_key_of(convention: Convention) -> str:
    return fold(f"{convention.village_name} {convention.decision_ref}")[:300]


def _apply(
    convention: Convention, fields: dict[str, Any], *, actor, today: date | None = None
) -> dict[str, list[Any]]:
    """Set `fields` on the convention after checking them; return what changed."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown convention fields: {sorted(unknown)}")
    values: dict[str, Any] = {name: None for name in FIELDS}
    if convention.pk is not None:
        values.update({name: getattr(convention, name) for name in FIELDS})
        values["unit"] = convention.unit if convention.unit_id else None
        values["reviewer_agency"] = (
            convention.reviewer_agency if convention.reviewer_agency_id else None
        )
    values.update(fields)
    errors: dict[str, list[str]] = {
        name: [message]
        for name, message in check_values(values, today=today or timezone.localdate()).items()
    }
    unit = values.get("unit")
    if unit is None:
        errors["unit"] = [_("Choose the commune or ward.")]
    elif ("unit" in fields or convention.pk is None) and (problem := unit_problem(actor, unit)):
        errors["unit"] = [problem]
    agency = values.get("reviewer_agency")
    if (
        agency is not None
        and "reviewer_agency" in fields
        and (problem := agency_problem(actor, agency))
    ):
        errors["reviewer_agency"] = [problem]
    if (
        convention.pk is not None
        and values.get("review_result") == ReviewResult.NO_DISCRIMINATION
        and "review_result" not in errors
        and "text" not in fields
    ):
        marked = convention.clauses.filter(verdict=Verdict.DISCRIMINATORY).count()
        if marked:
            errors["review_result"] = [
                _(
                    "%(n)d clauses are marked discriminatory: the result cannot be "
                    "“no discrimination”."
                )
                % {"n": marked}
            ]
    if errors:
        raise ValidationError(errors)

    changed: dict[str, list[Any]] = {}
    for name in FIELDS:
        new = values.get(name)
        if name in ("unit", "reviewer_agency"):
            old_id = getattr(convention, f"{name}_id") if convention.pk else None
            new_id = new.pk if new is not None else None
            if old_id != new_id:
                changed[name] = [old_id, new_id]
        else:
            old = getattr(convention, name) if convention.pk else None
            if old != new:
                # The text itself is not copied into the audit entry: its length is.
                changed[name] = (
                    [len(old or ""), len(new or "")]
                    if name == "text"
                    else [_plain(old), _plain(new)]
                )
        setattr(convention, name, new)
    convention.fold_key = fold_key_of(convention)
    return changed


# ---------------------------------------------------------------------------------------
# Clauses
# ---------------------------------------------------------------------------------------


def _clause_key(heading: str, text: str) -> tuple[str, str]:
    return fold(heading), fold(text)


def clauses_write(convention: Convention) -> dict[str, int]:
    """Split the convention's text into clauses and flag them, replacing the clauses it
    had. A verdict given on a clause stays with a clause of the same words. Returns
    counts for the audit entry (the caller holds the transaction and writes it)."""
    kept = {
        _clause_key(c.heading, c.text): c
        for c in convention.clauses.exclude(verdict="").only(
            "heading", "text", "verdict", "verdict_note", "verdict_by", "verdict_at"
        )
    }
    convention.clauses.all().delete()
    rows = []
    for order, split in enumerate(split_clauses(convention.text), start=1):
        flags = [flag.as_dict() for flag in flag_text(split.text, heading=split.heading)]
        row = ConventionClause(
            convention=convention,
            order=order,
            number=split.number[:80],
            heading=split.heading,
            text=split.text,
            flags=flags,
            flag_count=len(flags),
        )
        previous = kept.get(_clause_key(split.heading, split.text))
        if previous is not None:
            row.verdict = previous.verdict
            row.verdict_note = previous.verdict_note
            row.verdict_by_id = previous.verdict_by_id
            row.verdict_at = previous.verdict_at
        rows.append(row)
    ConventionClause.objects.bulk_create(rows, batch_size=500)
    convention.flagged_count = sum(1 for row in rows if row.flag_count)
    Convention.objects.filter(pk=convention.pk).update(flagged_count=convention.flagged_count)
    return {
        "clauses": len(rows),
        "flagged": convention.flagged_count,
        "verdicts_kept": sum(1 for row in rows if row.verdict),
    }


# ---------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------


@transaction.atomic
def convention_create(*, actor, **fields: Any) -> Convention:
    """Register a convention (fields of FIELDS; the review ones are optional). Its text,
    if any, is split into clauses and flagged. Raises ValidationError by field name."""
    ensure_can(actor, ADD)
    convention = Convention(created_by=actor if actor is not None else None)
    _apply(convention, fields, actor=actor)
    convention.full_clean()
    convention.save()
    counts = clauses_write(convention) if convention.text else {"clauses": 0, "flagged": 0}
    audit_log(
        actor=actor,
        action="conventions.convention.created",
        obj=convention,
        data={
            "unit": convention.unit_id,
            "adopted_on": convention.adopted_on.isoformat(),
            "review_result": convention.review_result,
            **counts,
        },
    )
    return convention


def _locked(convention: Convention) -> Convention:
    return Convention.objects.select_for_update(of=("self",)).get(pk=convention.pk)


@transaction.atomic
def convention_update(*, actor, convention: Convention, **fields: Any) -> Convention:
    """Change some fields. A new text is split and flagged again (verdicts stay with
    unchanged clauses). All or nothing."""
    ensure_can(actor, CHANGE)
    convention = _locked(convention)
    changed = _apply(convention, fields, actor=actor)
    convention.full_clean()
    convention.save()
    data: dict[str, Any] = dict(changed)
    if "text" in changed:
        data["clauses"] = clauses_write(convention)
    if changed:
        audit_log(actor=actor, action="conventions.convention.changed", obj=convention, data=data)
    return convention


@transaction.atomic
def convention_review(*, actor, convention: Convention, **review: Any) -> Convention:
    """Record the review: reviewed_on, reviewer_name / reviewer_agency, review_result,
    discriminatory_found, clauses_fixed, fixed_on, review_note."""
    ensure_can(actor, CHANGE)
    unknown = set(review) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Not review fields: {sorted(unknown)}")
    convention = _locked(convention)
    changed = _apply(convention, review, actor=actor)
    convention.full_clean()
    convention.save()
    audit_log(
        actor=actor,
        action="conventions.convention.reviewed",
        obj=convention,
        data={
            "result": convention.review_result,
            "reviewed_on": _plain(convention.reviewed_on),
            "discriminatory_found": convention.discriminatory_found,
            "clauses_fixed": convention.clauses_fixed,
            "changed": changed,
        },
    )
    return convention


@transaction.atomic
def clause_mark(
    *, actor, clause: ConventionClause, verdict: str, note: str = ""
) -> ConventionClause:
    """The reviewer's verdict on one clause: discriminatory ("yes"), not ("no"), unsure,
    or "" to take a verdict back."""
    ensure_can(actor, CHANGE)
    if verdict not in ("", *Verdict.values):
        raise ValidationError({"verdict": _("Unknown verdict.")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("The note is longer than %(n)d characters.") % {"n": NOTE_MAX}}
        )
    clause = (
        ConventionClause.objects.select_for_update(of=("self",))
        .select_related("convention")
        .get(pk=clause.pk)
    )
    convention = clause.convention
    if (
        verdict == Verdict.DISCRIMINATORY
        and convention.review_result == ReviewResult.NO_DISCRIMINATION
    ):
        raise ValidationError(
            {"verdict": _("The recorded review found no discrimination: change the review first.")}
        )
    old = [clause.verdict, clause.verdict_note]
    clause.verdict = verdict
    clause.verdict_note = note
    clause.verdict_by = actor if verdict else None
    clause.verdict_at = timezone.now() if verdict else None
    clause.full_clean()
    clause.save(update_fields=["verdict", "verdict_note", "verdict_by", "verdict_at"])
    audit_log(
        actor=actor,
        action="conventions.clause.marked",
        obj=convention,
        data={
            "clause": clause.pk,
            "number": clause.number,
            "rules": sorted({f.get("rule", "") for f in clause.flags}),
            "verdict": [old[0], verdict],
            "note": [old[1], note],
        },
    )
    return clause


@transaction.atomic
def convention_reflag(*, actor, convention: Convention) -> Convention:
    """Run the current rules again over the clauses (after the rules improved), keeping
    the clauses and their verdicts."""
    ensure_can(actor, CHANGE)
    convention = _locked(convention)
    clauses = list(convention.clauses.all())
    before = convention.flagged_count
    for clause in clauses:
        clause.flags = [f.as_dict() for f in flag_text(clause.text, heading=clause.heading)]
        clause.flag_count = len(clause.flags)
    ConventionClause.objects.bulk_update(clauses, ["flags", "flag_count"], batch_size=500)
    convention.flagged_count = sum(1 for c in clauses if c.flag_count)
    convention.save(update_fields=["flagged_count", "updated_at"])
    audit_log(
        actor=actor,
        action="conventions.convention.reflagged",
        obj=convention,
        data={"flagged": [before, convention.flagged_count], "clauses": len(clauses)},
    )
    return convention
