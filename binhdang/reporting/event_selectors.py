"""Reads for communication events: the filtered list, and the totals a report is filled from.

Every list starts from `CommEvent.objects.visible_to(user)`. Totals are computed by the
database (COUNT/SUM; target groups through the bits of `target_groups`), the same way on
SQLite and PostgreSQL, so a province's million events add up in a few queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from binhdang.reporting.choices import Channel, EventType, TargetGroup
from binhdang.reporting.groups import GROUP_BITS
from binhdang.reporting.models import CommEvent

# "Local radio news items" of the yearly report: news and broadcasts on radio/loudspeakers.
RADIO_NEWS_TYPES = (EventType.NEWS_ITEM, EventType.BROADCAST)

FILTERS = (
    "date_from", "date_to", "year", "event_type", "channel", "unit", "agency", "activity",
    "batch", "q",
)  # fmt: skip


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for parse in (date.fromisoformat, _dmy):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _dmy(text: str) -> date:
    day, month, year = (int(p) for p in text.split("/"))
    return date(year, month, day)


def event_list(*, user, filters: Mapping[str, Any] | None = None) -> QuerySet[CommEvent]:
    """Visible events, newest first, narrowed by `filters` (a dict or request.GET).

    date_from / date_to (ISO or dd/mm/yyyy), year, event_type, channel, unit (the unit
    and every unit under it), agency, activity, batch (one import), q (words of the
    title, product or note). Values that cannot be read are ignored.
    """
    qs = CommEvent.objects.visible_to(user).select_related("agency", "unit", "activity")
    filters = filters or {}

    def get(name: str) -> str:
        value = filters.get(name)
        return str(value).strip() if value not in (None, "") else ""

    if start := _date(get("date_from")):
        qs = qs.filter(date__gte=start)
    if end := _date(get("date_to")):
        qs = qs.filter(date__lte=end)
    if (year := _int(get("year"))) and 1900 < year < 3000:
        qs = qs.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
    if (event_type := get("event_type")) in EventType.values:
        qs = qs.filter(event_type=event_type)
    if (channel := get("channel")) in Channel.values:
        qs = qs.filter(channel=channel)
    if unit_id := _int(get("unit")):
        from binhdang.geo.models import AdministrativeUnit

        unit = AdministrativeUnit.objects.filter(pk=unit_id).only("path").first()
        if unit is None:
            qs = qs.none()
        else:
            qs = qs.filter(Q(unit_id=unit.pk) | Q(unit__path__startswith=unit.path + "/"))
    for name in ("agency", "activity", "batch"):
        if (pk := _int(get(name))) is not None:
            qs = qs.filter(**{f"{name}_id": pk})
    if q := get("q"):
        for word in q.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word) | Q(product__icontains=word) | Q(note__icontains=word)
            )
    return qs.order_by("-date", "-pk")


@dataclass
class EventTotals:
    """What a set of events adds up to (a report's "from logged events" figures)."""

    events: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    participants_male: int = 0
    participants_female: int = 0
    participants_total: int = 0
    # Participants of the events that reached each group (an event reaching two groups
    # counts for both), and how many events reached it.
    participants_by_group: dict[str, int] = field(default_factory=dict)
    events_by_group: dict[str, int] = field(default_factory=dict)
    quantity: int = 0
    cost: Decimal = Decimal(0)
    digital: int = 0
    # News items and broadcasts on local radio/loudspeakers: events, and items (the
    # quantity when given, else one per event).
    radio_news_events: int = 0
    radio_news_items: int = 0

    def type_rows(self) -> list[tuple[str, str, int]]:
        """(code, label, count) in the order of the choices, types with events only."""
        return [
            (c, str(label), self.by_type[c]) for c, label in EventType.choices if c in self.by_type
        ]

    def group_rows(self) -> list[tuple[str, str, int, int]]:
        """(code, label, events, participants) of the groups reached."""
        return [
            (c, str(label), self.events_by_group.get(c, 0), self.participants_by_group.get(c, 0))
            for c, label in TargetGroup.choices
            if self.events_by_group.get(c)
        ]


def event_totals_of(events: QuerySet[CommEvent]) -> EventTotals:
    """Totals of any queryset of events (the list page's filtered events, a report)."""
    events = events.order_by()
    zero = 0
    aggregates: dict[str, Any] = {
        "t_events": Count("pk"),
        "t_male": Coalesce(Sum("participants_male"), zero),
        "t_female": Coalesce(Sum("participants_female"), zero),
        "t_total": Coalesce(Sum("participants_total"), zero),
        "t_quantity": Coalesce(Sum("quantity"), zero),
        "t_cost": Sum("cost"),
        "t_digital": Count("pk", filter=Q(is_digital=True)),
        "t_radio_events": Count(
            "pk", filter=Q(event_type__in=RADIO_NEWS_TYPES, channel=Channel.RADIO)
        ),
        "t_radio_items": Coalesce(
            Sum(
                Coalesce("quantity", 1),
                filter=Q(event_type__in=RADIO_NEWS_TYPES, channel=Channel.RADIO),
            ),
            zero,
        ),
    }
    annotations = {}
    for i, (code, bit) in enumerate(GROUP_BITS.items()):
        annotations[f"g{i}"] = F("target_groups").bitand(bit)
        reached = Q(**{f"g{i}__gt": 0})
        aggregates[f"ge_{code}"] = Count("pk", filter=reached)
        aggregates[f"gp_{code}"] = Coalesce(Sum("participants_total", filter=reached), zero)
    row = events.annotate(**annotations).aggregate(**aggregates)
    by_type = dict(
        events.values_list("event_type").annotate(n=Count("pk")).values_list("event_type", "n")
    )
    return EventTotals(
        events=row["t_events"],
        by_type={code: by_type[code] for code in EventType.values if by_type.get(code)},
        participants_male=row["t_male"],
        participants_female=row["t_female"],
        participants_total=row["t_total"],
        participants_by_group={c: row[f"gp_{c}"] for c in GROUP_BITS if row[f"ge_{c}"]},
        events_by_group={c: row[f"ge_{c}"] for c in GROUP_BITS if row[f"ge_{c}"]},
        quantity=row["t_quantity"],
        cost=Decimal(row["t_cost"] or 0),
        digital=row["t_digital"],
        radio_news_events=row["t_radio_events"],
        radio_news_items=row["t_radio_items"],
    )


def event_totals(
    *, agency_ids: Iterable[int] | None, start: date | None = None, end: date | None = None
) -> EventTotals:
    """Totals of the events organised by these agencies (None: all) from `start` to `end`
    (both included; None: open). For a report form's "from logged events" figures; the
    caller has already decided which agencies the report covers."""
    events = CommEvent.objects.all()
    if agency_ids is not None:
        events = events.filter(agency_id__in=list(agency_ids))
    if start is not None:
        events = events.filter(date__gte=start)
    if end is not None:
        events = events.filter(date__lte=end)
    return event_totals_of(events)
