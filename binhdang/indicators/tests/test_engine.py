"""Indicator values from hand-built data whose answers are known (tests/world.py: Hải
Phòng's plan with a media target and its 2025 round: Sở Nội vụ, Sở Y tế and the ward
Thành Đông expected; Cẩm Thượng is an old ward merged into Thành Đông)."""

import sys
import types
from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from binhdang.indicators import selectors
from binhdang.indicators.choices import Direction, LinkedBy, Status
from binhdang.indicators.models import Indicator, SurveyResult, TargetIndicator
from binhdang.indicators.services import targets_link
from binhdang.indicators.tests.helpers import add_target, send, sub_of
from binhdang.reporting.models import CommEvent, ReportRound, Submission
from tests.world import make_agency

pytestmark = pytest.mark.django_db

CONVENTIONS = "Đến năm 2025 đạt 95% và đến năm 2030 đạt 100% các hương ước, quy ước của cộng đồng đã được thông qua không có sự phân biệt đối xử về giới."


def conventions_target(w):
    t = add_target(
        w.plan_hp, CONVENTIONS, {"year": 2025, "value": 95}, {"year": 2030, "value": 100}
    )
    targets_link(plan=w.plan_hp)
    return t


def conventions(w):
    return Indicator.objects.get(code="conventions-ok")


# ---- ratio of sums, missing reports ------------------------------------------------------


def test_a_share_is_the_ratio_of_summed_parts_never_an_average(iworld):
    w = iworld
    conventions_target(w)
    send(
        sub_of(w.round_hp, w.yte_hp), {"conventions.total": 10, "conventions.non_discriminatory": 9}
    )
    send(
        sub_of(w.round_hp, w.ubnd_hp_a),
        {"conventions.total": 90, "conventions.non_discriminatory": 1},
    )
    value = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    # (9 + 1) / (10 + 90) = 10%, not the mean of 90% and 1.1% (45.6%).
    assert value.value == D("10.00")
    assert (value.numerator, value.denominator) == (D(10), D(100))
    assert value.used_fallback  # the convention registry has nothing here
    assert value.reporters == 2 and value.expected == 3


def test_a_missing_report_is_listed_never_counted_as_zero(iworld):
    w = iworld
    conventions_target(w)
    send(
        sub_of(w.round_hp, w.yte_hp), {"conventions.total": 10, "conventions.non_discriminatory": 9}
    )
    # The ward sent its report without the numerator: its total is left out too.
    send(sub_of(w.round_hp, w.ubnd_hp_a), {"conventions.total": 90})
    value = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    assert value.value == D("90.00")
    reasons = {m.agency: m.reason for m in value.missing_detail}
    assert reasons == {
        w.noivu_hp.full_name: "not_sent",
        w.ubnd_hp_a.full_name: "no_figure",
    }
    assert value.missing == [m.agency for m in value.missing_detail]
    links = {s.key: s.link for s in value.sources}
    assert links["reported.conventions.total"].kind == "submissions"
    assert links["reported.conventions.total"].ids == [sub_of(w.round_hp, w.yte_hp).pk]


def test_nobody_reported_is_no_value_not_zero(iworld):
    w = iworld
    conventions_target(w)
    value = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    assert value.value is None and not value.has_data
    assert len(value.missing) == 3


def test_the_best_kind_and_the_annual_figure_win(iworld):
    w = iworld
    conventions_target(w)
    sub = sub_of(w.round_hp, w.yte_hp)
    send(sub, {"conventions.total": 10, "conventions.non_discriminatory": 5}, kind="estimate")
    send(sub, {"conventions.total": 10, "conventions.non_discriminatory": 8}, kind="final")
    value = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    assert value.value == D("80.00")


# ---- legacy units -----------------------------------------------------------------------


