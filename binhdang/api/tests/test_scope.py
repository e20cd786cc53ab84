"""Every API endpoint obeys the pages' rules: anonymous → 401, no permission → 403, out of
scope → 404, in scope → 200.

The endpoints are enumerated from the URL resolver (namespace `api`): a new endpoint
fails `test_every_endpoint_is_covered` until it is added to CASES with the user who may
call it, an object inside that user's scope and one outside it. The HTML scope test
(tests/test_scope_urls.py) leaves the `api` namespace to this one.
"""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    user: str  # World attribute of the user who may call it
    inside: str | None = None  # World attribute of an object in scope (None: no id)
    outside: tuple[str, ...] = ()  # objects out of scope → 404 (or absent from a list)
    method: str = "get"
    data: Any = None
    ok: tuple[int, ...] = (200,)
    needs_permission: bool = True  # False: any signed-in person (own tokens, the root)
    setup: Any = None  # fn(world) run before the in-scope call
    kwargs: dict[str, str] = field(default_factory=dict)


def _submitted(world):
    from binhdang.reporting.models import Submission

    Submission.objects.filter(pk=world.submission_hp_a.pk).update(status="submitted")


def _approved(world):
    from binhdang.reporting.models import Submission

    Submission.objects.filter(pk=world.submission_hp_a.pk).update(status="approved")


def _tokens(world):
    from binhdang.api.services import token_create

    world.token_hp, _ = token_create(actor=world.reporter_hp_a, name="HP")
    world.token_other, _ = token_create(actor=world.viewer_hp, name="other")


def _mapping(world):
    from binhdang.api.models import Dhis2Mapping

    world.mapping = Dhis2Mapping.objects.create(
        kind="data_element", local="conventions.total", uid="abcdefghijk"
    )


REPORTER = "reporter_hp_a"
CASES: dict[str, Case] = {
    "api:api-root": Case(REPORTER, needs_permission=False),
    "api:unit-list": Case(REPORTER, outside=("ct", "ct_a", "hp_b")),
    "api:unit-detail": Case(REPORTER, "hp_a", ("hp_b", "ct_a", "ct", "old_hd")),
    "api:agency-list": Case(REPORTER, outside=("yte_ct", "ubnd_hp_b")),
    "api:agency-detail": Case(REPORTER, "ubnd_hp_a", ("ubnd_hp_b", "yte_ct")),
    "api:agency-resolve": Case(REPORTER, method="post", data={"phrase": "Ủy ban nhân dân phường Thành Đông"}),
    "api:plan-list": Case(REPORTER, outside=("plan_ct",)),
    "api:plan-detail": Case(REPORTER, "plan_hp", ("plan_ct",)),
    "api:plan-import-list": Case("admin_hp", method="post", data={"text": "KẾ HOẠCH\nThực hiện bình đẳng giới năm 2026\nI. MỤC TIÊU\n- Đạt 90%.\n"}, ok=(201,)),
    "api:plan-import-detail": Case("admin_hp", "import_hp", ("import_other",)),
    "api:plan-import-commit": Case("admin_hp", "import_hp", ("import_other",), method="post", data={"unit": None}, ok=(201,)),
    "api:round-list": Case("manager_hp", outside=("round_ct",)),
    "api:round-detail": Case("manager_hp", "round_hp", ("round_ct",)),
    "api:submission-list": Case(REPORTER, outside=("submission_yte_hp", "submission_ct")),
    "api:submission-detail": Case(REPORTER, "submission_hp_a", ("submission_yte_hp", "submission_ct")),
    "api:submission-submit": Case(REPORTER, "submission_hp_a", ("submission_yte_hp", "submission_ct"), method="post", data={"version": 1}),
    "api:submission-return": Case("reviewer_hp", "submission_hp_a", ("submission_ct",), method="post", data={"comment": "Bổ sung số liệu."}, setup=_submitted),
    "api:submission-approve": Case("reviewer_hp", "submission_hp_a", ("submission_ct",), method="post", setup=_submitted),
    "api:submission-unlock": Case("reviewer_hp", "submission_hp_a", ("submission_ct",), method="post", data={"reason": "Sửa số liệu."}, setup=_approved),
    "api:event-list": Case(REPORTER, outside=("event_ct",)),
    "api:event-detail": Case(REPORTER, "event_hp_a", ("event_ct",)),
    "api:event-bulk": Case(REPORTER, method="post", data={"rows": [{"date": "20/11/2025", "event_type": "talk", "channel": "in_person", "title": "Nói chuyện", "participants_male": 3, "participants_female": 4}]}),
    "api:data-element-list": Case(REPORTER),
    "api:data-element-detail": Case(REPORTER, "element"),
    "api:data-value-list": Case(REPORTER, outside=("value_ct",)),
    "api:data-value-detail": Case(REPORTER, "value_hp", ("value_ct",)),
    "api:indicator-list": Case(REPORTER),
    "api:indicator-detail": Case(REPORTER, "indicator"),
    "api:target-list": Case(REPORTER, outside=("target_ct",)),
    "api:target-detail": Case(REPORTER, "target_hp", ("target_ct",)),
    "api:target-progress": Case(REPORTER, "target_hp", ("target_ct",)),
    "api:target-why": Case(REPORTER, "target_hp", ("target_ct",)),
    "api:media-agency-list": Case(REPORTER, outside=("media_ct",)),
    "api:media-agency-detail": Case(REPORTER, "media_hp", ("media_ct",)),
    "api:convention-list": Case(REPORTER, outside=("convention_ct",)),
    "api:convention-detail": Case(REPORTER, "convention_hp_a", ("convention_ct",)),
    "api:model-site-list": Case(REPORTER, outside=("site_ct",)),
    "api:model-site-detail": Case(REPORTER, "site_hp_a", ("site_ct",)),
    "api:inspection-list": Case(REPORTER, outside=("inspection_ct",)),
    "api:inspection-detail": Case(REPORTER, "inspection_hp_a", ("inspection_ct",)),
    "api:award-list": Case(REPORTER, outside=("award_ct",)),
    "api:award-detail": Case(REPORTER, "award_hp_a", ("award_ct",)),
    "api:token-list": Case(REPORTER, needs_permission=False, outside=("token_other",)),
    "api:token-revoke": Case(REPORTER, "token_hp", ("token_other",), method="post", needs_permission=False),
    "api:mapping-list": Case(REPORTER),
    "api:mapping-detail": Case(REPORTER, "mapping"),
    "api:datavaluesets": Case(REPORTER),
    "api:datavaluesets_ext": Case(REPORTER, kwargs={"ext": "csv"}),
}  # fmt: skip

