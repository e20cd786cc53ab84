"""Writes for communication events: record, change and delete one event.

The rules an event obeys are written once, in plain Python (`check_values`), so the bulk
import (`event_import.py`) applies exactly the same ones to a million rows without a query
per row. What needs the database (the unit lies in the organiser's area, the plan activity
is one the user can see) is checked here with a query and there against sets loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.scope import Scope
from binhdang.core.audit import audit_log
from binhdang.reporting.choices import BudgetSource, Channel, EventType
from binhdang.reporting.groups import GROUP_BITS, groups_to_mask
from binhdang.reporting.models import CommEvent

ADD = "reporting.add_commevent"
CHANGE = "reporting.change_commevent"
DELETE = "reporting.delete_commevent"

# No event is older than the first programme year the system follows.
EARLIEST_DATE = date(2015, 1, 1)
# An event may carry tomorrow's date (time zones, an event that starts early); not later.
FUTURE_DAYS = 1
MAX_COUNT = 2_147_483_647  # PositiveIntegerField on PostgreSQL
MAX_COST = Decimal(10) ** 16 - 1  # max_digits=16, decimal_places=0
TITLE_MAX = CommEvent._meta.get_field("title").max_length or 500
PRODUCT_MAX = CommEvent._meta.get_field("product").max_length or 200
ALL_GROUPS = sum(GROUP_BITS.values())

# The channel a type of event can only have; the others must say which one they used.
DEFAULT_CHANNEL: dict[str, str] = {
    EventType.LAUNCH: Channel.IN_PERSON,
    EventType.CONFERENCE: Channel.IN_PERSON,
    EventType.TRAINING: Channel.IN_PERSON,
    EventType.TALK: Channel.IN_PERSON,
    EventType.CLUB_MEETING: Channel.IN_PERSON,
    EventType.INTEGRATED: Channel.IN_PERSON,
    EventType.SUPPORT: Channel.IN_PERSON,
    EventType.SOCIAL_MEDIA: Channel.SOCIAL,
    EventType.PRINTED: Channel.PRINTED,
}

# Fields a caller may set (besides the organiser, which is fixed when the event is made).
FIELDS = (
    "unit",
    "date",
    "event_type",
    "channel",
    "title",
    "target_groups",
    "participants_male",
    "participants_female",
    "participants_total",
    "product",
    "quantity",
    "cost",
    "budget_source",
    "activity",
    "is_digital",
    "note",
)
_EVENT_TYPES = frozenset(EventType.values)
_CHANNELS = frozenset(Channel.values)
_BUDGET_SOURCES = frozenset(BudgetSource.values)
_COUNTS = ("participants_male", "participants_female", "participants_total", "quantity")


@dataclass(frozen=True)
class Messages:
    """The messages of `check_values`, translated once for a whole import."""

    date_required: str
    date_too_early: str
    date_in_future: str
    type_required: str
    type_invalid: str
    channel_required: str
    channel_invalid: str
    title_required: str
    title_too_long: str
    product_too_long: str
    negative: str
    too_large: str
    parts_exceed_total: str
    cost_negative: str
    cost_too_large: str
    budget_required: str
    budget_invalid: str
    groups_invalid: str

    @classmethod
    def current(cls) -> Messages:
        return cls(
            date_required=_("Enter the date of the event."),
            date_too_early=_("The date must not be before 2015."),
            date_in_future=_("The date is in the future: record events once they have happened."),
            type_required=_("Choose the type of event."),
            type_invalid=_("Unknown type of event."),
            channel_required=_("Choose the channel: this type of event can use several."),
            channel_invalid=_("Unknown channel."),
            title_required=_("Enter what the event was."),
            title_too_long=_("The title is longer than %(n)d characters.") % {"n": TITLE_MAX},
            product_too_long=_("The product is longer than %(n)d characters.") % {"n": PRODUCT_MAX},
            negative=_("Enter a number of zero or more."),
            too_large=_("This number is too large."),
            parts_exceed_total=_("Men and women together are more than the participants in all."),
            cost_negative=_("The cost must not be negative."),
            cost_too_large=_("The cost is too large."),
            budget_required=_("Choose the budget source: the event has a cost."),
            budget_invalid=_("Unknown budget source."),
            groups_invalid=_("Unknown target group."),
        )


def check_values(
    values: dict[str, Any], *, today: date, messages: Messages | None = None
) -> dict[str, str]:
    """Check one event's values and complete them in place; return errors by field name.

    `values` holds Python values (a `date`, ints, a `Decimal`, choice codes, the target
    groups as a bit mask; None or "" for blanks). Completed in place: the participants in
    all default to men + women, the channel to the only one its type can have, "digital"
    to whether the channel is social media; text is stripped.
    """
    m = messages or Messages.current()
    errors: dict[str, str] = {}

    day = values.get("date")
    if day is None:
        errors["date"] = m.date_required
    elif day < EARLIEST_DATE:
        errors["date"] = m.date_too_early
    elif day > today + timedelta(days=FUTURE_DAYS):
        errors["date"] = m.date_in_future

    event_type = values.get("event_type") or ""
    if not event_type:
        errors["event_type"] = m.type_required
    elif event_type not in _EVENT_TYPES:
        errors["event_type"] = m.type_invalid

    channel = values.get("channel") or DEFAULT_CHANNEL.get(event_type, "")
    values["channel"] = channel
    if not channel:
        if "event_type" not in errors:
            errors["channel"] = m.channel_required
    elif channel not in _CHANNELS:
        errors["channel"] = m.channel_invalid

    title = (values.get("title") or "").strip()
    values["title"] = title
    if not title:
        errors["title"] = m.title_required
    elif len(title) > TITLE_MAX:
        errors["title"] = m.title_too_long

    product = (values.get("product") or "").strip()
    values["product"] = product
    if len(product) > PRODUCT_MAX:
        errors["product"] = m.product_too_long
    values["note"] = (values.get("note") or "").strip()

    for name in _COUNTS:
        number = values.get(name)
        if number is None:
            continue
        if number < 0:
            errors[name] = m.negative
        elif number > MAX_COUNT:
            errors[name] = m.too_large
    male = values.get("participants_male")
    female = values.get("participants_female")
    total = values.get("participants_total")
    parts_ok = not any(f in errors for f in _COUNTS[:3])
    if total is None and (male is not None or female is not None) and parts_ok:
        values["participants_total"] = (male or 0) + (female or 0)
    elif total is not None and parts_ok and (male or 0) + (female or 0) > total:
        errors["participants_total"] = m.parts_exceed_total

    cost = values.get("cost")
    if cost is not None:
        if cost < 0:
            errors["cost"] = m.cost_negative
        elif cost > MAX_COST:
            errors["cost"] = m.cost_too_large
    source = values.get("budget_source") or ""
    values["budget_source"] = source
    if source and source not in _BUDGET_SOURCES:
        errors["budget_source"] = m.budget_invalid
    elif not source and cost is not None and cost > 0:
        errors["budget_source"] = m.budget_required

    groups = values.get("target_groups") or 0
    values["target_groups"] = groups
    if groups < 0 or groups & ~ALL_GROUPS:
        errors["target_groups"] = m.groups_invalid

    if values.get("is_digital") is None:
        values["is_digital"] = channel == Channel.SOCIAL
    return errors


def agency_scope(agency) -> Scope:
    """The area an agency works in: its unit, the units below it and the pre-2025 units
    now inside it (the scope rule of `accounts.scope`, without the ancestors shown for
    context). A national body (no unit) works everywhere."""
    unit = agency.unit
    if unit is None:
        return Scope(everything=True)
    return Scope(
        unit_id=unit.pk,
        unit_path=unit.path,
        unit_level=unit.level,
        province_id=unit.province_id or unit.pk,
    )


def visible_activities(*, user):
    """Activities of the plans the user can see (the ones an event may carry out)."""
    from binhdang.plans.models import Activity, Plan

    return Activity.objects.filter(task__plan__in=Plan.objects.visible_to(user))


def ensure_can_record(actor, agency, perm: str = ADD) -> None:
    """The actor may record (or change, delete) events of this organiser."""
    if not actor.has_perm(perm):
        raise PermissionDenied(_("You may not record communication events."))
    if not actor.is_superuser and (agency is None or actor.agency_id != agency.pk):
        raise PermissionDenied(_("You may only record the events of your own agency."))


def _as_mask(groups: Any) -> int:
    if groups is None or groups == "":
        return 0
    if isinstance(groups, int):
        return groups
    if isinstance(groups, str):
        groups = [groups]
    try:
        return groups_to_mask(list(groups))
    except ValueError:
        raise ValidationError({"target_groups": _("Unknown target group.")}) from None


def _plain(value: Any) -> Any:
    """A value for the audit entry's JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def _apply(event: CommEvent, fields: dict[str, Any], *, actor) -> dict[str, list[Any]]:
    """Set `fields` on the event after checking them; return what changed (old, new)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    values: dict[str, Any] = dict.fromkeys(FIELDS)  # a new event: what is not given is blank
    if event.pk is not None:
        values.update({name: getattr(event, name) for name in FIELDS})
        values["unit"] = event.unit if event.unit_id else None
        values["activity"] = event.activity if event.activity_id else None
    values.update(fields)
    if "target_groups" in fields:
        values["target_groups"] = _as_mask(fields["target_groups"])
    if values.get("cost") is not None and not isinstance(values["cost"], Decimal):
        values["cost"] = Decimal(str(values["cost"]))
    if values.get("unit") is None and event.agency.unit_id:
        values["unit"] = event.agency.unit

    errors: dict[str, list[str]] = {
        name: [message]
        for name, message in check_values(values, today=timezone.localdate()).items()
    }
    unit = values.get("unit")
    if unit is None:
        errors["unit"] = [_("Choose where the event took place.")]
    elif not agency_scope(event.agency).contains_unit(unit):
        errors["unit"] = [_("This place is outside the organiser's area.")]
    activity = values.get("activity")
    # A link made earlier stays even if its plan is now out of the actor's sight.
    new_link = "activity" in fields or event.pk is None
    if (
        activity is not None
        and new_link
        and not visible_activities(user=actor).filter(pk=activity.pk).exists()
    ):
        errors["activity"] = [_("Choose an activity of a plan you can see.")]
    if errors:
        raise ValidationError(errors)

    changed: dict[str, list[Any]] = {}
    for name in FIELDS:
        old = getattr(event, name, None) if event.pk else None
        new = values.get(name)
        if name in ("unit", "activity"):
            old_id = getattr(event, f"{name}_id") if event.pk else None
            new_id = new.pk if new is not None else None
            if old_id != new_id:
                changed[name] = [old_id, new_id]
        elif old != new:
            changed[name] = [_plain(old), _plain(new)]
        setattr(event, name, new)
    return changed


@transaction.atomic
def event_create(*, actor, agency, **fields: Any) -> CommEvent:
    """Record one event organised by `agency` (the actor's own agency).

    Fields are those of `FIELDS`; `target_groups` is a bit mask or a list of codes;
    a blank unit is the agency's own. Raises ValidationError by field name.
    """
    ensure_can_record(actor, agency, ADD)
    event = CommEvent(agency=agency, created_by=actor)
    _apply(event, fields, actor=actor)
    event.full_clean()
    event.save()
    audit_log(
        actor=actor,
        action="reporting.event.created",
        obj=event,
        data={"date": event.date.isoformat(), "type": event.event_type, "unit": event.unit_id},
    )
    return event


@transaction.atomic
def event_update(*, actor, event: CommEvent, **fields: Any) -> CommEvent:
    """Change some fields of an event of the actor's agency. All or nothing."""
    ensure_can_record(actor, event.agency, CHANGE)
    event = (
        CommEvent.objects.select_for_update(of=("self",))
        .select_related("agency__unit")
        .get(pk=event.pk)
    )
    changed = _apply(event, fields, actor=actor)
    event.full_clean()
    event.save()
    if changed:
        audit_log(actor=actor, action="reporting.event.changed", obj=event, data=changed)
    return event


@transaction.atomic
def event_delete(*, actor, event: CommEvent) -> None:
    """Delete an event of the actor's agency (the audit entry keeps what it was)."""
    ensure_can_record(actor, event.agency, DELETE)
    audit_log(
        actor=actor,
        action="reporting.event.deleted",
        obj=event,
        data={
            "date": event.date.isoformat(),
            "type": event.event_type,
            "title": event.title,
            "agency": event.agency_id,
            "unit": event.unit_id,
        },
    )
    event.delete()
