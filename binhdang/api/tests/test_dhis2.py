"""DHIS2 dataValueSets (JSON, CSV) and ADX: export, dry-run, import, idempotence, round trip."""

import json

import pytest

from binhdang.api.dhis2 import formats
from binhdang.api.dhis2.mapping import Mapper, default_code, parse_default
from binhdang.api.dhis2.models import Dhis2Mapping
from binhdang.reporting.models import DataValue

pytestmark = pytest.mark.django_db
URL = "/api/v1/dhis2/dataValueSets"


def _figures(qs=None):
    qs = DataValue.objects.all() if qs is None else qs
    return sorted(
        qs.values_list(
            "submission_id", "element__code", "period", "agency_id", "unit_id", "sex",
            "target_group", "kind", "value", "comment",
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    "kind,local",
    [
        ("data_element", "reach.participants"),
        ("coc", "total"),
        ("coc", "sex:female"),
        ("coc", "group:ethnic_minority"),
        ("aoc", "plan:12:estimate"),
        ("org_unit", "agency:345"),
        ("period", "2025"),
        ("period", "2025Q4"),
        ("period", "2025AM"),
    ],
)
def test_default_codes_read_back(kind, local):
    assert parse_default(kind, default_code(kind, local)) == local


def test_adx_periods():
    for period in ("2025", "2025Q1", "2025Q4", "2025AM"):
        assert formats.period_from_adx(formats.adx_period(period)) == period


def test_export_json_is_scoped(api, api_world):
    api.force_authenticate(api_world.manager_hp)
    body = api.get(URL).json()
    values = body["dataValues"]
    assert len(values) == 4
    agencies = {v["orgUnit"] for v in values}
    assert agencies == {f"AG{api_world.ubnd_hp_a.pk}"}
    female = next(v for v in values if v["categoryOptionCombo"] == "SEX_FEMALE")
    assert female["value"] == "55.5"
    assert female["attributeOptionCombo"] == f"P{api_world.plan_hp.pk}_ACTUAL"
    assert female["period"] == "2025"
    assert any(v.get("comment") == "ghi chú" for v in values)


def test_export_csv_and_adx(api, api_world):
    api.force_authenticate(api_world.manager_hp)
    csv_text = api.get(URL + ".csv").content.decode()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("dataelement,period,orgunit,categoryoptioncombo")
    assert len(lines) == 5
    adx = api.get(URL, {"format": "adx"})
    assert adx["Content-Type"].startswith("application/adx+xml")
    assert b'xmlns="urn:ihe:qrph:adx:2015"' in adx.content
    assert b'period="2025-01-01/P1Y"' in adx.content
    assert len(list(formats.read_adx(adx.content))) == 4


def test_export_filters(api, api_world):
    api.force_authenticate(api_world.admin_hp)
    assert len(api.get(URL, {"dataElement": "reach.participants"}).json()["dataValues"]) == 2
    assert api.get(URL, {"period": "2024"}).json()["dataValues"] == []
    assert (
        len(
            api.get(
                URL, {"startDate": "2022-01-01", "endDate": "2030-12-31", "unit": api_world.hp.pk}
            ).json()["dataValues"]
        )
        == 4
    )
    out = api.get(URL, {"unit": api_world.ct.pk})
    assert out.status_code == 403


def test_idscheme_uid_uses_the_mapping(api, api_world):
    Dhis2Mapping.objects.create(
        kind="data_element", local="conventions.total", uid="Abc123def45", code="CONV_TOTAL"
    )
    api.force_authenticate(api_world.manager_hp)
    assert {v["dataElement"] for v in api.get(URL).json()["dataValues"]} >= {"CONV_TOTAL"}
    # Only what has a UID goes out with idScheme=uid (the other identifiers have none).
    assert api.get(URL, {"idScheme": "uid"}).json()["dataValues"] == []


@pytest.mark.parametrize("fmt", ["json", "csv", "adx"])
def test_round_trip_into_an_empty_database(api, api_world, fmt):
    """Export everything, empty the figures, import: the same figures come back; a second
    import changes nothing."""
    api.force_authenticate(api_world.manager_hp)
    before = _figures(DataValue.objects.visible_to(api_world.manager_hp))
    exported = api.get(URL, {"format": fmt}).content
    DataValue.objects.all().delete()
    content_type = {
        "json": "application/json",
        "csv": "application/csv",
        "adx": "application/adx+xml",
    }[fmt]

    dry = api.post(URL + "?dryRun=true", exported, content_type=content_type).json()
    assert dry["dryRun"] is True
    assert dry["importCount"] == {"imported": 4, "updated": 0, "ignored": 0, "deleted": 0}
    assert DataValue.objects.count() == 0

    done = api.post(URL, exported, content_type=content_type).json()
    assert done["status"] == "SUCCESS"
    assert done["importCount"]["imported"] == 4
    after = _figures()
    if fmt == "adx":  # ADX carries no comments
        before = [row[:-1] + ("",) for row in before]
        after = [row[:-1] + ("",) for row in after]
    assert after == before

    again = api.post(URL, exported, content_type=content_type).json()
    assert again["importCount"] == {"imported": 0, "updated": 0, "ignored": 4, "deleted": 0}


def test_update_conflicts_and_scope(api, api_world):
    api.force_authenticate(api_world.manager_hp)
    sub = api_world.submission_hp_a
    plan = api_world.plan_hp.pk
    ag = f"AG{sub.agency_id}"
    ct = f"AG{api_world.submission_ct.agency_id}"
    body = {
        "dataValues": [
            {"dataElement": "conventions.total", "period": "2025", "orgUnit": ag, "categoryOptionCombo": "default", "attributeOptionCombo": f"P{plan}_ACTUAL", "value": "13"},
            {"dataElement": "conventions.reviewed", "period": "2025", "orgUnit": ag, "categoryOptionCombo": "default", "attributeOptionCombo": f"P{plan}_ACTUAL", "value": "2"},
            {"dataElement": "nope", "period": "2025", "orgUnit": ag, "categoryOptionCombo": "default", "attributeOptionCombo": f"P{plan}_ACTUAL", "value": "1"},
            {"dataElement": "conventions.total", "period": "2025", "orgUnit": ct, "categoryOptionCombo": "default", "attributeOptionCombo": f"P{api_world.plan_ct.pk}_ACTUAL", "value": "1"},
            {"dataElement": "conventions.total", "period": "2025", "orgUnit": ag, "categoryOptionCombo": "SEX_MALE", "attributeOptionCombo": f"P{plan}_ACTUAL", "value": "1"},
            {"dataElement": "conventions.total", "period": "2025", "orgUnit": ag, "categoryOptionCombo": "default", "attributeOptionCombo": f"P{plan}_ACTUAL", "value": "abc"},
            {"dataElement": "conventions.total", "period": "2031X", "orgUnit": ag, "categoryOptionCombo": "default", "attributeOptionCombo": f"P{plan}_ACTUAL", "value": "1"},
        ]
    }  # fmt: skip
    data = json.dumps(body)
    dry = api.post(URL + "?dryRun=true", data, content_type="application/json").json()
    assert dry["importCount"] == {"imported": 1, "updated": 1, "ignored": 5, "deleted": 0}
    assert dry["status"] == "WARNING"
    assert {c["object"] for c in dry["conflicts"]} == {
        "dataElement",
        "orgUnit",
        "categoryOptionCombo",
        "value",
        "period",
    }
    assert [c["row"] for c in dry["conflicts"]] == [3, 4, 5, 6, 7]
    assert (
        DataValue.objects.filter(submission=sub, element__code="conventions.total").get().value
        == 12
    )

    # All or nothing by default: a file with conflicts saves nothing.
    refused = api.post(URL, data, content_type="application/json").json()
    assert refused["status"] == "ERROR" and refused["importCount"]["imported"] == 0
    assert refused["importCount"]["ignored"] == 7 and len(refused["conflicts"]) == 5
    total = DataValue.objects.filter(submission=sub, element__code="conventions.total")
    assert total.get().value == 12
    from binhdang.core.models import AuditEntry

    assert not AuditEntry.objects.filter(action="api.dhis2.imported").exists()
    # DHIS2's way on request: the rows that fit are saved.
    api.post(URL + "?atomicMode=NONE", data, content_type="application/json")
    assert total.get().value == 13
    assert (
        DataValue.objects.filter(
            submission=api_world.submission_ct, element__code="conventions.total"
        )
        .get()
        .value
        == 12
    )
    assert AuditEntry.objects.filter(action="api.dhis2.imported").count() == 1


def test_approved_report_is_locked(api, api_world):
    from binhdang.reporting.models import Submission

    Submission.objects.filter(pk=api_world.submission_hp_a.pk).update(status="approved")
    api.force_authenticate(api_world.manager_hp)
    exported = api.get(URL).content
    result = api.post(
        URL, exported.replace(b'"12"', b'"99"'), content_type="application/json"
    ).json()
    assert result["importCount"]["updated"] == 0
    assert result["status"] == "ERROR"


def test_import_needs_permission(api, api_world):
    api.force_authenticate(api_world.reporter_hp_a)  # may read figures, not import them
    response = api.post(URL, b'{"dataValues": []}', content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_unreadable_body(api, api_world):
    api.force_authenticate(api_world.manager_hp)
    response = api.post(URL, b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    response = api.post(URL + ".adx", b"<x", content_type="application/xml")
    assert response.status_code == 400


def test_xlsx_figures_bulk(api, api_world):
    """Figures from a workbook with the CSV's columns."""
    import io

    import openpyxl

    api.force_authenticate(api_world.manager_hp)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(formats.CSV_HEADER[:6])
    sheet.append(
        [
            "conventions.reviewed",
            "2025",
            f"AG{api_world.ubnd_hp_a.pk}",
            "default",
            f"P{api_world.plan_hp.pk}_FINAL",
            3,
        ]
    )
    out = io.BytesIO()
    book.save(out)
    response = api.post(
        URL + ".xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert response.json()["importCount"]["imported"] == 1
    assert DataValue.objects.filter(kind="final").count() == 1


def test_mapper_reads_uids_and_codes(api_world):
    Dhis2Mapping.objects.create(
        kind="org_unit", local=f"agency:{api_world.ubnd_hp_a.pk}", uid="OrgUnit0001", code="TD"
    )
    mapper = Mapper.load("uid")
    assert mapper.to_dhis2("org_unit", f"agency:{api_world.ubnd_hp_a.pk}") == "OrgUnit0001"
    assert mapper.to_local("org_unit", "TD") == f"agency:{api_world.ubnd_hp_a.pk}"
    assert mapper.to_local("org_unit", "OrgUnit0001") == f"agency:{api_world.ubnd_hp_a.pk}"
