"""Writes go through the services: submission workflow, events (one and bulk), plan import."""

import pytest

from binhdang.core.models import AuditEntry
from binhdang.reporting.models import CommEvent, Submission

pytestmark = pytest.mark.django_db


def test_submission_workflow(api, api_world):
    sub = api_world.submission_hp_a
    api.force_authenticate(api_world.reporter_hp_a)
    sent = api.post(f"/api/v1/submissions/{sub.pk}/submit/", {"version": 1}, format="json")
    assert sent.status_code == 200 and sent.json()["submission"]["status"] == "submitted"
    # A reporter may not approve.
    assert api.post(f"/api/v1/submissions/{sub.pk}/approve/").status_code == 403
    api.force_authenticate(api_world.reviewer_hp)
    assert api.post(f"/api/v1/submissions/{sub.pk}/approve/").json()["status"] == "approved"
    assert (
        api.post(f"/api/v1/submissions/{sub.pk}/unlock/", {"reason": ""}, format="json").status_code
        == 400
    )
    unlocked = api.post(
        f"/api/v1/submissions/{sub.pk}/unlock/", {"reason": "Sai số"}, format="json"
    )
    assert unlocked.json()["status"] == "returned"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "reporting.submission.submitted",
        "reporting.submission.approved",
        "reporting.submission.unlocked",
    } <= actions
    # No generic writes on submissions.
    assert (
        api.patch(
            f"/api/v1/submissions/{sub.pk}/", {"status": "approved"}, format="json"
        ).status_code
        == 405
    )
    Submission.objects.get(pk=sub.pk)


def test_stale_version_is_a_conflict(api, api_world):
    sub = api_world.submission_hp_a
    Submission.objects.filter(pk=sub.pk).update(version=3)
    api.force_authenticate(api_world.reporter_hp_a)
    response = api.post(
        f"/api/v1/submissions/{sub.pk}/submit/",
        {"version": 1, "content": {"items": {}}},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_event_crud(api, api_world):
    api.force_authenticate(api_world.reporter_hp_a)
    made = api.post(
        "/api/v1/events/",
        {"date": "2025-11-21", "event_type": "training", "channel": "in_person", "title": "Tập huấn",
         "participants_male": 5, "participants_female": 7, "target_groups": ["youth"]},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["unit"] == api_world.hp_a.pk and made.json()["target_groups"] == ["youth"]
    changed = api.patch(f"/api/v1/events/{pk}/", {"title": "Tập huấn BĐG"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Tập huấn BĐG"
    bad = api.patch(f"/api/v1/events/{pk}/", {"unit": api_world.ct.pk}, format="json")
    assert bad.status_code == 400 and "unit" in bad.json()["errors"]
    assert api.delete(f"/api/v1/events/{pk}/").status_code == 204
    assert not CommEvent.objects.filter(pk=pk).exists()
    # Another agency's event in the same province: visible to a viewer, not changeable.
    api.force_authenticate(api_world.viewer_hp)
    assert (
        api.patch(
            f"/api/v1/events/{api_world.event_hp_a.pk}/", {"title": "x"}, format="json"
        ).status_code
        == 403
    )


def test_event_bulk_is_all_or_nothing(api, api_world):
    api.force_authenticate(api_world.reporter_hp_a)
    before = CommEvent.objects.count()
    good = {"date": "20/11/2025", "event_type": "talk", "channel": "in_person", "title": "A"}
    response = api.post(
        "/api/v1/events/bulk/", {"rows": [good, {**good, "date": "32/13/2025"}]}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_refused"
    assert body["errors"]["rows"][0]["row"] == 3
    assert CommEvent.objects.count() == before
    csv = "Ngày,Loại hoạt động,Kênh,Tên hoạt động\n20/11/2025,talk,in_person,Nói chuyện\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("events.csv", csv, content_type="text/csv")
    done = api.post("/api/v1/events/bulk/", {"file": upload}, format="multipart")
    assert done.status_code in (200, 400), done.content
    ok = api.post("/api/v1/events/bulk/", {"rows": [good, good]}, format="json")
    assert ok.status_code == 200 and ok.json()["created"] == 2


def test_plan_import_preview_then_commit(api, api_world):
    api.force_authenticate(api_world.manager_hp)
    text = "KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2026\nI. MỤC TIÊU\n- Đến năm 2026 đạt 90% cơ quan tham gia.\nII. NHIỆM VỤ\n1. Tuyên truyền về bình đẳng giới.\n"
    preview = api.post(
        "/api/v1/plan-imports/", {"text": text, "unit": api_world.hp.pk}, format="json"
    )
    assert preview.status_code == 201, preview.content
    body = preview.json()
    assert body["preview"]["targets"] and body["status"] == "review"
    content = {**body["preview"], "title": "Kế hoạch BĐG 2026 (API)"}
    saved = api.post(
        f"/api/v1/plan-imports/{body['id']}/commit/", {"content": content}, format="json"
    )
    assert saved.status_code == 201, saved.content
    plan = saved.json()
    assert plan["title"] == "Kế hoạch BĐG 2026 (API)" and plan["content"]["targets"]
    assert api.get(f"/api/v1/plans/{plan['id']}/").status_code == 200
    empty = api.post("/api/v1/plan-imports/", {"text": ""}, format="json")
    assert empty.status_code == 400 and empty.json()["code"] == "invalid"