# Documentation, open to all (it holds no data), and the HTML token page (login).
PUBLIC = {"api:schema", "api:docs", "api:redoc"}
PAGES = {"api:tokens"}


def _names(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from _names(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and namespace.split(":")[0] == "api":
            yield f"{namespace}:{entry.name}"


def test_every_endpoint_is_covered():
    names = set(_names())
    assert len(names) > 40
    missing = names - set(CASES) - PUBLIC - PAGES
    assert not missing, f"add these API endpoints to CASES: {sorted(missing)}"
    stale = set(CASES) - names
    assert not stale, f"these endpoints no longer exist: {sorted(stale)}"


@pytest.fixture
def world(api_world):
    from binhdang.indicators.models import Indicator
    from binhdang.reporting.models import DataElement

    api_world.element = DataElement.objects.get(code="conventions.total")
    api_world.indicator = Indicator.objects.order_by("pk").first()
    _tokens(api_world)
    _mapping(api_world)
    return api_world


def _url(name: str, case: Case, obj) -> str:
    if obj is None:
        return reverse(name, kwargs=case.kwargs or None)
    return reverse(name, kwargs={**case.kwargs, "pk": obj.pk})


def _call(client, case: Case, url: str):
    return getattr(client, case.method)(url, case.data, format="json")


def _assert_error_shape(response) -> None:
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert body["message"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_is_401(api, world, name):
    case = CASES[name]
    obj = getattr(world, case.inside) if case.inside else None
    response = _call(api, case, _url(name, case, obj))
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Token")
    _assert_error_shape(response)


@pytest.mark.parametrize("name", sorted(CASES))
def test_without_permission_is_403(api, world, name):
    case = CASES[name]
    if not case.needs_permission:
        pytest.skip("open to every signed-in person (their own tokens, the index)")
    api.force_authenticate(world.nobody)  # Sở Y tế Hải Phòng, in scope, no role
    obj = getattr(world, case.inside) if case.inside else None
    response = _call(api, case, _url(name, case, obj))
    assert response.status_code == 403, response.content
    _assert_error_shape(response)


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_scope_200_out_of_scope_404(api, world, name):
    case = CASES[name]
    api.force_authenticate(getattr(world, case.user))
    if case.inside is None:
        if case.setup:
            case.setup(world)
        response = _call(api, case, _url(name, case, None))
        assert response.status_code in case.ok, response.content
        if case.outside:
            body = response.json()
            rows = body["results"] if isinstance(body, dict) and "results" in body else body
            ids = {row["id"] for row in rows}
            for attr in case.outside:
                assert getattr(world, attr).pk not in ids, f"{name} leaked {attr}"
        return
    for attr in case.outside:
        response = _call(api, case, _url(name, case, getattr(world, attr)))
        assert response.status_code == 404, f"{name} answered {response.status_code} for {attr}"
        _assert_error_shape(response)
        label = getattr(getattr(world, attr), "name", None)
        if label:
            assert str(label).encode() not in response.content
    if case.setup:
        case.setup(world)
    response = _call(api, case, _url(name, case, getattr(world, case.inside)))
    assert response.status_code in case.ok, response.content


def test_docs_are_public_and_local(client):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert client.get(reverse("api:redoc")).status_code == 200


def test_token_page_needs_login(client, world):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, path.replace("{id}", "1").replace("{ext}", "csv")


def test_every_operation_of_the_schema_refuses_anonymous_and_roleless(api, world):
    """All methods, not only each URL's main one: anonymous → 401, no role → 403 (except
    one's own tokens)."""
    operations = list(_operations())
    assert len(operations) >= 50
    for method, path in operations:
        api.force_authenticate(None)
        response = getattr(api, method)(path, {}, format="json")
        assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code}"
        if path.startswith("/api/v1/tokens/"):
            continue
        api.force_authenticate(world.nobody)
        response = getattr(api, method)(path, {}, format="json")
        assert response.status_code == 403, f"{method.upper()} {path}: {response.status_code}"
