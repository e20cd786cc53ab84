"""Vietnamese normalisation: one key whatever the Unicode form or tone placement."""

import unicodedata

import pytest

from binhdang.core.text import canonical, clean, fold


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("hoà", "hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("thuý", "thúy"),
        ("Văn hoá", "Văn hóa"),
        ("khoẻ", "khỏe"),
        ("Sở Lao động – Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở  Y   tế", "sở y tế"),
        (unicodedata.normalize("NFD", "Hải Phòng"), "Hải Phòng"),
        (unicodedata.normalize("NFD", "Uỷ ban"), unicodedata.normalize("NFC", "Ủy ban")),
    ],
)
def test_canonical_ignores_form_placement_case_dashes(a, b):
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("hòa", "hóa"), ("Hà Nam", "Hạ Nam"), ("Ủy", "Uy"), ("mai", "mại")],
)
def test_canonical_keeps_tones_apart(a, b):
    assert canonical(a) != canonical(b)


def test_fold_drops_every_diacritic():
    assert fold("Thành phố Hải Phòng") == "thanh pho hai phong"
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("Uỷ ban") == fold("Ủy ban") == "uy ban"


def test_clean_keeps_case_and_collapses_space():
    assert clean(" Sở\u00a0Y  tế\n") == "Sở Y tế"
