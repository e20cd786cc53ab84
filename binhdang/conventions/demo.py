"""Demo village conventions for communes of Hải Phòng, reviewed in 2024–2026.

`demo_conventions_load()` is idempotent: a convention already there (same commune, kind,
village and adoption date) is left alone. Refused unless BINHDANG_ALLOW_DEMO_DATA is on.
Communes missing from the database (a partial map) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from binhdang.conventions.choices import (
    ConventionKind,
    ConventionStatus,
    ReviewResult,
    Verdict,
    VillageKind,
)

PROVINCE_CODE = "31"

TEXT_DONG_THAI = """HƯƠNG ƯỚC THÔN ĐÔNG THÁI
Căn cứ Quyết định số 22/2018/QĐ-TTg ngày 08/5/2018 của Thủ tướng Chính phủ về xây dựng,
thực hiện hương ước, quy ước;

Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Mục đích
Hương ước này quy định những việc nên làm, không nên làm của người dân trong thôn nhằm
giữ gìn thuần phong mỹ tục, xây dựng thôn văn minh.
Điều 2. Mọi người dân trong thôn có trách nhiệm thực hiện hương ước này.

Chương II
HÔN NHÂN VÀ GIA ĐÌNH
Điều 3. Cưới hỏi
1. Nam nữ đủ tuổi kết hôn theo quy định của pháp luật được tự do tìm hiểu.
2. Khi cưới, nhà trai phải nộp cho nhà gái một con lợn, năm mươi lít rượu và tiền thách
cưới theo lệ làng.
3. Nghiêm cấm các hành vi sau:
a) Tảo hôn, cưỡng ép kết hôn;
b) Kết hôn cận huyết thống.
Điều 4. Gia đình
1. Người chồng là chủ hộ, có quyền quyết định mọi việc lớn trong gia đình.
2. Vợ chồng cùng nhau nuôi dạy con cái, chăm sóc cha mẹ già.
Điều 5. Những việc phụ nữ không được làm
1. Vào nhà thờ họ trong ngày giỗ tổ.
2. Ngồi mâm trên cùng các cụ ông trong các đám cỗ của làng.
Điều 6. Thừa kế
Đất hương hỏa của gia đình chỉ để lại cho con trai trưởng.

