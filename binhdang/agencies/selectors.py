"""Reads for agencies: the scoped list, the detail page's facts and history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from binhdang.agencies import catalogue as cat
from binhdang.agencies.filters import TAG_LABELS, AgencyFilterSet
from binhdang.agencies.keys import compact_key
from binhdang.agencies.models import Agency, AgencyAlias, AgencySuccession


def agency_list(*, user, filters=None) -> QuerySet[Agency]:
    """Agencies in `user`'s scope, filtered (q, unit, kind, status, tag)."""
    qs = (
        Agency.objects.visible_to(user)
        .select_related("unit")
        .order_by("unit__path", "kind", "name", "valid_from")
    )
    filterset = AgencyFilterSet(filters or {}, queryset=qs, user=user)
    return filterset.qs if filterset.is_valid() else qs.none()


def agency_get(*, user, pk: int) -> Agency | None:
    return Agency.objects.visible_to(user).select_related("unit", "parent").filter(pk=pk).first()


@dataclass
class HistoryRow:
    when: Any
    who: str
    kind: str  # created / changed / deleted
    what: str  # "agency", "other name", "succession"
    label: str
    diffs: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class AgencyDetail:
    agency: Agency
    aliases: list[AgencyAlias]
    catalogue_aliases: list[str]
    predecessors: list[AgencySuccession]
    successors: list[AgencySuccession]
    subordinates: list[Agency]
    user_count: int
    history: list[HistoryRow]
    catalogue_note: str = ""
    tag_names: list[str] = field(default_factory=list)


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - history-only fields
        return name


def _record_label(record) -> str:
    if hasattr(record, "alias"):
        return record.alias
    if hasattr(record, "successor_id"):
        successor = Agency.objects.filter(pk=record.successor_id).first()
        return f"→ {successor.full_name}" if successor else ""
    return getattr(record, "full_name", "")


def _rows_for(records, model, what: str) -> list[HistoryRow]:
    """History records (oldest first per object) → rows with field-by-field changes."""
    rows: list[HistoryRow] = []
    previous: dict[Any, Any] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        diffs: list[tuple[str, Any, Any]] = []
        before = previous.get(record.id)
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before)
            diffs = [(_field_label(model, c.field), c.old, c.new) for c in delta.changes]
        previous[record.id] = record
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "",
                kind={"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                what=what,
                label=_record_label(record),
                diffs=diffs,
            )
        )
    return rows


def agency_history(agency: Agency) -> list[HistoryRow]:
    """Who changed the agency, its other names and its successions, and what, newest first."""
    records = agency.history.select_related("history_user").all()
    rows = _rows_for(records, Agency, "agency")
    alias_records = AgencyAlias.history.filter(agency_id=agency.pk).select_related("history_user")
    rows += _rows_for(alias_records, AgencyAlias, "alias")
    succession_records = AgencySuccession.history.filter(predecessor_id=agency.pk).select_related(
        "history_user"
    )
    rows += _rows_for(succession_records, AgencySuccession, "succession")
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows


def agency_detail(*, agency: Agency) -> AgencyDetail:
    entry = cat.entry(agency.catalogue_code) if agency.catalogue_code else None
    own = {compact_key(a.alias) for a in agency.aliases.all()} | {compact_key(agency.name)}
    catalogue_aliases = []
    for alias in entry.aliases if entry else ():
        if compact_key(alias) not in own:
            own.add(compact_key(alias))
            catalogue_aliases.append(alias)
    return AgencyDetail(
        agency=agency,
        aliases=list(agency.aliases.order_by("alias")),
        catalogue_aliases=catalogue_aliases,
        predecessors=list(
            agency.successions_in.select_related("predecessor", "predecessor__unit").order_by(
                "effective_date", "predecessor__full_name"
            )
        ),
        successors=list(
            agency.successions_out.select_related("successor", "successor__unit").order_by(
                "effective_date", "successor__full_name"
            )
        ),
        subordinates=list(agency.subordinates.select_related("unit").order_by("name")[:50]),
        user_count=agency.users.count(),
        history=agency_history(agency),
        catalogue_note=entry.note if entry else "",
        tag_names=[str(TAG_LABELS.get(tag, tag)) for tag in agency.tags or ()],
    )


def agency_counts_by_kind(*, user) -> dict[str, int]:
    rows = Agency.objects.visible_to(user).current().values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}
