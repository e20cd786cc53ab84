"""Level words, short names and the normalisation of what people type in the search box."""

import unicodedata

import pytest

from binhdang.geo.names import match_key, search_terms, short_name, split_level


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Thành phố Hải Phòng", ("thành phố", "Hải Phòng")),
        ("Tỉnh Hoà Bình", ("tỉnh", "Hoà Bình")),
        ("Phường Thành Đông", ("phường", "Thành Đông")),
        ("Thị trấn NT Mộc Châu", ("thị trấn", "NT Mộc Châu")),
        ("Thị xã Kinh Môn", ("thị xã", "Kinh Môn")),
        ("Đặc khu Bạch Long Vĩ", ("đặc khu", "Bạch Long Vĩ")),
        ("Xã Xà Phìn", ("xã", "Xà Phìn")),
        ("Hải Phòng", ("", "Hải Phòng")),
    ],
)
def test_split_level_takes_the_level_word_off(name, expected):
    assert split_level(name) == expected


def test_short_name_keeps_the_level_word_when_only_a_number_would_remain():
    assert short_name("Phường 4") == "Phường 4"
    assert short_name("Phường 1 Bảo Lộc") == "1 Bảo Lộc"
    assert short_name("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"


def test_match_key_ignores_level_word_tone_placement_and_unicode_form():
    assert match_key("xã Sơn Thuỷ") == match_key("Sơn Thủy")
    assert match_key(unicodedata.normalize("NFD", "Phường Hoà Bình")) == match_key("Hòa Bình")
    assert match_key("Hòa Bình") != match_key("Hóa Bình")


@pytest.mark.parametrize(
    "query",
    [
        "Hải Phòng",
        "TP. Hải Phòng",
        "TP Hải Phòng",
        "Tp.Hải Phòng",
        "thành phố Hải Phòng",
        "THÀNH PHỐ HẢI PHÒNG",
        unicodedata.normalize("NFD", "Thành phố Hải Phòng"),
    ],
)
def test_every_way_of_writing_hai_phong_gives_the_same_first_key(query):
    terms = search_terms(query)
    assert terms is not None
    assert terms.folded is False
    assert terms.keys[0] == search_terms("Hải Phòng").keys[0]


def test_level_word_typed_points_at_division_types():
    assert search_terms("TP. Hải Phòng").division_types == {"thành phố trung ương", "thành phố"}
    assert search_terms("tỉnh Hòa Bình").division_types == {"tỉnh"}
    assert search_terms("Hải Phòng").division_types == frozenset()


def test_query_without_diacritics_is_folded():
    terms = search_terms("tp hai phong")
    assert terms.folded is True
    assert terms.keys[0] == "hai phong"


def test_a_name_that_starts_like_a_level_word_is_still_found_as_typed():
    """Typed "xa phin" may be "xã Phìn" or "Xà Phìn": both keys are kept."""
    assert search_terms("xa phin").keys == ("phin", "xa phin")
    assert search_terms("Xà Phìn").keys == (search_terms("Xà Phìn").keys[0],)
    assert search_terms("Xà Phìn").division_types == frozenset()


def test_digits_are_a_code_and_blank_is_nothing():
    assert search_terms(" 10510 ").code == "10510"
    assert search_terms("   ") is None
    assert search_terms("...") is None


def test_common_shorthand_for_ho_chi_minh_city():
    assert search_terms("TP.HCM").keys[0] == "ho chi minh"
