"""The reporting pages: round page, the report form (autosave, conflict), review."""

from datetime import date

import pytest
from django.urls import reverse

from binhdang.reporting.choices import SubmissionStatus
from binhdang.reporting.models import Submission
from binhdang.reporting.reportform import build_form_spec

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def _post_data(sub, version, **extra):
    spec = build_form_spec(sub)
    data = {"version": str(version)}
    for item in spec.items:
        data[f"item-{item.key}-status"] = "done"
        data[f"item-{item.key}-done"] = "Tổ chức 2 hội nghị."
    data.update(extra)
    return data


def test_round_page_shows_completeness_and_who_is_missing(client, world, rnd, sub_a):
    client.force_login(world.manager_hp)
    page = client.get(reverse("reporting:round_detail", args=[rnd.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "0 / 3" in html
    assert "Ủy ban nhân dân phường Thành Đông" in html
    missing = client.get(reverse("reporting:round_detail", args=[rnd.pk]) + "?view=missing")
    assert missing.content.decode().count('data-timeliness="') == 3
    by_unit = client.get(reverse("reporting:round_detail", args=[rnd.pk]) + "?view=unit")
    assert "Phường Thành Đông" in by_unit.content.decode()


def test_reporter_fills_autosaves_and_submits(client, world, sub_a):
    client.force_login(world.reporter_hp_a)
    url = reverse("reporting:submission", args=[sub_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="report-form"' in page.content
    # Autosave keeps even an invalid number, and returns the next version.
    auto = client.post(
        url,
        _post_data(sub_a, 1, action="autosave", **{"fig-media.pilot-total": "abc"}),
        HTTP_HX_REQUEST="true",
    )
    assert auto.status_code == 200 and b'value="2"' in auto.content
    sub_a.refresh_from_db()
    assert sub_a.content["figures"]["media.pilot"]["values"][""] == "abc"
    # Sending with the bad number is refused, the typed text stays on the page.
    refused = client.post(
        url, _post_data(sub_a, 2, action="submit", **{"fig-media.pilot-total": "abc"})
    )
    assert refused.status_code == 422
    assert "abc" in refused.content.decode()
    sub_a.refresh_from_db()
    assert sub_a.status == S.DRAFT
    ok = client.post(
        url,
        _post_data(
            sub_a,
            sub_a.version,
            action="submit",
            **{"fig-media.agencies_total-total": "10", "fig-media.pilot-total": "7"},
        ),
    )
    assert ok.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == S.SUBMITTED


def test_stale_autosave_is_refused_with_a_message(client, world, sub_a):
    client.force_login(world.reporter_hp_a)
    url = reverse("reporting:submission", args=[sub_a.pk])
    client.post(url, _post_data(sub_a, 1, action="autosave"), HTTP_HX_REQUEST="true")
    stale = client.post(url, _post_data(sub_a, 1, action="autosave"), HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    assert b'data-testid="conflict"' in stale.content
    assert b'name="version"' not in stale.content  # never hands out the newer version


def test_other_agency_cannot_open_the_form(client, world, rnd):
    client.force_login(world.reporter_hp_a)
    other = Submission.objects.get(round=rnd, agency=world.yte_hp)
    assert client.get(reverse("reporting:submission", args=[other.pk])).status_code == 404


def test_review_return_and_approve(client, world, sub_a, reviewer_hp):
    client.force_login(world.reporter_hp_a)
    url = reverse("reporting:submission", args=[sub_a.pk])
    client.post(url, _post_data(sub_a, 1, action="submit"))
    client.force_login(reviewer_hp)
    review = reverse("reporting:submission_review", args=[sub_a.pk])
    client.post(review, {"action": "return", "comment": ""})
    sub_a.refresh_from_db()
    assert sub_a.status == S.SUBMITTED  # a return needs comments
    client.post(review, {"action": "return", "comment": "Bổ sung số liệu."})
    sub_a.refresh_from_db()
    assert sub_a.status == S.RETURNED
    client.force_login(world.reporter_hp_a)
    page = client.get(url)
    assert "Bổ sung số liệu." in page.content.decode()
    client.post(url, _post_data(sub_a, sub_a.version, action="submit"))
    client.force_login(reviewer_hp)
    client.post(review, {"action": "approve"})
    sub_a.refresh_from_db()
    assert sub_a.status == S.APPROVED


def test_reminder_button_emails_the_missing(client, world, rnd, mailoutbox):
    world.reporter_hp_a.email = "thanhdong@example.vn"
    world.reporter_hp_a.save()
    client.force_login(world.manager_hp)
    client.post(reverse("reporting:round_action", args=[rnd.pk, "remind"]))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["thanhdong@example.vn"]
    assert "10/12/2025" in mailoutbox[0].subject


def test_open_round_form(client, world):
    client.force_login(world.manager_hp)
    page = client.post(
        reverse("reporting:round_open"),
        {"plan": world.plan_hp.pk, "kind": "annual", "year": 2026, "convention": "admin_d09",
         "reminder_days": "7, 1"},
    )  # fmt: skip
    assert page.status_code == 302
    assert world.plan_hp.rounds.get(year=2026).deadline == date(2026, 12, 10)


def test_national_completeness_page(client, world, rnd):
    client.force_login(world.manager_hp)
    page = client.get(reverse("reporting:completeness") + "?year=2025")
    assert page.status_code == 200
    assert "Thành phố Hải Phòng" in page.content.decode()


def test_round_list_counts_received_of_expected(client, world, rnd):
    client.force_login(world.manager_hp)
    rows = {
        r.pk: (r.received, r.expected)
        for r in client.get(reverse("reporting:round_list")).context["object_list"]
    }
    assert rows == {rnd.pk: (0, 3)}  # Cần Thơ's round is out of scope
