"""In a real browser: the focal officer asks for the yearly synthesis report, watches it
being generated (htmx polls the progress) and finds the files and the figures.

Screenshot: artifacts/screenshots/synthesis_vi.png (and docs/screenshots/synthesis.png
for the README when BINHDANG_UPDATE_DOCS_SCREENSHOTS=1).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_login_browser import SCREENSHOTS, page  # noqa: F401

pytestmark = pytest.mark.browser


def test_focal_officer_generates_the_yearly_report(
    transactional_db,
    page,  # noqa: F811
    live_server,
    synthesis_world,
    focal_hp,  # noqa: F811
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "focal.hp")
    page.fill("#id_password", "pw-123456")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/documents/synthesis/")
    page.select_option("#id_plan", str(synthesis_world.plan_hp.pk))
    page.fill("#id_year", "2025")
    page.click("[data-testid=synthesis-submit]")
    # the immediate backend builds it at once; the page then shows the version and files
    page.wait_for_selector("[data-testid=download-docx]")
    assert "Báo cáo tổng hợp" in page.content()
    assert page.locator("[data-testid=figures-table]").is_visible()
    path = SCREENSHOTS / "synthesis_vi.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("BINHDANG_UPDATE_DOCS_SCREENSHOTS") == "1":
        target = Path(settings.BASE_DIR) / "docs" / "screenshots" / "synthesis.png"
        shutil.copyfile(path, target)
