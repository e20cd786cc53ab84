"""The progress pages: known values from a hand-built fixture, scope (404), permission
(403), a table for every chart, the print stylesheet, survey result entry.

The fixture on `world`: Hải Phòng's target ("80% by 2025, 90% by 2030") is measured by a
survey indicator. Survey results (people asked, share with correct answers):

=========  ====  =====================  =====================  =========
unit       year  women                  men                    area
=========  ====  =====================  =====================  =========
Thành Đông 2024  —                      —   (all: 100 @ 50%)   50%
Hải Dương  2024  —                      —   (all: 100 @ 50%)   50%
Thành Đông 2025  100 @ 90% → 90         100 @ 80% → 80         85%
Hải Dương  2025  100 @ 60% → 60         100 @ 60% → 60         60%
=========  ====  =====================  =====================  =========

Hải Phòng 2025 = (90 + 80 + 60 + 60) / 400 = 72,5%; women 150/200 = 75%, men 140/200 = 70%.
Against the 2025 milestone of 80% (tolerance 5 points): Thành Đông achieved, Hải Phòng at
risk (72,5 ≥ 70), Hải Dương off track (60 < 70).
"""

import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from binhdang.indicators.choices import Status
from binhdang.indicators.models import Indicator, SurveyResult, TargetIndicator

pytestmark = pytest.mark.django_db

VIEW = ("indicators", "view_indicator")


def _grant(user, *codenames):
    for codename in codenames or ("view_indicator",):
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="indicators", codename=codename)
        )
    # Permissions are cached on the user object.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)
    return user


@pytest.fixture
def progress(world):
    """The world with Hải Phòng's target measured by a hand-entered survey indicator."""
    indicator = Indicator.objects.create(
        code="awareness-test",
        name="People with correct knowledge of gender equality",
        formula="survey.awareness",
        measure="percent",
        direction="increase",
        disaggregations=["sex"],
    )
    target_hp = world.plan_hp.targets.get()
    target_ct = world.plan_ct.targets.get()
    # Saving the plans linked their targets by wording; these are measured by hand instead.
    TargetIndicator.objects.filter(target__in=[target_hp, target_ct]).delete()
    TargetIndicator.objects.create(target=target_hp, indicator=indicator, linked_by="hand")
    TargetIndicator.objects.create(target=target_ct, indicator=indicator, linked_by="hand")

    def survey(unit, year, respondents, share, sex=""):
        return SurveyResult.objects.create(
            unit=unit,
            year=year,
            sex=sex,
            respondents=respondents,
            share_correct=Decimal(share),
            source="Khảo sát thử",
        )

    survey(world.hp_a, 2024, 100, 50)
    survey(world.hp_b, 2024, 100, 50)
    survey(world.hp_a, 2025, 100, 90, "female")
    survey(world.hp_a, 2025, 100, 80, "male")
    survey(world.hp_b, 2025, 100, 60, "female")
    survey(world.hp_b, 2025, 100, 60, "male")
    ct_result = survey(world.ct_a, 2025, 100, 40)
    world.target_hp = target_hp
    world.target_ct = target_ct
    world.indicator = indicator
    world.survey_ct = ct_result
    _grant(world.viewer_hp)
    return world


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _get(client, user, name, *args, **query):
    client.force_login(user)
    url = reverse(name, args=args)
    return client.get(url, query)


# ---- the leader's dashboard --------------------------------------------------------------


