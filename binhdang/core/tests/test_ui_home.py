"""The home page fits the person's role; the audit history page; error pages."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from binhdang.accounts.services import roles_sync, user_create, user_password_changed
from binhdang.agencies.models import Agency
from binhdang.core.dates import key_dates
from binhdang.geo.models import AdministrativeUnit

PASSWORD = "Mật-khẩu-thử-2025"


@pytest.fixture
def province(db):
    return AdministrativeUnit.objects.create(
        code="31",
        level="province",
        division_type="thành phố trung ương",
        name="Thành phố Hải Phòng",
        short_name="Hải Phòng",
        path="31",
        generation="2025",
        search_key="hải phòng",
        fold_key="hai phong",
    )


@pytest.fixture
def commune(province):
    return AdministrativeUnit.objects.create(
        code="10507",
        level="commune",
        division_type="phường",
        name="Phường Thành Đông",
        short_name="Thành Đông",
        parent=province,
        province=province,
        path="31/10507",
        generation="2025",
        search_key="phường thành đông",
        fold_key="phuong thanh dong",
    )


@pytest.fixture
def agency(province, commune):
    return Agency.objects.create(
        unit=province,
        kind="department",
        name="Sở Nội vụ",
        full_name="Sở Nội vụ thành phố Hải Phòng",
        catalogue_code="so-noi-vu",
        search_key="sở nội vụ",
    )


@pytest.fixture
def make_user(agency):
    roles_sync()

    def make(role, username=None, **kwargs):
        return user_create(
            username=username or role,
            password=PASSWORD,
            full_name=kwargs.pop("full_name", f"Người dùng {role}"),
            agency=kwargs.pop("agency", agency),
            roles=[role] if role else [],
            **kwargs,
        )

    return make


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_administrator_sees_people_agencies_units_and_recent_audit(client, make_user):
    admin = make_user("administrator", full_name="Trần Văn Minh")
    user_password_changed(user=admin)
    html = _home(client, admin)
    assert "Xin chào, Trần Văn Minh" in html
    assert "Sở Nội vụ thành phố Hải Phòng · Thành phố Hải Phòng" in html
    assert 'data-testid="home-admin"' in html
    assert "Người dùng" in html
    assert 'data-testid="home-recent-audit"' in html
    assert "Đã đổi mật khẩu" in html  # the audit entry's label
    assert reverse("core:audit_list") in html
    assert reverse("agencies:agency_list") in html
    assert reverse("geo:unit_list") in html
    # 2 units in scope, of which 1 commune.
    assert "trong đó 1 xã, phường" in html
    assert 'data-testid="key-dates"' not in html


def test_plan_manager_sees_the_province_and_what_comes_next(client, make_user):
    html = _home(client, make_user("plan_manager"))
    assert 'data-testid="home-province"' in html
    assert "Tổng quan Thành phố Hải Phòng" in html
    assert 'data-testid="key-dates"' in html
    assert "10/12" in html
    assert "Tháng hành động vì bình đẳng giới" in html
    assert 'data-testid="home-admin"' not in html
    assert reverse("core:audit_list") not in html


def test_reviewer_gets_the_focal_office_home(client, make_user):
    html = _home(client, make_user("reviewer"))
    assert 'data-testid="home-province"' in html


def test_reporter_sees_my_agency_and_what_is_asked(client, make_user):
    html = _home(client, make_user("reporter"))
    assert 'data-testid="home-my-agency"' in html
    assert 'data-testid="home-reporter-tasks"' in html
    assert "Báo cáo năm, trước ngày 10/12" in html
    assert 'data-testid="home-province"' not in html
    assert reverse("core:audit_list") not in html


def test_viewer_sees_overview_numbers(client, make_user):
    html = _home(client, make_user("viewer"))
    assert 'data-testid="home-overview"' in html
    assert 'data-testid="home-admin"' not in html
    assert 'data-testid="home-my-agency"' not in html


def test_user_without_role_is_told_so(client, make_user):
    html = _home(client, make_user(None, username="norole"))
    assert 'data-testid="home-no-role"' in html
    assert 'data-testid="key-dates"' not in html


def test_home_in_english(client, make_user):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = _home(client, make_user("plan_manager", full_name="Nguyễn Thị Lan"))
    assert "Hello, Nguyễn Thị Lan" in html
    assert "Thành phố Hải Phòng at a glance" in html
    assert "Coming next" in html


def test_navigation_marks_the_current_page(client, make_user):
    html = _home(client, make_user("administrator"))
    assert 'class="nav-link active" href="/" aria-current="page"' in html


@pytest.mark.parametrize(
    ("today", "first", "ongoing"),
    [
        (date(2026, 11, 23), "annual_report", {"action_month"}),
        (date(2026, 3, 1), "action_month_plan", set()),
        (date(2026, 12, 20), "action_month_plan", set()),
    ],
)
def test_key_dates_next_occurrence(today, first, ongoing):
    items = key_dates(today=today)
    assert items[0].code == first
    assert {i.code for i in items if i.is_ongoing(today)} == ongoing
    assert all((i.end or i.start) >= today for i in items)


# ---------- audit history ----------


def test_audit_list_for_administrator(client, make_user):
    admin = make_user("administrator")
    user_password_changed(user=admin)
    make_user("reporter", actor=admin)
    client.force_login(admin)
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch sử thao tác" in html
    assert 'data-testid="audit-search"' in html
    assert "Đã đổi mật khẩu" in html
    assert "Đã tạo người dùng" in html


def test_audit_list_search(client, make_user):
    admin = make_user("administrator")
    user_password_changed(user=admin)
    make_user("viewer", username="lan.viewer", full_name="Phạm Thị Lan", actor=admin)
    client.force_login(admin)
    html = client.get(reverse("core:audit_list"), {"q": "Phạm Thị Lan"}).content.decode()
    assert "Phạm Thị Lan" in html
    assert "Người dùng administrator</td>" not in html
    html = client.get(reverse("core:audit_list"), {"q": "không-có-gì"}).content.decode()
    assert "Không có mục nào khớp" in html


def test_audit_list_paginates(client, make_user):
    admin = make_user("administrator")
    for _i in range(55):
        user_password_changed(user=admin)
    client.force_login(admin)
    html = client.get(reverse("core:audit_list")).content.decode()
    assert "Trang 1/2" in html
    assert "page=2" in html
    html = client.get(reverse("core:audit_list"), {"page": 2}).content.decode()
    assert "Trang 2/2" in html


def test_audit_list_forbidden_for_other_roles(client, make_user):
    client.force_login(make_user("plan_manager"))
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in response.content.decode()


def test_audit_list_needs_login(client, db):
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 302


# ---------- error pages ----------


@override_settings(DEBUG=False)
def test_404_page_is_friendly_and_vietnamese(client, make_user):
    client.force_login(make_user("viewer"))
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert reverse("core:home") in html


def test_500_page_renders_without_a_request(client, db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "binhdang" in html
    assert "Đã có lỗi" in html


def test_csrf_failure_page(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
