"""documents:plan_docx obeys the scope rule and returns the DOCX as an attachment."""

import io
from urllib.parse import quote

import docx
import pytest
from django.urls import reverse

from binhdang.documents.builders.plan_docx import DOCX_CONTENT_TYPE

pytestmark = pytest.mark.django_db


def url(plan) -> str:
    return reverse("documents:plan_docx", args=[plan.pk])


def test_anonymous_is_sent_to_login(client, plan_hp):
    response = client.get(url(plan_hp))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_without_permission_is_forbidden(client, world, plan_hp):
    client.force_login(world.nobody)  # in the province's scope, but no role
    assert client.get(url(plan_hp)).status_code == 403


def test_out_of_scope_is_not_found(client, world, plan_ct):
    client.force_login(world.viewer_hp)  # Hải Phòng; the plan is Cần Thơ's
    response = client.get(url(plan_ct))
    assert response.status_code == 404
    assert "Cần Thơ".encode() not in response.content


def test_missing_plan_is_not_found(client, world):
    client.force_login(world.viewer_hp)
    assert client.get(reverse("documents:plan_docx", args=[999999])).status_code == 404


def test_in_scope_downloads_the_docx(client, world, plan_ct, django_assert_max_num_queries):
    from binhdang.accounts.choices import Role
    from binhdang.accounts.services import user_create

    viewer_ct = user_create(
        username="view.ct", password="pw-123456", agency=world.yte_ct, roles=[Role.VIEWER]
    )
    client.force_login(viewer_ct)
    with django_assert_max_num_queries(20):  # 18 today: session, user, perms, plan + prefetches
        response = client.get(url(plan_ct))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="KH-262-SLDTBXH-2019.docx"' in disposition
    assert f"filename*=UTF-8''{quote('KH-262-SLĐTBXH-2019.docx')}" in disposition
    doc = docx.Document(io.BytesIO(response.content))
    assert doc.tables[0].cell(1, 0).text == "Số: 262/KH-SLĐTBXH"


def test_draft_plan_filename(client, world, plan_hp):
    client.force_login(world.viewer_hp)
    response = client.get(url(plan_hp))
    assert response.status_code == 200
    assert f'filename="KH-du-thao-{plan_hp.pk}.docx"' in response["Content-Disposition"]