def test_figures_of_a_pre_2025_unit_roll_up_to_its_successor(iworld):
    w = iworld
    target = conventions_target(w)
    old = make_agency(
        w.old_commune, "Ủy ban nhân dân phường Cẩm Thượng", "ubnd-xa", "peoples_committee"
    )
    sub = Submission.objects.create(
        round=w.round_hp, agency=old, unit=w.old_commune, expected_as="added"
    )
    send(sub, {"conventions.total": 10, "conventions.non_discriminatory": 5})
    send(
        sub_of(w.round_hp, w.ubnd_hp_a),
        {"conventions.total": 90, "conventions.non_discriminatory": 1},
    )
    send(
        sub_of(w.round_hp, w.yte_hp), {"conventions.total": 10, "conventions.non_discriminatory": 9}
    )
    province = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    assert province.value == D("13.64")  # 15 / 110
    # The new ward's area holds the old ward's figures.
    ward = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp_a)
    assert (ward.numerator, ward.denominator) == (D(6), D(100))
    rows = {r.label: r for r in selectors.progress_by_unit(target=target, year=2025)}
    assert rows["Phường Thành Đông"].value.value == D("6.00")
    level = next(r for r in rows.values() if r.is_level_row)
    assert level.value.value == D("90.00")  # Sở Y tế; Sở Nội vụ missing
    assert level.value.missing == [w.noivu_hp.full_name]
    assert rows["Phường Hải Dương"].value.value is None
    assert rows["Phường Thành Đông"].status == Status.OFF_TRACK


# ---- events -----------------------------------------------------------------------------


def event(w, unit, agency, day, **kw):
    base = {"event_type": "talk", "channel": "in_person", "title": "x"}
    return CommEvent.objects.create(agency=agency, unit=unit, date=day, **(base | kw))


RADIO = "Mỗi xã, phường, thị trấn mỗi quý có ít nhất 04 tin, bài, phóng sự về bình đẳng giới trên Đài Phát thanh xã."


def test_radio_news_per_commune_per_quarter(iworld):
    w = iworld
    target = add_target(w.plan_hp, RADIO, {"value": 4, "comparison": ">="})
    targets_link(plan=w.plan_hp)
    event(
        w,
        w.hp_a,
        w.ubnd_hp_a,
        date(2025, 3, 1),
        event_type="news_item",
        channel="radio",
        quantity=20,
    )
    event(w, w.hp_b, w.ubnd_hp_b, date(2025, 5, 1), event_type="broadcast", channel="radio")
    event(
        w, w.hp_a, w.ubnd_hp_a, date(2025, 6, 1), event_type="news_item", channel="tv", quantity=50
    )
    # After the 14/12 cut-off: next year's.
    event(
        w,
        w.hp_a,
        w.ubnd_hp_a,
        date(2025, 12, 20),
        event_type="news_item",
        channel="radio",
        quantity=7,
    )
    indicator = Indicator.objects.get(code="radio-news")
    value = selectors.indicator_value(indicator=indicator, year=2025, unit=w.hp)
    # 21 items / 2 communes in force / 4 quarters.
    assert value.value == D("2.63")
    assert value.numerator == D(21) and value.denominator == D(8)
    link = next(s.link for s in value.sources if s.key.startswith("events"))
    assert link.kind == "events" and link.filter["channel"] == "radio"
    assert link.filter["date_from"] == "2024-12-15" and link.filter["date_to"] == "2025-12-14"
    assert link.url.startswith("/reports/events/?") and "channel=radio" in link.url
    rows = {r.label: r for r in selectors.progress_by_unit(target=target, year=2025)}
    assert rows["Phường Thành Đông"].value.value == D("5.00")
    assert rows["Phường Thành Đông"].status == Status.ACHIEVED
    assert rows["Phường Hải Dương"].value.value == D("0.25")
    assert rows["Phường Hải Dương"].status == Status.OFF_TRACK
    progress = selectors.target_progress(target=target, year=2025)
    assert progress.indicator.code == "radio-news"
    assert progress.next_milestone.status == Status.OFF_TRACK
    assert value.missing == []  # both wards logged radio news
    # 2026: one item so far after the cut-off, quarters elapsed by today.
    assert selectors.indicator_value(indicator=indicator, year=2026, unit=w.hp_a).numerator == D(7)
    later = selectors.indicator_value(indicator=indicator, year=2026, unit=w.hp)
    assert later.missing == ["Phường Hải Dương"]  # logged nothing: flagged
    assert later.missing_detail[0].reason == "no_events"


