"""Every URL that takes an object id obeys the scope rule.

The URL patterns are enumerated from the resolver, so a new page with an id in its path
fails `test_every_object_url_is_covered` until it is added to OBJECT_URLS below with the
user who may open it, an object inside that user's scope and one outside it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roles):
    """The World with one record of every register in each province."""
    from tests.world import build_world

    return build_world(registries=True)


# url name → (user attribute of World, in-scope object attribute, out-of-scope object attributes)
OBJECT_URLS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "geo:unit_detail": ("reporter_hp_a", "hp_a", ("hp_b", "ct_a", "ct", "old_hd")),
    "agencies:agency_detail": ("reporter_hp_a", "ubnd_hp_a", ("ubnd_hp_b", "yte_ct")),
    "agencies:agency_update": ("admin_hp", "yte_hp", ("yte_ct",)),
    "agencies:alias_add": ("admin_hp", "yte_hp", ("yte_ct",)),
    "plans:plan_detail": ("reporter_hp_a", "plan_hp", ("plan_ct",)),
    "plans:plan_matrix": ("reporter_hp_a", "plan_hp", ("plan_ct",)),
    "plans:plan_version": ("reporter_hp_a", "version_hp", ("version_ct",)),
    "plans:plan_edit": ("admin_hp", "plan_hp", ("plan_ct",)),
    "plans:plan_derive": ("admin_hp", "plan_hp", ("plan_ct",)),
    "plans:import_review": ("admin_hp", "import_hp", ("import_other",)),
    "plans:import_abandon": ("admin_hp", "import_hp", ("import_other",)),
    "documents:plan_docx": ("reporter_hp_a", "plan_hp", ("plan_ct",)),
    "reporting:round_detail": ("manager_hp", "round_hp", ("round_ct",)),
    "reporting:round_figures": ("reporter_hp_a", "round_hp", ("round_ct",)),
    "reporting:round_action": ("manager_hp", "round_hp_remind", ("round_ct_remind",)),
    # A reporter sees only the own agency's report, not a neighbour's in the same province.
    "reporting:submission": ("reporter_hp_a", "submission_hp_a", ("submission_yte_hp", "submission_ct")),
    "reporting:submission_review": ("reviewer_hp", "submission_hp_a", ("submission_ct",)),
    "reporting:submission_xlsx": ("reporter_hp_a", "submission_hp_a", ("submission_yte_hp", "submission_ct")),
    "reporting:submission_xlsx_upload": ("reporter_hp_a", "submission_hp_a", ("submission_ct",)),
    "reporting:evidence_upload": ("reporter_hp_a", "submission_hp_a", ("submission_yte_hp", "submission_ct")),
    "reporting:evidence_download": ("reporter_hp_a", "evidence_hp_a", ("evidence_ct",)),
    "reporting:event_update": ("reporter_hp_a", "event_hp_a", ("event_ct",)),
    "reporting:event_delete": ("reporter_hp_a", "event_hp_a", ("event_ct",)),
    "media:agency_detail": ("reporter_hp_a", "media_hp", ("media_ct",)),
    "media:agency_update": ("admin_hp", "media_hp", ("media_ct",)),
    "media:adoption_set": ("admin_hp", "media_hp", ("media_ct",)),
    "media:assessment_create": ("admin_hp", "media_hp", ("media_ct",)),
    "media:assessment_update": ("admin_hp", "assessment_hp", ("assessment_ct",)),
    "media:evidence_download": ("reporter_hp_a", "media_evidence_hp", ("media_evidence_ct",)),
    "registries:modelsite_detail": ("reporter_hp_a", "site_hp_a", ("site_ct",)),
    "registries:modelsite_update": ("admin_hp", "site_hp_a", ("site_ct",)),
    "registries:inspection_detail": ("reporter_hp_a", "inspection_hp_a", ("inspection_ct",)),
    "registries:inspection_update": ("admin_hp", "inspection_hp_a", ("inspection_ct",)),
    "registries:award_detail": ("reporter_hp_a", "award_hp_a", ("award_ct",)),
    "registries:award_update": ("admin_hp", "award_hp_a", ("award_ct",)),
    "indicators:target_detail": ("reporter_hp_a", "target_hp", ("target_ct",)),
    "indicators:unit_progress": ("reporter_hp_a", "hp_a", ("hp_b", "ct_a", "ct", "old_hd")),
    "indicators:agency_progress": ("reporter_hp_a", "ubnd_hp_a", ("ubnd_hp_b", "yte_ct")),
    "indicators:survey_update": ("manager_hp", "survey_hp", ("survey_ct",)),
    "conventions:convention_detail": ("reporter_hp_a", "convention_hp_a", ("convention_ct",)),
    "conventions:convention_update": ("manager_hp", "convention_hp_a", ("convention_ct",)),
    "conventions:convention_review": ("manager_hp", "convention_hp_a", ("convention_ct",)),
    "conventions:convention_reflag": ("manager_hp", "convention_hp_a", ("convention_ct",)),
    "conventions:clause_mark": ("manager_hp", "clause_hp_a", ("clause_ct",)),
    "documents:synthesis_detail": ("manager_hp", "synthesis_hp", ("synthesis_ct",)),
    "documents:synthesis_status": ("manager_hp", "synthesis_hp", ("synthesis_ct",)),
    "documents:synthesis_regenerate": ("manager_hp", "synthesis_hp", ("synthesis_ct",)),
    "documents:synthesis_number": ("manager_hp", "synthesis_hp", ("synthesis_ct",)),
    "documents:synthesis_file": ("manager_hp", "synthesis_file_hp", ("synthesis_file_ct",)),
}  # fmt: skip

# Pages that only take a POST (an action, then a redirect): checked with a POST.
POST_ONLY = {
    "conventions:convention_reflag",
    "conventions:clause_mark",
    "reporting:round_action",
    "reporting:submission_review",
    "reporting:evidence_upload",
    "documents:synthesis_regenerate",
    "documents:synthesis_number",
}


def _request(client, url_name, url):
    return client.post(url) if url_name in POST_ONLY else client.get(url)


def _args(obj) -> list:
    """The URL arguments of a World object: its id, or `url_args` when a page takes more
    (a plan version: the plan's id and the version number)."""
    return list(getattr(obj, "url_args", None) or [obj.pk])


def _label(obj) -> str:
    """Text that must not leak from an out-of-scope object."""
    return getattr(obj, "name", None) or getattr(obj, "title", None) or getattr(obj, "filename", "")


# Namespaces that are not ours (Django admin has its own permission checks), and the API,
# whose every endpoint binhdang/api/tests/test_scope.py checks the same way (401 / 403 /
# 404 / 200, enumerated from the resolver).
IGNORED_NAMESPACES = {"admin", "api"}


def _object_url_names(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in IGNORED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from _object_url_names(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.pattern.converters:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_object_url_is_covered():
    names = set(_object_url_names())
    assert names, "no URL with an object id found: the enumeration is broken"
    missing = names - set(OBJECT_URLS)
    assert not missing, f"add these URLs to OBJECT_URLS with their scope case: {sorted(missing)}"
    stale = set(OBJECT_URLS) - names
    assert not stale, f"these URLs no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_in_scope_opens_out_of_scope_is_not_found(client, world, url_name):
    user_attr, inside_attr, outside_attrs = OBJECT_URLS[url_name]
    client.force_login(getattr(world, user_attr))
    inside = getattr(world, inside_attr)
    ok = (200, 302) if url_name in POST_ONLY else (200,)
    response = _request(client, url_name, reverse(url_name, args=_args(inside)))
    assert response.status_code in ok
    if response.status_code == 302:
        assert reverse("accounts:login") not in response["Location"]
    for attr in outside_attrs:
        outside = getattr(world, attr)
        response = _request(client, url_name, reverse(url_name, args=_args(outside)))
        assert response.status_code in (403, 404), f"{url_name} leaked {attr}"
        assert _label(outside).encode() not in response.content


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_anonymous_is_sent_to_login(client, world, url_name):
    _user, inside_attr, _out = OBJECT_URLS[url_name]
    response = _request(
        client, url_name, reverse(url_name, args=_args(getattr(world, inside_attr)))
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_without_permission_is_forbidden(client, world, url_name):
    _user, inside_attr, _out = OBJECT_URLS[url_name]
    client.force_login(world.nobody)  # in scope (Sở Y tế Hải Phòng) but no role
    response = _request(
        client, url_name, reverse(url_name, args=_args(getattr(world, inside_attr)))
    )
    assert response.status_code == 403
