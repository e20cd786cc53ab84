"""In a real browser: a Hải Phòng leader opens the progress dashboard, then a target's
page, whose charts (the vendored Chart.js, no CDN) are drawn from the page's data.

Screenshots: dashboard_vi.png, target_vi.png; the printed dashboard (one A4 page):
dashboard_print_vi.pdf.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.browser.test_login_browser import SCREENSHOTS, page  # noqa: F401

pytestmark = pytest.mark.browser
PW = "pw-123456"


@pytest.fixture
def progress_world(transactional_db):
    """The scope world with three Hải Phòng targets: one measured by survey results
    2022–2025, one by logged talks, one not measured yet."""
    from django.contrib.auth.models import Permission

    from binhdang.accounts.services import roles_sync
    from binhdang.indicators.models import Indicator, SurveyResult, TargetIndicator
    from binhdang.plans.models import Milestone, Target
    from binhdang.reporting.models import CommEvent
    from tests.world import build_world

    roles_sync()
    world = build_world()
    awareness = Indicator.objects.create(
        code="awareness-test",
        name="People with correct knowledge of gender equality",
        formula="survey.awareness",
        measure="percent",
        disaggregations=["sex"],
    )
    talks = Indicator.objects.create(
        code="talks-test",
        name="Talks on gender equality held",
        formula="events.count(type=talk)",
        measure="count",
    )
    target = world.plan_hp.targets.get()
    TargetIndicator.objects.filter(target=target).delete()  # linked by wording on save
    TargetIndicator.objects.create(target=target, indicator=awareness, linked_by="hand")
    second = Target.objects.create(
        plan=world.plan_hp, order=2, text="Mỗi năm tổ chức ít nhất 4 buổi nói chuyện chuyên đề."
    )
    Milestone.objects.create(target=second, year=None, value=4, unit="buổi")
    TargetIndicator.objects.create(target=second, indicator=talks, linked_by="hand")
    third = Target.objects.create(
        plan=world.plan_hp,
        order=3,
        text="Đến năm 2030, 100% hương ước, quy ước không có nội dung phân biệt đối xử về giới.",
    )
    Milestone.objects.create(target=third, year=2030, value=100, unit="%")
    shares = {
        world.hp_a: {2022: (48, 40), 2023: (55, 47), 2024: (66, 58), 2025: (90, 80)},
        world.hp_b: {2022: (35, 30), 2023: (41, 37), 2024: (50, 44), 2025: (60, 60)},
    }
    for unit, years in shares.items():
        for year, (women, men) in years.items():
            for sex, share in (("female", women), ("male", men)):
                SurveyResult.objects.create(
                    unit=unit,
                    year=year,
                    sex=sex,
                    respondents=100,
                    share_correct=Decimal(share),
                    source=f"Khảo sát nhận thức {year}",
                )
    for day in (3, 17):
        CommEvent.objects.create(
            agency=world.ubnd_hp_a, unit=world.hp_a, date=date(2025, 3, day),
            event_type="talk", channel="in_person", title=f"Nói chuyện {day}/3",
            participants_male=15, participants_female=25, participants_total=40,
        )  # fmt: skip
    leader = world.viewer_hp
    leader.user_permissions.add(
        Permission.objects.get(content_type__app_label="indicators", codename="view_indicator")
    )
    return world, target


def _sign_in(page, live_server, username):  # noqa: F811
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _canvas_has_ink(page, selector: str) -> bool:  # noqa: F811
    """Some pixel of the canvas is painted (Chart.js has drawn, not just an empty box)."""
    return page.eval_on_selector(
        selector,
        """(canvas) => {
            const ctx = canvas.getContext("2d");
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
            return false;
        }""",
    )


def test_leader_dashboard_and_target_charts(page, live_server, progress_world):  # noqa: F811
    world, target = progress_world
    _sign_in(page, live_server, "view.hp")

    # 1. The dashboard: three targets, each with a traffic light in words.
    page.goto(f"{live_server.url}/progress/?year=2025")
    assert page.locator("html").get_attribute("lang") == "vi"
    rows = page.locator("[data-testid=progress-table] tbody tr[data-target]")
    assert rows.count() == 3
    statuses = [rows.nth(i).get_attribute("data-status") for i in range(3)]
    assert statuses == ["at_risk", "off_track", "no_data"]
    assert rows.first.locator("[data-testid=current-value]").inner_text() == "72,5%"
    assert rows.first.locator(".status-badge").inner_text().strip()  # a word, not a colour
    assert page.locator("[data-testid=rounds] [data-testid=round-link]").count() == 1
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREENSHOTS / "dashboard_vi.png"), full_page=True)

    # Printing: one A4 page, nothing from the menus or buttons.
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=print-button]").is_visible()
    assert not page.locator(".app-nav").is_visible()
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    (SCREENSHOTS / "dashboard_print_vi.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")

    # 2. The target page: both charts drawn by the vendored Chart.js from the page data.
    page.click(f"[data-target='{target.pk}'] .target-text a")
    page.wait_for_url(f"**/progress/targets/{target.pk}/**")
    page.locator("canvas[data-chart=trend][data-chart-drawn=true]").wait_for()
    page.locator("canvas[data-chart=units][data-chart-drawn=true]").wait_for()
    assert _canvas_has_ink(page, "canvas[data-chart=trend]")
    assert _canvas_has_ink(page, "canvas[data-chart=units]")
    assert page.locator("[data-testid=target-current]").inner_text() == "72,5%"
    # The same figures as tables, for screen readers and for Word.
    trend_table = page.locator("[data-testid=trend-table]")
    assert "72,5%" in trend_table.inner_text()
    assert "85%" in page.locator("[data-testid=unit-table]").inner_text()
    # Vietnamese number format on the chart's axis (Chart.js ticks use charts.js's format).
    assert page.evaluate("window.binhdangCharts.formatNumber(1234.5)") == "1.234,5"
    page.screenshot(path=str(SCREENSHOTS / "target_vi.png"), full_page=True)
