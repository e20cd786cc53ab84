"""Writes for the registries: record and change a model site, an inspection, an award.

The three follow one shape (`_create` / `_update` over a `_Kind`): keyword-only, in one
transaction, the acting user's permission and area checked, the relational rules of the
registry (`_check_*`: the unit lies in the actor's area, the agency and plan are ones the
actor can see) and the model's own rules (`full_clean`) reported together by field, and an
audit entry with what changed. `actor=None` is the system (demo and data loads).

The area a user may write in is the scope of `accounts.scope` without the parent units it
shows for context: a commune's people see their province's awards but record only their
commune's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from binhdang.accounts.scope import Scope, scope_for
from binhdang.core.audit import audit_log
from binhdang.core.text import fold
from binhdang.geo.choices import UnitLevel
from binhdang.registries.choices import REVIEW_YEARS
from binhdang.registries.models import Award, Inspection, ModelSite

MODEL_SITE_FIELDS = (
    "model_type",
    "type_other",
    "name",
    "unit",
    "lead_agency",
    "plan",
    "activity",
    "mode",
    "start_year",
    "end_year",
    "status",
    "members_female",
    "members_male",
    "note",
)
INSPECTION_FIELDS = (
    "kind",
    "date",
    "inspecting_agency",
    "inspected_agency",
    "subject",
    "plan",
    "findings",
    "violations_count",
    "violations",
    "recommendations",
    "follow_up_due",
    "follow_up_status",
    "follow_up_note",
    "document_ref",
)
AWARD_FIELDS = (
    "recipient_kind",
    "recipient_name",
    "recipient_agency",
    "unit",
    "sex",
    "award_form",
    "award_form_other",
    "awarding_body",
    "decision_number",
    "decision_date",
    "review",
    "year",
    "achievement",
)
SEARCH_KEY_MAX = 800

Errors = dict[str, str]


# ---------------------------------------------------------------------------------------
# Areas and permissions
# ---------------------------------------------------------------------------------------


def writable_area(actor) -> Scope:
    """Where the actor may record: the scope without the parent units shown for context."""
    if actor is None:
        return Scope(everything=True)
    return dataclasses.replace(scope_for(actor), ancestor_ids=())


def in_area(area: Scope, unit) -> bool:
    if area.everything:
        return True
    if unit is None:
        return False
    return area.contains_unit(unit)


def can_write(actor, perm: str, obj: models.Model) -> bool:
    """The actor holds `perm` and the record's unit lies in the actor's area."""
    if actor is not None and not actor.has_perm(perm):
        return False
    return in_area(writable_area(actor), getattr(obj, "unit", None))


def _ensure_perm(actor, perm: str) -> None:
    if actor is not None and not actor.has_perm(perm):
        raise PermissionDenied(_("You may not change this registry."))


def _ensure_object(actor, obj: models.Model) -> None:
    if not in_area(writable_area(actor), getattr(obj, "unit", None)):
        raise PermissionDenied(_("This record belongs to a unit outside your area."))


def _visible(model: type[models.Model], actor, obj: models.Model) -> bool:
    if actor is None:
        return True
    return model._default_manager.visible_to(actor).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]


def _linked(values: dict[str, Any], old: dict[str, Any], name: str):
    """The object `name` now points at when the caller links a new one (else None): a
    link made earlier stays even if its target has left the actor's sight."""
    new = values.get(name)
    if new is None:
        return None
    before = old.get(name)
    if before is not None and before.pk == new.pk:
        return None
    return new


# ---------------------------------------------------------------------------------------
# The generic create / update
# ---------------------------------------------------------------------------------------


Check = Callable[[dict[str, Any], dict[str, Any], Any], Errors]


@dataclass(frozen=True)
class _Kind:
    model: type[models.Model]
    fields: tuple[str, ...]
    add: str
    change: str
    created: str
    changed: str
    check: Check
    search: Callable[[Any], list[str]]


