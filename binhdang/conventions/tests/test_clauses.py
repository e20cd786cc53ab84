"""Splitting a convention's text into clauses."""

from binhdang.conventions.clauses import split_clauses

TEXT = """HƯƠNG ƯỚC
THÔN ĐÔNG THÁI

Căn cứ Quyết định số 22/2018/QĐ-TTg ngày 08/5/2018 của Thủ tướng Chính phủ về xây dựng,
thực hiện hương ước, quy ước;

Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Mục đích
Hương ước này quy định các việc nên làm, không nên làm của người dân trong thôn,
nhằm giữ gìn thuần phong mỹ tục.
Điều 2: Mọi người dân trong thôn có trách nhiệm thực hiện hương ước này.

CHƯƠNG II: HÔN NHÂN VÀ GIA ĐÌNH
Điều 3. Cưới hỏi
1. Nam nữ đủ tuổi kết hôn theo quy định của pháp luật được tự do tìm hiểu.
2. Khi cưới, nhà trai phải nộp cho nhà gái 3 con trâu và tiền thách cưới theo lệ
làng.
3. Nghiêm cấm các hành vi sau:
a) Tảo hôn, cưỡng ép kết hôn;
b) Kết hôn cận huyết thống.
Điều 4. Thừa kế
Con gái đã đi lấy chồng không được chia tài sản, theo Điều 3 của hương ước cũ năm
2010. Điều 5 của hương ước cũ bị bãi bỏ.
Điều 5 - Hiệu lực
Hương ước có hiệu lực kể từ ngày được công nhận.
"""


def _by_number(clauses):
    return {c.number: c for c in clauses}


def test_articles_paragraphs_and_points():
    clauses = split_clauses(TEXT)
    numbers = [c.number for c in clauses]
    assert numbers == [
        "",
        "Điều 1",
        "Điều 2",
        "Điều 3, khoản 1",
        "Điều 3, khoản 2",
        "Điều 3, khoản 3, điểm a",
        "Điều 3, khoản 3, điểm b",
        "Điều 4",
        "Điều 5",
    ]
    by = _by_number(clauses)
    assert by[""].text.startswith("HƯƠNG ƯỚC\nTHÔN ĐÔNG THÁI\nCăn cứ")
    assert by["Điều 1"].heading == "Mục đích"
    assert by["Điều 2"].heading == ""
    assert by["Điều 2"].text == "Mọi người dân trong thôn có trách nhiệm thực hiện hương ước này."
    # A list lead-in leads its points, after the article's title.
    assert by["Điều 3, khoản 3, điểm a"].heading == "Cưới hỏi\nNghiêm cấm các hành vi sau:"
    assert by["Điều 3, khoản 3, điểm a"].text == "Tảo hôn, cưỡng ép kết hôn;"
    assert by["Điều 5"].heading == "Hiệu lực"


def test_lines_broken_inside_a_sentence_are_joined():
    by = _by_number(split_clauses(TEXT))
    assert by["Điều 1"].text == (
        "Hương ước này quy định các việc nên làm, không nên làm của người dân trong thôn, "
        "nhằm giữ gìn thuần phong mỹ tục."
    )
    assert by["Điều 3, khoản 2"].text.endswith("tiền thách cưới theo lệ làng.")
    # "2010." and "Điều 5 của …" at the start of a line are not markers.
    assert by["Điều 4"].text == (
        "Con gái đã đi lấy chồng không được chia tài sản, theo Điều 3 của hương ước cũ năm "
        "2010. Điều 5 của hương ước cũ bị bãi bỏ."
    )


def test_numbered_lists_without_articles():
    text = (
        "QUY ƯỚC TỔ DÂN PHỐ SỐ 3\n"
        "I. QUY ĐỊNH CHUNG\n"
        "1. Giữ gìn vệ sinh chung.\n"
        "2. Phụ nữ không được:\n"
        "a) vào nhà thờ họ;\n"
        "b) ngồi mâm trên.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Tổ trưởng theo dõi việc thực hiện.\n"
    )
    clauses = split_clauses(text)
    assert [(c.number, c.heading, c.text) for c in clauses] == [
        ("", "", "QUY ƯỚC TỔ DÂN PHỐ SỐ 3"),
        ("I, 1.", "", "Giữ gìn vệ sinh chung."),
        ("I, 2., a)", "Phụ nữ không được:", "vào nhà thờ họ;"),
        ("I, 2., b)", "Phụ nữ không được:", "ngồi mâm trên."),
        ("II, 1.", "", "Tổ trưởng theo dõi việc thực hiện."),
    ]


def test_a_paragraph_number_out_of_sequence_stays_in_the_text():
    text = "Điều 1. Quy định\n1. Đóng góp 50.000 đồng.\n5. Không hát karaoke.\n2. Giữ vệ sinh."
    numbers = [c.number for c in split_clauses(text)]
    assert numbers == ["Điều 1, khoản 1", "Điều 1, khoản 2"]


def test_text_without_markers_is_split_into_paragraphs():
    text = "Giữ gìn vệ sinh chung.\n\nKhông thả rông gia súc.\nKhông đốt rơm rạ."
    assert [c.text for c in split_clauses(text)] == [
        "Giữ gìn vệ sinh chung.",
        "Không thả rông gia súc.\nKhông đốt rơm rạ.",
    ]
    one = "Giữ gìn vệ sinh chung.\nKhông thả rông gia súc."
    assert [c.text for c in split_clauses(one)] == [
        "Giữ gìn vệ sinh chung.",
        "Không thả rông gia súc.",
    ]


def test_windows_line_ends_and_empty_text():
    assert [c.number for c in split_clauses("Điều 1. A.\r\nĐiều 2. B.\r\n")] == [
        "Điều 1",
        "Điều 2",
    ]
    assert split_clauses("") == []
    assert split_clauses("  \n\n ") == []


def test_chapter_title_on_its_own_line_is_not_a_clause():
    text = "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Hương ước áp dụng trong thôn."
    clauses = split_clauses(text)
    assert [(c.number, c.text) for c in clauses] == [("Điều 1", "Hương ước áp dụng trong thôn.")]
