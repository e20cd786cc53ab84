"""Rounds open with their reporters; the submission workflow and its rules."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from binhdang.core.models import AuditEntry
from binhdang.reporting.choices import ExpectedAs, SubmissionStatus
from binhdang.reporting.models import DataValue, ItemReport, Submission, SubmissionEvent
from binhdang.reporting.reportform import build_form_spec
from binhdang.reporting.services import (
    EditConflict,
    round_open,
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
    submission_unlock,
)
from binhdang.reporting.tests.conftest import filled

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def test_round_expects_every_assigned_and_named_agency(world, rnd):
    subs = {s.agency_id: s.expected_as for s in Submission.objects.filter(round=rnd)}
    assert subs == {
        world.yte_hp.pk: ExpectedAs.LEAD,
        world.ubnd_hp_a.pk: ExpectedAs.ADDED,  # added by hand in tests/world.py
        world.noivu_hp.pk: ExpectedAs.RESPONSIBLE,
    }
    assert rnd.period == "2025"
    assert (rnd.data_start, rnd.data_end) == (date(2024, 12, 15), date(2025, 12, 14))
    assert AuditEntry.objects.filter(action="reporting.round.opened").count() == 1


def test_round_defaults_come_from_the_plan(world):
    rnd = round_open(plan=world.plan_hp, actor=world.manager_hp, year=2026)
    assert rnd.deadline == date(2026, 12, 10)
    am = round_open(plan=world.plan_hp, actor=world.manager_hp, year=2026, kind="action_month")
    assert (am.data_start, am.data_end, am.period) == (
        date(2026, 11, 15),
        date(2026, 12, 15),
        "2026AM",
    )
    q = round_open(
        plan=world.plan_hp, actor=world.manager_hp, year=2026, kind="quarterly", quarter=4
    )
    assert (q.data_start, q.data_end, q.period) == (date(2026, 9, 15), date(2026, 12, 14), "2026Q4")


def test_one_round_per_plan_and_period(world, rnd):
    with pytest.raises(ValidationError):
        round_open(plan=world.plan_hp, actor=world.manager_hp, year=2025)


def test_reporter_cannot_open_a_round(world):
    with pytest.raises(PermissionDenied):
        round_open(plan=world.plan_hp, actor=world.reporter_hp_a, year=2025)


def test_form_is_built_from_the_plan(world, sub_a):
    spec = build_form_spec(sub_a)
    assert [i.title for i in spec.items] == ["Tổ chức Tháng hành động."]
    assert spec.items[0].role == "partner"
    # The plan's target is about media agencies and the gender indicator set.
    assert [f.code for f in spec.figures] == [
        "media.agencies_total",
        "media.pilot",
        "media.official",
    ]
    noivu = Submission.objects.get(round=sub_a.round, agency=world.noivu_hp)
    assert [i.title for i in build_form_spec(noivu).items] == ["Chủ trì, theo dõi, tổng hợp."]


def test_draft_keeps_invalid_input_and_reports_errors(world, sub_a):
    spec = build_form_spec(sub_a)
    content = filled(spec, **{"media.agencies_total": {"": "abc"}, "media.pilot": {"": "-3"}})
    result = submission_save(
        submission=sub_a, content=content, version=1, actor=world.reporter_hp_a
    )
    sub_a.refresh_from_db()
    assert sub_a.status == S.DRAFT and sub_a.version == 2
    assert sub_a.content["figures"]["media.agencies_total"]["values"][""] == "abc"
    assert "fig-media.agencies_total-total" in result.checked.errors
    assert "fig-media.pilot-total" in result.checked.errors


def test_submit_refused_with_errors_but_content_kept(world, sub_a):
    spec = build_form_spec(sub_a)
    content = filled(spec, **{"media.agencies_total": {"": "5"}, "media.pilot": {"": "9"}})
    result = submission_submit(
        submission=sub_a, content=content, version=1, actor=world.reporter_hp_a
    )
    sub_a.refresh_from_db()
    assert not result.checked.ok
    assert sub_a.status == S.DRAFT
    assert sub_a.content["figures"]["media.pilot"]["values"][""] == "9"
    assert not DataValue.objects.exists()


def test_submit_requires_every_item_status(world, sub_a):
    spec = build_form_spec(sub_a)
    content = filled(spec)
    content["items"][spec.items[0].key]["status"] = ""
    result = submission_submit(
        submission=sub_a, content=content, version=1, actor=world.reporter_hp_a
    )
    assert f"item-{spec.items[0].key}-status" in result.checked.errors


def test_second_save_on_an_old_version_is_refused(world, sub_a):
    spec = build_form_spec(sub_a)
    submission_save(submission=sub_a, content=filled(spec), version=1, actor=world.reporter_hp_a)
    with pytest.raises(EditConflict) as err:
        submission_save(
            submission=sub_a, content=filled(spec), version=1, actor=world.reporter_hp_a
        )
    assert "rep.a" in str(err.value)


def test_full_workflow_and_history(world, sub_a, reviewer_hp):
    spec = build_form_spec(sub_a)
    content = filled(
        spec,
        **{
            "media.agencies_total": {"": "10"},
            "media.pilot": {"": "8"},
            "media.official": {"": "2"},
        },
    )
    r = submission_submit(submission=sub_a, content=content, version=1, actor=world.reporter_hp_a)
    assert r.checked.ok and r.submission.status == S.SUBMITTED
    assert ItemReport.objects.filter(submission=sub_a).count() == 1
    assert DataValue.objects.filter(submission=sub_a, element__code="media.pilot").get().value == 8
    # Submitting twice (double click) creates one submission and changes nothing.
    again = submission_submit(
        submission=sub_a, content=content, version=1, actor=world.reporter_hp_a
    )
    assert again.submission.version == r.submission.version
    assert SubmissionEvent.objects.filter(submission=sub_a, action="submit").count() == 1
    with pytest.raises(ValidationError):
        submission_return(submission=sub_a, comment="  ", actor=reviewer_hp)
    submission_return(submission=sub_a, comment="Thiếu số liệu nữ.", actor=reviewer_hp)
    sub_a.refresh_from_db()
    assert sub_a.status == S.RETURNED and sub_a.return_comment == "Thiếu số liệu nữ."
    r = submission_submit(
        submission=sub_a, content=content, version=sub_a.version, actor=world.reporter_hp_a
    )
    assert r.submission.status == S.RESUBMITTED
    submission_approve(submission=sub_a, actor=reviewer_hp)
    sub_a.refresh_from_db()
    assert sub_a.status == S.APPROVED and sub_a.is_locked
    with pytest.raises(ValidationError):
        submission_save(
            submission=sub_a, content=content, version=sub_a.version, actor=world.reporter_hp_a
        )
    with pytest.raises(ValidationError):
        submission_unlock(submission=sub_a, reason="", actor=reviewer_hp)
    submission_unlock(
        submission=sub_a, reason="Sai số liệu cơ quan truyền thông.", actor=reviewer_hp
    )
    sub_a.refresh_from_db()
    assert sub_a.status == S.RETURNED
    actions = list(
        SubmissionEvent.objects.filter(submission=sub_a).values_list("action", flat=True)
    )
    assert actions == ["submit", "return", "submit", "approve", "unlock"]
    audit = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"reporting.submission.unlocked", "reporting.submission.approved"} <= audit


def test_reporter_cannot_fill_another_agencys_report(world, rnd):
    other = Submission.objects.get(round=rnd, agency=world.yte_hp)
    with pytest.raises(PermissionDenied):
        submission_save(submission=other, content={}, version=1, actor=world.reporter_hp_a)


def test_reporter_cannot_review(world, sub_a):
    spec = build_form_spec(sub_a)
    submission_submit(submission=sub_a, content=filled(spec), version=1, actor=world.reporter_hp_a)
    with pytest.raises(PermissionDenied):
        submission_approve(submission=sub_a, actor=world.reporter_hp_a)
