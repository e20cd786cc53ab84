"""Services: register, change, review, clause verdicts, flag again; rules, scope, audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from binhdang.conventions import services
from binhdang.conventions.choices import ConventionStatus, ReviewResult, Verdict
from binhdang.conventions.models import Convention
from binhdang.conventions.services import check_values
from binhdang.conventions.tests.conftest import DISCRIMINATORY_TEXT
from binhdang.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def _values(**kw):
    values = {
        "kind": "huong_uoc",
        "village_kind": "thon",
        "village_name": "Đông Thái",
        "adopted_on": date(2020, 1, 1),
    }
    values.update(kw)
    return values


def _errors(**kw):
    return check_values(_values(**kw), today=TODAY)


def test_check_values_accepts_a_plain_record_and_completes_it():
    values = _values(village_name="  Đông Thái ")
    assert check_values(values, today=TODAY) == {}
    assert values["village_name"] == "Đông Thái"
    assert values["status"] == ConventionStatus.IN_FORCE
    assert values["review_result"] == ReviewResult.NOT_REVIEWED
    assert values["discriminatory_found"] == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": ""}, "kind"),
        ({"kind": "law"}, "kind"),
        ({"village_kind": "city"}, "village_kind"),
        ({"village_name": " "}, "village_name"),
        ({"adopted_on": None}, "adopted_on"),
        ({"adopted_on": date(1900, 1, 1)}, "adopted_on"),
        ({"adopted_on": date(2026, 6, 2)}, "adopted_on"),
        ({"amended_on": date(2019, 1, 1)}, "amended_on"),
        ({"ended_on": date(2021, 1, 1)}, "ended_on"),  # in force
        ({"status": "replaced"}, "ended_on"),
        ({"status": "repealed", "ended_on": date(2019, 1, 1)}, "ended_on"),
        ({"reviewed_on": date(2025, 1, 1)}, "review_result"),  # not reviewed
        ({"review_result": "no_discrimination", "reviewer_name": "X"}, "reviewed_on"),
        ({"review_result": "no_discrimination", "reviewed_on": date(2025, 1, 1)},
         "reviewer_name"),
        ({"review_result": "no_discrimination", "reviewed_on": date(2025, 1, 1),
          "reviewer_name": "X", "discriminatory_found": 1}, "discriminatory_found"),
        ({"review_result": "discrimination_found", "reviewed_on": date(2025, 1, 1),
          "reviewer_name": "X"}, "discriminatory_found"),
        ({"review_result": "discrimination_found", "reviewed_on": date(2025, 1, 1),
          "reviewer_name": "X", "discriminatory_found": 2, "clauses_fixed": 2,
          "fixed_on": date(2025, 2, 1)}, "review_result"),
        ({"review_result": "fixed", "reviewed_on": date(2025, 1, 1), "reviewer_name": "X",
          "discriminatory_found": 2, "clauses_fixed": 1, "fixed_on": date(2025, 2, 1)},
         "clauses_fixed"),
        ({"review_result": "fixed", "reviewed_on": date(2025, 1, 1), "reviewer_name": "X",
          "discriminatory_found": 2, "clauses_fixed": 2}, "fixed_on"),
        ({"review_result": "fixed", "reviewed_on": date(2025, 1, 1), "reviewer_name": "X",
          "discriminatory_found": 2, "clauses_fixed": 2, "fixed_on": date(2024, 1, 1)},
         "fixed_on"),
        ({"review_result": "discrimination_found", "reviewed_on": date(2025, 1, 1),
          "reviewer_name": "X", "discriminatory_found": 1, "clauses_fixed": 3}, "clauses_fixed"),
    ],
)  # fmt: skip
def test_check_values_refuses(fields, field):
    assert field in _errors(**fields)


def test_create_splits_flags_and_audits(world, grant):
    actor = grant(world.admin_hp, "add_convention")
    convention = services.convention_create(
        actor=actor, unit=world.hp_a, text=DISCRIMINATORY_TEXT, **_values()
    )
    clauses = list(convention.clauses.order_by("order"))
    assert [c.number for c in clauses] == ["", "Điều 1", "Điều 2, khoản 1", "Điều 2, khoản 2",
                                          "Điều 3"]  # fmt: skip
    flagged = {c.number: {f["rule"] for f in c.flags} for c in clauses if c.flags}
    assert flagged == {"Điều 2, khoản 2": {"bride_price"}, "Điều 3": {"inheritance"}}
    assert convention.flagged_count == 2
    assert Convention.objects.get().flagged_count == 2
    entry = AuditEntry.objects.get(action="conventions.convention.created")
    assert entry.actor == actor
    assert entry.data["clauses"] == 5 and entry.data["flagged"] == 2
    assert convention.created_by == actor
    assert convention.village_label == "Thôn Đông Thái"  # the Vietnamese word, always


def test_create_needs_the_permission(world):
    viewer = world.viewer_hp  # may see conventions, not register them
    with pytest.raises(PermissionDenied):
        services.convention_create(actor=viewer, unit=world.hp_a, **_values())


def test_the_commune_must_be_a_commune_in_the_actors_area(world, grant):
    reporter = grant(world.reporter_hp_a, "add_convention")
    with pytest.raises(ValidationError) as error:
        services.convention_create(actor=reporter, unit=world.hp_b, **_values())
    assert "unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.convention_create(actor=reporter, unit=world.hp, **_values())
    assert "unit" in error.value.message_dict
    # The pre-2025 commune merged into the reporter's ward is in the area.
    assert services.convention_create(actor=reporter, unit=world.old_commune, **_values()).pk
    assert services.convention_create(actor=reporter, unit=world.hp_a, **_values()).pk


def test_update_keeps_verdicts_of_unchanged_clauses(world, grant, make):
    actor = grant(world.admin_hp, "change_convention")
    convention = make(world.hp_a, text=DISCRIMINATORY_TEXT)
    inheritance = convention.clauses.get(number="Điều 3")
    bride = convention.clauses.get(number="Điều 2, khoản 2")
    services.clause_mark(actor=actor, clause=inheritance, verdict=Verdict.DISCRIMINATORY)
    services.clause_mark(actor=actor, clause=bride, verdict=Verdict.UNSURE, note="hỏi lại")
    new_text = DISCRIMINATORY_TEXT.replace(
        "nhà trai phải nộp cho nhà gái 3 con trâu và tiền thách cưới",
        "hai gia đình bàn bạc lễ vật phù hợp, không thách cưới",
    )
    services.convention_update(actor=actor, convention=convention, text=new_text)
    convention.refresh_from_db()
    assert convention.flagged_count == 1
    kept = convention.clauses.get(number="Điều 3")
    assert kept.verdict == Verdict.DISCRIMINATORY and kept.verdict_by == actor
    assert convention.clauses.get(number="Điều 2, khoản 2").verdict == ""
    entry = AuditEntry.objects.filter(action="conventions.convention.changed").get()
    assert entry.data["text"] == [len(DISCRIMINATORY_TEXT.strip()), len(new_text.strip())]
    assert entry.data["clauses"]["verdicts_kept"] == 1


def test_update_without_changes_writes_no_audit(world, grant, make):
    actor = grant(world.admin_hp, "change_convention")
    convention = make(world.hp_a)
    services.convention_update(actor=actor, convention=convention, note="")
    assert not AuditEntry.objects.filter(action="conventions.convention.changed").exists()


def test_review_is_recorded_and_audited(world, grant, make):
    actor = grant(world.admin_hp, "change_convention")
    convention = make(world.hp_a, text=DISCRIMINATORY_TEXT)
    services.convention_review(
        actor=actor,
        convention=convention,
        reviewed_on=date(2025, 5, 1),
        reviewer_agency=world.noivu_hp,
        review_result=ReviewResult.DISCRIMINATION_FOUND,
        discriminatory_found=2,
    )
    convention.refresh_from_db()
    assert convention.review_result == ReviewResult.DISCRIMINATION_FOUND
    assert convention.reviewer_agency == world.noivu_hp
    entry = AuditEntry.objects.get(action="conventions.convention.reviewed")
    assert entry.data["result"] == "discrimination_found"
    with pytest.raises(TypeError):
        services.convention_review(actor=actor, convention=convention, village_name="X")


def test_review_agency_must_be_visible(world, grant, make):
    actor = grant(world.reporter_hp_a, "change_convention")
    convention = make(world.hp_a)
    with pytest.raises(ValidationError) as error:
        services.convention_review(
            actor=actor,
            convention=convention,
            reviewed_on=date(2025, 5, 1),
            reviewer_agency=world.yte_ct,
            review_result=ReviewResult.NO_DISCRIMINATION,
        )
    assert "reviewer_agency" in error.value.message_dict


def test_a_clause_marked_discriminatory_contradicts_no_discrimination(world, grant, make):
    actor = grant(world.admin_hp, "change_convention")
    convention = make(world.hp_a, text=DISCRIMINATORY_TEXT)
    clause = convention.clauses.get(number="Điều 3")
    services.clause_mark(actor=actor, clause=clause, verdict=Verdict.DISCRIMINATORY)
    with pytest.raises(ValidationError) as error:
        services.convention_review(
            actor=actor,
            convention=convention,
            reviewed_on=date(2025, 5, 1),
            reviewer_name="Tổ rà soát",
            review_result=ReviewResult.NO_DISCRIMINATION,
        )
    assert "review_result" in error.value.message_dict
    # And the other way round.
    services.clause_mark(actor=actor, clause=clause, verdict="")
    services.convention_review(
        actor=actor,
        convention=convention,
        reviewed_on=date(2025, 5, 1),
        reviewer_name="Tổ rà soát",
        review_result=ReviewResult.NO_DISCRIMINATION,
    )
    with pytest.raises(ValidationError):
        services.clause_mark(actor=actor, clause=clause, verdict=Verdict.DISCRIMINATORY)


def test_clause_mark_audits_and_takes_back(world, grant, make):
    actor = grant(world.admin_hp, "change_convention")
    convention = make(world.hp_a, text=DISCRIMINATORY_TEXT)
    clause = convention.clauses.get(number="Điều 3")
    services.clause_mark(actor=actor, clause=clause, verdict="no", note="Đã hỏi ý kiến")
    clause.refresh_from_db()
    assert (clause.verdict, clause.verdict_note, clause.verdict_by) == (
        "no",
        "Đã hỏi ý kiến",
        actor,
    )
    services.clause_mark(actor=actor, clause=clause, verdict="")
    clause.refresh_from_db()
    assert clause.verdict == "" and clause.verdict_by is None and clause.verdict_at is None
    entries = AuditEntry.objects.filter(action="conventions.clause.marked").order_by("pk")
    assert [e.data["verdict"] for e in entries] == [["", "no"], ["no", ""]]
    assert entries[0].data["rules"] == ["inheritance"]
    with pytest.raises(ValidationError):
        services.clause_mark(actor=actor, clause=clause, verdict="maybe")


def test_reflag_runs_the_rules_again(world, grant, make):
    actor = grant(world.admin_hp, "change_convention")
    convention = make(world.hp_a, text=DISCRIMINATORY_TEXT)
    convention.clauses.update(flags=[], flag_count=0)
    Convention.objects.filter(pk=convention.pk).update(flagged_count=0)
    services.convention_reflag(actor=actor, convention=convention)
    convention.refresh_from_db()
    assert convention.flagged_count == 2
    entry = AuditEntry.objects.get(action="conventions.convention.reflagged")
    assert entry.data["flagged"] == [0, 2]


def test_changing_needs_the_permission(world, make):
    convention = make(world.hp_a, text=DISCRIMINATORY_TEXT)
    clause = convention.clauses.first()
    viewer = world.viewer_hp
    for call in (
        lambda: services.convention_update(actor=viewer, convention=convention, note="x"),
        lambda: services.convention_reflag(actor=viewer, convention=convention),
        lambda: services.clause_mark(actor=viewer, clause=clause, verdict="no"),
    ):
        with pytest.raises(PermissionDenied):
            call()