def test_dashboard_lists_targets_in_scope_with_traffic_light(client, progress):
    response = _get(client, progress.viewer_hp, "indicators:dashboard", year=2025)
    assert response.status_code == 200
    page = _soup(response)
    rows = page.select("[data-testid=progress-table] tbody tr[data-target]")
    assert [int(r["data-target"]) for r in rows] == [progress.target_hp.pk]
    row = rows[0]
    assert row["data-status"] == "at_risk"
    badge = row.select_one(".status-badge")
    # Never colour alone: an icon and the words.
    assert badge.select_one(".status-icon svg") is not None
    with translation.override("vi"):
        assert badge.get_text(strip=True) == str(Status.AT_RISK.label)
    assert row.select_one("[data-testid=current-value]").get_text(strip=True) == "72,5%"
    assert "80%" in row.get_text()
    spark = row.select_one("svg.sparkline")
    assert spark is not None and spark["role"] == "img"
    assert "2024: 50%" in spark["aria-label"] and "2025: 72,5%" in spark["aria-label"]
    # Cần Thơ's plan is not in a Hải Phòng viewer's scope.
    assert "Cần Thơ" not in response.content.decode()
    counts = {
        tile["data-status-count"]: tile.select_one(".kpi-value").get_text(strip=True)
        for tile in page.select("[data-status-count]")
    }
    assert counts["at_risk"] == "1"
    assert counts["achieved"] == "0"


def test_dashboard_is_printable(client, progress):
    response = _get(client, progress.viewer_hp, "indicators:dashboard", year=2025)
    page = _soup(response)
    link = page.select_one("link[data-testid=print-css]")
    assert link["href"].endswith("indicators/print.css")
    assert link["media"] == "print"
    assert page.select_one("[data-testid=print-button][data-print]") is not None


def test_dashboard_lists_missing_reporters_with_a_link_to_the_round(client, progress):
    response = _get(client, progress.viewer_hp, "indicators:dashboard", year=2025)
    page = _soup(response)
    rounds = page.select("[data-testid=rounds] tr[data-round]")
    assert [int(r["data-round"]) for r in rounds] == [progress.round_hp.pk]
    link = rounds[0].select_one("[data-testid=round-link]")
    assert link["href"] == reverse("reporting:round_detail", args=[progress.round_hp.pk])
    assert "Ủy ban nhân dân phường Thành Đông" in rounds[0].get_text()


def test_dashboard_without_a_round_says_so(client, progress):
    response = _get(client, progress.viewer_hp, "indicators:dashboard", year=2023)
    assert response.status_code == 200
    assert _soup(response).select_one("[data-testid=no-rounds]") is not None


# ---- a target's page ---------------------------------------------------------------------


def test_target_page_values_by_unit_and_sex(client, progress):
    response = _get(
        client, progress.viewer_hp, "indicators:target_detail", progress.target_hp.pk, year=2025
    )
    assert response.status_code == 200
    page = _soup(response)
    assert page.select_one("[data-testid=target-current]").get_text(strip=True) == "72,5%"
    assert page.select_one("[data-testid=target-status] .status-badge")["data-status"] == "at_risk"
    rows = {
        int(r["data-unit"]): r for r in page.select("[data-testid=unit-table] tbody tr[data-unit]")
    }
    assert rows[progress.hp_a.pk]["data-status"] == "achieved"
    assert "85%" in rows[progress.hp_a.pk].get_text()
    assert rows[progress.hp_b.pk]["data-status"] == "off_track"
    assert "60%" in rows[progress.hp_b.pk].get_text()
    assert "row-status-off_track" in rows[progress.hp_b.pk]["class"]
    sex = page.select_one("[data-testid=sex-table]").get_text(" ", strip=True)
    assert "75%" in sex and "70%" in sex


def test_target_page_trend_chart_data(client, progress):
    response = _get(
        client, progress.viewer_hp, "indicators:target_detail", progress.target_hp.pk, year=2025
    )
    page = _soup(response)
    canvas = page.select_one("canvas[data-chart=trend]")
    data = json.loads(page.find(id=canvas["data-chart-source"]).string)
    assert data["labels"] == [str(y) for y in range(2022, 2031)]
    actual, goal = data["series"]
    assert actual["role"] == "actual" and goal["role"] == "goal"
    assert actual["values"][2:4] == [50.0, 72.5]
    assert actual["values"][:2] == [None, None]
    assert goal["values"][3] == 80.0 and goal["values"][8] == 90.0
    assert data["unit"] == "%"
    bars = json.loads(page.find(id="chart-units").string)
    by_label = dict(
        zip(bars["labels"], zip(bars["values"], bars["statuses"], strict=True), strict=True)
    )
    assert by_label["Phường Thành Đông"] == (85.0, "achieved")
    assert by_label["Phường Hải Dương"] == (60.0, "off_track")
    assert bars["goal"] == 80.0


