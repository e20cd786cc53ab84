"""Export and import of the aggregate figures (`DataValue`) in DHIS2's shapes.

Export (a read, scoped like the pages): the figures the user may see, filtered by area,
periods, elements and agencies, as dataValueSets JSON/CSV or ADX.

Import: each row is matched to the reporting agency's submission for that plan and
period (`attributeOptionCombo` names the plan and the kind of figure), then compared with
what is stored: new → imported, different value or comment → updated, same → ignored
(so importing a file twice changes nothing the second time). Rows that cannot be placed
(unknown element, agency out of the user's scope, approved and locked report…) are
conflicts, listed with their row. By default a file with any conflict saves nothing (all
or nothing, like every import here); `atomic=False` (atomicMode=NONE) saves the rows that
fit, as DHIS2 does. `dry_run` reports the same summary and writes nothing. A commit is one
transaction with one audit entry.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.agencies.models import Agency
from binhdang.api.dhis2.formats import adx_period
from binhdang.api.dhis2.mapping import KINDS, Mapper, cell_fields, cell_key
from binhdang.api.dhis2.models import MappingKind as K
from binhdang.core.audit import audit_log
from binhdang.reporting.choices import Disaggregation, SubmissionStatus, ValueKind
from binhdang.reporting.models import DataElement, DataValue, Submission

IMPORT_PERMISSION = "api.import_datavalues"
MAX_CONFLICTS_SHOWN = 200
BATCH = 20_000
VALUE_KINDS = frozenset(ValueKind.values)
_MISSING = object()
_CENT = Decimal("0.01")
_MAX_VALUE = Decimal("1e14")


# ---- export ------------------------------------------------------------------------------


@dataclass
class ExportQuery:
    unit: Any = None  # AdministrativeUnit: its area (children, pre-2025 units inside it)
    periods: list[str] = field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    elements: list[str] = field(default_factory=list)  # element codes
    agencies: list[int] = field(default_factory=list)
    plan: int | None = None


def export_values(*, user, query: ExportQuery) -> Iterator[tuple]:
    """Rows (element code, period, agency id, sex, group, kind, value, comment, updated,
    plan id) of the figures the user may see, in a stable order."""
    from binhdang.reporting.selectors import unit_area_q

    qs = DataValue.objects.visible_to(user)
    if query.unit is not None:
        qs = qs.filter(unit_area_q(query.unit, "unit__"))
    if query.periods:
        qs = qs.filter(period__in=query.periods)
    if query.start_year:
        qs = qs.filter(period__gte=str(query.start_year))
    if query.end_year:
        qs = qs.filter(period__lt=str(query.end_year + 1))
    if query.elements:
        qs = qs.filter(element__code__in=query.elements)
    if query.agencies:
        qs = qs.filter(agency_id__in=query.agencies)
    if query.plan:
        qs = qs.filter(submission__round__plan_id=query.plan)
    return qs.order_by("period", "agency_id", "element_id", "sex", "target_group", "kind", "pk").values_list(
        "element__code", "period", "agency_id", "sex", "target_group", "kind", "value",
        "comment", "updated_at", "submission__round__plan_id",
    ).iterator(chunk_size=5000)  # fmt: skip


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value is not None else ""


def data_value_rows(*, user, query: ExportQuery, mapper: Mapper) -> Iterator[dict[str, Any]]:
    """DHIS2 dataValues; values whose identifiers have no mapping (idScheme=uid) are left out."""
    cache: dict[tuple[str, str], str | None] = {}

    def ident(kind: str, local: str) -> str | None:
        key = (kind, local)
        if key not in cache:
            cache[key] = mapper.to_dhis2(kind, local)
        return cache[key]

    for (
        code,
        period,
        agency_id,
        sex,
        group,
        kind,
        value,
        comment,
        updated,
        plan_id,
    ) in export_values(user=user, query=query):
        row = {
            "dataElement": ident(K.DATA_ELEMENT, code),
            "period": ident(K.PERIOD, period),
            "orgUnit": ident(K.ORG_UNIT, f"agency:{agency_id}"),
            "categoryOptionCombo": ident(K.CATEGORY_OPTION_COMBO, cell_key(sex, group)),
            "attributeOptionCombo": ident(K.ATTRIBUTE_OPTION_COMBO, f"plan:{plan_id}:{kind}"),
            "value": _number(value),
            "lastUpdated": updated.isoformat(timespec="seconds") if updated else None,
        }
        if any(row[k] is None for k in ("dataElement", "period", "orgUnit")):
            continue
        if row["categoryOptionCombo"] is None or row["attributeOptionCombo"] is None:
            continue
        if comment:
            row["comment"] = comment
        yield row


def adx_groups(*, user, query: ExportQuery, mapper: Mapper) -> list[dict[str, Any]]:
    """ADX groups: one per agency × period × plan × kind of figure."""
    groups: dict[tuple, dict[str, Any]] = {}
    for code, period, agency_id, sex, tg, kind, value, _comment, _u, plan_id in export_values(
        user=user, query=query
    ):
        org = mapper.to_dhis2(K.ORG_UNIT, f"agency:{agency_id}")
        element = mapper.to_dhis2(K.DATA_ELEMENT, code)
        if org is None or element is None:
            continue
        key = (org, period, plan_id, kind)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "orgUnit": org,
                "period": adx_period(period),
                "dataSet": "BINHDANG",
                "PLAN": f"P{plan_id}",
                "KIND": KINDS.get(kind, kind.upper()),
                "values": [],
            }
        item = {"dataElement": element, "value": _number(value)}
        if sex:
            item["SEX"] = sex.upper()
        if tg:
            item["TARGET_GROUP"] = tg.upper()
        group["values"].append(item)
    return list(groups.values())


# ---- import ------------------------------------------------------------------------------


@dataclass
class Conflict:
    row: int
    object: str
    value: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "object": self.object, "value": self.value}


@dataclass
class ImportSummary:
    dry_run: bool
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    conflict_count: int = 0
    rolled_back: bool = False  # atomic import with conflicts: nothing was saved

    @property
    def status(self) -> str:
        if self.rolled_back:
            return "ERROR"
        if self.conflict_count and not (self.imported or self.updated):
            return "ERROR" if self.ignored == self.conflict_count else "WARNING"
        return "WARNING" if self.conflict_count else "SUCCESS"

    @property
    def description(self) -> str:
        if self.rolled_back:
            return _(
                "Nothing was saved: %(n)s rows have conflicts. Correct them, or import "
                "with atomicMode=NONE to save the other rows."
            ) % {"n": self.conflict_count}
        if self.dry_run:
            return _("Dry run: nothing was saved.")
        return _("Import finished.")

    def as_dict(self) -> dict[str, Any]:
        return {
            "responseType": "ImportSummary",
            "status": self.status,
            "dryRun": self.dry_run,
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": self.deleted,
            },
            "conflicts": [c.as_dict() for c in self.conflicts],
            "description": self.description,
        }


@dataclass
class _Placed:
    submission_id: int
    agency_id: int
    unit_id: int | None
    period: str
    element_id: int
    sex: str
    target_group: str
    kind: str
    value: Decimal
    comment: str


class _Resolver:
    """Looks the identifiers of a file up once per distinct value."""

    def __init__(self, *, user, mapper: Mapper):
        self.user = user
        self.mapper = mapper
        self.elements = {
            code: (pk, disaggregation)
            for code, pk, disaggregation in DataElement.objects.values_list(
                "code", "pk", "disaggregation"
            )
        }
        self.local: dict[tuple[str, str], str | None] = {}
        self.visible_agencies: dict[int, bool] = {}
        self.submissions: dict[tuple[int, str, int], tuple[int, int | None, str] | None] = {}
        self._element_cache: dict[str, Any] = {}
        self._context_cache: dict[tuple[str, str, str], tuple] = {}
        self._cell_cache: dict[tuple[str, str], Any] = {}

    def key(self, kind: str, ident: str) -> str | None:
        k = (kind, ident)
        if k not in self.local:
            self.local[k] = self.mapper.to_local(kind, ident)
        return self.local[k]

    def preload(self, rows: list[dict[str, Any]]) -> None:
        """Agencies in scope and their submissions, for every agency the rows name."""
        agency_ids: set[int] = set()
        for row in rows:
            local = self.key(K.ORG_UNIT, row.get("orgUnit", ""))
            if local and local.startswith("agency:") and local[7:].isdigit():
                agency_ids.add(int(local[7:]))
        todo = [a for a in agency_ids if a not in self.visible_agencies]
        if not todo:
            return
        visible = set()
        for chunk in _chunks(todo, 900):
            visible.update(
                Agency.objects.visible_to(self.user)
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            )
        for pk in todo:
            self.visible_agencies[pk] = pk in visible
        for chunk in _chunks(sorted(visible), 900):
            for pk, agency_id, unit_id, status, plan_id, period in Submission.objects.filter(
                agency_id__in=chunk
            ).values_list(
                "pk", "agency_id", "unit_id", "status", "round__plan_id", "round__period"
            ):
                self.submissions[(plan_id, period, agency_id)] = (pk, unit_id, status)

    def place(self, row: dict[str, Any]) -> _Placed | Conflict:
        """The row's submission and cell, or the conflict that stops it. Lookups are
        cached per identifier (a file repeats the same few thousand of them)."""
        number = int(row.get("_row") or 0)
        ident = row.get("dataElement", "")
        element = self._element_cache.get(ident, _MISSING)
        if element is _MISSING:
            element = self.elements.get(self.key(K.DATA_ELEMENT, ident) or "")
            self._element_cache[ident] = element
        if element is None:
            return Conflict(number, "dataElement", _("Unknown data element: %(v)s") % {"v": ident})
        context_key = (
            row.get("orgUnit", ""),
            row.get("period", ""),
            row.get("attributeOptionCombo", ""),
        )
        context = self._context_cache.get(context_key)
        if context is None:
            context = self._context_cache[context_key] = self._context(*context_key)
        if isinstance(context[0], str):
            return Conflict(number, context[0], context[1])
        submission_id, unit_id, agency_id, period, kind = context
        coc = row.get("categoryOptionCombo", "")
        cell_key_ = (coc, element[1])
        cell = self._cell_cache.get(cell_key_, _MISSING)
        if cell is _MISSING:
            local = self.key(K.CATEGORY_OPTION_COMBO, coc)
            cell = cell_fields(local) if local and _cell_fits(local, element[1]) else None
            self._cell_cache[cell_key_] = cell
        if cell is None:
            return Conflict(
                number,
                "categoryOptionCombo",
                _("This disaggregation does not fit the data element: %(v)s") % {"v": coc},
            )
        raw = row.get("value", "")
        try:
            value = Decimal(raw if isinstance(raw, str) else str(raw))
        except InvalidOperation:
            try:
                value = Decimal(str(raw).strip().replace(",", "."))
            except InvalidOperation:
                return Conflict(number, "value", _("Not a number: %(v)s") % {"v": raw})
        if not value.is_finite() or abs(value) >= _MAX_VALUE:
            return Conflict(number, "value", _("Not a number: %(v)s") % {"v": raw})
        return _Placed(
            submission_id, agency_id, unit_id, period, element[0], cell[0], cell[1], kind,
            value.quantize(_CENT), str(row.get("comment") or "")[:500],
        )  # fmt: skip

    def _context(self, org_ident: str, period_ident: str, aoc_ident: str) -> tuple:
        """(submission id, unit id, agency id, period, kind), or (object, message)."""
        period = self.key(K.PERIOD, period_ident)
        if not period or not _valid_period(period):
            return ("period", _("Unknown period: %(v)s") % {"v": period_ident})
        org = self.key(K.ORG_UNIT, org_ident)
        agency_id = (
            int(org[7:]) if org and org.startswith("agency:") and org[7:].isdigit() else None
        )
        if agency_id is None or not self.visible_agencies.get(agency_id):
            return (
                "orgUnit",
                _("Unknown organisation unit, or outside your scope: %(v)s") % {"v": org_ident},
            )
        aoc = self.key(K.ATTRIBUTE_OPTION_COMBO, aoc_ident)
        parts = (aoc or "").split(":")
        if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in VALUE_KINDS:
            return (
                "attributeOptionCombo",
                _("Unknown plan or kind of figure: %(v)s") % {"v": aoc_ident},
            )
        found = self.submissions.get((int(parts[1]), period, agency_id))
        if found is None:
            return (
                "orgUnit",
                _("No report of this agency for this plan and period: %(v)s")
                % {"v": f"{org_ident} {period_ident}"},
            )
        submission_id, unit_id, status = found
        if status == SubmissionStatus.APPROVED:
            return ("period", _("The report is approved and locked: unlock it first."))
        return (submission_id, unit_id, agency_id, period, parts[2])


@lru_cache(maxsize=4096)
def _valid_period(period: str) -> bool:
    from binhdang.reporting.periods import parse_period

    try:
        p = parse_period(period)
    except (ValueError, IndexError):
        return False
    return 1900 <= p.year <= 2200 and p.code == period


@lru_cache(maxsize=4096)
def _cell_fits(cell: str, disaggregation: str) -> bool:
    if cell == "total":
        return True
    if cell.startswith("sex:"):
        return disaggregation == Disaggregation.SEX and cell[4:] in ("male", "female")
    if cell.startswith("group:"):
        from binhdang.reporting.choices import TargetGroup

        return disaggregation == Disaggregation.TARGET_GROUP and cell[6:] in TargetGroup.values
    return False


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def can_import(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(IMPORT_PERMISSION))


def data_values_import(
    *,
    actor,
    rows: Iterable[dict[str, Any]],
    dry_run: bool = False,
    atomic: bool = True,
    mapper: Mapper | None = None,
    source: str = "",
) -> ImportSummary:
    """Import DHIS2 dataValues (see the module docstring). Idempotent; dry_run saves
    nothing. `atomic` (the default): a file with any conflict saves nothing; without it,
    the rows that fit are saved and the others reported (DHIS2's behaviour)."""
    if not can_import(actor):
        raise PermissionDenied(_("You may not import figures."))
    mapper = mapper or Mapper.load()
    resolver = _Resolver(user=actor, mapper=mapper)
    summary = ImportSummary(dry_run=dry_run)
    with transaction.atomic():
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                _import_batch(batch, resolver, summary, dry_run=dry_run)
                batch = []
        if batch:
            _import_batch(batch, resolver, summary, dry_run=dry_run)
        if atomic and not dry_run and summary.conflict_count:
            transaction.set_rollback(True)
            total = summary.imported + summary.updated + summary.ignored
            summary.imported = summary.updated = 0
            summary.ignored = total
            summary.rolled_back = True
        elif not dry_run and (summary.imported or summary.updated):
            audit_log(
                actor=actor,
                action="api.dhis2.imported",
                data={
                    "source": source[:100],
                    "imported": summary.imported,
                    "updated": summary.updated,
                    "ignored": summary.ignored,
                    "conflicts": summary.conflict_count,
                },
            )
    return summary


def _import_batch(
    rows: list[dict[str, Any]], resolver: _Resolver, summary: ImportSummary, *, dry_run: bool
) -> None:
    resolver.preload(rows)
    placed: dict[tuple, _Placed] = {}
    for row in rows:
        result = resolver.place(row)
        if isinstance(result, Conflict):
            summary.ignored += 1
            summary.conflict_count += 1
            if len(summary.conflicts) < MAX_CONFLICTS_SHOWN:
                summary.conflicts.append(result)
            continue
        key = (
            result.submission_id,
            result.element_id,
            result.sex,
            result.target_group,
            result.kind,
        )
        if key in placed:
            summary.ignored += 1  # a later row for the same cell wins, as in DHIS2
        placed[key] = result
    if not placed:
        return
    existing: dict[tuple, tuple[int, Decimal, str]] = {}
    by_submission: dict[int, list[tuple]] = defaultdict(list)
    for key in placed:
        by_submission[key[0]].append(key)
    for chunk in _chunks(sorted(by_submission), 500):
        for pk, sub, el, sex, tg, kind, value, comment in DataValue.objects.filter(
            submission_id__in=chunk
        ).values_list(
            "pk", "submission_id", "element_id", "sex", "target_group", "kind", "value", "comment"
        ):
            existing[(sub, el, sex, tg, kind)] = (pk, value, comment)
    create: list[tuple] = []
    update: list[tuple] = []
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    for key, p in placed.items():
        old = existing.get(key)
        if old is None:
            summary.imported += 1
            if not dry_run:
                create.append(
                    (
                        p.element_id, p.period, p.agency_id, p.unit_id, p.sex, p.target_group,
                        p.kind, ops.adapt_decimalfield_value(p.value, 16, 2), p.submission_id,
                        p.comment, now,
                    )
                )  # fmt: skip
        elif old[1] != p.value or (p.comment and old[2] != p.comment):
            summary.updated += 1
            if not dry_run:
                update.append(
                    (ops.adapt_decimalfield_value(p.value, 16, 2), p.comment or old[2], now, old[0])
                )
        else:
            summary.ignored += 1
    if create:
        _insert(create)
    if update:
        table = DataValue._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET value = %s, comment = %s, updated_at = %s WHERE id = %s",
                update,
            )


_COLUMNS = (
    "element_id", "period", "agency_id", "unit_id", "sex", "target_group", "kind", "value",
    "submission_id", "comment", "updated_at",
)  # fmt: skip


def _insert(rows: list[tuple]) -> None:
    """Many figures at once: COPY on PostgreSQL, one prepared INSERT on SQLite (the ORM's
    bulk_create builds a model per row and costs five times more)."""
    table = DataValue._meta.db_table
    columns = ", ".join(_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def unit_for_export(*, user, unit_id: int | None):
    """The area asked for, if the user may see it (else PermissionDenied)."""
    from binhdang.geo.models import AdministrativeUnit

    if unit_id is None:
        return None
    unit = AdministrativeUnit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        raise PermissionDenied(_("This area is outside your scope."))
    return unit


def today_iso() -> str:
    return timezone.now().isoformat(timespec="seconds")


__all__ = [
    "ExportQuery",
    "ImportSummary",
    "adx_groups",
    "data_value_rows",
    "data_values_import",
    "unit_for_export",
]
