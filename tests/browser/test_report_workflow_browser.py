"""In a real browser: a commune reporter fills and sends the yearly report, the focal
office returns it with comments, the reporter corrects it, the focal office approves it.

Screenshots: report_form_vi.png, report_review_vi.png, round_page_vi.png.
"""

from datetime import date

import pytest

from tests.browser.test_login_browser import SCREENSHOTS, page  # noqa: F401

pytestmark = pytest.mark.browser
PW = "pw-123456"


@pytest.fixture
def report_world(transactional_db):
    from binhdang.accounts.services import roles_sync
    from binhdang.plans.models import Assignment
    from binhdang.reporting.services import round_open
    from tests.world import build_world

    roles_sync()
    world = build_world()  # rev.hp reviews
    Assignment.objects.get(activity__task__plan=world.plan_hp, role="partner").agencies.add(
        world.ubnd_hp_a
    )  # the ward is the plan's partner
    rnd = round_open(
        plan=world.plan_hp,
        actor=world.manager_hp,
        year=2026,
        opens_on=date(2026, 1, 1),
        deadline=date(2030, 12, 10),
    )
    return world, rnd


def _sign_in(page, live_server, username):  # noqa: F811
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_fill_submit_return_correct_approve(page, live_server, report_world):  # noqa: F811
    from binhdang.reporting.models import Submission

    world, rnd = report_world
    sub = Submission.objects.get(round=rnd, agency=world.ubnd_hp_a)
    form_url = f"{live_server.url}/reports/submissions/{sub.pk}/"

    # 1. The reporter opens the form from "My reports" and makes a mistake.
    _sign_in(page, live_server, "rep.a")
    page.goto(f"{live_server.url}/reports/mine/")
    page.click("[data-testid=open-report]")
    page.wait_for_url(form_url)
    item = page.locator("[data-item]").first
    item.locator("input[type=radio][value=done]").check()
    item.locator("textarea").first.fill("Tổ chức 2 buổi nói chuyện chuyên đề.")
    page.fill("#fig-media\\.agencies_total-total", "10")
    page.fill("#fig-media\\.pilot-total", "12")
    page.locator("[data-testid=autosave-status]").filter(has_text="Đã lưu lúc").wait_for()
    page.click("[data-testid=report-submit]")
    page.locator("[data-testid=form-errors]").wait_for()
    # Nothing typed is lost: the wrong figure is still there to correct.
    assert page.locator("#fig-media\\.pilot-total").input_value() == "12"
    page.screenshot(path=str(SCREENSHOTS / "report_form_vi.png"), full_page=True)
    page.fill("#fig-media\\.pilot-total", "7")
    page.click("[data-testid=report-submit]")
    page.locator(".badge[data-status=submitted]").first.wait_for()

    # 2. The focal office returns it with a comment.
    _sign_in(page, live_server, "rev.hp")
    page.goto(form_url)
    page.fill("[data-testid=review-comment]", "Đề nghị bổ sung kết quả cụ thể.")
    page.screenshot(path=str(SCREENSHOTS / "report_review_vi.png"), full_page=True)
    page.click("[data-testid=review-return]")
    page.locator(".badge[data-status=returned]").first.wait_for()

    # 3. The reporter sees the comment, corrects and sends again.
    _sign_in(page, live_server, "rep.a")
    page.goto(form_url)
    assert "bổ sung kết quả" in page.locator("[data-testid=return-comment]").inner_text()
    page.locator("[data-item]").first.locator("textarea").nth(1).fill("120 lượt người, 60 nữ.")
    page.click("[data-testid=report-submit]")
    page.locator(".badge[data-status=resubmitted]").first.wait_for()

    # 4. The focal office approves it; the round page counts it.
    _sign_in(page, live_server, "rev.hp")
    page.goto(form_url)
    page.click("[data-testid=review-approve]")
    page.locator(".badge[data-status=approved]").first.wait_for()
    sub.refresh_from_db()
    assert sub.status == "approved"
    assert [e.action for e in sub.events.all()] == ["save", "submit", "return", "submit", "approve"]
    _sign_in(page, live_server, "mgr.hp")
    page.goto(f"{live_server.url}/reports/rounds/{rnd.pk}/")
    assert "1 / 3" in page.locator("[data-testid=round-kpis]").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "round_page_vi.png"), full_page=True)