Chương III
ĐIỀU KHOẢN THI HÀNH
Điều 7. Hương ước có hiệu lực kể từ ngày được Chủ tịch Ủy ban nhân dân xã công nhận.
"""

TEXT_AN_LAC = """HƯƠNG ƯỚC LÀNG AN LẠC
(sửa đổi, bổ sung năm 2026)
Điều 1. Hôn nhân
Nam nữ tự nguyện kết hôn theo quy định của pháp luật; không thách cưới, không tổ chức
cưới linh đình.
Điều 2. Gia đình
1. Vợ, chồng bình đẳng trong việc quyết định các công việc của gia đình và cùng đứng tên
trên giấy chứng nhận quyền sử dụng đất.
2. Con trai và con gái đều được hưởng thừa kế theo quy định của pháp luật.
Điều 3. Thờ cúng
Việc thờ cúng tổ tiên do con cháu trong gia đình thỏa thuận; con gái cũng có thể đảm
nhận việc thờ cúng cha mẹ.
Điều 4. Sinh hoạt cộng đồng
Mọi người dân từ đủ 18 tuổi, không phân biệt nam nữ, đều được dự họp và biểu quyết
các công việc của làng.
"""

TEXT_THANH_BINH = """QUY ƯỚC KHU DÂN CƯ THANH BÌNH
1. Các hộ gia đình giữ gìn vệ sinh, thu gom rác thải đúng giờ, đúng nơi quy định.
2. Không hát karaoke gây ồn ào sau 22 giờ.
3. Vợ chồng cùng chia sẻ công việc gia đình, nuôi dạy con cái; nghiêm cấm mọi hành vi
bạo lực gia đình.
4. Khuyến khích phụ nữ tham gia Ban công tác Mặt trận và các tổ chức đoàn thể của khu dân cư.
"""

TEXT_TO_3 = """QUY ƯỚC TỔ DÂN PHỐ SỐ 3
1. Các hộ gia đình thực hiện đăng ký tạm trú cho khách lưu trú qua đêm.
2. Không để vật nuôi thả rông trên đường phố.
3. Con trai, con gái đều được gia đình tạo điều kiện học hành như nhau.
"""


@dataclass(frozen=True)
class DemoConvention:
    unit_code: str
    kind: str
    village_kind: str
    village_name: str
    adopted_on: date
    text: str = ""
    amended_on: date | None = None
    decision_ref: str = ""
    status: str = ConventionStatus.IN_FORCE
    ended_on: date | None = None
    review: dict[str, Any] = field(default_factory=dict)
    confirm_flags: bool = False  # mark every flagged clause as confirmed


DEMO_CONVENTIONS: tuple[DemoConvention, ...] = (
    DemoConvention(
        "11755", ConventionKind.VILLAGE_CHARTER, VillageKind.THON, "Đông Thái",
        date(2005, 4, 2), decision_ref="Quyết định số 18/QĐ-UBND ngày 02/4/2005 của UBND xã",
        status=ConventionStatus.REPLACED, ended_on=date(2016, 3, 15),
    ),
    DemoConvention(
        "11755", ConventionKind.VILLAGE_CHARTER, VillageKind.THON, "Đông Thái",
        date(2016, 3, 15), text=TEXT_DONG_THAI,
        decision_ref="Quyết định số 45/QĐ-UBND ngày 15/3/2016 của UBND xã",
        review={"reviewed_on": date(2025, 6, 20), "reviewer_name": "Tổ rà soát hương ước xã",
                "review_result": ReviewResult.DISCRIMINATION_FOUND, "discriminatory_found": 5,
                "review_note": "Đề nghị thôn sửa đổi khoản 2 Điều 3, khoản 1 Điều 4, "
                               "Điều 5 và Điều 6."},
        confirm_flags=True,
    ),
    DemoConvention(
        "11824", ConventionKind.VILLAGE_CHARTER, VillageKind.LANG, "An Lạc",
        date(2012, 1, 20), text=TEXT_AN_LAC, amended_on=date(2026, 3, 10),
        decision_ref="Quyết định số 12/QĐ-UBND ngày 10/3/2026 của UBND xã",
        review={"reviewed_on": date(2024, 11, 5), "reviewer_name": "Phòng Văn hóa - Xã hội",
                "review_result": ReviewResult.FIXED, "discriminatory_found": 2,
                "clauses_fixed": 2, "fixed_on": date(2026, 3, 10)},
    ),
    DemoConvention(
        "10510", ConventionKind.COMMUNITY_RULES, VillageKind.KHU_DAN_CU, "Thanh Bình",
        date(2019, 5, 10), text=TEXT_THANH_BINH,
        review={"reviewed_on": date(2024, 9, 15), "reviewer_name": "Tổ rà soát phường",
                "review_result": ReviewResult.NO_DISCRIMINATION},
    ),
    DemoConvention(
        "10525", ConventionKind.COMMUNITY_RULES, VillageKind.TO_DAN_PHO, "số 3",
        date(2021, 8, 1), text=TEXT_TO_3,
    ),
)  # fmt: skip


@transaction.atomic
def demo_conventions_load() -> dict[str, int]:
    """Create the demo conventions that are missing. Returns {"created", "existing",
    "skipped"} (skipped: the commune is not in the database)."""
    from binhdang.agencies.models import Agency
    from binhdang.conventions import services
    from binhdang.conventions.models import Convention
    from binhdang.core.text import fold
    from binhdang.geo.models import AdministrativeUnit

    if not settings.BINHDANG_ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo conventions need BINHDANG_ALLOW_DEMO_DATA=1.")
    province = AdministrativeUnit.objects.filter(
        code=PROVINCE_CODE, generation="2025", level="province"
    ).first()
    counts = {"created": 0, "existing": 0, "skipped": 0}
    for demo in DEMO_CONVENTIONS:
        unit = (
            AdministrativeUnit.objects.filter(
                code=demo.unit_code, generation="2025", level="commune", parent=province
            ).first()
            if province is not None
            else None
        )
        if unit is None:
            counts["skipped"] += 1
            continue
        existing = Convention.objects.filter(
            unit=unit, kind=demo.kind, adopted_on=demo.adopted_on
        ).values_list("village_name", flat=True)
        if any(fold(name) == fold(demo.village_name) for name in existing):
            counts["existing"] += 1
            continue
        review = dict(demo.review)
        if review:
            review["reviewer_agency"] = (
                Agency.objects.current().filter(unit=unit, kind="peoples_committee").first()
            )
        convention = services.convention_create(
            actor=None,
            kind=demo.kind,
            village_kind=demo.village_kind,
            village_name=demo.village_name,
            unit=unit,
            adopted_on=demo.adopted_on,
            amended_on=demo.amended_on,
            decision_ref=demo.decision_ref,
            status=demo.status,
            ended_on=demo.ended_on,
            text=demo.text,
            **review,
        )
        if demo.confirm_flags:
            for clause in convention.clauses.filter(flag_count__gt=0):
                services.clause_mark(actor=None, clause=clause, verdict=Verdict.DISCRIMINATORY)
        counts["created"] += 1
    return counts
