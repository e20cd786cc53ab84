"""The phrase resolver, on phrases written the many ways plans write them."""

import unicodedata
from datetime import date

import pytest
from django.utils import translation

from binhdang.agencies.models import Agency
from binhdang.agencies.resolver import resolve_agency_phrase, split_agency_list
from binhdang.agencies.services import agency_create, alias_add

pytestmark = pytest.mark.django_db

D2022 = date(2022, 6, 1)

# Catalogue level (no unit): phrase → catalogue code. Most are not from the seed plans:
# they are how other provinces' plans write the same bodies.
CATALOGUE_CASES = [
    ("Sở Lao động - Thương binh và Xã hội", "so-ldtbxh", "exact"),
    ("Sở LĐTBXH", "so-ldtbxh", "abbreviation"),
    ("Sở LĐ-TB&XH", "so-ldtbxh", "abbreviation"),
    ("Sở LĐ - TB&XH tỉnh", "so-ldtbxh", "abbreviation"),
    ("Sở Lao động, Thương binh và Xã hội", "so-ldtbxh", "exact"),
    ("SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI", "so-ldtbxh", "exact"),
    ("Đề nghị Sở Lao động - Thương binh và Xã hội.", "so-ldtbxh", "exact"),
    ("Sở Văn hoá, Thể thao và Du lịch", "so-vhttdl", "exact"),  # hoá vs hóa
    ("Sở VH,TT&DL", "so-vhttdl", "abbreviation"),
    ("Sở GD&ĐT", "so-gddt", "abbreviation"),
    ("Sở TT&TT", "so-tttt", "abbreviation"),
    ("Sở KH&ĐT", "so-khdt", "abbreviation"),
    ("Sở NN&PTNT", "so-nnptnt", "abbreviation"),
    ("Sở TN&MT", "so-tnmt", "abbreviation"),
    ("Sở Nông nghiệp và Môi trường", "so-nnmt", "exact"),
    ("Sở Dân tộc và Tôn giáo", "so-dttg", "exact"),
    ("Ban Dân tộc tỉnh", "ban-dan-toc", "exact"),
    ("Uỷ ban nhân dân tỉnh", "ubnd-tinh", "exact"),  # uỷ vs ủy
    ("UBND tỉnh", "ubnd-tinh", "abbreviation"),
    ("Hội LHPN tỉnh", "hoi-lhpn", "abbreviation"),
    ("Hội Liên hiệp Phụ nữ Việt Nam tỉnh", "hoi-lhpn", "alias"),
    ("Tỉnh đoàn", "doan-tn", "alias"),
    ("Thành đoàn", "doan-tn", "alias"),
    ("Đoàn TNCS Hồ Chí Minh tỉnh", "doan-tn", "abbreviation"),
    ("Liên đoàn Lao động tỉnh", "ldld", "exact"),
    ("LĐLĐ tỉnh", "ldld", "abbreviation"),
    ("Hội Nông dân tỉnh", "hoi-nong-dan", "exact"),
    ("Hội Cựu chiến binh tỉnh", "hoi-ccb", "exact"),
    ("Ủy ban MTTQ Việt Nam tỉnh", "ubmttq", "abbreviation"),
    ("UBMTTQVN tỉnh", "ubmttq", "abbreviation"),
    ("Công an tỉnh", "cong-an", "exact"),
    ("Bộ CHQS tỉnh", "bo-chqs", "abbreviation"),
    ("Bộ Chỉ huy Quân sự tỉnh", "bo-chqs", "exact"),
    ("Cục Thống kê tỉnh", "thong-ke", "exact"),  # its name until 2/2025
    ("Chi cục Thống kê", "thong-ke", "exact"),
    ("Thống kê tỉnh", "thong-ke", "exact"),
    ("Tòa án nhân dân tỉnh", "toa-an", "exact"),
    ("Viện KSND tỉnh", "vks", "abbreviation"),
    ("Đài PT-TH tỉnh", "dai-ptth", "alias"),
    ("Đài Phát thanh - Truyền hình tỉnh", "dai-ptth", "alias"),
    ("Trung tâm CTXH tỉnh", "trung-tam-ctxh", "abbreviation"),
    ("Quỹ Bảo trợ trẻ em tỉnh", "quy-bao-tro-tre-em", "exact"),
    ("Ban Tuyên giáo Tỉnh ủy", "ban-tuyen-giao", "alias"),
    ("Phòng LĐTBXH huyện", "phong-ldtbxh", "abbreviation"),
    ("Phòng Văn hóa - Xã hội", "phong-vhxh", "exact"),
    ("Bộ Lao động - Thương binh và Xã hội", "bo-ldtbxh", "exact"),
    ("Vụ Bình đẳng giới, Bộ LĐ-TB&XH", "vu-bdg", "exact"),
]


