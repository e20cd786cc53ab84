"""Which saves and deletes change the numbers the indicators compute.

Each model the indicators read is listed with the path to its administrative unit; a save
or delete of one marks that unit's data as changed (`freshness.mark_changed`), so the
cached progress of its province is computed again. Writes that bypass model signals
(`bulk_create`, `QuerySet.update`, COPY) call `mark_changed` themselves: the submission
workflow through `SubmissionEvent`, the event import and `gen-national` explicitly.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from binhdang.indicators import freshness

# model label → attribute paths to the unit id, tried in order; `None`: the model is
# something every number may depend on (a formula, the map of units).
WATCHED: dict[str, tuple[str, ...] | None] = {
    "reporting.CommEvent": ("unit_id",),
    "reporting.Submission": ("unit_id", "agency.unit_id"),
    "reporting.SubmissionEvent": ("submission.unit_id", "submission.agency.unit_id"),
    "reporting.ReportRound": ("plan.unit_id",),
    "media.MediaAgency": ("unit_id",),
    "media.Adoption": ("media_agency.unit_id",),
    "media.Assessment": ("media_agency.unit_id",),
    "conventions.Convention": ("unit_id",),
    "conventions.ConventionClause": ("convention.unit_id",),
    "registries.ModelSite": ("unit_id",),
    "registries.Inspection": ("unit_id",),
    "registries.Award": ("unit_id",),
    "indicators.SurveyResult": ("unit_id",),
    "indicators.TargetIndicator": ("target.plan.unit_id",),
    "plans.Plan": ("unit_id",),
    "plans.Target": ("plan.unit_id",),
    "plans.Milestone": ("target.plan.unit_id",),
    "indicators.Indicator": None,
    "geo.AdministrativeUnit": None,
    "geo.UnitSuccession": None,
}


def _follow(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if obj is None:
            return None
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - a relation deleted in the same cascade
            return None
    return obj


def unit_of(instance: Any, paths: tuple[str, ...]) -> int | None:
    for path in paths:
        value = _follow(instance, path)
        if value is not None:
            return int(value)
    return None


def _receiver(paths: tuple[str, ...] | None):
    def changed(sender, instance, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loaddata
            return
        freshness.mark_changed(None if paths is None else [unit_of(instance, paths)])

    return changed


def _data_changed(sender, unit_ids=None, **kwargs: Any) -> None:
    freshness.mark_changed(None if unit_ids is None else list(unit_ids))


def connect() -> None:
    from binhdang.core.signals import data_changed

    data_changed.connect(_data_changed, dispatch_uid="indicators.freshness.data_changed")
    for label, paths in WATCHED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        receiver = _receiver(paths)
        uid = f"indicators.freshness.{label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ".save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ".delete")