def _plain(value: Any) -> Any:
    """A value for the audit entry's JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def _apply(kind: _Kind, obj: models.Model, fields: dict[str, Any], *, actor) -> dict[str, list]:
    """Check `fields` and set them on `obj`; return what changed as {field: [old, new]}.

    Raises ValidationError by field name with every problem found (the registry's rules
    and the model's) at once.
    """
    unknown = set(fields) - set(kind.fields)
    if unknown:
        raise TypeError(f"Unknown {kind.model.__name__} fields: {sorted(unknown)}")
    names = tuple(dict.fromkeys((*kind.fields, "unit")))  # the unit may be derived
    old: dict[str, Any] = {}
    for name in names:
        field = cast(models.Field, obj._meta.get_field(name))
        if field.is_relation:
            old[name] = getattr(obj, name) if getattr(obj, field.attname) is not None else None
        else:
            old[name] = getattr(obj, name)
    values = dict(old)
    values.update(
        {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    )
    errors = kind.check(values, old, actor)

    for name in names:
        setattr(obj, name, values[name])
    try:
        obj.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    key = fold(" ".join(part for part in kind.search(obj) if part))
    obj.search_key = key[:SEARCH_KEY_MAX]  # type: ignore[attr-defined]

    changed: dict[str, list] = {}
    for name in names:
        field = cast(models.Field, obj._meta.get_field(name))
        if field.is_relation:
            before = old[name]
            before_id = before.pk if before is not None else None
            after_id = getattr(obj, field.attname)
            if before_id != after_id:
                changed[name] = [before_id, after_id]
        elif old[name] != getattr(obj, name):
            changed[name] = [_plain(old[name]), _plain(getattr(obj, name))]
    return changed


def _snapshot(kind: _Kind, obj: models.Model) -> dict[str, Any]:
    """The record's values (ids for links), blanks left out, for the "created" entry."""
    data: dict[str, Any] = {}
    for name in dict.fromkeys((*kind.fields, "unit")):
        value = getattr(obj, cast(models.Field, obj._meta.get_field(name)).attname)
        if value not in (None, ""):
            data[name] = _plain(value)
    return data


def _create(kind: _Kind, *, actor, fields: dict[str, Any]):
    _ensure_perm(actor, kind.add)
    obj = kind.model(created_by=actor)
    _apply(kind, obj, fields, actor=actor)
    obj.save()
    audit_log(actor=actor, action=kind.created, obj=obj, data=_snapshot(kind, obj))
    return obj


def _update(kind: _Kind, *, actor, obj: models.Model, fields: dict[str, Any]):
    _ensure_perm(actor, kind.change)
    obj = kind.model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    if actor is not None and not _visible(kind.model, actor, obj):
        raise PermissionDenied(_("This record belongs to a unit outside your area."))
    _ensure_object(actor, obj)
    changed = _apply(kind, obj, fields, actor=actor)
    obj.save()
    if changed:
        audit_log(actor=actor, action=kind.changed, obj=obj, data=changed)
    return obj


# ---------------------------------------------------------------------------------------
# The rules of each registry that need other rows or the actor
# ---------------------------------------------------------------------------------------


def _check_agency(values, old, actor, name: str, errors: Errors) -> None:
    from binhdang.agencies.models import Agency

    agency = _linked(values, old, name)
    if agency is not None and not _visible(Agency, actor, agency):
        errors[name] = _("Choose an agency you can see.")


def _check_plan(values, old, actor, errors: Errors) -> None:
    from binhdang.plans.models import Plan

    plan = _linked(values, old, "plan")
    if plan is not None and not _visible(Plan, actor, plan):
        errors["plan"] = _("Choose a plan you can see.")


def _check_model_site(values: dict[str, Any], old: dict[str, Any], actor) -> Errors:
    errors: Errors = {}
    unit = values.get("unit")
    if unit is None or unit.level != UnitLevel.COMMUNE:
        errors["unit"] = _("Choose a commune or ward.")
    elif (old.get("unit") is None or old["unit"].pk != unit.pk) and not in_area(
        writable_area(actor), unit
    ):
        errors["unit"] = _("This commune is outside your area.")
    _check_agency(values, old, actor, "lead_agency", errors)
    activity = values.get("activity")
    derived_plan = False
    if activity is not None:
        from binhdang.plans.models import Plan

        activity_plan = activity.task.plan
        if values.get("plan") is None:
            values["plan"] = activity_plan
            derived_plan = True
        elif values["plan"].pk != activity_plan.pk:
            errors["activity"] = _("This activity is not one of the chosen plan's.")
        if _linked(values, old, "activity") is not None and not _visible(
            Plan, actor, activity_plan
        ):
            errors.setdefault("activity", _("Choose an activity of a plan you can see."))
    if not derived_plan:
        _check_plan(values, old, actor, errors)
    return errors


def _check_inspection(values: dict[str, Any], old: dict[str, Any], actor) -> Errors:
    errors: Errors = {}
    if values.get("violations_count") is None:
        values["violations_count"] = 0
    for name in ("inspecting_agency", "inspected_agency"):
        if values.get(name) is None:
            errors[name] = _("Choose the agency.")
        _check_agency(values, old, actor, name, errors)
    inspected = values.get("inspected_agency")
    if inspected is not None:
        values["unit"] = inspected.unit
        moved = old.get("inspected_agency") is None or old["inspected_agency"].pk != inspected.pk
        if (
            moved
            and "inspected_agency" not in errors
            and not in_area(writable_area(actor), inspected.unit)
        ):
            errors["inspected_agency"] = _("This agency is outside your area.")
    _check_plan(values, old, actor, errors)
    return errors


def _check_award(values: dict[str, Any], old: dict[str, Any], actor) -> Errors:
    errors: Errors = {}
    _check_agency(values, old, actor, "recipient_agency", errors)
    agency = values.get("recipient_agency")
    if values.get("unit") is None and agency is not None and agency.unit_id is not None:
        values["unit"] = agency.unit
    unit = values.get("unit")
    if unit is None:
        errors["unit"] = _("Choose the unit, or the recipient's agency.")
    moved = unit is not None and (old.get("unit") is None or old["unit"].pk != unit.pk)
    if moved and not in_area(writable_area(actor), unit):
        errors["unit"] = _("This unit is outside your area.")
    if values.get("year") is None and values.get("review") in REVIEW_YEARS:
        values["year"] = REVIEW_YEARS[values["review"]]
    return errors


def _agency_name(agency) -> str:
    return agency.full_name if agency is not None else ""


MODEL_SITE = _Kind(
    model=ModelSite,
    fields=MODEL_SITE_FIELDS,
    add="registries.add_modelsite",
    change="registries.change_modelsite",
    created="registries.modelsite.created",
    changed="registries.modelsite.changed",
    check=_check_model_site,
    search=lambda o: [o.name, o.type_other, o.unit.name, _agency_name(o.lead_agency), o.note],
)
INSPECTION = _Kind(
    model=Inspection,
    fields=INSPECTION_FIELDS,
    add="registries.add_inspection",
    change="registries.change_inspection",
    created="registries.inspection.created",
    changed="registries.inspection.changed",
    check=_check_inspection,
    search=lambda o: [
        o.subject,
        _agency_name(o.inspected_agency),
        _agency_name(o.inspecting_agency),
        o.document_ref,
    ],
)
AWARD = _Kind(
    model=Award,
    fields=AWARD_FIELDS,
    add="registries.add_award",
    change="registries.change_award",
    created="registries.award.created",
    changed="registries.award.changed",
    check=_check_award,
    search=lambda o: [
        o.recipient_name,
        _agency_name(o.recipient_agency),
        o.decision_number,
        o.awarding_body,
    ],
)


# ---------------------------------------------------------------------------------------
# The services
# ---------------------------------------------------------------------------------------


@transaction.atomic
def model_site_create(*, actor, **fields: Any) -> ModelSite:
    """Record a model site in a commune of the actor's area (fields: `MODEL_SITE_FIELDS`;
    an activity without a plan brings its plan). Raises ValidationError by field name."""
    return _create(MODEL_SITE, actor=actor, fields=fields)


@transaction.atomic
def model_site_update(*, actor, site: ModelSite, **fields: Any) -> ModelSite:
    """Change some fields of a model site of the actor's area. All or nothing."""
    return _update(MODEL_SITE, actor=actor, obj=site, fields=fields)


@transaction.atomic
def inspection_create(*, actor, **fields: Any) -> Inspection:
    """Record an inspection of an agency of the actor's area (fields: `INSPECTION_FIELDS`;
    the unit is the inspected agency's). Raises ValidationError by field name."""
    return _create(INSPECTION, actor=actor, fields=fields)


@transaction.atomic
def inspection_update(*, actor, inspection: Inspection, **fields: Any) -> Inspection:
    """Change some fields of an inspection of the actor's area. All or nothing."""
    return _update(INSPECTION, actor=actor, obj=inspection, fields=fields)


@transaction.atomic
def award_create(*, actor, **fields: Any) -> Award:
    """Record an award in the actor's area (fields: `AWARD_FIELDS`; an empty unit is the
    recipient agency's, an empty year the review's). Raises ValidationError by field name."""
    return _create(AWARD, actor=actor, fields=fields)


@transaction.atomic
def award_update(*, actor, award: Award, **fields: Any) -> Award:
    """Change some fields of an award of the actor's area. All or nothing."""
    return _update(AWARD, actor=actor, obj=award, fields=fields)
