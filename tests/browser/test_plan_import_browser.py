"""In a real browser: import each of the five seed plans through the review screen.

For every seed: paste its text (one is uploaded as a file, one area is found with the
search field), check the review screen beside the source text, save it as a plan and
find the title and the number of targets on the plan page. Autosave is exercised on the
way. Screenshots go to artifacts/screenshots/ (plan_review_vi.png, plan_detail_vi.png …).
"""

import re

import pytest

from binhdang.plans.tests.conftest import SEEDS, seed_text
from tests.browser.test_login_browser import CHROMIUM, SCREENSHOTS, page  # noqa: F401

pytestmark = pytest.mark.browser

PASSWORD = "binhdang-demo-2025"

# seed → (area: (code, map), expected number of targets, kind of input)
EXPECTED = {
    "000": (("31", "2025"), 5, "paste"),
    "001": (("24", "legacy"), 6, "search"),
    "002": (("31", "2025"), 0, "file"),
    "003": (("92", "2025"), 5, "paste"),
    "004": (("92", "legacy"), 4, "paste"),
}


@pytest.fixture
def seed_world(transactional_db):
    """The seed provinces (before and after 2025) with the agency catalogue, and the
    system administrator (who may import for every province)."""
    from binhdang.accounts.models import User
    from binhdang.accounts.services import roles_sync
    from binhdang.agencies.services import catalogue_load
    from binhdang.agencies.tests.conftest import build_map

    roles_sync()
    units = build_map()
    catalogue_load()
    User.objects.create_superuser(username="admin", password=PASSWORD, full_name="Quản trị")
    return units


def _sign_in(page, live_server):  # noqa: F811
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _unit(units, code, generation):
    return units.current[code] if generation == "2025" else units.legacy[code]


def test_import_every_seed_through_the_review_screen(page, live_server, seed_world):  # noqa: F811
    from binhdang.plans.models import Plan

    _sign_in(page, live_server)
    for seed, ((code, generation), n_targets, how) in EXPECTED.items():
        unit = _unit(seed_world, code, generation)
        page.goto(f"{live_server.url}/plans/import/")
        assert page.locator("h1").inner_text() == "Nhập kế hoạch"
        if how == "file":
            page.set_input_files("#id_file", str(next(SEEDS.glob(f"{seed}_*.txt"))))
        else:
            page.fill("#id_text", seed_text(seed))
        if how == "search":
            # Find the old province with the search field: the select is refilled.
            with page.expect_response(re.compile(r"/plans/import/units/")):
                page.fill("[data-testid=unit-search]", "Bắc Giang")
            page.locator(f"#id_unit option[value='{unit.pk}']").wait_for(state="attached")
        page.select_option("#id_unit", str(unit.pk))
        if seed == "000":
            page.screenshot(path=str(SCREENSHOTS / "plan_import_vi.png"), full_page=True)
        page.click("[data-testid=import-read]")
        page.wait_for_url(re.compile(r"/plans/import/\d+/$"))

        # The review: the parsed plan beside the source text.
        assert page.locator("[data-testid=source-text]").is_visible()
        assert page.locator("[data-testid=review-target-count]").inner_text() == str(n_targets)
        assert page.locator("#id_unit").input_value() == str(unit.pk)
        if seed == "000":
            assert page.locator("[data-testid=review-activity-count]").inner_text() == "21"
            assert page.locator(".agency-check.is-ok").count() > 20
            page.screenshot(path=str(SCREENSHOTS / "plan_review_vi.png"))
            page.locator("[data-testid=task-0]").scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / "plan_review_tasks_vi.png"))
        if seed == "002":
            # Autosave: a change is stored without pressing a button, and survives a reload.
            page.fill("#f-doc-number", "15/KH-UBND")
            page.locator("#f-doc-number").blur()
            page.locator("[data-testid=autosave-status]").filter(has_text="Đã lưu lúc").wait_for()
            page.reload()
            assert page.locator("#f-doc-number").input_value() == "15/KH-UBND"

        page.click("[data-testid=review-commit]")
        page.wait_for_url(re.compile(r"/plans/\d+/$"))
        plan = Plan.objects.latest("pk")
        assert plan.unit_id == unit.pk
        assert page.locator("[data-testid=plan-title]").inner_text() == plan.title
        assert page.locator("[data-testid=plan-target-count]").inner_text() == str(n_targets)
        assert plan.targets.count() == n_targets
        if seed == "000":
            assert plan.tasks.count() == 7
            page.screenshot(path=str(SCREENSHOTS / "plan_detail_vi.png"))
            page.screenshot(path=str(SCREENSHOTS / "plan_detail_full_vi.png"), full_page=True)
            page.click("[data-testid=plan-matrix-link]")
            page.locator("[data-testid=plan-matrix]").wait_for()
            page.screenshot(path=str(SCREENSHOTS / "plan_matrix_vi.png"))
        if seed == "002":
            assert plan.doc_number == "15/KH-UBND"

    assert Plan.objects.count() == 5
    page.goto(f"{live_server.url}/plans/")
    assert page.locator("[data-testid=plan-table] tbody tr").count() == 5
    page.screenshot(path=str(SCREENSHOTS / "plan_list_vi.png"), full_page=True)
    page.goto(f"{live_server.url}/plans/tree/")
    page.screenshot(path=str(SCREENSHOTS / "plan_tree_vi.png"), full_page=True)


def test_failed_save_keeps_what_was_typed(page, live_server, seed_world):  # noqa: F811
    from binhdang.plans.models import Plan

    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/import/")
    # A text that is not a plan: a clear message, the text kept, nothing saved.
    page.fill("#id_text", "Biên bản họp giao ban tuần.")
    page.click("[data-testid=import-read]")
    assert page.locator(".field-error").first.is_visible()
    assert page.input_value("#id_text") == "Biên bản họp giao ban tuần."

    page.fill("#id_text", seed_text("004"))
    page.select_option("#id_unit", str(seed_world.legacy["92"].pk))
    page.click("[data-testid=import-read]")
    page.wait_for_url(re.compile(r"/plans/import/\d+/$"))
    page.fill("#f-title", "")
    page.fill("[name=targets-0-m-0-value]", "bốn mươi")
    page.click("[data-testid=review-commit]")
    page.locator("[data-testid=commit-errors]").wait_for()
    assert page.input_value("[name=targets-0-m-0-value]") == "bốn mươi"
    assert "Kế hoạch cần có tên" in page.locator("#form-header").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "plan_review_errors_vi.png"))
    assert Plan.objects.count() == 0

    # Abandon: asked first, then nothing remains.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=review-abandon]")
    page.wait_for_url(f"{live_server.url}/plans/import/")
    assert Plan.objects.count() == 0
