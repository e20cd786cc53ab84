"""The catalogue loader and the administrators' services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import translation

from binhdang.agencies import catalogue as cat
from binhdang.agencies.keys import name_key
from binhdang.agencies.models import Agency, AgencyAlias, AgencySuccession
from binhdang.agencies.services import (
    agency_create,
    agency_end,
    agency_update,
    alias_add,
    alias_remove,
    catalogue_load,
)
from binhdang.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _one(unit, code, **kw):
    return Agency.objects.get(unit=unit, catalogue_code=code, **kw)


def _snapshot():
    return (
        Agency.objects.count(),
        AgencyAlias.objects.count(),
        AgencySuccession.objects.count(),
        AuditEntry.objects.count(),
        Agency.history.count(),
        AgencyAlias.history.count(),
    )


# --- the catalogue -------------------------------------------------------------------


def test_catalogue_codes_are_unique_and_references_exist():
    codes = [e.code for e in cat.ENTRIES]
    assert len(codes) == len(set(codes))
    for entry in cat.ENTRIES:
        for parent in (entry.parent, entry.parent_after):
            assert not parent or cat.entry(parent), f"{entry.code}: unknown parent {parent}"
    for transition in (*cat.TRANSITIONS, *cat.MERGER_FALLBACKS):
        assert cat.entry(transition.predecessor)
        assert all(cat.entry(code) for code in transition.successors)
    for group in cat.GROUPS:
        for tag in group.tags:
            assert any(tag in e.tags for e in cat.ENTRIES), f"{group.code}: no entry tagged {tag}"


def test_every_department_that_ended_hands_over_its_functions():
    for entry in cat.ENTRIES:
        if entry.eras == (cat.Era.BEFORE,) and "department" in entry.tags:
            assert cat.transitions_from(entry.code), f"{entry.code} ends without successor"


# --- catalogue_load ------------------------------------------------------------------


def test_load_creates_the_catalogue_and_a_second_run_creates_nothing(small_map):
    first = catalogue_load()
    assert first["agencies"] > 300 and first["aliases"] > 0 and first["successions"] > 0
    before = _snapshot()
    second = catalogue_load()
    assert (second["agencies"], second["aliases"], second["successions"]) == (0, 0, 0)
    assert second["existing"] == first["agencies"]
    assert _snapshot() == before  # not even an audit entry


def test_load_writes_history_and_one_audit_entry(small_map):
    stats = catalogue_load()
    assert (
        Agency.history.filter(history_change_reason="catalogue_load").count() == stats["agencies"]
    )
    assert AgencyAlias.history.count() == stats["aliases"]
    assert AgencySuccession.history.count() == stats["successions"]
    entries = AuditEntry.objects.filter(action="agencies.catalogue.loaded")
    assert entries.count() == 1
    assert entries.get().data["agencies"] == stats["agencies"]


def test_old_province_agencies_and_the_march_2025_reform(loaded):
    hp = loaded.legacy["31"]
    labour = _one(hp, "so-ldtbxh")
    assert labour.name == "Sở Lao động - Thương binh và Xã hội"
    assert labour.full_name == "Sở Lao động - Thương binh và Xã hội thành phố Hải Phòng"
    assert labour.valid_to == date(2025, 2, 28) and labour.valid_from is None
    assert labour.parent == _one(hp, "ubnd-tinh")
    home = _one(hp, "so-noi-vu")
    assert home.valid_to == date(2025, 6, 30)
    # Gender equality (and labour) → Sở Nội vụ; children and social protection → Sở Y tế;
    # vocational education → Sở Giáo dục và Đào tạo; all on 1/3/2025.
    out = {
        s.successor.catalogue_code: s for s in labour.successions_out.select_related("successor")
    }
    assert set(out) == {"so-noi-vu", "so-y-te", "so-gddt", "so-nnmt"}
    assert "bình đẳng giới" in out["so-noi-vu"].functions
    assert "trẻ em" in out["so-y-te"].functions
    assert "giáo dục nghề nghiệp" in out["so-gddt"].functions
    assert all(s.effective_date == date(2025, 3, 1) for s in out.values())
    assert "45/2025/NĐ-CP" in out["so-noi-vu"].legal_basis
    assert out["so-noi-vu"].successor == home
    # The departments formed on 1/3/2025 exist only until the provinces merged.
    farming = _one(hp, "so-nnmt")
    assert (farming.valid_from, farming.valid_to) == (date(2025, 3, 1), date(2025, 6, 30))
    assert set(farming.predecessors.values_list("catalogue_code", flat=True)) >= {
        "so-tnmt",
        "so-nnptnt",
    }
    # Hải Phòng's culture and tourism departments merged; press came from Sở TT&TT.
    culture = _one(hp, "so-vhttdl")
    assert set(culture.predecessors.values_list("catalogue_code", flat=True)) == {
        "so-vhtt",
        "so-du-lich",
        "so-tttt",
    }


def test_statistics_office_renamed_twice(loaded):
    hp_old, hp = loaded.legacy["31"], loaded.current["31"]
    names = list(
        Agency.objects.filter(unit__in=[hp_old, hp], catalogue_code="thong-ke")
        .order_by(F("valid_to").asc(nulls_last=True))
        .values_list("name", flat=True)
    )
    assert names == ["Cục Thống kê", "Chi cục Thống kê", "Thống kê"]


def test_current_provinces_succeed_the_old_ones_on_1_july_2025(loaded):
    hp = loaded.current["31"]
    home = _one(hp, "so-noi-vu")
    assert home.valid_from == date(2025, 7, 1) and home.valid_to is None
    assert home.full_name == "Sở Nội vụ thành phố Hải Phòng"
    incoming = home.successions_in.select_related("predecessor__unit")
    assert {s.predecessor.unit.code for s in incoming} == {"31", "30"}
    assert {s.predecessor.unit.generation for s in incoming} == {"legacy"}
    assert all(s.effective_date == date(2025, 7, 1) for s in incoming)
    assert all(s.legal_basis == "Nghị quyết 202/2025/QH15" for s in incoming)
    # The full name carries the unit: "Sở Y tế tỉnh Bắc Giang" before, "… tỉnh Bắc Ninh" now.
    assert _one(loaded.legacy["24"], "so-y-te").full_name == "Sở Y tế tỉnh Bắc Giang"
    assert _one(loaded.current["24"], "so-y-te").full_name == "Sở Y tế tỉnh Bắc Ninh"
    # Nothing abolished on 1/3/2025 survives into the current provinces.
    assert not Agency.objects.filter(unit=hp, catalogue_code="so-ldtbxh").exists()


def test_peoples_committees_of_communes_and_old_districts(loaded):
    commune = loaded.communes["10507"]
    pc = _one(commune, "ubnd-xa")
    assert pc.name == "Ủy ban nhân dân phường Thành Đông"
    assert pc.kind == "peoples_committee" and pc.tags == ["commune_pc"]
    assert pc.valid_from == date(2025, 7, 1) and pc.parent == _one(
        loaded.current["31"], "ubnd-tinh"
    )
    assert Agency.objects.filter(catalogue_code="ubnd-xa").count() == len(loaded.communes)
    district = loaded.districts["303"]
    dpc = _one(district, "ubnd-huyen")
    assert dpc.name == "Ủy ban nhân dân quận Hồng Bàng"
    assert dpc.tags == ["district_pc"] and dpc.valid_to == date(2025, 6, 30)
    assert AgencyAlias.objects.filter(agency=dpc, alias="UBND quận Hồng Bàng").exists()
    # The district's committee hands over to the commune that took over its wards.
    assert list(dpc.successors.values_list("catalogue_code", "unit__code")) == [
        ("ubnd-xa", "11311")
    ]


def test_demo_users_find_their_agencies(loaded):
    """ops.demo looks agencies up by catalogue code in the current unit."""
    assert Agency.objects.current().get(unit=loaded.current["31"], catalogue_code="so-noi-vu")
    assert Agency.objects.current().get(unit=loaded.communes["10507"], catalogue_code="ubnd-xa")
    assert Agency.objects.current().get(unit=loaded.current["31"], catalogue_code="ubnd-tinh")


def test_central_bodies_are_created_once(loaded):
    molisa = Agency.objects.get(catalogue_code="bo-ldtbxh")
    assert molisa.unit is None and molisa.valid_to == date(2025, 2, 28)
    moha = Agency.objects.get(catalogue_code="bo-noi-vu")
    assert moha in molisa.successors.all()


# --- agency_create / agency_update / agency_end ---------------------------------------


def test_agency_create_writes_history_and_audit(loaded, django_user_model):
    admin = django_user_model.objects.create_user("boss", password="x")
    unit = loaded.current["31"]
    agency = agency_create(
        actor=admin,
        unit=unit,
        kind="public_service",
        name="Trung tâm Dịch vụ việc làm",
        tags=["public_service"],
        aliases=["TT DVVL"],
    )
    assert agency.full_name == "Trung tâm Dịch vụ việc làm thành phố Hải Phòng"
    assert agency.history.get().history_user == admin
    entry = AuditEntry.objects.get(action="agencies.agency.created")
    assert entry.actor == admin and entry.object_id == str(agency.pk)
    assert entry.data["aliases"] == ["TT DVVL"]


def test_duplicate_agency_is_refused_in_vietnamese_and_nothing_changes(loaded):
    unit = loaded.legacy["31"]
    before = _snapshot()
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        agency_create(actor=None, unit=unit, kind="department", name="Sở  Y TẾ")
    message = " ".join(caught.value.messages)
    assert "đã có tại" in message and "Sở Y TẾ" in message
    assert _snapshot() == before
    # The same name in a period that does not overlap is another agency.
    later = agency_create(
        actor=None, unit=unit, kind="department", name="Sở Y tế", valid_from=date(2025, 7, 1)
    )
    assert later.pk


def test_agency_update_records_the_changes(loaded):
    agency = _one(loaded.current["31"], "so-y-te")
    agency_update(agency=agency, actor=None, data={"abbreviation": "SYT-HP", "note": "x"})
    agency.refresh_from_db()
    assert agency.abbreviation == "SYT-HP"
    entry = AuditEntry.objects.get(action="agencies.agency.updated")
    assert entry.data["changes"]["abbreviation"] == ["SYT", "SYT-HP"]
    record = agency.history.latest()
    assert [c.field for c in record.diff_against(record.prev_record).changes] == [
        "abbreviation",
        "note",
    ]


def test_agency_update_refuses_a_name_that_exists(loaded):
    agency = _one(loaded.current["31"], "so-y-te")
    before = _snapshot()
    with pytest.raises(ValidationError):
        agency_update(agency=agency, actor=None, data={"name": "Sở Nội vụ"})
    assert _snapshot() == before
    assert Agency.objects.get(pk=agency.pk).name == "Sở Y tế"


def test_agency_end_records_the_successor(loaded):
    unit = loaded.current["31"]
    old = _one(unit, "dai-ptth")
    new = agency_create(
        actor=None,
        unit=unit,
        kind="media",
        name="Báo và Phát thanh, Truyền hình Hải Phòng",
        valid_from=date(2025, 8, 1),
        tags=["media", "information", "sector"],
    )
    succession = agency_end(
        agency=old, actor=None, valid_to=date(2025, 7, 31), successor=new, functions="báo chí"
    )
    assert succession.effective_date == date(2025, 8, 1)
    old.refresh_from_db()
    assert old.valid_to == date(2025, 7, 31)
    assert AuditEntry.objects.filter(action="agencies.agency.ended").count() == 1
    with pytest.raises(ValidationError):
        agency_end(agency=old, actor=None, valid_to=date(2025, 9, 1))


def test_agency_end_refuses_a_successor_not_in_force(loaded):
    unit = loaded.current["31"]
    agency = _one(unit, "bao")
    gone = _one(loaded.legacy["31"], "so-ldtbxh")
    before = _snapshot()
    with pytest.raises(ValidationError):
        agency_end(agency=agency, actor=None, valid_to=date(2025, 12, 31), successor=gone)
    assert _snapshot() == before
    assert Agency.objects.get(pk=agency.pk).valid_to is None


# --- aliases -------------------------------------------------------------------------


def test_alias_add_and_remove_are_audited(loaded):
    agency = _one(loaded.current["31"], "so-noi-vu")
    row = alias_add(agency=agency, alias="Sở NV HP", actor=None)
    assert row.key == name_key("sở nv hp")
    alias_remove(alias=row, actor=None)
    assert not AgencyAlias.objects.filter(pk=row.pk).exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="agencies.alias").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["agencies.alias.added", "agencies.alias.removed"]


@pytest.mark.parametrize(
    "alias, expected",
    [
        ("Sở LĐ-TB&XH", "đã có tên gọi khác"),  # the same as "Sở LĐTBXH", written otherwise
        ("sở lao động, thương binh và xã hội", "chính là tên"),  # its own name
        ("Sở Nội vụ", "đã là tên của"),  # another agency of the unit
        ("   ", "Hãy nhập"),
    ],
)
def test_duplicate_alias_is_refused_in_vietnamese(loaded, alias, expected):
    agency = _one(loaded.legacy["31"], "so-ldtbxh")
    before = _snapshot()
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        alias_add(agency=agency, alias=alias, actor=None)
    assert expected in " ".join(caught.value.messages)
    assert _snapshot() == before