@pytest.mark.parametrize("phrase, code, method", CATALOGUE_CASES)
def test_catalogue_level(phrase, code, method):
    result = resolve_agency_phrase(phrase, on_date=D2022)
    assert result.catalogue_codes == [code], result.message
    assert result.method == method, (phrase, result.method)
    assert result.agencies == []
    assert 0 < result.confidence <= 1


def test_decomposed_unicode_and_tone_placement_give_the_same_answer():
    nfd = unicodedata.normalize("NFD", "Sở Văn hóa, Thể thao và Du lịch")
    assert nfd != "Sở Văn hóa, Thể thao và Du lịch"
    assert resolve_agency_phrase(nfd).catalogue_codes == ["so-vhttdl"]
    assert resolve_agency_phrase("Uỷ ban Mặt trận Tổ quốc").catalogue_codes == ["ubmttq"]
    assert resolve_agency_phrase("Ủy ban Mặt trận Tổ quốc").catalogue_codes == ["ubmttq"]


GROUP_CASES = [
    ("Các sở, ban, ngành, đoàn thể thành phố", "so-ban-nganh-doan-the"),
    ("các sở, ngành", "so-nganh"),
    ("Các Sở/ngành, Đoàn thể TP liên quan", "so-nganh-doan-the"),
    ("UBND các huyện, thị xã, thành phố", "ubnd-cap-huyen"),
    ("Ủy ban nhân dân các quận, huyện", "ubnd-cap-huyen"),
    ("Ủy ban nhân dân các xã, phường, thị trấn", "ubnd-cap-xa"),
    ("UBND các xã, phường, đặc khu", "ubnd-cap-xa"),
    ("các cơ quan thông tin đại chúng", "co-quan-bao-chi"),
    ("các cơ quan báo chí", "co-quan-bao-chi"),
    ("các tổ chức chính trị - xã hội", "to-chuc-ctxh"),
    ("các tổ chức thành viên của Ủy ban MTTQ", "mttq-thanh-vien"),
]


@pytest.mark.parametrize("phrase, group", GROUP_CASES)
def test_group_phrases(phrase, group):
    result = resolve_agency_phrase(phrase, on_date=D2022)
    assert result.is_group and result.group_code == group, result.message
    assert result.method == "group"
    assert result.catalogue_codes


@pytest.mark.parametrize(
    "phrase",
    [
        "các cơ quan, đơn vị có liên quan",
        "các tổ chức có liên quan",
        "các tổ chức liên quan khác",
        "các cơ quan, tổ chức, doanh nghiệp",
    ],
)
def test_catch_all_phrases_are_recognised_but_name_nobody(phrase):
    with translation.override("vi"):
        result = resolve_agency_phrase(phrase)
    assert result.is_catch_all and result.is_group and result.method == "catch_all"
    assert result.agencies == [] and result.catalogue_codes == []
    assert result.confidence < 0.5
    assert "không chỉ cơ quan cụ thể" in result.message
    assert not result.resolved and result.recognised


def test_unresolvable_phrase_says_so_in_vietnamese():
    with translation.override("vi"):
        result = resolve_agency_phrase("Công ty TNHH Một thành viên Sao Mai", on_date=D2022)
    assert not result.resolved and result.confidence == 0 and result.method == "none"
    assert result.message.startswith("Không xác định được cơ quan: “Công ty TNHH")


def test_typos_resolve_by_spelling_with_lower_confidence(loaded):
    result = resolve_agency_phrase(
        "Hội Liên hiệp phụ nor thành phố", unit=loaded.legacy["31"], on_date=D2022
    )
    assert result.method == "fuzzy" and result.catalogue_codes == ["hoi-lhpn"]
    assert result.confidence < 0.8


# --- in the registry ---------------------------------------------------------------


def test_a_2019_plan_names_the_old_department(loaded):
    can_tho = loaded.legacy["92"]
    result = resolve_agency_phrase(
        "Sở Lao động - Thương binh và Xã hội", unit=can_tho, on_date=date(2019, 1, 28)
    )
    [agency] = result.agencies
    assert agency.unit == can_tho and agency.catalogue_code == "so-ldtbxh"
    assert result.confidence == 1.0 and not result.named


