"""Reminders, final figures, Action Month sub-report, agency succession, evidence."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from binhdang.reporting.models import DataValue, ReminderLog, Submission
from binhdang.reporting.reportform import build_form_spec
from binhdang.reporting.services import (
    agency_in_force,
    evidence_add,
    reminder_time,
    round_open,
    round_request_final,
    round_send_reminders,
    submission_send_final,
    submission_submit,
)
from binhdang.reporting.tests.conftest import filled

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def test_manual_reminder_goes_to_people_of_agencies_that_have_not_sent(world, rnd, mailoutbox):
    world.reporter_hp_a.email = "a@example.vn"
    world.reporter_hp_a.save()
    world.viewer_hp.email = "yte@example.vn"  # Sở Y tế (has not sent)
    world.viewer_hp.save()
    spec = build_form_spec(world.submission_hp_a)
    submission_submit(
        submission=world.submission_hp_a, content=filled(spec), version=1, actor=world.reporter_hp_a
    )
    log = round_send_reminders(round=rnd, actor=world.manager_hp)
    assert [m.to for m in mailoutbox] == [["yte@example.vn"]]  # Thành Đông has sent
    assert (log.agencies, log.recipients) == (2, 1)
    assert "/reports/mine/" in mailoutbox[0].body


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_opening_a_round_schedules_reminders_before_the_deadline(
    world, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    deadline = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        rnd = round_open(
            plan=world.plan_hp,
            actor=world.manager_hp,
            year=2026,
            deadline=deadline,
            reminder_days=[7, 1],
        )
    runs = sorted(DBTaskResult.objects.values_list("run_after", flat=True))
    assert runs == [reminder_time(rnd, 7), reminder_time(rnd, 1)]
    assert timezone.localtime(runs[0]).hour == 8


def test_scheduled_reminder_does_nothing_after_the_deadline_moved(world, rnd, mailoutbox):
    from binhdang.reporting.tasks import send_scheduled_reminder

    world.viewer_hp.email = "yte@example.vn"
    world.viewer_hp.save()
    sent = send_scheduled_reminder.call(rnd.pk, 7, "2025-12-01")  # stale deadline
    assert sent == 0 and not mailoutbox
    sent = send_scheduled_reminder.call(rnd.pk, 7, rnd.deadline.isoformat())
    assert sent == 1 and ReminderLog.objects.get().scheduled


def test_final_figures_after_the_cut_off(world, rnd, frozen_today):
    sub = world.submission_hp_a
    spec = build_form_spec(sub)
    content = filled(spec, **{"media.agencies_total": {"": "10"}, "media.pilot": {"": "6"}})
    submission_submit(submission=sub, content=content, version=1, actor=world.reporter_hp_a)
    with pytest.raises(ValidationError):  # before the cut-off (14/12/2025)
        frozen_today(date(2025, 12, 12))
        round_request_final(round=rnd, actor=world.manager_hp, due=date(2026, 1, 15))
    frozen_today(date(2025, 12, 20))
    round_request_final(round=rnd, actor=world.manager_hp, due=date(2026, 1, 15))
    sub.refresh_from_db()
    assert sub.awaiting_final
    result = submission_send_final(
        submission=sub,
        figures={
            "media.agencies_total": {"values": {"": "11"}},
            "media.pilot": {"values": {"": "7"}},
        },
        version=sub.version,
        actor=world.reporter_hp_a,
    )
    assert result.checked.ok
    sub.refresh_from_db()
    assert not sub.awaiting_final
    kinds = dict(
        DataValue.objects.filter(submission=sub, element__code="media.pilot").values_list(
            "kind", "value"
        )
    )
    assert kinds == {"estimate": 6, "final": 7}


def test_estimate_kind_only_before_the_cut_off(world, rnd, frozen_today):
    from binhdang.reporting.reportform import check_content

    frozen_today(date(2025, 12, 5))
    spec = build_form_spec(world.submission_hp_a)
    content = filled(spec, **{"media.agencies_total": {"": "10"}})
    content["figures"]["media.agencies_total"]["kind"] = "final"
    checked = check_content(content, spec, for_submit=True)
    assert "fig-media.agencies_total-kind" in checked.errors
    frozen_today(date(2025, 12, 20))
    spec = build_form_spec(world.submission_hp_a)
    assert check_content(content, spec, for_submit=True).ok


def test_action_month_sub_report(world):
    rnd = round_open(plan=world.plan_hp, actor=world.manager_hp, year=2025, kind="action_month")
    sub = Submission.objects.get(round=rnd, agency=world.ubnd_hp_a)
    spec = build_form_spec(sub)
    assert spec.is_action_month
    content = filled(spec)
    r = submission_submit(submission=sub, content=content, version=1, actor=world.reporter_hp_a)
    assert "am-plan_made" in r.checked.errors  # the yes/no is required
    content["action_month"] = {"plan_made": "yes", "plan_ref": "12/KH-UBND", "results": "3 buổi"}
    r = submission_submit(
        submission=sub, content=content, version=sub.version + 1, actor=world.reporter_hp_a
    )
    assert r.checked.ok
    assert DataValue.objects.get(submission=sub, element__code="action_month.plan_made").value == 1


def test_ended_agency_is_replaced_by_its_successor(world):
    from binhdang.agencies.models import Agency, AgencySuccession

    old = Agency.objects.create(
        unit=world.hp, kind="department", name="Sở Lao động - Thương binh và Xã hội",
        full_name="Sở LĐTBXH Hải Phòng", search_key="x", valid_to=date(2025, 2, 28),
    )  # fmt: skip
    AgencySuccession.objects.create(
        predecessor=old, successor=world.noivu_hp, effective_date=date(2025, 3, 1),
        functions="bình đẳng giới",
    )  # fmt: skip
    assert agency_in_force(old, date(2025, 12, 14)) == world.noivu_hp
    assert agency_in_force(old, date(2024, 12, 14)) == old


def test_evidence_upload_and_download(client, world, rnd):
    sub = world.submission_hp_a
    up = SimpleUploadedFile("anh-hoi-nghi.jpg", b"\xff\xd8jpeg", content_type="image/jpeg")
    ev = evidence_add(submission=sub, upload=up, item_key="", actor=world.reporter_hp_a)
    client.force_login(world.reporter_hp_a)
    got = client.get(reverse("reporting:evidence_download", args=[ev.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"\xff\xd8jpeg"


def test_evidence_backs_one_activity_of_the_report(client, world, rnd):
    sub = world.submission_hp_a
    item = build_form_spec(sub).items[0]
    client.force_login(world.reporter_hp_a)
    page = client.get(reverse("reporting:submission", args=[sub.pk])).content.decode()
    assert f'<option value="{item.key}">' in page  # the activities are offered
    up = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4", content_type="application/pdf")
    client.post(
        reverse("reporting:evidence_upload", args=[sub.pk]), {"file": up, "item_key": item.key}
    )
    ev = sub.evidence.get(name="danh-sach.pdf")
    assert ev.item_key == item.key
    page = client.get(reverse("reporting:submission", args=[sub.pk])).content.decode()
    assert f'data-item="{item.key}"' in page
    # A key of no activity of this report is refused.
    up = SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(ValidationError):
        evidence_add(submission=sub, upload=up, item_key="a999999", actor=world.reporter_hp_a)


def test_report_sent_after_the_deadline_is_late(world, rnd):
    sub = world.submission_hp_a
    Submission.objects.filter(pk=sub.pk).update(
        first_submitted_at=datetime(2025, 12, 11, 0, 30, tzinfo=VN)
    )
    sub.refresh_from_db()
    assert sub.on_time is False


def test_event_totals_become_figures_of_the_sent_report(world, rnd):
    from binhdang.reporting.models import CommEvent

    CommEvent.objects.create(
        agency=world.ubnd_hp_a, unit=world.hp_a, date=date(2025, 3, 8), event_type="news_item",
        channel="radio", title="Tin trên đài phường", quantity=3,
    )  # fmt: skip
    CommEvent.objects.create(  # outside the data window: not counted
        agency=world.ubnd_hp_a, unit=world.hp_a, date=date(2024, 12, 1), event_type="talk",
        channel="in_person", title="Năm trước", participants_total=99,
    )  # fmt: skip
    sub = world.submission_hp_a
    submission_submit(
        submission=sub, content=filled(build_form_spec(sub)), version=1, actor=world.reporter_hp_a
    )
    values = {
        (code, sex): v
        for code, sex, v in DataValue.objects.filter(submission=sub).values_list(
            "element__code", "sex", "value"
        )
    }
    # The world's talk of 20/11/2025 (20 men, 30 women) and the radio news items.
    assert values[("events.talk", "")] == 1
    assert values[("reach.participants", "female")] == 30
    assert values[("radio.local_news", "")] == 3
