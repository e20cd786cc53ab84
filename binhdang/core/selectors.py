"""Reads for the home page and the audit history."""

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db.models import Q, QuerySet

from binhdang.core.audit import action_label
from binhdang.core.models import AuditEntry


@dataclass
class HomeSummary:
    role: str | None
    agency: Any
    unit: Any
    unit_count: int = 0
    commune_count: int = 0
    agency_count: int = 0
    user_count: int = 0
    recent_audit: list[Any] = field(default_factory=list)


def home_summary(*, user) -> HomeSummary:
    from binhdang.agencies.models import Agency
    from binhdang.geo.choices import Generation, UnitLevel
    from binhdang.geo.models import AdministrativeUnit

    agency = user.agency
    summary = HomeSummary(
        role=user.primary_role, agency=agency, unit=agency.unit if agency else None
    )
    units = AdministrativeUnit.objects.visible_to(user).filter(generation=Generation.CURRENT)
    summary.unit_count = units.count()
    summary.commune_count = units.filter(level=UnitLevel.COMMUNE).count()
    summary.agency_count = Agency.objects.visible_to(user).current().count()
    if user.has_perm("core.view_auditentry"):
        from binhdang.accounts.selectors import user_list

        summary.user_count = user_list(user=user).count()
        summary.recent_audit = list(audit_entry_list(user=user, filters={})[:8])
    return summary


def audit_entry_list(*, user, filters) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor", "content_type")
    if not user.is_superuser:
        # Administrators of a province see what people of their scope did.
        from binhdang.accounts.selectors import user_list

        # (Entries without an actor are the system's: set-up and reference-data loads.)
        qs = qs.filter(Q(actor__in=user_list(user=user)) | Q(actor__isnull=True))
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(object_label__icontains=q) | qs.filter(action__icontains=q)
    action = (filters.get("action") or "").strip()
    if action:
        qs = qs.filter(action=action)
    return qs


@dataclass
class FieldChange:
    when: Any
    who: str
    model: str
    label: str
    kind: str
    diffs: list[tuple[str, Any, Any]]


def field_changes_recent(*, user, limit: int = 50) -> list[FieldChange]:
    """Latest field-level changes of master data (django-simple-history), newest first."""
    from binhdang.accounts.selectors import user_list
    from binhdang.agencies.models import Agency, AgencyAlias

    people = None if user.is_superuser else set(user_list(user=user).values_list("pk", flat=True))
    changes: list[FieldChange] = []
    for model in (Agency, AgencyAlias):
        records = model.history.select_related("history_user").order_by("-history_date")
        if people is not None:
            records = records.filter(history_user_id__in=people)
        for record in islice(records, limit):
            diffs: list[tuple[str, Any, Any]] = []
            if record.history_type == "~" and record.prev_record is not None:
                delta = record.diff_against(record.prev_record)
                diffs = [(c.field, c.old, c.new) for c in delta.changes]
            changes.append(
                FieldChange(
                    when=record.history_date,
                    who=str(record.history_user or "system"),
                    model=str(model._meta.verbose_name),
                    label=str(record),
                    kind={"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                    diffs=diffs,
                )
            )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def audit_label(entry: AuditEntry) -> str:
    return str(action_label(entry.action))
