"""Writes for the media registry: media agencies, the status recorded per year, the
self-assessments and their evidence files.

Every service is keyword-only, runs in one transaction, calls `full_clean()` and writes an
audit entry. `actor=None` is the system (the demo loader): no permission check. A person
needs the model permission and may only write inside their own area: their agency's unit
and the units below it (not the units above it, which their scope shows for context).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.accounts.scope import Scope, scope_for
from binhdang.core.audit import audit_log
from binhdang.core.text import canonical, clean, fold
from binhdang.media.choices import AREA_FIELDS, AdoptionStatus, SubArea
from binhdang.media.models import (
    ITEM_FIGURES,
    PEOPLE_FIGURES,
    Adoption,
    Assessment,
    EvidenceFile,
    MediaAgency,
)

ADD_AGENCY = "media.add_mediaagency"
CHANGE_AGENCY = "media.change_mediaagency"
ADD_ASSESSMENT = "media.add_assessment"
CHANGE_ASSESSMENT = "media.change_assessment"

AGENCY_FIELDS = ("name", "kind", "unit", "agency", "managing_body", "is_active", "note")
COUNT_FIELDS: tuple[str, ...] = (
    *(f"{p}_{sex}" for p, _label in PEOPLE_FIGURES for sex in ("female", "male")),
    "items_reviewed",
    *(name for name, _label in ITEM_FIGURES),
)
ASSESSMENT_FIELDS = ("year", "assessed_on", "areas", "decision_ref", *COUNT_FIELDS, "notes")

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_EXTENSIONS = (
    ".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".csv", ".txt",
    ".jpg", ".jpeg", ".png", ".zip",
)  # fmt: skip


# ---------------------------------------------------------------------------------------
# Who may write
# ---------------------------------------------------------------------------------------


def actor_area(actor) -> Scope:
    """The units a person may write for: their scope without the ancestors it shows."""
    return dataclasses.replace(scope_for(actor), ancestor_ids=())


def ensure_can(actor, perm: str, unit=None) -> None:
    """The actor holds `perm` and `unit` (if given) lies in the actor's own area."""
    if actor is None:
        return
    if not actor.has_perm(perm):
        raise PermissionDenied(_("You may not change the media registry."))
    if unit is not None and not actor_area(actor).contains_unit(unit):
        raise PermissionDenied(_("This media agency is outside your area."))


