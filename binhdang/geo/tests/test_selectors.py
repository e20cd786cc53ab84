"""Search, code look-up and the unit page's data, always within the user's scope."""

import unicodedata

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.selectors import unit_detail, unit_get_by_code, unit_list, unit_search

pytestmark = pytest.mark.django_db


class Everyone:
    is_authenticated = True
    is_active = True
    is_superuser = True


ALL = Everyone()


def first(query, **kw):
    return unit_search(user=ALL, query=query, **kw).first()


def paths(query, n=5, **kw):
    return [u.path for u in unit_search(user=ALL, query=query, **kw)[:n]]


@pytest.mark.parametrize(
    "query",
    [
        "Hải Phòng",
        "TP. Hải Phòng",
        "TP Hải Phòng",
        "Tp.Hải Phòng",
        "thành phố Hải Phòng",
        "Thành Phố Hải Phòng",
        "hai phong",
        "tp hai phong",
        unicodedata.normalize("NFD", "Thành phố Hải Phòng"),
        unicodedata.normalize("NFD", "hải phòng"),
    ],
)
def test_all_ways_of_writing_hai_phong_find_the_city_first(units, query):
    assert paths(query, 2) == ["31", "L31"]


def test_tone_placement_does_not_matter_for_the_old_province_hoa_binh(units):
    """The 0.6.0 data write "Tỉnh Hoà Bình" (old style); people also type "Hòa"."""
    for query in ("Hoà Bình", "Hòa Bình", "tỉnh Hòa Bình", "Tỉnh Hoà Bình", "hoa binh"):
        assert first(query).path == "L17", query
    old_style = {u.pk for u in unit_search(user=ALL, query="Hoà Bình")}
    new_style = {u.pk for u in unit_search(user=ALL, query="Hòa Bình")}
    assert old_style == new_style
    assert "L17" not in paths("Hóa Bình", 50)  # a different tone is a different name


def test_uy_and_oa_variants_find_communes_written_the_other_way(units):
    assert first("Thủy Nguyên", level=UnitLevel.COMMUNE).name == "Phường Thuỷ Nguyên"
    assert first("Thuỷ Nguyên", level=UnitLevel.COMMUNE).name == "Phường Thuỷ Nguyên"
    assert first("xã Thuận Hòa", generation=Generation.CURRENT).name == "Xã Thuận Hoà"


def test_exact_then_prefix_then_contains(units):
    found = [u.name for u in unit_search(user=ALL, query="Thành Đông", generation="2025")]
    assert found[0] == "Phường Thành Đông"
    prefix = [u for u in unit_search(user=ALL, query="Hải Dươn")]
    assert prefix[0].search_rank == 1
    contains = unit_search(user=ALL, query="Long Vĩ").first()
    assert contains.search_rank == 2 and "Long Vĩ" in contains.name


def test_the_level_word_typed_ranks_that_kind_of_unit_first(units):
    assert first("phường Hoàn Kiếm").name == "Phường Hoàn Kiếm"
    assert first("quận Hoàn Kiếm").name == "Quận Hoàn Kiếm"


def test_a_name_that_looks_like_a_level_word(units):
    assert first("xa phin").name == "Xã Xà Phìn"
    assert first("Xà Phìn").name == "Xã Xà Phìn"


def test_codes_and_filters(units):
    assert first("10510").name == "Phường Thành Đông"
    assert paths("Hải Phòng", generation=Generation.LEGACY) == ["L31"]
    assert unit_search(user=ALL, query="Hải Phòng", level=UnitLevel.COMMUNE).count() == 0


def test_blank_query_returns_everything_in_scope(units):
    assert unit_search(user=ALL, query="  ").count() == 14165


def test_search_is_scoped(units):
    assert unit_search(user=AnonymousUser(), query="Hải Phòng").count() == 0
    assert unit_list(user=AnonymousUser()).count() == 0


def test_unit_get_by_code(units):
    assert unit_get_by_code(user=ALL, code="31").path == "31"
    assert unit_get_by_code(user=ALL, code="1").path == "01"
    assert unit_get_by_code(user=ALL, code=" 10510 ").path == "31/10510"
    assert unit_get_by_code(user=ALL, code="30").path == "L30"  # only on the old map
    assert unit_get_by_code(user=ALL, code="10510", generation=Generation.LEGACY).path == (
        "L30/288/10510"
    )


@pytest.mark.parametrize(
    ("code", "error_code"),
    [("99999", "unknown_code"), ("abc", "invalid_code"), ("1234567", "invalid_code"),
     ("", "invalid_code")],
)  # fmt: skip
def test_unknown_or_malformed_code_is_a_clear_error(units, code, error_code):
    with pytest.raises(ValidationError) as exc:
        unit_get_by_code(user=ALL, code=code)
    assert exc.value.code == error_code
    assert code.strip() in exc.value.messages[0]


def test_unknown_code_message_is_in_vietnamese_by_default(units):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        unit_get_by_code(user=ALL, code="99999")
    assert exc.value.messages[0] == "Không có đơn vị hành chính nào có mã “99999”."


def test_a_code_outside_the_scope_is_not_found(units):
    with pytest.raises(ValidationError, match="99999|31"):
        unit_get_by_code(user=AnonymousUser(), code="31")


def test_unit_detail_of_a_current_commune(units, unit):
    detail = unit_detail(user=ALL, unit=unit("31/10510"))
    assert [a.path for a in detail.ancestors] == ["31"]
    assert {s.predecessor.name for s in detail.predecessors} >= {"Phường Cẩm Thượng"}
    assert detail.successors == []
    assert detail.children.count() == 0


def test_unit_detail_of_a_current_province_leaves_abolished_districts_out_of_the_table(unit):
    detail = unit_detail(user=ALL, unit=unit("31"))
    assert {s.predecessor.path for s in detail.predecessors} == {"L31", "L30"}
    assert detail.abolished_districts == 27  # 15 of Hải Phòng + 12 of Hải Dương
    assert detail.children.count() == 114


def test_unit_detail_of_an_old_commune(unit):
    detail = unit_detail(user=ALL, unit=unit("L30/288/10507"))
    assert [a.path for a in detail.ancestors] == ["L30", "L30/288"]
    assert [s.successor.path for s in detail.successors] == ["31/10510"]
    assert detail.successors[0].legal_basis.startswith("Nghị quyết số 1669/NQ-UBTVQH15")