def test_communication_sessions_per_commune_by_target_group(iworld):
    w = iworld
    from binhdang.reporting.groups import groups_to_mask

    target = add_target(
        w.plan_hp,
        "Hằng năm, các cơ quan, tổ chức, doanh nghiệp và người dân được truyền thông ít nhất 02 cuộc.",
        {"value": 2, "unit": "cuộc", "comparison": ">="},
    )
    targets_link(plan=w.plan_hp)
    event(
        w,
        w.hp,
        w.yte_hp,
        date(2025, 4, 1),
        event_type="conference",
        target_groups=groups_to_mask(["officials"]),
    )
    event(
        w,
        w.hp_b,
        w.ubnd_hp_b,
        date(2025, 4, 2),
        target_groups=groups_to_mask(["general", "women_girls"]),
    )
    event(w, w.hp_b, w.ubnd_hp_b, date(2025, 4, 3), channel="radio", event_type="broadcast")
    progress = selectors.target_progress(target=target, year=2025)
    value = progress.current
    # 3 in-person sessions (incl. the world's talk in Thành Đông) / 2 communes.
    assert value.value == D("1.50")
    assert value.by_group == {
        "general": D("0.50"),
        "women_girls": D("0.50"),
        "officials": D("0.50"),
    }
    assert progress.status == Status.OFF_TRACK  # 1.5 < 2 − 2 × 0.2
    agencies = {r.agency: r for r in selectors.progress_by_agency(target=target, year=2025)}
    assert agencies[w.yte_hp.full_name].value.value == D("0.50")


# ---- Action Month -------------------------------------------------------------------------


def test_action_month_share_over_reporters_with_the_missing_listed(iworld):
    w = iworld
    from binhdang.reporting.services import round_add_reporter, round_open

    target = add_target(
        w.plan_hp,
        "Đến năm 2025 đạt 100% sở, ngành, địa phương xây dựng kế hoạch, triển khai hoạt động Tháng hành động vì bình đẳng giới.",
        {"year": 2025, "value": 100, "unit": "%"},
    )
    targets_link(plan=w.plan_hp)
    am = round_open(
        plan=w.plan_hp, actor=w.manager_hp, kind="action_month", year=2025,
        opens_on=date(2025, 11, 1), deadline=date(2025, 12, 22),
    )  # fmt: skip
    round_add_reporter(round=am, agency=w.ubnd_hp_a, actor=w.manager_hp)
    send(sub_of(am, w.yte_hp), {"action_month.plan_made": 1})
    send(sub_of(am, w.noivu_hp), {"action_month.plan_made": 0})
    progress = selectors.target_progress(target=target, year=2025)
    value = progress.current
    assert value.value == D("50.00")
    assert (value.numerator, value.denominator) == (D(1), D(2))
    assert value.missing == [w.ubnd_hp_a.full_name]  # flagged, not a "no"
    assert progress.status == Status.OFF_TRACK
    source = value.sources[0]
    assert source.note and source.link.ids == sorted(
        [sub_of(am, w.yte_hp).pk, sub_of(am, w.noivu_hp).pk]
    )


# ---- awareness surveys, baseline 2025 ------------------------------------------------------

AWARENESS = "Phấn đấu đến năm 2030 nhận thức về bình đẳng giới của các nhóm đối tượng trong cộng đồng tăng từ 10-15% so với năm 2025."