@pytest.mark.parametrize("province", ["legacy", "current"])
def test_the_same_phrase_in_2026_points_to_its_successor_and_says_so(loaded, province):
    unit = loaded.legacy["92"] if province == "legacy" else loaded.current["92"]
    with translation.override("vi"):
        result = resolve_agency_phrase("Sở LĐ-TB&XH", unit=unit, on_date=date(2026, 1, 1))
    [agency] = result.agencies
    assert agency.catalogue_code == "so-noi-vu"
    assert agency.unit == loaded.current["92"] and agency.valid_to is None
    assert result.named[0].catalogue_code == "so-ldtbxh"
    assert "cơ quan kế thừa Sở Nội vụ thành phố Cần Thơ" in result.message
    assert any("bình đẳng giới" in step and "Sở Y tế" in step for step in result.steps)
    assert result.confidence < 1


def test_a_current_unit_with_an_old_date_uses_the_old_province(loaded):
    result = resolve_agency_phrase("Sở Y tế", unit=loaded.current["24"], on_date=date(2022, 3, 13))
    [agency] = result.agencies
    assert agency.unit == loaded.legacy["24"]  # Bắc Giang, which kept the code 24
    assert agency.full_name == "Sở Y tế tỉnh Bắc Giang"


def test_a_phrase_for_a_body_that_did_not_exist_yet(loaded):
    result = resolve_agency_phrase(
        "Sở Nông nghiệp và Môi trường", unit=loaded.legacy["31"], on_date=date(2020, 1, 1)
    )
    [agency] = result.agencies
    assert agency.valid_from == date(2025, 3, 1)
    assert result.confidence <= 0.6
    assert any("01/03/2025" in step for step in result.steps)


def test_level_qualifier_picks_the_level(loaded):
    district = loaded.districts["303"]
    own = resolve_agency_phrase("Ủy ban nhân dân quận", unit=district, on_date=D2022)
    assert [a.name for a in own.agencies] == ["Ủy ban nhân dân quận Hồng Bàng"]
    city = resolve_agency_phrase("Ủy ban nhân dân thành phố", unit=district, on_date=D2022)
    assert [a.name for a in city.agencies] == ["Ủy ban nhân dân thành phố Hải Phòng"]
    assert city.level == "province" and own.level == "district"
    # A district body in a province plan: the plan does not say which district.
    vague = resolve_agency_phrase("Phòng Y tế huyện", unit=loaded.legacy["31"], on_date=D2022)
    assert vague.agencies == [] and vague.catalogue_codes == ["phong-y-te"]


def test_district_committees_group_is_exactly_the_province_districts(loaded):
    result = resolve_agency_phrase(
        "Ủy ban nhân dân các quận, huyện", unit=loaded.legacy["31"], on_date=D2022
    )
    assert sorted(a.name for a in result.agencies) == [
        "Ủy ban nhân dân huyện Thuỷ Nguyên",
        "Ủy ban nhân dân quận Hồng Bàng",
        "Ủy ban nhân dân quận Ngô Quyền",
    ]


def test_after_july_2025_district_committees_give_way_to_communes(loaded):
    with translation.override("vi"):
        result = resolve_agency_phrase(
            "UBND các quận, huyện", unit=loaded.current["31"], on_date=date(2026, 1, 1)
        )
    assert {a.catalogue_code for a in result.agencies} == {"ubnd-xa"}
    assert {a.unit.parent for a in result.agencies} == {loaded.current["31"]}
    assert any("30/06/2025" in step for step in result.steps)


def test_group_members_follow_the_date(loaded):
    hp = loaded.legacy["31"]
    before = resolve_agency_phrase("các sở, ban, ngành thành phố", unit=hp, on_date=D2022)
    after = resolve_agency_phrase(
        "các sở, ban, ngành thành phố", unit=loaded.current["31"], on_date=date(2026, 1, 1)
    )
    codes_before = {a.catalogue_code for a in before.agencies}
    codes_after = {a.catalogue_code for a in after.agencies}
    assert "so-ldtbxh" in codes_before and "so-nnmt" not in codes_before
    assert "so-ldtbxh" not in codes_after and "so-nnmt" in codes_after
    assert {a.unit for a in after.agencies} == {loaded.current["31"]}


def test_media_group_in_the_registry(loaded):
    result = resolve_agency_phrase(
        "các cơ quan thông tin đại chúng", unit=loaded.legacy["92"], on_date=date(2019, 1, 28)
    )
    assert sorted(a.full_name for a in result.agencies) == [
        "Báo Cần Thơ",
        "Đài Phát thanh và Truyền hình Cần Thơ",
    ]


