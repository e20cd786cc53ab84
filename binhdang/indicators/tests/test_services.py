"""Writes: linking targets (and after a plan is edited), hand links, survey results."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from binhdang.core.models import AuditEntry
from binhdang.indicators import selectors, services
from binhdang.indicators.choices import LinkedBy
from binhdang.indicators.models import Indicator, SurveyResult, TargetIndicator

pytestmark = pytest.mark.django_db


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    for attr in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)
    return user


def test_saving_a_plan_links_its_targets_and_linking_again_changes_nothing(iworld):
    w = iworld
    codes = TargetIndicator.objects.filter(target__plan=w.plan_hp).order_by("order")
    assert [link.indicator.code for link in codes] == ["media-pilot", "media-official"]
    audited = AuditEntry.objects.filter(action="indicators.targets.linked").count()
    assert services.targets_link(plan=w.plan_hp)["created"] == 0
    assert AuditEntry.objects.filter(action="indicators.targets.linked").count() == audited


def test_an_edited_plan_is_linked_again_when_saved(iworld):
    from binhdang.plans.services import plan_update_content

    w = iworld
    content = w.plan_hp.versions.get().content
    plan_update_content(plan_id=w.plan_hp.pk, content=content, actor=w.admin_hp)
    target = w.plan_hp.targets.get()  # rewritten whole, linked again on save
    links = TargetIndicator.objects.filter(target=target).order_by("order")
    assert [link.indicator.code for link in links] == ["media-pilot", "media-official"]
    progress = selectors.target_progress(target=target, year=2025)
    assert progress.indicator.code == "media-pilot"
    assert services.targets_link(plan=w.plan_hp)["created"] == 0


def test_a_hand_change_needs_the_permission_and_is_kept(iworld):
    w = iworld
    services.targets_link(plan=w.plan_hp)
    link = TargetIndicator.objects.filter(target__plan=w.plan_hp).order_by("order").first()
    with pytest.raises(PermissionDenied):
        services.target_indicator_update(link=link, actor=w.viewer_hp, baseline_value=D(40))
    grant(w.manager_hp, "change_targetindicator")
    services.target_indicator_update(
        link=link, actor=w.manager_hp, baseline_value=D(40), baseline_year=2023, tolerance=D(3)
    )
    link.refresh_from_db()
    assert link.linked_by == LinkedBy.HAND and link.baseline_value == D(40)
    services.targets_link(plan=w.plan_hp)
    link.refresh_from_db()
    assert link.baseline_value == D(40)
    entry = AuditEntry.objects.get(action="indicators.link.changed")
    assert entry.data["after"]["baseline_year"] == 2023
    other = Indicator.objects.get(code="conventions-ok")
    with pytest.raises(ValidationError):
        services.target_indicator_update(
            link=link, actor=w.manager_hp, milestones=list(w.plan_ct.targets.get().milestones.all())
        )
    services.target_indicator_update(link=link, actor=w.manager_hp, indicator=other)
    assert TargetIndicator.objects.get(pk=link.pk).indicator == other


def test_survey_results_are_entered_in_scope(iworld):
    w = iworld
    kwargs = {"year": 2025, "respondents": 120, "share_correct": D("62.5"), "source": "KS 2025"}
    with pytest.raises(PermissionDenied):
        services.survey_result_create(actor=w.viewer_hp, unit=w.hp_a, **kwargs)
    grant(w.manager_hp, "add_surveyresult", "change_surveyresult", "delete_surveyresult")
    with pytest.raises(ValidationError):
        services.survey_result_create(actor=w.manager_hp, unit=w.ct_a, **kwargs)
    with pytest.raises(ValidationError):
        services.survey_result_create(
            actor=w.manager_hp, unit=w.hp_a, **(kwargs | {"share_correct": 120})
        )
    result = services.survey_result_create(actor=w.manager_hp, unit=w.hp_a, sex="female", **kwargs)
    assert result.correct == D(75)
    assert AuditEntry.objects.filter(action="indicators.survey.created").count() == 1
    services.survey_result_update(result=result, actor=w.manager_hp, respondents=200)
    assert SurveyResult.objects.get(pk=result.pk).respondents == 200
    # Scope of reads: Cần Thơ's people do not see Hải Phòng's surveys.
    from binhdang.accounts.choices import Role
    from binhdang.accounts.services import user_create

    ct_user = user_create(
        username="ct.v", password="pw-123456", agency=w.yte_ct, roles=[Role.VIEWER]
    )
    assert list(selectors.survey_results(user=ct_user)) == []
    assert list(selectors.survey_results(user=w.viewer_hp, unit=w.hp)) == [result]
    services.survey_result_delete(result=result, actor=w.manager_hp)
    assert not SurveyResult.objects.exists()
    assert AuditEntry.objects.filter(action="indicators.survey.deleted").count() == 1


def test_indicator_list_is_reference_data(iworld):
    w = iworld
    assert selectors.indicator_list(user=w.viewer_hp).count() == Indicator.objects.count()
    from django.contrib.auth.models import AnonymousUser

    assert selectors.indicator_list(user=AnonymousUser()).count() == 0


def test_the_dashboard_stays_within_a_query_budget(iworld, django_assert_max_num_queries):
    w = iworld
    services.targets_link(plan=w.plan_hp)
    with django_assert_max_num_queries(40):
        selectors.leader_dashboard(user=w.admin_hp, year=2025)
