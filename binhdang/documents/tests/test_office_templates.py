"""An office's own DOCX layout: the starter, an upload, a report filled into it."""

import io
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from binhdang.documents.builders.office_template import starter_template
from binhdang.documents.models import GeneratedReport, OfficeTemplate

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _edited_starter() -> bytes:
    """The starter as an office would change it in Word: its own closing sentence."""
    document = docx.Document(io.BytesIO(starter_template()))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Trên đây là báo cáo"):
            paragraph.runs[0].text = "Sở Nội vụ kính báo cáo {{ period_label }}./."
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_upload_then_reports_use_the_office_layout(
    synthesis_world, focal_hp, client, django_capture_on_commit_callbacks
):
    client.force_login(focal_hp)
    starter = client.get(reverse("documents:synthesis_template_starter"))
    assert starter.status_code == 200
    assert "{{ ISSUER_NAME }}" in _text(starter.content)
    page = client.get(reverse("documents:synthesis_templates"))
    assert page.status_code == 200
    response = client.post(
        reverse("documents:synthesis_templates"),
        {
            "kind": "annual",
            "name": "Mẫu của Sở Nội vụ",
            "file": SimpleUploadedFile("mau.docx", _edited_starter()),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    template = OfficeTemplate.objects.get()
    assert template.agency == synthesis_world.noivu_hp
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:synthesis_create"),
            {"kind": "annual", "year": 2025, "plan": synthesis_world.plan_hp.pk},
        )
    version = GeneratedReport.objects.get(created_by=focal_hp).latest
    assert version.status == "done", version.error
    body = version.docx.read()
    artefacts = Path(settings.BASE_DIR) / "var" / "artefacts"
    artefacts.mkdir(parents=True, exist_ok=True)
    (artefacts / "synthesis_office_template.docx").write_bytes(body)
    text = _text(body)
    assert "SỞ NỘI VỤ" in text
    assert "Sở Nội vụ kính báo cáo năm 2025./." in text  # the office's own wording
    assert "Có 2/3 cơ quan, đơn vị gửi báo cáo" in text
    assert "Đã tổ chức 3 hoạt động truyền thông, 90 lượt người tham dự (nam 35, nữ 55)" in text
    assert "Báo cáo chậm: Ủy ban nhân dân phường Thành Đông." in text
    assert "Phường Thành Đông | 1 | 1 | 0 | 1 | 0 | 1 | 50 | 20 | 30 | 0 | 0" in text
    assert "{{" not in text and "{%" not in text
    assert "Nơi nhận:\n- Như trên;\n- Lưu: VT." in text.replace(" | ", "\n")
    assert "GIÁM ĐỐC" in text
    assert len(docx.Document(io.BytesIO(body)).inline_shapes) == 2  # the charts


def test_a_broken_template_is_refused_with_the_reason(synthesis_world, focal_hp, client):
    document = docx.Document(io.BytesIO(starter_template()))
    document.add_paragraph("{% for x in %}")
    stream = io.BytesIO()
    document.save(stream)
    client.force_login(focal_hp)
    response = client.post(
        reverse("documents:synthesis_templates"),
        {"kind": "annual", "name": "Hỏng", "file": SimpleUploadedFile("x.docx", stream.getvalue())},
    )
    assert response.status_code == 400
    assert "Không điền được mẫu" in response.content.decode()
    not_docx = client.post(
        reverse("documents:synthesis_templates"),
        {"kind": "annual", "name": "Hỏng", "file": SimpleUploadedFile("x.docx", b"hello")},
    )
    assert not_docx.status_code == 400
    assert not OfficeTemplate.objects.exists()
    client.force_login(synthesis_world.viewer_hp)
    assert client.get(reverse("documents:synthesis_templates")).status_code == 403
