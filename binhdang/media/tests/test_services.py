"""Services: validation of agencies, statuses and assessments; permissions and area; audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from binhdang.core.models import AuditEntry
from binhdang.media import services
from binhdang.media.models import Adoption, Assessment, EvidenceFile, MediaAgency

from .conftest import ALL_AREAS, ASSESS, EDIT, grant, make_media

pytestmark = pytest.mark.django_db


def _messages(excinfo) -> dict:
    return excinfo.value.message_dict


# ---------------------------------------------------------------------------------------
# Media agencies
# ---------------------------------------------------------------------------------------


def test_create_cleans_the_name_and_audits(world):
    grant(world.admin_hp, *EDIT)
    media = services.media_agency_create(
        actor=world.admin_hp, name="  Báo   Hải Phòng ", kind="newspaper", unit=world.hp
    )
    assert media.name == "Báo Hải Phòng"
    assert media.fold_key == "bao hai phong"
    entry = AuditEntry.objects.get(action="media.agency.created")
    assert entry.object_id == str(media.pk)
    assert entry.actor == world.admin_hp


def test_duplicate_name_in_the_same_unit_is_refused(world):
    make_media("Báo Hải Phòng", world.hp)
    with pytest.raises(ValidationError) as excinfo:
        make_media("báo hải phòng", world.hp)
    assert "name" in _messages(excinfo)
    make_media("Báo Hải Phòng", world.hp_a)  # another unit: fine


def test_unit_must_be_a_province_or_commune_and_kind_known(world):
    from tests.world import make_unit

    district = make_unit("999", "Quận Thử", "Thử", "district", parent=world.hp)
    with pytest.raises(ValidationError) as excinfo:
        make_media("Đài quận", district, "local_centre")
    assert "unit" in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        make_media("Báo X", world.hp, "blog")
    assert "kind" in _messages(excinfo)
    # A pre-2025 unit is kept for history.
    assert make_media("Đài huyện cũ", world.old_commune, "local_centre").pk


def test_an_agency_of_the_registry_links_to_one_media_agency(world):
    make_media("Báo Y tế", world.hp, agency=world.yte_hp)
    with pytest.raises(ValidationError) as excinfo:
        make_media("Tạp chí Y tế", world.hp, "magazine", agency=world.yte_hp)
    assert "agency" in _messages(excinfo)


def test_writing_needs_the_permission_and_the_own_area(world):
    with pytest.raises(PermissionDenied):
        services.media_agency_create(
            actor=world.viewer_hp, name="Báo", kind="newspaper", unit=world.hp
        )
    grant(world.admin_hp, *EDIT)
    with pytest.raises(ValidationError) as excinfo:
        services.media_agency_create(
            actor=world.admin_hp, name="Báo Cần Thơ", kind="newspaper", unit=world.ct
        )
    assert "unit" in _messages(excinfo)
    # A commune's people see the province's agencies (context) but may not change them.
    grant(world.reporter_hp_a, *EDIT)
    province_paper = make_media("Báo Hải Phòng", world.hp)
    with pytest.raises(PermissionDenied):
        services.media_agency_update(
            actor=world.reporter_hp_a, media_agency=province_paper, data={"note": "x"}
        )
    with pytest.raises(ValidationError):
        services.media_agency_create(
            actor=world.reporter_hp_a, name="Báo", kind="newspaper", unit=world.hp
        )
    own = services.media_agency_create(
        actor=world.reporter_hp_a, name="Bản tin phường", kind="online", unit=world.hp_a
    )
    assert own.unit == world.hp_a


def test_update_records_what_changed(world):
    grant(world.admin_hp, *EDIT)
    media = make_media("Báo Hải Phòng", world.hp)
    services.media_agency_update(
        actor=world.admin_hp,
        media_agency=media,
        data={"is_active": False, "managing_body": "Thành ủy", "unit": world.hp_a},
    )
    media.refresh_from_db()
    assert (media.is_active, media.managing_body, media.unit) == (False, "Thành ủy", world.hp_a)
    entry = AuditEntry.objects.get(action="media.agency.changed")
    assert entry.data["changes"] == {
        "is_active": [True, False],
        "managing_body": ["", "Thành ủy"],
        "unit": [world.hp.pk, world.hp_a.pk],
    }
    # Nothing changed: no entry.
    services.media_agency_update(
        actor=world.admin_hp, media_agency=media, data={"is_active": False}
    )
    assert AuditEntry.objects.filter(action="media.agency.changed").count() == 1


# ---------------------------------------------------------------------------------------
# Statuses
# ---------------------------------------------------------------------------------------


def test_status_is_one_per_year_replaced_and_cleared(world):
    media = make_media("Báo Hải Phòng", world.hp)
    services.adoption_set(actor=None, media_agency=media, year=2025, status="pilot")
    services.adoption_set(
        actor=None, media_agency=media, year=2025, status="official", decision_ref="1/QĐ"
    )
    assert Adoption.objects.get(media_agency=media, year=2025).status == "official"
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["media.adoption.recorded", "media.adoption.changed"]
    assert services.adoption_set(actor=None, media_agency=media, year=2025, status=None) is None
    assert not Adoption.objects.filter(media_agency=media).exists()
    assert AuditEntry.objects.filter(action="media.adoption.cleared").count() == 1


def test_official_needs_a_decision_and_a_decision_no_later_than_its_year(world):
    media = make_media("Báo Hải Phòng", world.hp)
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_set(actor=None, media_agency=media, year=2025, status="official")
    assert "decision_ref" in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_set(
            actor=None, media_agency=media, year=2024, status="pilot", decided_on=date(2025, 1, 2)
        )
    assert "decided_on" in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_set(actor=None, media_agency=media, year=2025, status="maybe")
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_set(actor=None, media_agency=media, year=2010, status="pilot")
    assert "year" in _messages(excinfo)
    assert not Adoption.objects.exists()


# ---------------------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------------------


def test_assessment_keeps_women_and_men_apart_and_computes_shares(world):
    media = make_media("Đài Hải Phòng", world.hp, "radio_tv")
    a = services.assessment_create(
        actor=None, media_agency=media, year=2025, areas=["B1", "A1"],
        leaders_female=3, leaders_male=9, sources_female=0, sources_male=0,
        items_reviewed=200, items_gender_topic=15, items_stereotyped=3,
    )  # fmt: skip
    assert a.areas == ["A1", "B1"]
    leaders, staff, sources = a.people_figures()[:3]
    assert (leaders.female, leaders.male, leaders.total) == (3, 9, 12)
    assert str(leaders.female_share) == "25.0"
    assert str(leaders.male_share) == "75.0"
    assert staff.total is None and staff.female_share is None
    assert sources.total == 0 and sources.female_share is None  # 0 of 0: no share
    topic, stereotyped = a.item_figures()
    assert (str(topic.share), str(stereotyped.share)) == ("7.5", "1.5")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"leaders_female": -1, "leaders_male": 2}, "leaders_female"),
        ({"staff_female": 4}, "staff_male"),
        ({"presenters_male": 4}, "presenters_female"),
        ({"items_gender_topic": 5}, "items_reviewed"),
        ({"items_reviewed": 10, "items_gender_topic": 11}, "items_gender_topic"),
        ({"items_reviewed": 10, "items_stereotyped": 12}, "items_stereotyped"),
        ({"year": 2013}, "year"),
        ({"year": 2025, "assessed_on": date(2024, 12, 31)}, "assessed_on"),
        ({"areas": ["A9"]}, "areas"),
    ],
)
def test_assessment_validation(world, fields, field):
    """Counts are zero or more, women come with men, flagged items are not more than the
    items reviewed (shares ≤ 100 %), the year and date make sense."""
    media = make_media("Đài Hải Phòng", world.hp, "radio_tv")
    values = {"year": 2025, **fields}
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_create(actor=None, media_agency=media, **values)
    assert field in _messages(excinfo)
    assert not Assessment.objects.exists()


def test_assessment_date_not_in_the_future(world):
    media = make_media("Đài Hải Phòng", world.hp, "radio_tv")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_create(
            actor=None, media_agency=media, year=tomorrow.year, assessed_on=tomorrow
        )
    assert "assessed_on" in _messages(excinfo)


def test_database_refuses_a_share_over_100(world):
    from django.db import IntegrityError, transaction

    media = make_media("Đài Hải Phòng", world.hp, "radio_tv")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            media_agency=media, year=2025, items_reviewed=1, items_stereotyped=2
        )


def test_evidence_files_added_and_removed(world):
    grant(world.admin_hp, *ASSESS)
    media = make_media("Đài Hải Phòng", world.hp, "radio_tv")
    a = services.assessment_create(
        actor=world.admin_hp, media_agency=media, year=2025, areas=ALL_AREAS,
        files=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 x"),
               SimpleUploadedFile("quyet-dinh.docx", b"PK docx")],
    )  # fmt: skip
    assert sorted(a.evidence_files.values_list("name", flat=True)) == [
        "bao-cao.pdf",
        "quyet-dinh.docx",
    ]
    pdf = a.evidence_files.get(name="bao-cao.pdf")
    assert pdf.file.read() == b"%PDF-1.4 x"
    services.assessment_update(
        actor=world.admin_hp, assessment=a, remove_files=[pdf], notes="Đã bổ sung"
    )
    assert list(a.evidence_files.values_list("name", flat=True)) == ["quyet-dinh.docx"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"media.assessment.created", "media.assessment.changed",
            "media.evidence.removed"} <= actions  # fmt: skip


def test_a_wrong_file_saves_nothing(world):
    media = make_media("Đài Hải Phòng", world.hp, "radio_tv")
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_create(
            actor=None, media_agency=media, year=2025,
            files=[SimpleUploadedFile("ok.pdf", b"x"), SimpleUploadedFile("virus.exe", b"MZ")],
        )  # fmt: skip
    assert "evidence" in _messages(excinfo)
    assert not Assessment.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_assessment_permissions(world):
    media = make_media("Đài Cần Thơ", world.ct, "radio_tv")
    grant(world.admin_hp, *ASSESS)
    with pytest.raises(PermissionDenied):
        services.assessment_create(actor=world.admin_hp, media_agency=media, year=2025)
    with pytest.raises(PermissionDenied):
        services.assessment_create(
            actor=world.viewer_hp, media_agency=make_media("Báo", world.hp), year=2025
        )


def test_str_and_url(world):
    media = make_media("Báo Hải Phòng", world.hp)
    assert str(media) == "Báo Hải Phòng"
    assert media.get_absolute_url() == f"/media-agencies/{media.pk}/"
    assert isinstance(MediaAgency.objects.active().first(), MediaAgency)


def test_a_file_of_another_assessment_cannot_be_removed(world):
    media = make_media("Đài Hải Phòng", world.hp, "radio_tv")
    a = services.assessment_create(actor=None, media_agency=media, year=2025)
    b = services.assessment_create(
        actor=None, media_agency=media, year=2024, files=[SimpleUploadedFile("b.pdf", b"x")]
    )
    with pytest.raises(ValidationError):
        services.assessment_update(
            actor=None, assessment=a, remove_files=list(b.evidence_files.all()), notes="x"
        )
    assert b.evidence_files.count() == 1
    a.refresh_from_db()
    assert a.notes == ""
