"""A small map for agency tests: the provinces the seed plans come from, before and after 2025.

Old provinces (until 30/6/2025): Hải Phòng 31 and Hải Dương 30 (→ Hải Phòng 31), Bắc Giang
24 and Bắc Ninh 27 (→ Bắc Ninh 24), Cần Thơ 92, Hậu Giang 93 and Sóc Trăng 94 (→ Cần Thơ
92), with a few districts and communes each; the three current provinces with a few
communes, and the commune successions between them. Units follow the geo loader's
conventions (paths "L31/303", `province` = today's province).
"""

from dataclasses import dataclass, field
from datetime import date

import pytest

from binhdang.core.text import canonical, fold
from binhdang.geo.models import AdministrativeUnit, UnitSuccession


def make_unit(code, name, level, *, parent=None, generation="2025", province=None, dtype=""):
    prefix = "L" if generation == "legacy" else ""
    path = f"{parent.path}/{code}" if parent else f"{prefix}{code}"
    short = name.split(" ", 1)[1] if " " in name else name
    for word in ("Thành phố ", "Thị xã ", "Thị trấn ", "Đặc khu "):
        if name.startswith(word):
            short = name[len(word) :]
    unit = AdministrativeUnit.objects.create(
        code=code,
        name=name,
        short_name=short,
        level=level,
        division_type=dtype or level,
        parent=parent,
        generation=generation,
        path=path,
        search_key=canonical(short),
        fold_key=fold(short),
        valid_from=date(2025, 7, 1) if generation == "2025" else None,
        valid_to=None if generation == "2025" else date(2025, 6, 30),
    )
    unit.province = province or (parent.province if parent else unit)
    unit.save(update_fields=["province"])
    return unit


@dataclass
class Map:
    current: dict[str, AdministrativeUnit] = field(default_factory=dict)
    legacy: dict[str, AdministrativeUnit] = field(default_factory=dict)
    districts: dict[str, AdministrativeUnit] = field(default_factory=dict)
    communes: dict[str, AdministrativeUnit] = field(default_factory=dict)
    old_communes: dict[str, AdministrativeUnit] = field(default_factory=dict)


CURRENT = {
    "31": ("Thành phố Hải Phòng", "thành phố trung ương"),
    "24": ("Tỉnh Bắc Ninh", "tỉnh"),
    "92": ("Thành phố Cần Thơ", "thành phố trung ương"),
}
LEGACY = {
    "31": ("Thành phố Hải Phòng", "thành phố trung ương", "31"),
    "30": ("Tỉnh Hải Dương", "tỉnh", "31"),
    "24": ("Tỉnh Bắc Giang", "tỉnh", "24"),
    "27": ("Tỉnh Bắc Ninh", "tỉnh", "24"),
    "92": ("Thành phố Cần Thơ", "thành phố trung ương", "92"),
    "93": ("Tỉnh Hậu Giang", "tỉnh", "92"),
    "94": ("Tỉnh Sóc Trăng", "tỉnh", "92"),
}
DISTRICTS = {  # code: (name, type, old province)
    "303": ("Quận Hồng Bàng", "quận", "31"),
    "304": ("Quận Ngô Quyền", "quận", "31"),
    "311": ("Huyện Thuỷ Nguyên", "huyện", "31"),
    "288": ("Thành phố Hải Dương", "thành phố", "30"),
    "213": ("Thành phố Bắc Giang", "thành phố", "24"),
    "916": ("Quận Ninh Kiều", "quận", "92"),
    "918": ("Quận Bình Thủy", "quận", "92"),
    "925": ("Huyện Cờ Đỏ", "huyện", "92"),
}
OLD_COMMUNES = {  # code: (name, type, district)
    "11311": ("Phường Minh Khai", "phường", "303"),
    "10528": ("Phường Cẩm Thượng", "phường", "288"),
    "31117": ("Phường Tân An", "phường", "916"),
    "31120": ("Phường Xuân Khánh", "phường", "916"),
    "31159": ("Phường Bình Thủy", "phường", "918"),
}
COMMUNES = {  # code: (name, type, current province, old communes merged into it)
    "11311": ("Phường Hồng Bàng", "phường", "31", ("11311",)),
    "10507": ("Phường Thành Đông", "phường", "31", ("10528",)),
    "31117": ("Phường Ninh Kiều", "phường", "92", ("31117", "31120")),
    "31159": ("Phường Bình Thủy", "phường", "92", ("31159",)),
    "07840": ("Phường Bắc Giang", "phường", "24", ()),
}


def build_map() -> Map:
    m = Map()
    for code, (name, dtype) in CURRENT.items():
        m.current[code] = make_unit(code, name, "province", dtype=dtype)
    for code, (name, dtype, new) in LEGACY.items():
        m.legacy[code] = make_unit(
            code, name, "province", generation="legacy", province=m.current[new], dtype=dtype
        )
    for code, (name, dtype, old) in DISTRICTS.items():
        m.districts[code] = make_unit(
            code, name, "district", parent=m.legacy[old], generation="legacy", dtype=dtype
        )
    for code, (name, dtype, district) in OLD_COMMUNES.items():
        m.old_communes[code] = make_unit(
            code, name, "commune", parent=m.districts[district], generation="legacy", dtype=dtype
        )
    for code, (name, dtype, province, olds) in COMMUNES.items():
        unit = make_unit(code, name, "commune", parent=m.current[province], dtype=dtype)
        m.communes[code] = unit
        for old in olds:
            UnitSuccession.objects.create(
                predecessor=m.old_communes[old],
                successor=unit,
                kind="merged",
                effective_date=date(2025, 7, 1),
                legal_basis="1669/NQ-UBTVQH15",
            )
    return m


@pytest.fixture
def small_map(db) -> Map:
    return build_map()


@pytest.fixture
def loaded(small_map) -> Map:
    from binhdang.agencies.services import catalogue_load

    catalogue_load()
    return small_map