def test_a_place_in_the_phrase_finds_the_province_without_a_unit(loaded):
    result = resolve_agency_phrase("Báo Cần Thơ", on_date=date(2019, 1, 28))
    assert [a.full_name for a in result.agencies] == ["Báo Cần Thơ"]
    assert result.agencies[0].unit == loaded.legacy["92"]


def test_agencies_added_by_administrators_resolve_by_name_and_alias(loaded):
    unit = loaded.current["31"]
    agency = agency_create(
        actor=None, unit=unit, kind="public_service", name="Trung tâm Dịch vụ việc làm"
    )
    alias_add(agency=agency, alias="TT DVVL", actor=None)
    for phrase in ("Trung tâm Dịch vụ việc làm thành phố", "TT DVVL"):
        result = resolve_agency_phrase(phrase, unit=unit, on_date=date(2026, 1, 1))
        assert result.agencies == [agency], phrase
        assert result.method == "registry"


def test_an_ended_agency_without_successor_is_reported(loaded):
    unit = loaded.current["31"]
    agency = Agency.objects.get(unit=unit, catalogue_code="quy-bao-tro-tre-em")
    Agency.objects.filter(pk=agency.pk).update(valid_to=date(2025, 12, 31))
    with translation.override("vi"):
        result = resolve_agency_phrase("Quỹ Bảo trợ trẻ em", unit=unit, on_date=date(2026, 6, 1))
    assert result.agencies == []
    assert any("chưa có cơ quan kế thừa" in step for step in result.steps)


# --- splitting lists -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, phrases",
    [
        (
            "Sở Y tế, Hội Liên hiệp phụ nor thành phố và Ủy ban nhân dân các quận, huyện",
            ["Sở Y tế", "Hội Liên hiệp phụ nor thành phố", "Ủy ban nhân dân các quận, huyện"],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"],
        ),
        (
            "Sở Lao động, Thương binh và Xã hội và Sở Kế hoạch và Đầu tư.",
            ["Sở Lao động, Thương binh và Xã hội", "Sở Kế hoạch và Đầu tư"],
        ),
        (
            "Các sở, ban, ngành, đoàn thể thành phố và Ủy ban nhân dân các quận, huyện.",
            ["Các sở, ban, ngành, đoàn thể thành phố", "Ủy ban nhân dân các quận, huyện"],
        ),
        (
            "Ban Quản lý Khu Kinh tế, các tổ chức có liên quan",
            ["Ban Quản lý Khu Kinh tế", "các tổ chức có liên quan"],
        ),
        (
            "Đề nghị Uỷ ban Mặt trận Tổ quốc và các Tổ chức chính trị - xã hội Huyện",
            ["Uỷ ban Mặt trận Tổ quốc", "các Tổ chức chính trị - xã hội Huyện"],
        ),
        (
            "Đài Phát thanh và Truyền hình Hải Phòng, Báo Hải Phòng, Cổng Thông tin điện tử "
            "thành phố",
            [
                "Đài Phát thanh và Truyền hình Hải Phòng",
                "Báo Hải Phòng",
                "Cổng Thông tin điện tử thành phố",
            ],
        ),
        (
            "Trung tâm Văn hóa, Thông tin và Thể thao huyện, Sở Y tế",
            ["Trung tâm Văn hóa, Thông tin và Thể thao huyện", "Sở Y tế"],
        ),
    ],
)
def test_split_agency_list(text, phrases):
    assert split_agency_list(text) == phrases


def test_split_then_resolve_a_whole_line(loaded):
    line = (
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố, Hội Liên hiệp phụ nữ thành phố, Liên "
        "đoàn Lao động thành phố, Liên hiệp các tổ chức hữu nghị thành phố, Phòng Thương mại "
        "và Công nghiệp Việt Nam chi nhánh Cần Thơ và các tổ chức thành viên khác của Ủy ban "
        "Mặt trận Tổ quốc Việt Nam thành phố"
    )
    unit = loaded.legacy["92"]
    phrases = split_agency_list(line, unit=unit)
    assert len(phrases) == 6
    results = [resolve_agency_phrase(p, unit=unit, on_date=date(2019, 1, 28)) for p in phrases]
    assert [r.catalogue_codes[0] for r in results[:5]] == [
        "ubmttq",
        "hoi-lhpn",
        "ldld",
        "lh-huu-nghi",
        "vcci",
    ]
    assert results[5].group_code == "mttq-thanh-vien"