def test_awareness_change_against_the_2025_baseline(iworld):
    w = iworld
    target = add_target(
        w.plan_hp, AWARENESS,
        {"year": 2030, "value": 10, "value_max": 15, "unit": "%", "comparison": "increase", "baseline_year": 2025},
    )  # fmt: skip
    targets_link(plan=w.plan_hp)
    survey = {"source": "Khảo sát"}
    SurveyResult.objects.create(unit=w.hp_a, year=2025, respondents=100, share_correct=60, **survey)
    SurveyResult.objects.create(unit=w.hp_a, year=2027, respondents=100, share_correct=70, **survey)
    SurveyResult.objects.create(unit=w.hp_b, year=2027, respondents=300, share_correct=80, **survey)
    SurveyResult.objects.create(
        unit=w.hp_a, year=2025, sex="female", respondents=50, share_correct=50, **survey
    )
    SurveyResult.objects.create(
        unit=w.hp_a, year=2027, sex="female", respondents=50, share_correct=56, **survey
    )
    SurveyResult.objects.create(
        unit=w.hp_a, year=2025, sex="male", respondents=50, share_correct=70, **survey
    )
    SurveyResult.objects.create(
        unit=w.ct_a, year=2027, respondents=1000, share_correct=10, **survey
    )
    progress = selectors.target_progress(target=target, year=2027)
    assert progress.link.baseline_year == 2025
    assert progress.baseline.year == 2025 and progress.baseline.value == 0
    assert progress.baseline.level == D("60.00")
    value = progress.current
    # (70 + 240) / 400 = 77.5% in 2027, 60% in 2025: +17.5 points (a mean would say +15).
    assert value.value == D("17.50")
    assert value.by_sex["female"] == D("6.00")
    assert value.by_sex["male"] is None  # no 2027 figure for men
    assert progress.next_milestone.year == 2030
    assert progress.status == Status.ACHIEVED
    # 2026: no survey yet; the status uses the latest year with data up to then.
    earlier = selectors.target_progress(target=target, year=2026)
    assert earlier.current.value is None
    assert earlier.next_milestone.actual_year == 2025 and earlier.next_milestone.actual == 0
    assert earlier.status == Status.ON_TRACK  # on the line from 0 (2025) to +10 (2030)
    explanation = selectors.explain(target=target, year=2027)
    assert "[" in explanation.formula_words and explanation.value.value == D("17.50")
    assert explanation.rows[0].link.kind == "surveys" and len(explanation.rows[0].link.ids) == 2


def test_awareness_falls_back_to_one_reported_share_never_averages_several(iworld):
    w = iworld
    indicator = Indicator.objects.get(code="awareness-change")
    r24 = ReportRound.objects.create(
        plan=w.plan_hp, kind="annual", year=2024, period="2024", title="2024",
        opens_on=date(2024, 11, 1), deadline=date(2024, 12, 10),
        data_start=date(2023, 12, 15), data_end=date(2024, 12, 14),
    )  # fmt: skip
    base = Submission.objects.create(round=r24, agency=w.yte_hp, unit=w.hp, expected_as="lead")
    send(base, {"awareness.share": 50})
    send(sub_of(w.round_hp, w.yte_hp), {"awareness.share": 58})
    value = selectors.indicator_value(indicator=indicator, year=2025, unit=w.hp)
    assert value.value == 0  # 2025 is the baseline year itself
    value = selectors.indicator_value(indicator=indicator, year=2025, unit=w.hp, baseline_year=2024)
    assert value.used_fallback and value.value == D("8.00")
    send(sub_of(w.round_hp, w.ubnd_hp_a), {"awareness.share": 90})
    with translation.override("en"):
        value = selectors.indicator_value(
            indicator=indicator, year=2025, unit=w.hp, baseline_year=2024
        )
    assert value.value is None and "not averaged" in value.note


# ---- registries -------------------------------------------------------------------------


def test_media_share_from_the_registry(iworld):
    w = iworld
    from binhdang.media.models import Adoption, MediaAgency

    statuses = ["pilot", "pilot", "pilot", "official", "none"]
    for i, status in enumerate(statuses):
        agency = MediaAgency.objects.create(
            name=f"Báo {i}", kind="newspaper", unit=w.hp, search_key=f"bao {i}", fold_key=f"bao {i}"
        )
        Adoption.objects.create(media_agency=agency, year=2025, status=status)
    MediaAgency.objects.create(name="Đài Cần Thơ", kind="radio_tv", unit=w.ct, search_key="dai")
    target = w.plan_hp.targets.get()
    targets_link(plan=w.plan_hp)
    progress = selectors.target_progress(target=target, year=2025)
    assert progress.indicator.code == "media-pilot"
    assert progress.current.value == D("80.00")  # pilot or official: 4 of 5
    assert not progress.current.used_fallback
    assert progress.status == Status.ACHIEVED
    source = progress.current.sources[0]
    assert source.link.kind == "registry" and source.link.app == "media"
    assert (
        source.link.url.startswith("/media-agencies/?") and f"province={w.hp.pk}" in source.link.url
    )
    official = next(p for p in progress.parts if p.indicator.code == "media-official")
    assert official.current.value == D("20.00")
    assert [m.indicator.code for m in progress.milestones] == ["media-pilot", "media-official"]