def _plain(value: Any) -> Any:
    """A value for the audit entry's JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


# ---------------------------------------------------------------------------------------
# Media agencies
# ---------------------------------------------------------------------------------------


def _check_unit_in_area(actor, unit) -> None:
    if actor is not None and unit is not None and not actor_area(actor).contains_unit(unit):
        raise ValidationError({"unit": _("Choose a unit in your area.")})


def _check_no_duplicate(media: MediaAgency) -> None:
    if media.unit_id is None:
        return
    same = MediaAgency.objects.filter(unit_id=media.unit_id, search_key=media.search_key)
    if media.pk is not None:
        same = same.exclude(pk=media.pk)
    if same.exists():
        raise ValidationError(
            {"name": _("A media agency with this name already exists in this unit.")},
            code="duplicate",
        )


def _check_agency_link(media: MediaAgency) -> None:
    if media.agency_id is None:
        return
    taken = MediaAgency.objects.filter(agency_id=media.agency_id)
    if media.pk is not None:
        taken = taken.exclude(pk=media.pk)
    other = taken.first()
    if other is not None:
        raise ValidationError(
            {
                "agency": _("This agency is already linked to the media agency %(name)s.")
                % {"name": other.name}
            },
            code="agency_taken",
        )


def _set_keys(media: MediaAgency) -> None:
    media.search_key = canonical(media.name)[:300]
    media.fold_key = fold(media.name)[:300]


@transaction.atomic
def media_agency_create(
    *,
    actor,
    name: str,
    kind: str,
    unit,
    agency=None,
    managing_body: str = "",
    is_active: bool = True,
    note: str = "",
) -> MediaAgency:
    """Add a media agency to the registry. Raises ValidationError by field name."""
    ensure_can(actor, ADD_AGENCY)
    _check_unit_in_area(actor, unit)
    media = MediaAgency(
        name=clean(name),
        kind=kind,
        unit=unit,
        agency=agency,
        managing_body=clean(managing_body),
        is_active=is_active,
        note=(note or "").strip(),
    )
    _set_keys(media)
    _check_no_duplicate(media)
    _check_agency_link(media)
    media.full_clean()
    media.save()
    audit_log(
        actor=actor,
        action="media.agency.created",
        obj=media,
        data={"kind": media.kind, "unit": media.unit_id, "agency": media.agency_id},
    )
    return media


@transaction.atomic
def media_agency_update(*, actor, media_agency: MediaAgency, data: dict[str, Any]) -> MediaAgency:
    """Change the fields given in `data` (of `AGENCY_FIELDS`); audited field by field.
    Moving an agency to another unit needs both units in the actor's area."""
    unknown = set(data) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    media = MediaAgency.objects.select_for_update(of=("self",)).get(pk=media_agency.pk)
    ensure_can(actor, CHANGE_AGENCY, media.unit)
    if "unit" in data:
        _check_unit_in_area(actor, data["unit"])
    changes: dict[str, list[Any]] = {}
    for name, value in data.items():
        if name in ("name", "managing_body"):
            value = clean(value or "")
        elif name == "note":
            value = (value or "").strip()
        if name in ("unit", "agency"):
            old_id = getattr(media, f"{name}_id")
            new_id = value.pk if value is not None else None
            if old_id != new_id:
                changes[name] = [old_id, new_id]
                setattr(media, name, value)
            continue
        old = getattr(media, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(media, name, value)
    if not changes:
        return media
    _set_keys(media)
    _check_no_duplicate(media)
    _check_agency_link(media)
    media.full_clean()
    media.save()
    audit_log(actor=actor, action="media.agency.changed", obj=media, data={"changes": changes})
    return media


# ---------------------------------------------------------------------------------------
# The status recorded for a year
# ---------------------------------------------------------------------------------------


@transaction.atomic
def adoption_set(
    *,
    actor,
    media_agency: MediaAgency,
    year: int,
    status: str | None,
    decided_on: date | None = None,
    decision_ref: str = "",
    note: str = "",
) -> Adoption | None:
    """Record the agency's status for `year` (replacing what was recorded), or with
    `status=None` remove the record so the year's status is derived from its
    self-assessments again. Returns the row (None when removed)."""
    media = MediaAgency.objects.select_for_update(of=("self",)).get(pk=media_agency.pk)
    ensure_can(actor, CHANGE_AGENCY, media.unit)
    existing = Adoption.objects.filter(media_agency=media, year=year).first()
    if status is None or status == "":
        if existing is None:
            return None
        audit_log(
            actor=actor,
            action="media.adoption.cleared",
            obj=media,
            data={"year": year, "status": existing.status, "decision": existing.decision_ref},
        )
        existing.delete()
        return None
    if status not in AdoptionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    row = existing or Adoption(media_agency=media, year=year)
    values = {
        "status": status,
        "decided_on": decided_on,
        "decision_ref": clean(decision_ref or ""),
        "note": (note or "").strip(),
    }
    changes = {
        name: [_plain(getattr(row, name)) if existing else None, _plain(value)]
        for name, value in values.items()
        if existing is None or getattr(row, name) != value
    }
    for name, value in values.items():
        setattr(row, name, value)
    if existing is not None and not changes:
        return row
    if actor is not None and getattr(actor, "is_authenticated", False):
        row.recorded_by = actor
    row.full_clean()
    row.save()
    audit_log(
        actor=actor,
        action="media.adoption.changed" if existing else "media.adoption.recorded",
        obj=media,
        data={"year": year, "changes": changes},
    )
    return row


# ---------------------------------------------------------------------------------------
# Self-assessments and their evidence
# ---------------------------------------------------------------------------------------


def _apply(assessment: Assessment, fields: dict[str, Any]) -> dict[str, list[Any]]:
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown assessment fields: {sorted(unknown)}")
    values = dict(fields)
    if "areas" in values:
        areas = set(values.pop("areas") or ())
        bad = areas - set(SubArea.values)
        if bad:
            raise ValidationError({"areas": _("Unknown sub-area: %(codes)s") % {
                "codes": ", ".join(sorted(bad))}})  # fmt: skip
        for code, name in AREA_FIELDS.items():
            values[name] = code in areas
    for name in ("decision_ref",):
        if name in values:
            values[name] = clean(values[name] or "")
    if "notes" in values:
        values["notes"] = (values["notes"] or "").strip()
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        old = getattr(assessment, name) if assessment.pk else None
        if assessment.pk is None or old != value:
            changes[name] = [_plain(old), _plain(value)]
        setattr(assessment, name, value)
    return changes


def _check_file(upload) -> str:
    name = os.path.basename(getattr(upload, "name", "") or "file")
    if not name.lower().endswith(EVIDENCE_EXTENSIONS):
        raise ValidationError(
            {"evidence": _("%(name)s: choose a PDF, Word, Excel, image or ZIP file.")
             % {"name": name}}
        )  # fmt: skip
    if (getattr(upload, "size", 0) or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {"evidence": _("%(name)s is larger than %(mb)d MB.")
             % {"name": name, "mb": MAX_EVIDENCE_BYTES // (1024 * 1024)}}
        )  # fmt: skip
    return name


def _add_files(assessment: Assessment, files: Iterable[Any], *, actor) -> list[str]:
    uploads = list(files)
    names = [_check_file(upload) for upload in uploads]  # every file first: all or nothing
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    for upload, name in zip(uploads, names, strict=True):
        row = EvidenceFile(
            assessment=assessment, name=name[:255], size=upload.size or 0, uploaded_by=user
        )
        # Every check has passed (fields, then each file) before a file is written.
        row.file.save(name, upload, save=False)
        row.save()
    return names


@transaction.atomic
def assessment_create(
    *, actor, media_agency: MediaAgency, files: Iterable[Any] = (), **fields: Any
) -> Assessment:
    """Record a self-assessment of the agency (fields of `ASSESSMENT_FIELDS`; `areas` is a
    list of sub-area codes) with its evidence files. Raises ValidationError by field."""
    ensure_can(actor, ADD_ASSESSMENT, media_agency.unit)
    assessment = Assessment(media_agency=media_agency)
    if actor is not None and getattr(actor, "is_authenticated", False):
        assessment.recorded_by = actor
    _apply(assessment, fields)
    assessment.full_clean()
    assessment.save()
    added = _add_files(assessment, files, actor=actor)
    audit_log(
        actor=actor,
        action="media.assessment.created",
        obj=media_agency,
        data={
            "assessment": assessment.pk,
            "year": assessment.year,
            "areas": assessment.areas,
            "files": added,
        },
    )
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor,
    assessment: Assessment,
    files: Iterable[Any] = (),
    remove_files: Iterable[EvidenceFile] = (),
    **fields: Any,
) -> Assessment:
    """Change a self-assessment, add evidence files and remove some. All or nothing."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("media_agency__unit")
        .get(pk=assessment.pk)
    )
    media = assessment.media_agency
    ensure_can(actor, CHANGE_ASSESSMENT, media.unit)
    removed = list(remove_files)
    if any(row.assessment_id != assessment.pk for row in removed):
        raise ValidationError({"remove_files": _("This file belongs to another assessment.")})
    changes = _apply(assessment, fields)
    assessment.full_clean()
    if changes:
        assessment.save()
        audit_log(
            actor=actor,
            action="media.assessment.changed",
            obj=media,
            data={"assessment": assessment.pk, "changes": changes},
        )
    added = _add_files(assessment, files, actor=actor)
    if added:
        audit_log(
            actor=actor,
            action="media.evidence.added",
            obj=media,
            data={"assessment": assessment.pk, "files": added},
        )
    for row in removed:
        stored, storage = row.file.name, row.file.storage
        audit_log(
            actor=actor,
            action="media.evidence.removed",
            obj=media,
            data={"assessment": assessment.pk, "file": row.name},
        )
        row.delete()
        transaction.on_commit(functools.partial(storage.delete, stored))
    return assessment
