"""Demo media agencies of Hải Phòng, for `binhdang setup --demo`.

`demo_media_load()` adds the provincial newspaper and radio-TV station (linked to their
rows of the agency catalogue when those exist), two commune culture-information centres,
their statuses for 2023–2026 and one self-assessment. It only adds what is missing: a
second run changes nothing, and nothing an administrator changed is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from binhdang.core.text import canonical
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit
from binhdang.media.choices import AdoptionStatus, MediaKind
from binhdang.media.models import Adoption, Assessment, MediaAgency

PROVINCE_CODE = "31"  # Thành phố Hải Phòng
# Communes of the demo users (tests/world.py uses the same): Thành Đông, Hải Dương.
COMMUNE_CODES = ("10510", "10525")
YEARS = (2023, 2024, 2025, 2026)


@dataclass(frozen=True)
class DemoStatus:
    status: str
    decided_on: date | None = None
    decision_ref: str = ""


PILOT, OFFICIAL = AdoptionStatus.PILOT, AdoptionStatus.OFFICIAL


def _centre_name(unit: AdministrativeUnit) -> str:
    return f"Trung tâm Văn hóa, Thông tin và Thể thao {unit.name.replace('Phường', 'phường')}"


def _communes(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    communes = AdministrativeUnit.objects.filter(
        generation=Generation.CURRENT, level=UnitLevel.COMMUNE, parent=province
    )
    picked = list(communes.filter(code__in=COMMUNE_CODES).order_by("code"))
    if len(picked) < 2:
        picked += list(communes.exclude(pk__in=[u.pk for u in picked]).order_by("code")[:2])
    return picked[:2]


def _catalogue_agency(province: AdministrativeUnit, code: str):
    from binhdang.agencies.models import Agency

    return (
        Agency.objects.current()
        .filter(unit=province, catalogue_code=code, media_agency__isnull=True)
        .first()
    )


@transaction.atomic
def demo_media_load() -> dict[str, int]:
    """Create the demo media agencies, statuses and assessment that are missing.

    Returns counts: {"agencies": added, "statuses": added, "assessments": added}. Does
    nothing (zeros) when Hải Phòng is not loaded.
    """
    from binhdang.media.services import adoption_set, assessment_create, media_agency_create

    if not settings.BINHDANG_ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo media agencies need BINHDANG_ALLOW_DEMO_DATA=1.")
    counts = {"agencies": 0, "statuses": 0, "assessments": 0}
    province = AdministrativeUnit.objects.filter(
        generation=Generation.CURRENT, level=UnitLevel.PROVINCE, code=PROVINCE_CODE
    ).first()
    if province is None:
        return counts
    communes = _communes(province)
    managing = "Ủy ban nhân dân thành phố Hải Phòng"
    specs: list[tuple[str, str, AdministrativeUnit, str, str, dict[int, DemoStatus]]] = [
        ("Báo Hải Phòng", MediaKind.NEWSPAPER, province, "bao", "Thành ủy Hải Phòng", {
            2024: DemoStatus(PILOT),
            2025: DemoStatus(PILOT),
            2026: DemoStatus(OFFICIAL, date(2026, 1, 15), "05/QĐ-BHP"),
        }),
        ("Đài Phát thanh và Truyền hình Hải Phòng", MediaKind.RADIO_TV, province, "dai-ptth",
         managing, {
            2023: DemoStatus(PILOT),
            2024: DemoStatus(PILOT),
            2025: DemoStatus(OFFICIAL, date(2025, 2, 20), "12/QĐ-PTTH"),
            2026: DemoStatus(OFFICIAL, date(2025, 2, 20), "12/QĐ-PTTH"),
        }),
    ]  # fmt: skip
    for i, commune in enumerate(communes):
        statuses = {2025: DemoStatus(PILOT), 2026: DemoStatus(PILOT)} if i == 0 else {}
        specs.append(
            (
                _centre_name(commune),
                MediaKind.LOCAL_CENTRE,
                commune,
                "",
                f"Ủy ban nhân dân {commune.name.replace('Phường', 'phường')}",
                statuses,
            )
        )

    station = None
    for name, kind, unit, catalogue_code, body, statuses in specs:
        media = MediaAgency.objects.filter(unit=unit, search_key=canonical(name)[:300]).first()
        if media is None:
            media = media_agency_create(
                actor=None,
                name=name,
                kind=kind,
                unit=unit,
                agency=_catalogue_agency(unit, catalogue_code) if catalogue_code else None,
                managing_body=body,
            )
            counts["agencies"] += 1
        if kind == MediaKind.RADIO_TV:
            station = media
        for year in YEARS:
            wanted = statuses.get(year)
            if wanted is None or Adoption.objects.filter(media_agency=media, year=year).exists():
                continue
            adoption_set(
                actor=None,
                media_agency=media,
                year=year,
                status=wanted.status,
                decided_on=wanted.decided_on,
                decision_ref=wanted.decision_ref,
            )
            counts["statuses"] += 1

    if (
        station is not None
        and not Assessment.objects.filter(media_agency=station, year=2025).exists()
    ):
        assessment_create(
            actor=None,
            media_agency=station,
            year=2025,
            assessed_on=date(2025, 12, 5),
            areas=["A1", "A2", "A3", "A4", "A5", "B1", "B2"],
            decision_ref="12/QĐ-PTTH",
            leaders_female=4,
            leaders_male=9,
            staff_female=86,
            staff_male=104,
            sources_female=312,
            sources_male=688,
            experts_female=45,
            experts_male=115,
            presenters_female=14,
            presenters_male=11,
            items_reviewed=1200,
            items_gender_topic=96,
            items_stereotyped=18,
            notes="Tự đánh giá theo Bộ chỉ số về giới trong truyền thông, mẫu báo cáo dành cho "
            "cơ quan truyền thông; rà soát tin, bài thời sự quý IV năm 2025.",
        )
        counts["assessments"] += 1
    return counts