@pytest.fixture
def fake_conventions(monkeypatch):
    """A stand-in for the convention registry's selector (the real one is tested below)."""
    counts = {"total": 40, "reviewed": 30, "non_discriminatory": 38}
    module = types.ModuleType("binhdang.conventions.selectors")

    def convention_counts(*, year, unit=None):
        return dict(counts)

    module.convention_counts = convention_counts
    monkeypatch.setitem(sys.modules, "binhdang.conventions.selectors", module)
    return counts


def test_conventions_from_the_registry_else_from_reports(iworld, fake_conventions):
    w = iworld
    conventions_target(w)
    send(
        sub_of(w.round_hp, w.yte_hp), {"conventions.total": 10, "conventions.non_discriminatory": 9}
    )
    value = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    assert value.value == D("95.00") and not value.used_fallback
    assert value.missing == []  # the registry is not a report
    fake_conventions["total"] = 0
    with translation.override("en"):
        value = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    assert value.used_fallback and value.value == D("90.00")
    assert "registry has no rows" in value.note


def test_conventions_from_the_real_registry_by_commune(iworld):
    w = iworld
    from binhdang.conventions.models import Convention

    target = conventions_target(w)
    rows = [  # (commune, result, reviewed on)
        (w.hp_a, "no_discrimination", date(2025, 5, 1)),
        (w.hp_a, "fixed", date(2025, 5, 1)),
        (w.hp_a, "discrimination_found", date(2025, 5, 1)),
        (w.hp_b, "no_discrimination", date(2025, 6, 1)),
        (w.old_commune, "no_discrimination", date(2024, 6, 1)),  # before the merger
    ]
    for i, (unit, result, reviewed) in enumerate(rows):
        Convention.objects.create(
            kind="huong_uoc", village_name=f"Thôn {i}", village_kind="thon", unit=unit,
            adopted_on=date(2020, 1, 1), review_result=result, reviewed_on=reviewed,
            fixed_on=date(2025, 8, 1) if result == "fixed" else None, fold_key=f"thon {i}",
        )  # fmt: skip
    value = selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.hp)
    assert not value.used_fallback
    assert (value.numerator, value.denominator, value.value) == (D(4), D(5), D("80.00"))
    assert value.sources[0].link.kind == "registry" and value.sources[0].link.app == "conventions"
    rows_by_label = {r.label: r for r in selectors.progress_by_unit(target=target, year=2025)}
    # Thành Đông holds Cẩm Thượng's convention too: 3 free of 4.
    assert rows_by_label["Phường Thành Đông"].value.value == D("75.00")
    assert rows_by_label["Phường Hải Dương"].value.value == D("100.00")


def test_model_sites_from_the_registry(iworld):
    w = iworld
    from binhdang.registries.models import ModelSite

    for i, mode in enumerate(("maintain", "maintain", "replicate", "new")):
        ModelSite.objects.create(
            model_type="club", name=f"CLB {i}", unit=w.hp_a, lead_agency=w.ubnd_hp_a,
            mode=mode, start_year=2024, status="active",
        )  # fmt: skip
    indicator = Indicator.objects.get(code="model-sites")
    assert selectors.indicator_value(indicator=indicator, year=2025, unit=w.hp).value == D(3)
    assert selectors.indicator_value(indicator=indicator, year=2025, unit=w.ct).value is None


# ---- status: decrease, hand links, entered baseline --------------------------------------


