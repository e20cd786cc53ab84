"""In a real browser: sign in as a demo user, Vietnamese home page, switch to English.

Drives Debian's /usr/bin/chromium through Playwright (no `playwright install`: nothing is
downloaded). Screenshots go to artifacts/screenshots/ for people to look at.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from binhdang.accounts.services import roles_sync, user_create, user_password_changed
from binhdang.agencies.models import Agency
from binhdang.core.text import canonical, fold
from binhdang.geo.models import AdministrativeUnit

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
PASSWORD = "binhdang-demo-2025"


@pytest.fixture
def hai_phong(transactional_db):
    """The demo province with its focal office and one ward, as `binhdang setup --demo` has."""
    roles_sync()
    province = AdministrativeUnit.objects.create(
        code="31",
        level="province",
        division_type="thành phố trung ương",
        name="Thành phố Hải Phòng",
        short_name="Hải Phòng",
        path="31",
        generation="2025",
        search_key=canonical("Hải Phòng"),
        fold_key=fold("Hải Phòng"),
    )
    province.province = province
    province.save(update_fields=["province"])
    AdministrativeUnit.objects.create(
        code="10507",
        level="commune",
        division_type="phường",
        name="Phường Thành Đông",
        short_name="Thành Đông",
        parent=province,
        province=province,
        path="31/10507",
        generation="2025",
        search_key=canonical("Thành Đông"),
        fold_key=fold("Thành Đông"),
    )
    noi_vu = Agency.objects.create(
        unit=province,
        kind="department",
        name="Sở Nội vụ",
        full_name="Sở Nội vụ thành phố Hải Phòng",
        catalogue_code="so-noi-vu",
        search_key=canonical("Sở Nội vụ"),
    )
    Agency.objects.create(
        unit=province,
        kind="department",
        name="Sở Y tế",
        full_name="Sở Y tế thành phố Hải Phòng",
        catalogue_code="so-y-te",
        search_key=canonical("Sở Y tế"),
    )
    return noi_vu


@pytest.fixture
def focal_officer(hai_phong):
    """Demo user hp.focal: the provincial focal officer (plan manager and reviewer)."""
    return user_create(
        username="hp.focal",
        password=PASSWORD,
        full_name="Nguyễn Thị Lan",
        agency=hai_phong,
        roles=["plan_manager", "reviewer"],
    )


@pytest.fixture
def administrator(hai_phong):
    """Demo user hp.admin: administrator of Hải Phòng."""
    admin = user_create(
        username="hp.admin",
        password=PASSWORD,
        full_name="Trần Văn Minh",
        agency=hai_phong,
        roles=["administrator"],
    )
    user_create(
        username="hp.yte",
        password=PASSWORD,
        full_name="Lê Thị Hoa",
        agency=Agency.objects.get(catalogue_code="so-y-te"),
        roles=["reporter"],
        actor=admin,
    )
    user_password_changed(user=admin)
    return admin


@pytest.fixture
def page(live_server):
    """A Chromium page with an English browser (the app must still start in Vietnamese)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            locale="en-US", viewport={"width": 1366, "height": 860}, device_scale_factor=1
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        outside: list[str] = []
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((live_server.url, "data:"))
                else outside.append(request.url)
            ),
        )
        page.outside_requests = outside
        try:
            yield page
        finally:
            context.close()
            browser.close()
    assert not outside, f"requests left the server: {outside}"


def _sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form[data-testid=login-form] button[type=submit]")


def test_sign_in_vietnamese_home_then_english(page, live_server, focal_officer):
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.screenshot(path=str(SCREENSHOTS / "login_vi.png"), full_page=True)

    # A wrong password: a clear Vietnamese message, the user name kept, still signed out.
    _sign_in(page, live_server, "hp.focal", "sai-mat-khau")
    alert = page.locator("[data-testid=form-errors]")
    assert "Sai tên đăng nhập hoặc mật khẩu" in alert.inner_text()
    assert page.input_value("#id_username") == "hp.focal"
    page.screenshot(path=str(SCREENSHOTS / "login_error_vi.png"), full_page=True)

    _sign_in(page, live_server, "hp.focal", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Xin chào, Nguyễn Thị Lan"
    assert page.get_by_text("Tổng quan Thành phố Hải Phòng").is_visible()
    assert page.get_by_role("link", name="Trang chủ").is_visible()
    # The vendored Vietnamese font is really used.
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('600 16px \"Be Vietnam Pro\"', 'Xin chào')")
    page.screenshot(path=str(SCREENSHOTS / "home_vi.png"), full_page=True)

    page.click("[data-testid=language-en]")
    page.wait_for_load_state()
    page.locator("html[lang=en]").wait_for()
    assert page.locator("h1").inner_text() == "Hello, Nguyễn Thị Lan"
    assert page.get_by_text("Thành phố Hải Phòng at a glance").is_visible()
    assert page.get_by_role("link", name="Home").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "home_en.png"), full_page=True)

    # Signing out brings the sign-in page back, still in English.
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "Sign in"


def test_administrator_home_and_audit_history(page, live_server, administrator):
    _sign_in(page, live_server, "hp.admin", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("[data-testid=home-admin]").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "home_admin_vi.png"), full_page=True)

    page.get_by_role("link", name="Lịch sử thao tác", exact=True).click()
    page.wait_for_url(f"{live_server.url}/audit/")
    assert page.locator("h1").inner_text() == "Lịch sử thao tác"
    assert page.get_by_text("Đã tạo người dùng").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "audit_vi.png"), full_page=True)

    page.goto(f"{live_server.url}/accounts/password/")
    page.screenshot(path=str(SCREENSHOTS / "password_change_vi.png"), full_page=True)

    # An unknown address: a friendly page inside the layout, not a bare server message.
    response = page.goto(f"{live_server.url}/khong-co-trang-nay/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    page.screenshot(path=str(SCREENSHOTS / "not_found_vi.png"), full_page=True)

    # The same home page on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(SCREENSHOTS / "home_admin_mobile_vi.png"), full_page=True)


@pytest.mark.skipif(not settings.AXES_ENABLED, reason="django-axes is switched off")
def test_repeated_wrong_passwords_lock_the_sign_in(page, live_server, focal_officer):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(page, live_server, "hp.focal", "sai-mat-khau")
    _sign_in(page, live_server, "hp.focal", PASSWORD)
    locked = page.locator("[data-testid=locked-out]")
    assert locked.is_visible()
    assert "Tạm khóa đăng nhập" in locked.inner_text()
    assert "15 phút" in locked.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "locked_out_vi.png"), full_page=True)
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
