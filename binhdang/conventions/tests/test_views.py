"""The pages: permissions and scope of every URL, the list, the detail with its flags,
register / edit with pasted or uploaded text, review, verdicts (htmx), import and export."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from binhdang.conventions import xlsx
from binhdang.conventions.choices import ReviewResult, Verdict
from binhdang.conventions.models import Convention, ConventionClause
from binhdang.conventions.tests.conftest import DISCRIMINATORY_TEXT
from binhdang.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world, make):
    """A convention in Hải Phòng (ward A) with flagged clauses, one in Cần Thơ."""
    hp = make(world.hp_a, village_name="Đông Thái", text=DISCRIMINATORY_TEXT)
    ct = make(world.ct_a, village_name="Cồn Khương", text=DISCRIMINATORY_TEXT)
    return hp, ct


def _object_urls(convention):
    clause = convention.clauses.order_by("order").first()
    return [
        ("get", reverse("conventions:convention_detail", args=[convention.pk])),
        ("get", reverse("conventions:convention_update", args=[convention.pk])),
        ("get", reverse("conventions:convention_review", args=[convention.pk])),
        ("post", reverse("conventions:convention_reflag", args=[convention.pk])),
        ("post", reverse("conventions:clause_mark", args=[clause.pk])),
    ]


LIST_URLS = [
    ("get", "conventions:convention_list"),
    ("get", "conventions:convention_create"),
    ("get", "conventions:convention_import"),
    ("get", "conventions:convention_template"),
    ("get", "conventions:convention_export"),
]


def test_anonymous_is_sent_to_login(client, pair):
    login = reverse("accounts:login")
    urls = [(m, reverse(n)) for m, n in LIST_URLS] + _object_urls(pair[0])
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert login in response["Location"]


def test_without_permission_is_forbidden(client, world, pair):
    client.force_login(world.nobody)
    urls = [(m, reverse(n)) for m, n in LIST_URLS] + _object_urls(pair[0])
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url


def test_in_scope_opens_out_of_scope_is_not_found(client, world, grant, pair):
    hp, ct = pair
    client.force_login(grant(world.admin_hp))
    for method, url in _object_urls(hp):
        response = getattr(client, method)(url)
        assert response.status_code in ((200,) if method == "get" else (200, 302)), url
    for method, url in _object_urls(ct):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert "Cồn Khương".encode() not in response.content


def test_a_ward_sees_its_old_merged_commune_not_its_neighbour(client, world, grant, make):
    reporter = grant(world.reporter_hp_a, "view_convention")
    old = make(world.old_commune, village_name="Cẩm Thượng cũ")
    neighbour = make(world.hp_b, village_name="Hàng xóm")
    client.force_login(reporter)
    assert client.get(old.get_absolute_url()).status_code == 200
    assert client.get(neighbour.get_absolute_url()).status_code == 404
    page = client.get(reverse("conventions:convention_list")).content.decode()
    assert "Cẩm Thượng cũ" in page and "Hàng xóm" not in page


def test_list_filters_and_counts(client, world, grant, make):
    make(world.hp_a, village_name="Alpha", reviewed_on=date(2025, 1, 5),
         reviewer_name="Tổ", review_result=ReviewResult.NO_DISCRIMINATION)  # fmt: skip
    make(world.old_commune, village_name="Beta", text=DISCRIMINATORY_TEXT)
    make(world.hp_b, village_name="Gamma", status="repealed", ended_on=date(2024, 1, 1))
    make(world.ct_a, village_name="Delta")
    client.force_login(grant(world.admin_hp, "view_convention"))
    url = reverse("conventions:convention_list")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(c.village_name for c in response.context["object_list"])

    assert names() == ["Alpha", "Beta", "Gamma"]
    assert names(unit=world.hp_a.pk) == ["Alpha", "Beta"]  # the merged commune rolls up
    assert names(status="repealed") == ["Gamma"]
    assert names(result="no_discrimination") == ["Alpha"]
    assert names(flagged="1") == ["Beta"]
    assert names(flagged="0") == ["Alpha", "Gamma"]
    assert names(q="alpha") == ["Alpha"]
    assert names(year=2025) == ["Alpha", "Beta"]
    response = client.get(url)
    totals = response.context["totals"]
    assert (totals.total, totals.in_force, totals.reviewed, totals.flagged) == (3, 2, 1, 1)
    assert 'data-testid="convention-counts"' in response.content.decode()
    # htmx gets the table alone.
    partial = client.get(url, {"status": "repealed"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"Gamma" in partial.content


def test_list_query_count_does_not_grow(client, world, grant, make, django_assert_max_num_queries):
    for i in range(12):
        make(world.hp_a, village_name=f"Thôn {i}", text="Điều 1. Giữ vệ sinh chung.")
    client.force_login(grant(world.admin_hp, "view_convention"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("conventions:convention_list")).status_code == 200


def test_detail_highlights_flags_with_their_reason(client, world, grant, pair):
    client.force_login(grant(world.admin_hp))
    response = client.get(pair[0].get_absolute_url())
    page = response.content.decode()
    assert page.count('class="flag-mark"') == 2
    assert "thách cưới</mark>" in page
    assert page.count('data-testid="clause"') == 5
    only = client.get(pair[0].get_absolute_url(), {"show": "flagged"}).content.decode()
    assert only.count('data-testid="clause"') == 2


def test_create_with_pasted_text(client, world, grant):
    client.force_login(grant(world.admin_hp, "add_convention", "view_convention"))
    response = client.post(
        reverse("conventions:convention_create"),
        {
            "kind": "huong_uoc",
            "village_kind": "thon",
            "village_name": "Đông Thái",
            "unit": world.hp_a.pk,
            "adopted_on": "15/03/2016",
            "status": "in_force",
            "text": DISCRIMINATORY_TEXT,
        },
    )
    convention = Convention.objects.get()
    assert response.status_code == 302 and response["Location"] == convention.get_absolute_url()
    assert convention.adopted_on == date(2016, 3, 15)
    assert convention.flagged_count == 2


def test_create_refused_keeps_what_was_typed(client, world, grant):
    client.force_login(grant(world.reporter_hp_a, "add_convention"))
    response = client.post(
        reverse("conventions:convention_create"),
        {"kind": "huong_uoc", "village_kind": "thon", "village_name": "Đông Thái",
         "unit": world.hp_a.pk, "adopted_on": "2016-03-15", "status": "replaced",
         "text": "Điều 1. Giữ gìn vệ sinh."},
    )  # fmt: skip
    assert response.status_code == 200
    assert "ended_on" in response.context["form"].errors
    assert "Giữ gìn vệ sinh" in response.content.decode()
    assert not Convention.objects.exists()


def _docx(paragraphs):
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_edit_with_uploaded_text(client, world, grant, make, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    convention = make(world.hp_a)
    client.force_login(grant(world.admin_hp))
    lines = DISCRIMINATORY_TEXT.strip().split("\n")
    data = ("\n".join(lines)).encode("utf-8") if kind == "txt" else _docx(lines)
    upload = SimpleUploadedFile(f"huong-uoc.{kind}", data)
    response = client.post(
        reverse("conventions:convention_update", args=[convention.pk]),
        {"kind": convention.kind, "village_kind": convention.village_kind,
         "village_name": convention.village_name, "unit": world.hp_a.pk,
         "adopted_on": "2020-01-01", "status": "in_force", "text": "", "text_file": upload},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    convention.refresh_from_db()
    assert convention.clauses.count() == 5
    assert convention.flagged_count == 2


def test_upload_of_another_kind_is_refused(client, world, grant, make):
    from django.core.files.uploadedfile import SimpleUploadedFile

    convention = make(world.hp_a)
    client.force_login(grant(world.admin_hp))
    response = client.post(
        reverse("conventions:convention_update", args=[convention.pk]),
        {"kind": convention.kind, "village_kind": "thon", "village_name": "X",
         "unit": world.hp_a.pk, "adopted_on": "2020-01-01", "status": "in_force",
         "text_file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "text_file" in response.context["form"].errors


def test_mark_a_clause_with_htmx_and_without(client, world, grant, pair):
    client.force_login(grant(world.admin_hp))
    clause = pair[0].clauses.get(number="Điều 3")
    url = reverse("conventions:clause_mark", args=[clause.pk])
    response = client.post(
        url, {"verdict": "yes", "note": "Trái Luật"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="clause-{clause.pk}"' in body and 'data-verdict="yes"' in body
    assert "<html" not in body
    clause.refresh_from_db()
    assert clause.verdict == Verdict.DISCRIMINATORY and clause.verdict_note == "Trái Luật"
    response = client.post(url, {"verdict": "no"})
    assert response.status_code == 302 and response["Location"].endswith(f"#clause-{clause.pk}")
    assert AuditEntry.objects.filter(action="conventions.clause.marked").count() == 2


def test_review_page_prefills_from_verdicts_and_records(client, world, grant, pair):
    user = grant(world.admin_hp)
    client.force_login(user)
    hp = pair[0]
    for clause in hp.clauses.filter(flag_count__gt=0):
        clause.verdict = Verdict.DISCRIMINATORY
        clause.save()
    url = reverse("conventions:convention_review", args=[hp.pk])
    form = client.get(url).context["form"]
    assert form.initial["discriminatory_found"] == 2
    assert form.initial["review_result"] == ReviewResult.DISCRIMINATION_FOUND
    response = client.post(
        url,
        {"reviewed_on": "2025-05-01", "reviewer_name": "Tổ rà soát xã",
         "reviewer_agency": world.ubnd_hp_a.pk, "review_result": "fixed",
         "discriminatory_found": 2, "clauses_fixed": 2, "fixed_on": "2025-09-01"},
    )  # fmt: skip
    assert response.status_code == 302
    hp.refresh_from_db()
    assert (hp.review_result, hp.fixed_on) == ("fixed", date(2025, 9, 1))
    bad = client.post(url, {"reviewed_on": "2025-05-01", "reviewer_name": "X",
                            "review_result": "no_discrimination", "discriminatory_found": 1,
                            "clauses_fixed": 0})  # fmt: skip
    assert bad.status_code == 200 and bad.context["form"].errors


def test_export_then_import_changes_the_rows(client, world, grant, pair):
    client.force_login(grant(world.admin_hp))
    response = client.get(reverse("conventions:convention_export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # Cần Thơ's is not exported
    # Headers in the page's language; the import reads either.
    lookup = xlsx._header_lookup()
    keys = [lookup.get(xlsx._header_key(h), h) for h in rows[0]]
    by = dict(zip(keys, rows[1], strict=True))
    assert by["id"] == pair[0].pk
    assert rows[1][-2] == 2  # flagged clauses
    assert str(by["unit"]).startswith("10510")
    # Record the review in the workbook and import it back.
    column = {key: i + 1 for i, key in enumerate(keys)}
    sheet.cell(row=2, column=column["reviewed_on"], value=date(2025, 4, 2))
    sheet.cell(row=2, column=column["reviewer_name"], value="Tổ rà soát")
    sheet.cell(row=2, column=column["review_result"], value="Có phân biệt đối xử")
    sheet.cell(row=2, column=column["discriminatory_found"], value=2)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "export.xlsx"
    response = client.post(reverse("conventions:convention_import"), {"file": buffer})
    assert response.status_code == 302
    hp = Convention.objects.get(pk=pair[0].pk)
    assert (hp.review_result, hp.reviewed_on) == ("discrimination_found", date(2025, 4, 2))
    assert hp.clauses.count() == 5  # the text is untouched
    assert AuditEntry.objects.filter(action="conventions.conventions.imported").count() == 1


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Kind", "Kind of village", "Village name", "Commune or ward", "Adopted on",
                  "Status", "No longer in force from", "Review result", "Reviewed on",
                  "Reviewed by"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@translation.override("en")
def test_import_is_all_or_nothing_with_row_errors(world, grant):
    actor = grant(world.admin_hp)
    data = _workbook([
        ["Hương ước", "Thôn", "Đông Thái", "10510", "15/03/2016", None, None, None, None, None],
        ["quy uoc", "to dan pho", "Số 3", "10525 - Phường Hải Dương", "2021-08-01",
         "Còn hiệu lực", None, "Không phân biệt", "01/02/2024", "Tổ rà soát"],
        ["Hương ước", "Thôn", "Xa lạ", "31150", "15/03/2016", None, None, None, None, None],
        ["Luật", "Thôn", "Sai", "10510", "31/02/2016", "Đã bãi bỏ", None, None, None, None],
    ])  # fmt: skip
    result = xlsx.conventions_import(actor=actor, file_name="x.xlsx", data=data)
    assert not result.ok
    assert not Convention.objects.exists()
    found = {(e.row, e.column) for e in result.errors}
    assert (4, "Commune or ward") in found  # Cần Thơ: outside the area
    assert (5, "Kind") in found and (5, "Adopted on") in found
    assert result.rows_with_errors == 2
    # Without the bad rows, both are registered.
    good = _workbook([
        ["Hương ước", "Thôn", "Đông Thái", "10510", "15/03/2016", None, None, None, None, None],
        ["quy uoc", "to dan pho", "Số 3", "10525 - Phường Hải Dương", "2021-08-01",
         "Còn hiệu lực", None, "Không phân biệt", "01/02/2024", "Tổ rà soát"],
        ["Quy ước", None, "Khu dân cư Thanh Bình", "Thành Đông", "2019-05-10", None, None,
         None, None, None],
    ])  # fmt: skip
    result = xlsx.conventions_import(actor=actor, file_name="x.xlsx", data=good)
    assert result.ok, result.errors
    assert result.created == 3
    third = Convention.objects.get(village_name="Thanh Bình")
    assert (third.village_kind, third.unit) == ("khu_dan_cu", world.hp_a)
    # The same file again: every row is already registered.
    again = xlsx.conventions_import(actor=actor, file_name="x.xlsx", data=good)
    assert not again.ok and again.rows_with_errors == 3
    assert Convention.objects.count() == 3


def test_import_refuses_a_file_that_is_not_the_template(world, grant):
    actor = grant(world.admin_hp)
    assert xlsx.conventions_import(actor=actor, file_name="x.xlsx", data=b"nope").problem
    book = Workbook()
    book.active.append(["A", "B"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert xlsx.conventions_import(actor=actor, file_name="x.xlsx", data=buffer.getvalue()).problem


def test_import_page_lists_errors(client, world, grant):
    client.force_login(grant(world.admin_hp))
    data = io.BytesIO(_workbook([["Luật", "Thôn", "Sai", "10510", "2016-01-01"] + [None] * 5]))
    data.name = "bad.xlsx"
    response = client.post(reverse("conventions:convention_import"), {"file": data})
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in response.content.decode()


def test_template_lists_the_communes_of_the_area(client, world, grant):
    client.force_login(grant(world.reporter_hp_a, "add_convention"))
    response = client.get(reverse("conventions:convention_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 3
    values = [c for row in book.worksheets[2].iter_rows(values_only=True) for c in row if c]
    assert any(str(v).startswith("10510") for v in values)
    assert not any(str(v).startswith("10525") for v in values)


def test_every_write_is_audited(client, world, grant, pair):
    client.force_login(grant(world.admin_hp))
    hp = pair[0]
    before = AuditEntry.objects.count()
    client.post(reverse("conventions:convention_reflag", args=[hp.pk]))
    clause = ConventionClause.objects.filter(convention=hp).first()
    client.post(reverse("conventions:clause_mark", args=[clause.pk]), {"verdict": "unsure"})
    assert AuditEntry.objects.count() == before + 2
