"""Machine tokens (hashed, revocable, expiring), the token page, the error shape and its
language, throttling."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from binhdang.api.models import ApiToken
from binhdang.api.services import token_create, token_hash, token_revoke
from binhdang.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_token_is_stored_hashed_and_works(api, api_world):
    token, secret = token_create(actor=api_world.reporter_hp_a, name="Bảng điều khiển")
    assert secret.startswith("bd_") and len(secret) > 40
    row = ApiToken.objects.get()
    assert row.key_hash == token_hash(secret) and secret not in (row.key_hash, row.prefix)
    response = api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [api_world.plan_hp.pk]
    assert api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    assert AuditEntry.objects.filter(action="api.token.created").count() == 1


def test_revoked_expired_and_wrong_tokens_are_refused(api, api_world):
    token, secret = token_create(actor=api_world.reporter_hp_a, name="a")
    token_revoke(actor=api_world.reporter_hp_a, token=token)
    response = api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    token2, secret2 = token_create(
        actor=api_world.reporter_hp_a, name="b", expires_at=timezone.now() + timedelta(days=1)
    )
    ApiToken.objects.filter(pk=token2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {secret2}").status_code == 401
    assert api.get("/api/v1/plans/", HTTP_AUTHORIZATION="Token bd_wrong").status_code == 401
    assert api.get("/api/v1/plans/", HTTP_AUTHORIZATION="Token a b").status_code == 401


def test_token_api_shows_the_secret_once(api, api_world):
    api.force_authenticate(api_world.reporter_hp_a)
    created = api.post("/api/v1/tokens/", {"name": "script"}, format="json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    listed = api.get("/api/v1/tokens/").json()["results"]
    assert "secret" not in listed[0] and listed[0]["prefix"] == secret[:10]
    revoked = api.post(f"/api/v1/tokens/{listed[0]['id']}/revoke/")
    assert revoked.json()["is_active"] is False
    bad = api.post(
        "/api/v1/tokens/", {"name": " ", "expires_at": "2000-01-01T00:00:00Z"}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) >= {"name"}


def test_a_token_cannot_make_tokens(api, api_world):
    _token, secret = token_create(actor=api_world.reporter_hp_a, name="a")
    response = api.post(
        "/api/v1/tokens/", {"name": "b"}, format="json", HTTP_AUTHORIZATION=f"Token {secret}"
    )
    assert response.status_code == 403


def test_token_page_creates_and_revokes(client, api_world):
    client.force_login(api_world.reporter_hp_a)
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200
    made = client.post(reverse("api:tokens"), {"name": "Kho dữ liệu", "expires_on": ""})
    assert made.status_code == 200
    token = ApiToken.objects.get()
    html = made.content.decode()
    assert 'data-testid="new-token"' in html and token.prefix in html
    again = client.get(reverse("api:tokens")).content.decode()
    assert 'data-testid="new-token"' not in again  # shown once
    other, _secret = token_create(actor=api_world.viewer_hp, name="x")
    assert client.post(reverse("api:tokens"), {"revoke": other.pk}).status_code == 404
    done = client.post(reverse("api:tokens"), {"revoke": token.pk})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_session_writes_need_csrf(api_world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(api_world.reporter_hp_a)
    response = client.post("/api/v1/tokens/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_errors_vietnamese_by_default_english_on_request(api, api_world):
    vi = api.get("/api/v1/plans/")
    en = api.get("/api/v1/plans/", HTTP_ACCEPT_LANGUAGE="en")
    assert vi.json()["code"] == en.json()["code"] == "not_authenticated"
    assert en.json()["message"].startswith("Sign in")
    assert vi.json()["message"] != en.json()["message"]
    api.force_authenticate(api_world.reporter_hp_a)
    missing = api.get("/api/v1/plans/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.json() == {"code": "not_found", "message": "Not found.", "errors": {}}


def test_validation_errors_name_fields(api, api_world):
    api.force_authenticate(api_world.reviewer_hp)
    from binhdang.reporting.models import Submission

    Submission.objects.filter(pk=api_world.submission_hp_a.pk).update(status="submitted")
    response = api.post(
        f"/api/v1/submissions/{api_world.submission_hp_a.pk}/return/",
        {"comment": " "},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "comment" in body["errors"]


def test_filters_are_the_pages(api, api_world):
    api.force_authenticate(api_world.admin_hp)
    found = api.get("/api/v1/units/", {"q": "thanh dong"}).json()["results"]
    assert [u["code"] for u in found] == ["10510"]
    bad = api.get("/api/v1/units/", {"level": "galaxy"})
    assert bad.status_code == 400 and "level" in bad.json()["errors"]
    ordered = api.get("/api/v1/units/", {"ordering": "-code"}).json()["results"]
    assert [u["code"] for u in ordered] == sorted((u["code"] for u in ordered), reverse=True)
    page = api.get("/api/v1/data-elements/", {"page_size": 5}).json()
    assert len(page["results"]) == 5 and page["next"]


def test_throttling(api, api_world, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    rates = dict(api_settings.DEFAULT_THROTTLE_RATES)
    UserRateThrottle.THROTTLE_RATES = {**rates, "user": "3/minute"}
    try:
        api.force_authenticate(api_world.reporter_hp_a)
        codes = [api.get("/api/v1/data-elements/").status_code for _ in range(4)]
    finally:
        UserRateThrottle.THROTTLE_RATES = rates
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