def test_every_chart_has_a_table_alternative(client, progress):
    response = _get(
        client, progress.viewer_hp, "indicators:target_detail", progress.target_hp.pk, year=2025
    )
    page = _soup(response)
    canvases = page.select("canvas[data-chart]")
    assert len(canvases) >= 2
    for canvas in canvases:
        assert canvas["role"] == "img" and canvas["aria-label"]
        table = page.find(id=canvas["aria-describedby"])
        assert table is not None and table.name == "table", canvas
        assert table.select("tbody tr"), canvas
    # No inline script: charts are drawn by the app's file from json_script data.
    for script in page.select("script"):
        assert script.get("src") or script.get("type") == "application/json"
    srcs = [s["src"] for s in page.select("script[src]")]
    assert any(s.endswith("vendor/chartjs/chart.umd.min.js") for s in srcs)
    assert any(s.endswith("indicators/charts.js") for s in srcs)


def test_target_page_explains_the_number(client, progress):
    response = _get(
        client, progress.viewer_hp, "indicators:target_detail", progress.target_hp.pk, year=2025
    )
    why = _soup(response).select_one("[data-testid=why]")
    assert "survey.awareness" in why.get_text()
    assert why.select_one("[data-testid=formula-words]").get_text(strip=True)


def test_target_page_narrowed_to_a_commune(client, progress):
    response = _get(
        client,
        progress.viewer_hp,
        "indicators:target_detail",
        progress.target_hp.pk,
        year=2025,
        unit=progress.hp_a.pk,
    )
    assert response.status_code == 200
    page = _soup(response)
    assert page.select_one("[data-testid=target-area]").get_text(strip=True) == "Phường Thành Đông"
    assert page.select_one("[data-testid=target-current]").get_text(strip=True) == "85%"


def test_commune_people_read_their_commune_not_the_province(client, progress):
    """A ward's reporter opens the city plan's target: the ward's own figures; the city's
    totals and the neighbouring ward's are not theirs to read (the scope shows the city
    for context only)."""
    user = _grant(progress.reporter_hp_a)
    url = reverse("indicators:target_detail", args=[progress.target_hp.pk])
    client.force_login(user)
    response = client.get(url, {"year": 2025})
    assert response.status_code == 200
    page = _soup(response)
    assert page.select_one("[data-testid=target-area]").get_text(strip=True) == "Phường Thành Đông"
    assert page.select_one("[data-testid=target-current]").get_text(strip=True) == "85%"
    units = [int(r["data-unit"]) for r in page.select("[data-testid=unit-table] tr[data-unit]")]
    assert units == [progress.hp_a.pk]
    assert "Hải Dương" not in page.select_one("main").get_text()
    assert "72,5" not in page.select_one("main").get_text()
    # The city itself: not found, whichever way it is asked for.
    assert client.get(url, {"unit": progress.hp.pk}).status_code == 404
    hp_page = reverse("indicators:unit_progress", args=[progress.hp.pk])
    assert client.get(hp_page).status_code == 404
    yte_page = reverse("indicators:agency_progress", args=[progress.yte_hp.pk])
    assert client.get(yte_page).status_code == 404
    own = reverse("indicators:unit_progress", args=[progress.hp_a.pk])
    assert client.get(own).status_code == 200


def test_target_page_without_indicator_says_so(client, progress):
    TargetIndicator.objects.filter(target=progress.target_hp).delete()
    progress.target_hp.text = "Một mục tiêu không có số liệu."
    progress.target_hp.save()
    response = _get(
        client, progress.viewer_hp, "indicators:target_detail", progress.target_hp.pk, year=2025
    )
    assert response.status_code == 200
    page = _soup(response)
    assert page.select_one("[data-testid=no-indicator]") is not None
    assert page.select_one("[data-testid=target-status] .status-badge")["data-status"] == "no_data"
    assert page.select_one("canvas[data-chart=units]") is None  # nothing to draw by area


