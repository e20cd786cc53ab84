"""Loading both maps and their succession (`units_load`)."""

from dataclasses import replace
from datetime import date

import pytest

from binhdang.core.models import AuditEntry
from binhdang.geo import sources
from binhdang.geo.choices import Generation, SuccessionKind, UnitLevel
from binhdang.geo.models import AdministrativeUnit, UnitSuccession
from binhdang.geo.services import units_load

pytestmark = pytest.mark.django_db


def count(generation, level):
    return AdministrativeUnit.objects.filter(generation=generation, level=level).count()


def test_counts_of_both_maps(units):
    assert count(Generation.CURRENT, UnitLevel.PROVINCE) == 34
    assert count(Generation.CURRENT, UnitLevel.COMMUNE) == 3321
    assert count(Generation.CURRENT, UnitLevel.DISTRICT) == 0
    assert count(Generation.LEGACY, UnitLevel.PROVINCE) == 63
    assert count(Generation.LEGACY, UnitLevel.DISTRICT) == 696
    assert count(Generation.LEGACY, UnitLevel.COMMUNE) == 10051
    assert units.units_total == AdministrativeUnit.objects.count() == 14165


def test_unit_fields_follow_the_conventions(unit):
    hp = unit("31")
    assert (hp.name, hp.short_name, hp.division_type) == (
        "Thành phố Hải Phòng", "Hải Phòng", "thành phố trung ương"
    )  # fmt: skip
    assert hp.province_id == hp.pk and hp.parent_id is None
    assert (hp.valid_from, hp.valid_to) == (date(2025, 7, 1), None)
    commune = unit("31/10510")
    assert commune.name == "Phường Thành Đông" and commune.short_name == "Thành Đông"
    assert commune.parent_id == hp.pk and commune.province_id == hp.pk
    assert "phường Cẩm Thượng" in commune.note

    old_district = unit("L30/288")
    assert old_district.name == "Thành phố Hải Dương" and old_district.division_type == "thành phố"
    assert old_district.province_id == hp.pk  # lies in Hải Phòng today
    assert (old_district.valid_from, old_district.valid_to) == (None, date(2025, 6, 30))
    old_commune = unit("L30/288/10507")
    assert old_commune.name == "Phường Cẩm Thượng"
    assert old_commune.parent_id == old_district.pk and old_commune.province_id == hp.pk
    assert unit("L17").search_key == unit("L17").search_key.strip()
    assert unit("L01").province_id == unit("01").pk


def test_province_succession_is_complete(units):
    legacy = AdministrativeUnit.objects.legacy().provinces()
    for old in legacy:
        links = list(old.successions_out.all())
        assert len(links) == 1, old
        assert links[0].successor.generation == Generation.CURRENT
        assert links[0].successor.level == UnitLevel.PROVINCE
        assert links[0].legal_basis == sources.PROVINCE_RESOLUTION
    hp = AdministrativeUnit.objects.current().get(code="31")
    assert set(hp.predecessors.filter(level=UnitLevel.PROVINCE).values_list("name", flat=True)) == {
        "Thành phố Hải Phòng", "Tỉnh Hải Dương"
    }  # fmt: skip
    hanoi = UnitSuccession.objects.get(predecessor__path="L01", successor__path="01")
    assert hanoi.kind == SuccessionKind.KEPT
    assert UnitSuccession.objects.get(predecessor__path="L30", successor__path="31").kind == (
        SuccessionKind.MERGED
    )


def test_every_old_district_is_abolished_into_its_province(units):
    abolished = UnitSuccession.objects.filter(kind=SuccessionKind.ABOLISHED)
    assert abolished.count() == 696
    assert not abolished.exclude(successor__level=UnitLevel.PROVINCE).exists()


def test_commune_succession_from_the_resolutions(unit):
    thanh_dong = unit("31/10510")
    old = {s.predecessor.name: s for s in thanh_dong.successions_in.select_related("predecessor")}
    assert set(old) == {"Phường Cẩm Thượng", "Phường Bình Hàn", "Phường Nguyễn Trãi",
                        "Xã An Thượng"}  # fmt: skip
    assert {s.kind for s in old.values()} == {SuccessionKind.MERGED}
    assert old["Xã An Thượng"].legal_basis == "Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/06/2025"
    assert old["Xã An Thượng"].effective_date == date(2025, 7, 1)
    # A district that became a special zone (đặc khu) as a whole.
    bach_long_vi = UnitSuccession.objects.get(
        predecessor__path="L31/318", successor__level=UnitLevel.COMMUNE
    )
    assert bach_long_vi.successor.name == "Đặc khu Bạch Long Vĩ"


def test_commune_succession_is_nearly_complete_and_measured(units):
    summary = units.commune_succession
    assert summary["new_communes"] == 3321 and summary["old_communes"] == 10051
    assert summary["new_with_predecessor"] >= 3300
    assert summary["old_with_successor"] >= 9900
    linked_old = (
        UnitSuccession.objects.filter(
            predecessor__level=UnitLevel.COMMUNE, successor__level=UnitLevel.COMMUNE
        )
        .values("predecessor")
        .distinct()
        .count()
    )
    assert linked_old == summary["old_with_successor"]


def test_second_load_changes_nothing_and_writes_no_audit_entry(units):
    assert AuditEntry.objects.filter(action="geo.units.loaded").count() == 1
    before = list(AdministrativeUnit.objects.order_by("pk").values())
    stats = units_load()
    assert (stats.units_created, stats.units_updated) == (0, 0)
    assert (stats.successions_created, stats.successions_updated) == (0, 0)
    assert stats.successions_deleted == 0
    assert stats.changed is False
    assert list(AdministrativeUnit.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.filter(action="geo.units.loaded").count() == 1


def test_first_load_recorded_its_figures(units):
    entry = AuditEntry.objects.get(action="geo.units.loaded")
    assert entry.actor is None and entry.actor_name == "system"
    assert entry.data["units_created"] == 14165
    assert entry.data["commune_succession"]["new_communes"] == 3321
    assert entry.data["sources"]["legacy"] == "vietnam-provinces 0.6.0"


def test_a_changed_source_updates_the_unit_and_nothing_else(units, monkeypatch):
    original = sources.current_units()
    renamed = tuple(
        replace(p, name="Thành phố Hải Phòng Mới") if p.code == "31" else p for p in original
    )
    monkeypatch.setattr(sources, "current_units", lambda: renamed)
    stats = units_load()
    assert (stats.units_created, stats.units_updated) == (0, 1)
    hp = AdministrativeUnit.objects.get(path="31")
    assert hp.short_name == "Hải Phòng Mới"
    assert AuditEntry.objects.filter(action="geo.units.loaded").count() == 2


def test_stale_successions_are_removed_but_units_never_deleted(units):
    extra = UnitSuccession.objects.create(
        predecessor=AdministrativeUnit.objects.get(path="L92"),
        successor=AdministrativeUnit.objects.get(path="31"),
        kind=SuccessionKind.MERGED,
        effective_date=date(2025, 7, 1),
    )
    stats = units_load()
    assert stats.successions_deleted == 1
    assert not UnitSuccession.objects.filter(pk=extra.pk).exists()
    assert AdministrativeUnit.objects.count() == 14165


def test_a_load_with_nothing_to_do_reads_in_a_handful_of_queries(
    units, django_assert_max_num_queries
):
    """No query per unit or per succession: whole tables are compared in memory."""
    with django_assert_max_num_queries(6):
        units_load()