def test_a_decrease_target_with_an_entered_baseline(iworld):
    w = iworld
    indicator = Indicator.objects.create(
        code="unserved", name="People needing support not served",
        formula="100 - 100 * reported.support.served / reported.support.needed",
        direction=Direction.DECREASE, measure="percent",
    )  # fmt: skip
    target = add_target(
        w.plan_hp,
        "Giảm tỷ lệ người không được hỗ trợ xuống 10% vào năm 2030.",
        {"year": 2030, "value": 10},
    )
    TargetIndicator.objects.filter(target=target).delete()
    TargetIndicator.objects.create(
        target=target, indicator=indicator, linked_by=LinkedBy.HAND,
        baseline_value=50, baseline_year=2025, tolerance=5,
    )  # fmt: skip
    r27 = ReportRound.objects.create(
        plan=w.plan_hp, kind="annual", year=2027, period="2027", title="2027",
        opens_on=date(2027, 11, 1), deadline=date(2027, 12, 10),
        data_start=date(2026, 12, 15), data_end=date(2027, 12, 14),
    )  # fmt: skip
    sub = Submission.objects.create(round=r27, agency=w.yte_hp, unit=w.hp, expected_as="lead")
    send(sub, {"support.needed": 100, "support.served": 64})
    progress = selectors.target_progress(target=target, year=2027)
    assert progress.current.value == D("36.00")
    assert progress.baseline.source == "entered"
    assert progress.next_milestone.expected == D("34.00")  # 50 → 10 over 2025–2030
    assert progress.status == Status.ON_TRACK  # 36 ≤ 34 + 5
    assert targets_link(plan=w.plan_hp)["linked"] >= 1
    assert TargetIndicator.objects.get(target=target).indicator == indicator  # kept


def test_a_target_without_indicator_is_no_data(iworld):
    w = iworld
    target = add_target(w.plan_hp, "Xây dựng 5 câu lạc bộ.", {"year": 2030, "value": 5})
    progress = selectors.target_progress(target=target, year=2026)
    assert progress.indicator is None and progress.status == Status.NO_DATA
    assert selectors.progress_by_unit(target=target, year=2026) == []


# ---- scope ------------------------------------------------------------------------------


def test_scope(iworld):
    from django.core.exceptions import PermissionDenied

    w = iworld
    target_ct = w.plan_ct.targets.get()
    with pytest.raises(PermissionDenied):
        selectors.target_progress(target=target_ct, year=2025, user=w.admin_hp)
    with pytest.raises(PermissionDenied):
        selectors.indicator_value(indicator=conventions(w), year=2025, unit=w.ct, user=w.admin_hp)
    with pytest.raises(PermissionDenied):
        selectors.plan_progress(plan=w.plan_ct, year=2025, user=w.admin_hp)
    # A ward's reporter sees the city's plan over the ward's own area only.
    target = w.plan_hp.targets.get()
    progress = selectors.target_progress(target=target, year=2025, user=w.reporter_hp_a)
    assert progress.unit == w.hp_a
    rows = selectors.progress_by_unit(target=target, year=2025, user=w.reporter_hp_a)
    assert [r.unit for r in rows] == [w.hp_a]


def test_leader_dashboard(iworld):
    w = iworld
    conventions_target(w)
    send(
        sub_of(w.round_hp, w.yte_hp), {"conventions.total": 10, "conventions.non_discriminatory": 9}
    )
    dashboard = selectors.leader_dashboard(user=w.admin_hp, year=2025)
    assert [p.plan for p in dashboard.plans] == [w.plan_hp]
    plan = dashboard.plans[0]
    assert [t.target.text[:12] for t in plan.targets] == ["Đến năm 2025", "Đến năm 2025"]
    assert plan.targets[1].status == Status.ON_TRACK  # 90% vs 95% in 2025, tolerance 5
    assert plan.targets[1].series[-1][0] == 2025
    assert sum(dashboard.counts.values()) == 2
    (rnd,) = dashboard.rounds
    assert rnd.round == w.round_hp and rnd.expected == 3 and rnd.received == 1
    assert {r.agency for r in rnd.missing} == {w.noivu_hp.full_name, w.ubnd_hp_a.full_name}
    # A ward's reporter: the city's round, but only the ward's own row.
    mine = selectors.leader_dashboard(user=w.reporter_hp_a, year=2025)
    assert [r.agency for r in mine.rounds[0].missing] == [w.ubnd_hp_a.full_name]
    assert all(t.unit == w.hp_a for p in mine.plans for t in p.targets)