# ---- an area's and an agency's pages -----------------------------------------------------


def test_unit_page_measures_the_area(client, progress):
    response = _get(
        client, progress.viewer_hp, "indicators:unit_progress", progress.hp_a.pk, year=2025
    )
    assert response.status_code == 200
    page = _soup(response)
    row = page.select_one("[data-testid=progress-table] tbody tr[data-target]")
    assert int(row["data-target"]) == progress.target_hp.pk
    assert row["data-status"] == "achieved"
    assert row.select_one("[data-testid=current-value]").get_text(strip=True) == "85%"
    assert page.select_one("link[data-testid=print-css]") is not None


def test_province_page_links_its_communes(client, progress):
    response = _get(
        client, progress.viewer_hp, "indicators:unit_progress", progress.hp.pk, year=2025
    )
    links = {a["href"] for a in _soup(response).select("[data-testid=child-units] a")}
    assert f"{reverse('indicators:unit_progress', args=[progress.hp_a.pk])}?year=2025" in links
    assert not any(str(progress.ct_a.pk) in href.split("?")[0].split("/") for href in links)


def test_agency_page_lists_the_plans_it_reports_on(client, progress):
    response = _get(
        client, progress.viewer_hp, "indicators:agency_progress", progress.yte_hp.pk, year=2025
    )
    assert response.status_code == 200
    page = _soup(response)
    plans = [int(b["data-plan"]) for b in page.select("[data-testid=plan-block]")]
    assert plans == [progress.plan_hp.pk]
    assert page.select("[data-testid=agency-targets] tr[data-target]")


# ---- scope and permission ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "inside", "outside"),
    [
        ("indicators:target_detail", "target_hp", "target_ct"),
        ("indicators:unit_progress", "hp_b", "ct"),
        ("indicators:unit_progress", "hp", "ct_a"),
        ("indicators:agency_progress", "yte_hp", "yte_ct"),
    ],
)
def test_out_of_scope_is_not_found(client, progress, name, inside, outside):
    client.force_login(progress.viewer_hp)
    assert client.get(reverse(name, args=[getattr(progress, inside).pk])).status_code == 200
    response = client.get(reverse(name, args=[getattr(progress, outside).pk]))
    assert response.status_code == 404
    assert b"C\xe1\xba\xa7n Th\xc6\xa1" not in response.content  # "Cần Thơ"


def test_area_parameter_out_of_scope_is_not_found(client, progress):
    client.force_login(progress.viewer_hp)
    url = reverse("indicators:target_detail", args=[progress.target_hp.pk])
    assert client.get(url, {"unit": progress.ct.pk}).status_code == 404
    assert client.get(url, {"unit": "x"}).status_code == 404


PAGES = [
    ("indicators:dashboard", None),
    ("indicators:target_detail", "target_hp"),
    ("indicators:unit_progress", "hp"),
    ("indicators:agency_progress", "yte_hp"),
    ("indicators:survey_list", None),
]


