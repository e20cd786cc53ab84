"""Signing in and out, lock-out after failed attempts, password change, language switch."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from binhdang.accounts.models import User
from binhdang.accounts.services import roles_sync, user_create
from binhdang.core.models import AuditEntry

PASSWORD = "Mật-khẩu-thử-2025"


@pytest.fixture
def user(db):
    roles_sync()
    return user_create(
        username="lan", password=PASSWORD, full_name="Nguyễn Thị Lan", roles=["viewer"]
    )


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_vietnamese_by_default(client, db):
    """Without a language choice the sign-in page is in Vietnamese, whatever the browser says."""
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html
    assert 'data-testid="language-switch"' in html


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_good_login_redirects_home(client, user):
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get(response.url)
    assert "Xin chào, Nguyễn Thị Lan" in home.content.decode()


def test_wrong_password_shows_vietnamese_error_and_changes_nothing(client, user):
    """A bad login keeps the user name typed, says why in Vietnamese and opens no session."""
    audit_before = AuditEntry.objects.count()
    response = _login(client, "lan", "sai-mat-khau")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu" in html
    assert 'role="alert"' in html
    assert 'value="lan"' in html  # what was typed is kept
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.last_login is None
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.skipif(not settings.AXES_ENABLED, reason="django-axes is switched off")
def test_five_failures_lock_the_account_even_for_the_right_password(client, user):
    limit = settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        response = _login(client, "lan", "sai-mat-khau")
        assert response.status_code == 200
    response = _login(client, "lan", "sai-mat-khau")
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="lan").exists()

    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert "15 phút" in html
    assert "_auth_user_id" not in client.session


def test_logout_by_post(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_refused(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_password_change_works_and_is_audited(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "Đổi mật khẩu" in page.content.decode()

    new_password = "Một-mật-khẩu-mới-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    user.refresh_from_db()
    assert user.check_password(new_password) is True
    entry = AuditEntry.objects.get(action="accounts.user.password_changed")
    assert entry.actor == user
    assert entry.object_id == str(user.pk)
    # Still signed in, with a confirmation on the home page.
    home = client.get(response.url)
    assert "Mật khẩu của bạn đã được thay đổi." in home.content.decode()


def test_password_change_with_wrong_old_password_changes_nothing(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "Abcdef-12345", "new_password2": "Abcdef-12345"},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD) is True
    assert not AuditEntry.objects.filter(action="accounts.user.password_changed").exists()


def test_password_change_needs_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_switch_to_english_and_back(client, user):
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Hello, Nguyễn Thị Lan" in html
    assert "Sign out" in html

    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    html = client.get(reverse("core:home")).content.decode()
    assert "Xin chào, Nguyễn Thị Lan" in html
    assert "Đăng xuất" in html


def test_login_page_in_english_after_switch(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in" in html
    assert "User name" in html


def test_inactive_user_cannot_sign_in(client, user):
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
