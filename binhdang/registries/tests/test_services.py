"""The registry services: their rules, the actor's permission and area, the audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from binhdang.core.models import AuditEntry
from binhdang.plans.models import Activity
from binhdang.registries import services
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.registries.tests.conftest import grant

pytestmark = pytest.mark.django_db


def site_fields(world, **changes):
    fields = {
        "model_type": "club",
        "name": "Câu lạc bộ Gia đình hạnh phúc",
        "unit": world.hp_a,
        "mode": "maintain",
        "start_year": 2021,
        "status": "active",
    }
    return {**fields, **changes}


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# ---- Model sites ------------------------------------------------------------------


def test_commune_user_records_a_site_in_own_commune_with_an_audit_entry(world):
    reporter = grant(world.reporter_hp_a)
    site = services.model_site_create(actor=reporter, **site_fields(world, members_female=12))
    assert site.created_by == reporter
    assert site.search_key.startswith("cau lac bo gia dinh hanh phuc")
    entry = AuditEntry.objects.get(action="registries.modelsite.created")
    assert entry.actor == reporter
    assert entry.object_id == str(site.pk)
    assert entry.data["unit"] == world.hp_a.pk
    assert entry.data["members_female"] == 12


def test_the_old_commune_merged_into_own_commune_is_in_the_area(world):
    reporter = grant(world.reporter_hp_a)
    site = services.model_site_create(actor=reporter, **site_fields(world, unit=world.old_commune))
    assert site.unit == world.old_commune


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("hp_b", "This commune is outside your area."),
        ("ct_a", "This commune is outside your area."),
        ("hp", "Choose a commune or ward."),
    ],
)
def test_a_site_outside_the_commune_or_not_in_a_commune_is_refused(world, unit, message):
    reporter = grant(world.reporter_hp_a)
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(actor=reporter, **site_fields(world, unit=getattr(world, unit)))
    assert errors_of(excinfo) == {"unit": [message]}
    assert not ModelSite.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="registries.").exists()


def test_site_rules_are_reported_together(world):
    admin = grant(world.admin_hp)
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(
            actor=admin,
            **site_fields(
                world,
                model_type="other",
                start_year=2024,
                end_year=2022,
                members_male=-1,
                name="  ",
            ),
        )
    errors = errors_of(excinfo)
    assert errors["type_other"] == ["Say what kind of model it is."]
    assert errors["end_year"] == ["The end year must not be before the start year."]
    assert "members_male" in errors
    assert "name" in errors


def test_a_stopped_site_needs_its_last_year(world):
    admin = grant(world.admin_hp)
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(actor=admin, **site_fields(world, status="suspended"))
    assert errors_of(excinfo) == {"end_year": ["Enter the last year the site ran."]}


def test_years_before_2000_are_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(actor=None, **site_fields(world, start_year=1999))
    assert "start_year" in errors_of(excinfo)


def test_other_type_keeps_its_text_and_a_known_type_drops_it(world):
    site = services.model_site_create(
        actor=None, **site_fields(world, model_type="other", type_other="Mô hình quy ước")
    )
    assert site.type_label == "Mô hình quy ước"
    site = services.model_site_update(actor=None, site=site, model_type="club")
    assert site.type_other == ""


def test_an_activity_brings_its_plan_and_must_be_seen(world):
    admin = grant(world.admin_hp)
    activity = Activity.objects.get(task__plan=world.plan_hp)
    site = services.model_site_create(actor=admin, **site_fields(world, activity=activity))
    assert site.plan == world.plan_hp
    other = Activity.objects.get(task__plan=world.plan_ct)
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(
            actor=admin, **site_fields(world, name="Khác", activity=other, plan=world.plan_hp)
        )
    assert errors_of(excinfo) == {"activity": ["This activity is not one of the chosen plan's."]}
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(
            actor=admin, **site_fields(world, name="Khác", plan=world.plan_ct)
        )
    assert errors_of(excinfo) == {"plan": ["Choose a plan you can see."]}
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(actor=admin, **site_fields(world, name="Khác", activity=other))
    assert errors_of(excinfo) == {"activity": ["Choose an activity of a plan you can see."]}


def test_a_lead_agency_out_of_sight_is_refused(world):
    admin = grant(world.admin_hp)
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(actor=admin, **site_fields(world, lead_agency=world.yte_ct))
    assert errors_of(excinfo) == {"lead_agency": ["Choose an agency you can see."]}


def test_the_same_site_twice_is_refused(world):
    services.model_site_create(actor=None, **site_fields(world))
    with pytest.raises(ValidationError) as excinfo:
        services.model_site_create(actor=None, **site_fields(world))
    assert errors_of(excinfo)["__all__"] == [
        "This commune already has a model site with this name starting that year."
    ]


def test_without_permission_nothing_is_recorded(world):
    with pytest.raises(PermissionDenied):
        services.model_site_create(actor=world.nobody, **site_fields(world))
    reporter = grant(world.reporter_hp_a, "registries.add_modelsite")
    site = services.model_site_create(actor=reporter, **site_fields(world))
    with pytest.raises(PermissionDenied):
        services.model_site_update(actor=reporter, site=site, note="x")


def test_update_audits_what_changed_and_nothing_when_unchanged(world, records):
    admin = grant(world.admin_hp)
    services.model_site_update(
        actor=admin, site=records.s_a, members_female=21, status="ended", end_year=2025
    )
    entry = AuditEntry.objects.get(action="registries.modelsite.changed")
    assert entry.data == {
        "members_female": [20, 21],
        "status": ["active", "ended"],
        "end_year": [None, 2025],
    }
    services.model_site_update(actor=admin, site=records.s_a, members_female=21)
    assert AuditEntry.objects.filter(action="registries.modelsite.changed").count() == 1


def test_update_of_a_record_outside_the_area_is_denied(world, records):
    reporter = grant(world.reporter_hp_a)
    with pytest.raises(PermissionDenied):
        services.model_site_update(actor=reporter, site=records.s_b, note="x")
    with pytest.raises(PermissionDenied):
        services.model_site_update(actor=reporter, site=records.s_ct, note="x")
    with pytest.raises(ValidationError) as excinfo:  # moving one's own site away
        services.model_site_update(actor=reporter, site=records.s_a, unit=world.hp_b)
    assert errors_of(excinfo) == {"unit": ["This commune is outside your area."]}


def test_unknown_fields_are_a_programming_error(world):
    with pytest.raises(TypeError):
        services.model_site_create(actor=None, colour="red", **site_fields(world))


# ---- Inspections ------------------------------------------------------------------


def inspection_fields(world, **changes):
    fields = {
        "kind": "supervision",
        "date": date(2025, 9, 1),
        "inspecting_agency": world.noivu_hp,
        "inspected_agency": world.ubnd_hp_a,
        "subject": "Giám sát thực hiện Tháng hành động",
    }
    return {**fields, **changes}


def test_an_inspection_takes_the_unit_of_the_inspected_agency(world):
    admin = grant(world.admin_hp)
    inspection = services.inspection_create(actor=admin, **inspection_fields(world))
    assert inspection.unit == world.hp_a
    assert inspection.violations_count == 0
    assert AuditEntry.objects.filter(action="registries.inspection.created").count() == 1
    inspection = services.inspection_update(
        actor=admin, inspection=inspection, inspected_agency=world.ubnd_hp_b
    )
    assert inspection.unit == world.hp_b
    entry = AuditEntry.objects.get(action="registries.inspection.changed")
    assert entry.data["unit"] == [world.hp_a.pk, world.hp_b.pk]


def test_a_commune_records_the_provinces_inspection_of_itself_but_not_of_others(world):
    reporter = grant(world.reporter_hp_a)
    inspection = services.inspection_create(actor=reporter, **inspection_fields(world))
    assert inspection.inspecting_agency == world.noivu_hp  # seen as a parent unit's
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_create(
            actor=reporter, **inspection_fields(world, inspected_agency=world.yte_hp)
        )
    assert errors_of(excinfo) == {"inspected_agency": ["This agency is outside your area."]}


def test_inspection_rules(world):
    tomorrow_but_one = timezone.localdate() + timedelta(days=2)
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_create(
            actor=None,
            **inspection_fields(
                world, date=tomorrow_but_one, violations_count=2, follow_up_note="x"
            ),
        )
    errors = errors_of(excinfo)
    assert errors["date"] == ["The date is in the future: record it once it has happened."]
    assert errors["violations"] == ["Describe the violations found."]
    assert errors["follow_up_status"] == [
        "Say where the follow-up stands: there are recommendations or violations."
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_create(
            actor=None,
            **inspection_fields(
                world,
                violations="Chưa bố trí cán bộ",
                recommendations="Bố trí cán bộ",
                follow_up_status="open",
                follow_up_due=date(2025, 8, 1),
            ),
        )
    errors = errors_of(excinfo)
    assert errors["violations_count"] == ["Enter how many violations were found."]
    assert errors["follow_up_due"] == ["The follow-up cannot be due before the inspection."]


def test_a_follow_up_without_anything_to_follow_needs_a_status(world):
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_create(
            actor=None, **inspection_fields(world, follow_up_due=date(2025, 10, 1))
        )
    assert errors_of(excinfo) == {"follow_up_status": ["Choose the follow-up status."]}


# ---- Awards -----------------------------------------------------------------------


def award_fields(world, **changes):
    fields = {
        "recipient_kind": "individual",
        "recipient_name": "Nguyễn Thị Lan",
        "recipient_agency": world.ubnd_hp_a,
        "sex": "female",
        "award_form": "commendation",
        "decision_number": "12/QĐ-UBND",
        "review": "midterm",
    }
    return {**fields, **changes}


def test_an_award_takes_the_agencys_unit_and_the_reviews_year(world):
    reporter = grant(world.reporter_hp_a)
    award = services.award_create(actor=reporter, **award_fields(world))
    assert award.unit == world.hp_a
    assert award.year == 2025
    assert AuditEntry.objects.get(action="registries.award.created").data["year"] == 2025


def test_award_rules(world):
    with pytest.raises(ValidationError) as excinfo:
        services.award_create(
            actor=None, **award_fields(world, sex="", award_form="other", year=2024)
        )
    errors = errors_of(excinfo)
    assert errors["sex"] == ["Choose the person's sex."]
    assert errors["award_form_other"] == ["Say what form the award takes."]
    assert errors["year"] == ["The awards of this review are 2025 awards."]
    with pytest.raises(ValidationError) as excinfo:
        services.award_create(
            actor=None, **award_fields(world, recipient_kind="collective", review="final")
        )
    assert errors_of(excinfo) == {"sex": ["Only an individual has a sex."]}
    with pytest.raises(ValidationError) as excinfo:  # an annual award needs its year
        services.award_create(actor=None, **award_fields(world, review="annual"))
    assert "year" in errors_of(excinfo)


def test_an_award_outside_the_area_and_twice_in_a_decision_is_refused(world):
    reporter = grant(world.reporter_hp_a)
    with pytest.raises(ValidationError) as excinfo:
        services.award_create(
            actor=reporter, **award_fields(world, recipient_agency=None, unit=world.hp)
        )
    assert errors_of(excinfo) == {"unit": ["This unit is outside your area."]}
    services.award_create(actor=reporter, **award_fields(world))
    with pytest.raises(ValidationError) as excinfo:
        services.award_create(actor=reporter, **award_fields(world))
    assert errors_of(excinfo)["__all__"] == ["This recipient is already listed in this decision."]
    assert Award.objects.count() == 1
    assert Inspection.objects.count() == 0