@pytest.mark.parametrize(("name", "attr"), PAGES)
def test_without_permission_is_forbidden(client, progress, name, attr):
    client.force_login(progress.nobody)
    args = [getattr(progress, attr).pk] if attr else []
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "attr"), PAGES)
def test_anonymous_is_sent_to_login(client, progress, name, attr):
    args = [getattr(progress, attr).pk] if attr else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_superuser_sees_both_provinces(client, progress, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456")
    response = _get(client, admin, "indicators:dashboard", year=2025)
    plans = {int(b["data-plan"]) for b in _soup(response).select("[data-testid=plan-block]")}
    assert {progress.plan_hp.pk, progress.plan_ct.pk} <= plans


# ---- survey results ----------------------------------------------------------------------


def test_survey_list_in_scope(client, progress):
    response = _get(client, progress.viewer_hp, "indicators:survey_list", year=2025)
    assert response.status_code == 200
    page = _soup(response)
    ids = {int(r["data-result"]) for r in page.select("[data-testid=survey-table] tr[data-result]")}
    assert progress.survey_ct.pk not in ids
    assert len(ids) == 4
    assert page.select_one("[data-testid=survey-add]") is None  # viewing only


def test_survey_create_and_update(client, progress):
    user = _grant(progress.admin_hp, "view_indicator", "add_surveyresult", "change_surveyresult")
    client.force_login(user)
    form_url = reverse("indicators:survey_create")
    assert client.get(form_url).status_code == 200
    data = {
        "unit": progress.hp_a.pk,
        "year": 2026,
        "target_group": "",
        "sex": "",
        "respondents": "250",
        "share_correct": "62,4",
        "source": "Khảo sát 2026",
        "agency": "",
        "note": "",
    }
    response = client.post(form_url, data)
    assert response.status_code == 302, response.context["form"].errors
    result = SurveyResult.objects.get(source="Khảo sát 2026")
    assert result.share_correct == Decimal("62.40")
    assert result.respondents == 250

    edit_url = reverse("indicators:survey_update", args=[result.pk])
    response = client.post(edit_url, {**data, "share_correct": "64"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.share_correct == Decimal("64")


def test_survey_form_keeps_what_was_typed_on_error(client, progress):
    user = _grant(progress.admin_hp, "view_indicator", "add_surveyresult")
    client.force_login(user)
    response = client.post(
        reverse("indicators:survey_create"),
        {"unit": progress.hp_a.pk, "year": 2026, "respondents": "0", "share_correct": "120",
         "source": "Khảo sát lỗi"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Khảo sát lỗi" in response.content.decode()
    assert not SurveyResult.objects.filter(source="Khảo sát lỗi").exists()


def test_survey_form_refuses_units_out_of_scope(client, progress):
    user = _grant(progress.admin_hp, "view_indicator", "add_surveyresult")
    client.force_login(user)
    response = client.post(
        reverse("indicators:survey_create"),
        {"unit": progress.ct_a.pk, "year": 2026, "respondents": "10", "share_correct": "50",
         "source": "Khảo sát ngoài phạm vi"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not SurveyResult.objects.filter(source="Khảo sát ngoài phạm vi").exists()


def test_survey_edit_out_of_scope_is_not_found(client, progress):
    user = _grant(progress.admin_hp, "view_indicator", "change_surveyresult")
    client.force_login(user)
    response = client.get(reverse("indicators:survey_update", args=[progress.survey_ct.pk]))
    assert response.status_code == 404


def test_survey_create_without_permission_is_forbidden(client, progress):
    client.force_login(progress.viewer_hp)
    assert client.get(reverse("indicators:survey_create")).status_code == 403


# ---- the "why" of a reported figure --------------------------------------------------------


def test_why_links_the_reports_used_and_lists_who_did_not_report(client, iworld):
    """Conventions free of discrimination, from the 2025 reports: Sở Y tế gave 9 of 10,
    the ward sent its report without the numerator, Sở Nội vụ sent nothing → 90%, two
    reporters listed as missing (never counted as zero)."""
    from binhdang.indicators.services import targets_link
    from binhdang.indicators.tests.helpers import add_target, send, sub_of
    from binhdang.indicators.tests.test_engine import CONVENTIONS

    w = iworld
    target = add_target(
        w.plan_hp, CONVENTIONS, {"year": 2025, "value": 95}, {"year": 2030, "value": 100}
    )
    targets_link(plan=w.plan_hp)
    used = send(
        sub_of(w.round_hp, w.yte_hp), {"conventions.total": 10, "conventions.non_discriminatory": 9}
    )
    send(sub_of(w.round_hp, w.ubnd_hp_a), {"conventions.total": 90})
    user = _grant(w.reviewer_hp)  # the focal office's reviewer may open the reports
    response = _get(client, user, "indicators:target_detail", target.pk, year=2025)
    assert response.status_code == 200
    page = _soup(response)
    assert page.select_one("[data-testid=target-current]").get_text(strip=True) == "90%"
    assert page.select_one("[data-testid=target-missing]").get_text(strip=True) == "2"
    data_used = page.select_one("[data-testid=data-used]")
    hrefs = {a["href"] for a in data_used.select("a")}
    assert reverse("reporting:submission", args=[used.pk]) in hrefs
    missing = page.select_one("[data-testid=why-missing]").get_text(" ", strip=True)
    assert w.noivu_hp.full_name in missing
    assert w.ubnd_hp_a.full_name in missing
    agencies = {
        int(r["data-agency"]): r for r in page.select("[data-testid=agency-table] tr[data-agency]")
    }
    assert "90%" in agencies[w.yte_hp.pk].get_text()
    assert w.noivu_hp.pk in agencies


def test_commune_dashboard_measures_the_own_commune(client, progress):
    user = _grant(progress.reporter_hp_a)
    response = _get(client, user, "indicators:dashboard", year=2025)
    assert response.status_code == 200
    page = _soup(response)
    row = page.select_one("[data-testid=progress-table] tbody tr[data-target]")
    assert row.select_one("[data-testid=current-value]").get_text(strip=True) == "85%"
    # Every link of the page opens (nothing leads to the city the ward may not read).
    for a in page.select("main a[href^='/progress/']"):
        assert client.get(a["href"]).status_code == 200, a["href"]


@pytest.mark.parametrize("who", ["viewer_hp", "reporter_hp_a"])
def test_every_progress_link_opens(client, progress, who):
    """From the dashboard, two clicks deep: no link leads to a 404 or 403."""
    user = _grant(getattr(progress, who))
    client.force_login(user)
    seen: set[str] = set()
    todo = [reverse("indicators:dashboard") + "?year=2025"]
    for _depth in range(3):
        found = []
        for url in todo:
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            assert response.status_code == 200, url
            found += [
                a["href"].split("#")[0]
                for a in _soup(response).select("main a[href^='/progress/']")
            ]
        todo = found
    assert len(seen) >= 3


def test_area_matrix_puts_every_plan_against_every_indicator():
    from types import SimpleNamespace as NS

    from binhdang.indicators.views import area_matrix

    def ind(pk, code):
        return NS(pk=pk, code=code, measure="percent", label=code)

    a, b = ind(1, "media"), ind(2, "conventions")

    def tp(indicator, status, value, target_pk):
        return NS(
            indicator=indicator,
            status=status,
            next_milestone=None,
            current=NS(value=value),
            unit=None,
            target=NS(pk=target_pk),
        )

    def block(name, *targets):
        plan = NS(pk=hash(name) % 1000, unit=NS(name=name), doc_number="")
        return NS(plan=plan, targets=list(targets))

    blocks = [
        block("Hà Nội", tp(a, "achieved", 80, 1), tp(b, "at_risk", 60, 2)),
        block("Cần Thơ", tp(b, "off_track", 10, 3)),
    ]
    assert area_matrix(blocks) is None  # two plans: the plan tables say it all
    blocks.append(block("An Giang", tp(a, "no_data", None, 4), tp(a, "achieved", 99, 5)))
    matrix = area_matrix(blocks)
    assert [c.code for c in matrix["columns"]] == ["media", "conventions"]
    # Rows by area name; a missing indicator is an empty cell; the first target wins.
    names = [r["area"].name for r in matrix["rows"]]
    assert names == sorted(names)
    by_name = {r["area"].name: r["cells"] for r in matrix["rows"]}
    assert by_name["Cần Thơ"][0] is None
    assert by_name["Cần Thơ"][1]["p"].status == "off_track"
    assert by_name["An Giang"][0]["p"].target.pk == 4
    assert by_name["An Giang"][1] is None
