"""Demo registry data: the model sites Cần Thơ's 2019 plan names (seed 004,
262/KH-SLĐTBXH), a few in Hải Phòng, two inspections and awards of the 2025 mid-term review.

The Cần Thơ sites are in the communes as they were in 2019 (before the 1/7/2025 reform),
found among the units `binhdang setup` loads by their code and checked by name (or by name
alone); whatever is missing (a unit, an agency, the sample plan) is skipped or left empty.
Everything goes through the services as the system, and a record already there is left
alone, so loading twice adds nothing. The inspections and awards (names, numbers, dates)
are illustrations, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from binhdang.core.text import fold
from binhdang.registries import services
from binhdang.registries.choices import (
    AwardForm,
    FollowUpStatus,
    InspectionKind,
    ModelType,
    RecipientKind,
    Review,
    Sex,
    SiteMode,
    SiteStatus,
)
from binhdang.registries.models import Award, Inspection, ModelSite

DEMO_NOTE = "Dữ liệu minh họa."
CT_PLAN_NUMBER = "262/KH-SLĐTBXH"

CONVENTIONS = "Hỗ trợ xã, phường xây dựng, sửa đổi quy ước đảm bảo các nguyên tắc bình đẳng giới"
GBV_HARM = "Ngăn ngừa và giảm thiểu tác hại của bạo lực trên cơ sở giới"
WORKERS_CLUB = "Câu lạc bộ Nữ công nhân nhà trọ"


@dataclass(frozen=True)
class DemoSite:
    commune: str  # the name as the plan writes it
    district: str  # its district before 1/7/2025 ("" for Hải Phòng's current communes)
    code: str  # the commune's code (pre-2025 code for Cần Thơ)
    model_type: str
    name: str
    mode: str
    start_year: int
    activity_words: str  # words of the plan activity the site carries out
    lead: str  # catalogue code of the lead agency (in the province)
    type_other: str = ""
    end_year: int | None = None
    status: str = SiteStatus.ACTIVE
    members: tuple[int | None, int | None] = (None, None)
    note: str = ""


_BEFORE_2019 = "Đã có trước năm 2019; Kế hoạch 262/KH-SLĐTBXH tiếp tục duy trì."
_REPLICATED_2019 = "Nhân rộng theo Kế hoạch 262/KH-SLĐTBXH năm 2019."
_NEW_2019 = "Xây dựng mới theo Kế hoạch 262/KH-SLĐTBXH năm 2019 (khu công nghiệp, khu chế xuất)."

CAN_THO_SITES: tuple[DemoSite, ...] = (
    *(
        DemoSite(commune, district, code, ModelType.OTHER, CONVENTIONS, SiteMode.MAINTAIN, 2018,
                 "quy ước", "so-ldtbxh", type_other="Mô hình hỗ trợ xây dựng, sửa đổi quy ước",
                 note=_BEFORE_2019)
        for commune, district, code in (
            ("Phường Tân An", "Quận Ninh Kiều", "31135"),
            ("Phường Bình Thủy", "Quận Bình Thủy", "31168"),
            ("Xã Đông Thuận", "Huyện Thới Lai", "31282"),
            ("Xã Vĩnh Trinh", "Huyện Vĩnh Thạnh", "31237"),
            ("Xã Trung Hưng", "Huyện Cờ Đỏ", "31255"),
        )
    ),
    *(
        DemoSite(commune, district, code, ModelType.OTHER, CONVENTIONS, SiteMode.REPLICATE, 2019,
                 "quy ước", "so-ldtbxh", type_other="Mô hình hỗ trợ xây dựng, sửa đổi quy ước",
                 note=_REPLICATED_2019)
        for commune, district, code in (
            ("Phường Hưng Phú", "Quận Cái Răng", "31189"),
            ("Phường Trường Lạc", "Quận Ô Môn", "31165"),
            ("Phường Tân Hưng", "Quận Thốt Nốt", "31227"),
            ("Xã Trường Long", "Huyện Phong Điền", "31309"),
        )
    ),
    DemoSite("Xã Thới Đông", "Huyện Cờ Đỏ", "31276", ModelType.OTHER, GBV_HARM, SiteMode.MAINTAIN,
             2018, "Ngăn ngừa và giảm thiểu", "so-ldtbxh",
             type_other="Mô hình ngăn ngừa bạo lực trên cơ sở giới", note=_BEFORE_2019),
    *(
        DemoSite(commune, district, code, ModelType.CLUB, WORKERS_CLUB, SiteMode.NEW, 2019,
                 "Nữ công nhân nhà trọ", "so-ldtbxh", note=_NEW_2019)
        for commune, district, code in (
            ("Phường Trà Nóc", "Quận Bình Thủy", "31171"),
            ("Phường Phước Thới", "Quận Ô Môn", "31162"),
            ("Phường Thới Thuận", "Quận Thốt Nốt", "31210"),
        )
    ),
)  # fmt: skip

HAI_PHONG_SITES: tuple[DemoSite, ...] = (
    DemoSite("Phường Thành Đông", "", "10510", ModelType.CLUB, "Câu lạc bộ Gia đình hạnh phúc",
             SiteMode.MAINTAIN, 2021, "mô hình", "hoi-lhpn", members=(28, 12), note=DEMO_NOTE),
    DemoSite("Phường Hồng Bàng", "", "11311", ModelType.TRUSTED_ADDRESS,
             "Địa chỉ tin cậy tại cộng đồng phường Hồng Bàng", SiteMode.NEW, 2025, "mô hình",
             "hoi-lhpn", note=DEMO_NOTE),
    DemoSite("Phường Lê Chân", "", "11383", ModelType.GBV_GROUP,
             "Nhóm phòng chống bạo lực trên cơ sở giới", SiteMode.REPLICATE, 2024, "mô hình",
             "hoi-lhpn", members=(15, 9), note=DEMO_NOTE),
    DemoSite("Phường Hải Dương", "", "10525", ModelType.DV_PREVENTION,
             "Mô hình phòng, chống bạo lực gia đình khu dân cư", SiteMode.MAINTAIN, 2020,
             "mô hình", "hoi-lhpn", end_year=2023, status=SiteStatus.ENDED, note=DEMO_NOTE),
)  # fmt: skip


def _units():
    from binhdang.geo.models import AdministrativeUnit

    return AdministrativeUnit.objects


def _commune(site: DemoSite, *, legacy: bool, province: str):
    """The commune of a demo site: by code, checked by name; else by name (and district)."""
    from binhdang.geo.choices import Generation, UnitLevel
    from binhdang.geo.selectors import unit_search_filter

    generation = Generation.LEGACY if legacy else Generation.CURRENT
    prefix = f"L{province}/" if legacy else f"{province}/"
    communes = _units().filter(
        generation=generation, level=UnitLevel.COMMUNE, path__startswith=prefix
    )
    by_code = communes.filter(code=site.code).select_related("parent").first()
    if by_code is not None and fold(by_code.name) == fold(site.commune):
        return by_code
    for unit in unit_search_filter(communes, site.commune).select_related("parent")[:10]:
        if getattr(unit, "search_rank", 1) != 0:
            continue
        if not site.district or (unit.parent and fold(unit.parent.name) == fold(site.district)):
            return unit
    return None


def _agency(unit, catalogue_code: str):
    from binhdang.agencies.models import Agency

    if unit is None:
        return None
    return Agency.objects.filter(unit=unit, catalogue_code=catalogue_code).order_by("pk").first()


def _province(code: str, *, legacy: bool):
    from binhdang.geo.choices import Generation, UnitLevel

    generation = Generation.LEGACY if legacy else Generation.CURRENT
    return _units().filter(generation=generation, level=UnitLevel.PROVINCE, code=code).first()


def _plan_and_activities(plan):
    if plan is None:
        return None, []
    from binhdang.plans.models import Activity

    return plan, list(Activity.objects.filter(task__plan=plan).order_by("task__order", "order"))


def _activity(activities, words: str):
    key = fold(words)
    return next((a for a in activities if key in fold(a.title)), None)


def _load_sites(sites, *, legacy: bool, province: str, plan, counts: dict[str, int]) -> None:
    plan, activities = _plan_and_activities(plan)
    province_unit = _province(province, legacy=legacy)
    for site in sites:
        unit = _commune(site, legacy=legacy, province=province)
        if unit is None:
            counts["skipped"] += 1
            continue
        if ModelSite.objects.filter(unit=unit, name=site.name, start_year=site.start_year).exists():
            counts["existing"] += 1
            continue
        services.model_site_create(
            actor=None,
            model_type=site.model_type,
            type_other=site.type_other,
            name=site.name,
            unit=unit,
            lead_agency=_agency(province_unit, site.lead),
            plan=plan,
            activity=_activity(activities, site.activity_words),
            mode=site.mode,
            start_year=site.start_year,
            end_year=site.end_year,
            status=site.status,
            members_female=site.members[0],
            members_male=site.members[1],
            note=site.note,
        )
        counts["created"] += 1


def _load_inspections(counts: dict[str, int]) -> None:
    hp = _province("31", legacy=False)
    ct_old = _province("92", legacy=True)
    thanh_dong = _units().filter(generation="2025", code="10510", path__startswith="31/").first()
    wanted: list[dict[str, Any]] = [
        {
            "kind": InspectionKind.INSPECTION,
            "date": date(2025, 10, 15),
            "inspecting_agency": _agency(hp, "so-noi-vu"),
            "inspected_agency": _agency(thanh_dong, "ubnd-xa"),
            "subject": "Kiểm tra việc thực hiện Kế hoạch truyền thông về bình đẳng giới năm 2025.",
            "findings": "Đã ban hành kế hoạch và tổ chức 4 hoạt động truyền thông. " + DEMO_NOTE,
            "violations_count": 1,
            "violations": "Báo cáo năm 2024 chưa có số liệu tách biệt theo giới.",
            "recommendations": "Bổ sung số liệu tách biệt giới trong báo cáo năm 2025.",
            "follow_up_due": date(2025, 12, 10),
            "follow_up_status": FollowUpStatus.IN_PROGRESS,
            "document_ref": "15/BB-SNV",
        },
        {
            "kind": InspectionKind.SUPERVISION,
            "date": date(2019, 11, 20),
            "inspecting_agency": _agency(ct_old, "ubmttq"),
            "inspected_agency": _agency(ct_old, "so-vhttdl"),
            "subject": "Giám sát việc chỉ đạo thực hiện Mô hình hỗ trợ xã, phường xây dựng, sửa "
            "đổi quy ước đảm bảo nguyên tắc bình đẳng giới (Kế hoạch 262/KH-SLĐTBXH).",
            "findings": "Các xã, phường duy trì mô hình đều rà soát quy ước. " + DEMO_NOTE,
            "recommendations": "Hướng dẫn các xã, phường nhân rộng hoàn thành sửa đổi quy ước.",
            "follow_up_status": FollowUpStatus.DONE,
            "follow_up_note": "Đã hướng dẫn trong năm 2020.",
            "document_ref": "08/BC-MTTQ",
        },
    ]
    for fields in wanted:
        if fields["inspecting_agency"] is None or fields["inspected_agency"] is None:
            counts["skipped"] += 1
            continue
        if Inspection.objects.filter(
            document_ref=fields["document_ref"], inspected_agency=fields["inspected_agency"]
        ).exists():
            counts["existing"] += 1
            continue
        services.inspection_create(actor=None, **fields)
        counts["created"] += 1


def _load_awards(counts: dict[str, int]) -> None:
    hp = _province("31", legacy=False)
    thanh_dong = _units().filter(generation="2025", code="10510", path__startswith="31/").first()
    tan_an = _units().filter(generation="2025", code="31147", path__startswith="92/").first()
    chairman_hp = "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    director_hp = "Giám đốc Sở Nội vụ thành phố Hải Phòng"
    wanted: list[dict[str, Any]] = [
        {"recipient_kind": RecipientKind.COLLECTIVE,
         "recipient_name": "Hội Liên hiệp Phụ nữ thành phố Hải Phòng",
         "recipient_agency": _agency(hp, "hoi-lhpn"), "unit": hp,
         "award_form": AwardForm.CERTIFICATE_OF_MERIT, "awarding_body": chairman_hp,
         "decision_number": "2150/QĐ-UBND", "decision_date": date(2025, 11, 28)},
        {"recipient_kind": RecipientKind.COLLECTIVE,
         "recipient_name": "Ủy ban nhân dân phường Thành Đông",
         "recipient_agency": _agency(thanh_dong, "ubnd-xa"), "unit": thanh_dong,
         "award_form": AwardForm.COMMENDATION, "awarding_body": director_hp,
         "decision_number": "312/QĐ-SNV", "decision_date": date(2025, 11, 25)},
        {"recipient_kind": RecipientKind.INDIVIDUAL, "recipient_name": "Nguyễn Thị Thu Hà",
         "recipient_agency": _agency(hp, "so-noi-vu"), "unit": hp, "sex": Sex.FEMALE,
         "award_form": AwardForm.CERTIFICATE_OF_MERIT, "awarding_body": chairman_hp,
         "decision_number": "2150/QĐ-UBND", "decision_date": date(2025, 11, 28)},
        {"recipient_kind": RecipientKind.INDIVIDUAL, "recipient_name": "Trần Văn Bình",
         "recipient_agency": _agency(thanh_dong, "ubnd-xa"), "unit": thanh_dong,
         "sex": Sex.MALE, "award_form": AwardForm.COMMENDATION, "awarding_body": director_hp,
         "decision_number": "312/QĐ-SNV", "decision_date": date(2025, 11, 25)},
        {"recipient_kind": RecipientKind.COLLECTIVE,
         "recipient_name": "Ủy ban nhân dân phường Tân An",
         "recipient_agency": _agency(tan_an, "ubnd-xa"), "unit": tan_an,
         "award_form": AwardForm.CERTIFICATE_OF_MERIT,
         "awarding_body": "Chủ tịch Ủy ban nhân dân thành phố Cần Thơ",
         "decision_number": "1870/QĐ-UBND", "decision_date": date(2025, 12, 5)},
    ]  # fmt: skip
    for fields in wanted:
        if fields["unit"] is None:
            counts["skipped"] += 1
            continue
        if Award.objects.filter(
            decision_number=fields["decision_number"], recipient_name=fields["recipient_name"]
        ).exists():
            counts["existing"] += 1
            continue
        services.award_create(
            actor=None,
            review=Review.MIDTERM,
            year=2025,
            achievement="Có thành tích trong 5 năm thực hiện Chương trình truyền thông về bình "
            "đẳng giới giai đoạn 2021–2025. " + DEMO_NOTE,
            **fields,
        )
        counts["created"] += 1


@transaction.atomic
def demo_registries_load() -> dict[str, dict[str, int]]:
    """Load the demo model sites, inspections and awards that are not there yet.

    Returns the counts by registry: {"model_sites": {"created", "existing", "skipped"}, …}.
    """
    from binhdang.plans.models import Plan

    if not settings.BINHDANG_ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo registries need BINHDANG_ALLOW_DEMO_DATA=1.")
    result = {
        name: {"created": 0, "existing": 0, "skipped": 0}
        for name in ("model_sites", "inspections", "awards")
    }
    ct_plan = Plan.objects.filter(doc_number=CT_PLAN_NUMBER).order_by("pk").first()
    hp_plan = (
        Plan.objects.filter(unit__code="31", unit__generation="2025", kind="programme")
        .order_by("pk")
        .first()
    )
    _load_sites(
        CAN_THO_SITES, legacy=True, province="92", plan=ct_plan, counts=result["model_sites"]
    )
    _load_sites(
        HAI_PHONG_SITES, legacy=False, province="31", plan=hp_plan, counts=result["model_sites"]
    )
    _load_inspections(result["inspections"])
    _load_awards(result["awards"])
    return result
