"""A small two-province world for scope tests: Hải Phòng (31) and Cần Thơ (92).

Plans: one in Hải Phòng and one in Cần Thơ (each with a version); plan imports under
review: one of admin_hp's and one of another Hải Phòng plan manager (imports are private
to the person who started them).
"""

from dataclasses import dataclass
from datetime import date

from binhdang.accounts.choices import Role
from binhdang.accounts.services import user_create
from binhdang.agencies.models import Agency
from binhdang.core.text import canonical, fold
from binhdang.geo.models import AdministrativeUnit, UnitSuccession


def make_unit(code, name, short, level, parent=None, generation="2025", province=None, **kw):
    prefix = "L" if generation == "legacy" else ""
    path = f"{parent.path}/{code}" if parent else f"{prefix}{code}"
    unit = AdministrativeUnit.objects.create(
        code=code,
        name=name,
        short_name=short,
        level=level,
        division_type=kw.pop("division_type", level),
        parent=parent,
        generation=generation,
        path=path,
        search_key=canonical(short),
        fold_key=fold(short),
        valid_from=date(2025, 7, 1) if generation == "2025" else None,
        valid_to=None if generation == "2025" else date(2025, 6, 30),
        **kw,
    )
    unit.province = province or (parent.province if parent else unit)
    unit.save(update_fields=["province"])
    return unit


def make_agency(unit, name, code, kind="department"):
    return Agency.objects.create(
        unit=unit,
        kind=kind,
        name=name,
        full_name=f"{name} {unit.name}" if kind != "peoples_committee" else name,
        catalogue_code=code,
        search_key=canonical(name),
    )


@dataclass
class World:
    hp: AdministrativeUnit
    ct: AdministrativeUnit
    hp_a: AdministrativeUnit
    hp_b: AdministrativeUnit
    ct_a: AdministrativeUnit
    old_hd: AdministrativeUnit
    old_commune: AdministrativeUnit
    ubnd_hp_a: Agency
    ubnd_hp_b: Agency
    yte_hp: Agency
    yte_ct: Agency
    noivu_hp: Agency
    reporter_hp_a: object
    admin_hp: object
    viewer_hp: object
    nobody: object
    manager_hp: object
    plan_hp: object
    plan_ct: object
    version_hp: object
    version_ct: object
    import_hp: object
    import_other: object
    reviewer_hp: object = None
    round_hp: object = None
    round_ct: object = None
    round_hp_remind: object = None
    round_ct_remind: object = None
    submission_hp_a: object = None
    submission_yte_hp: object = None
    submission_ct: object = None
    evidence_hp_a: object = None
    evidence_ct: object = None
    event_hp_a: object = None
    event_ct: object = None
    media_hp: object = None
    media_ct: object = None
    assessment_hp: object = None
    assessment_ct: object = None
    media_evidence_hp: object = None
    media_evidence_ct: object = None
    site_hp_a: object = None
    site_ct: object = None
    inspection_hp_a: object = None
    inspection_ct: object = None
    award_hp_a: object = None
    award_ct: object = None
    target_hp: object = None
    target_ct: object = None
    survey_hp: object = None
    survey_ct: object = None
    convention_hp_a: object = None
    convention_ct: object = None
    clause_hp_a: object = None
    clause_ct: object = None
    synthesis_hp: object = None
    synthesis_ct: object = None
    synthesis_file_hp: object = None
    synthesis_file_ct: object = None


def _plan_content(title: str, place: str, lead: str, partner: str, agency: str) -> dict:
    return {
        "title": title,
        "doc_number": None,
        "place": place,
        "issuer": f"Ủy ban nhân dân {place}",
        "period": [2022, 2030],
        "legal_bases": ["1790/QĐ-TTg"],
        "objectives": ["Nâng cao nhận thức về bình đẳng giới."],
        "targets": [
            {
                "text": "Đến năm 2025 đạt 80%, đến năm 2030 đạt 90% cơ quan truyền thông áp dụng.",
                "milestones": [
                    {"year": 2025, "value": 80, "unit": "%", "comparison": ">="},
                    {"year": 2030, "value": 90, "unit": "%"},
                ],
            }
        ],
        "tasks": [
            {
                "title": "Tăng cường truyền thông về bình đẳng giới.",
                "activities": [
                    {"title": "Tổ chức Tháng hành động.", "lead": [lead], "partners": [partner],
                     "timing": "Hằng năm"},
                ],
            }
        ],
        "responsibilities": [{"agency": agency, "duties": ["Chủ trì, theo dõi, tổng hợp."]}],
        "budget_sources": ["Ngân sách nhà nước."],
        "report_deadline": "10/12",
        "action_month": ["15/11", "15/12"],
    }  # fmt: skip


def _with_url_args(version):
    """A PlanVersion's page takes the plan id and the version number."""
    version.url_args = (version.plan_id, version.number)
    version.name = f"{version.plan.title} v{version.number}"
    return version


def _labelled(obj, name: str, *url_args):
    obj.name = name
    if url_args:
        obj.url_args = url_args
    return obj


def _add_reporting(world: World) -> None:
    """Report rounds on both plans, a submission per expected agency, evidence, events."""
    from types import SimpleNamespace

    from django.core.files.base import ContentFile

    from binhdang.reporting.models import CommEvent, Evidence, ReportRound, Submission
    from binhdang.reporting.services import round_add_reporter, round_open

    world.reviewer_hp = user_create(
        username="rev.hp", password="pw-123456", agency=world.noivu_hp, roles=[Role.REVIEWER]
    )
    world.round_hp = round_open(
        plan=world.plan_hp,
        actor=world.manager_hp,
        year=2025,
        opens_on=date(2025, 11, 1),
        deadline=date(2025, 12, 10),
    )
    world.round_ct = ReportRound.objects.create(
        plan=world.plan_ct, kind="annual", year=2025, period="2025",
        title="Báo cáo năm 2025 Cần Thơ", opens_on=date(2025, 11, 1),
        deadline=date(2025, 12, 10), data_start=date(2024, 12, 15), data_end=date(2025, 12, 14),
    )  # fmt: skip
    # The plan names the ward as partner, but the resolver cannot place a named commune's
    # People's Committee (plans tests rely on that): the focal office adds it by hand.
    round_add_reporter(round=world.round_hp, agency=world.ubnd_hp_a, actor=world.manager_hp)
    for rnd in (world.round_hp, world.round_ct):
        rnd.name = rnd.title
    world.round_hp_remind = SimpleNamespace(
        pk=world.round_hp.pk, url_args=(world.round_hp.pk, "remind"), name=world.round_hp.title
    )
    world.round_ct_remind = SimpleNamespace(
        pk=world.round_ct.pk, url_args=(world.round_ct.pk, "remind"), name=world.round_ct.title
    )
    world.submission_hp_a = _labelled(
        Submission.objects.get(round=world.round_hp, agency=world.ubnd_hp_a), "Thành Đông 2025"
    )
    world.submission_yte_hp = _labelled(
        Submission.objects.get(round=world.round_hp, agency=world.yte_hp), "Sở Y tế HP 2025"
    )
    world.submission_ct = _labelled(
        Submission.objects.create(
            round=world.round_ct, agency=world.yte_ct, unit=world.ct, expected_as="lead"
        ),
        "Sở Y tế Cần Thơ 2025",
    )
    world.evidence_hp_a = _labelled(
        Evidence.objects.create(
            submission=world.submission_hp_a,
            file=ContentFile(b"%PDF-1.4 hp", name="bien-ban-hp.pdf"),
            name="bien-ban-hp.pdf",
        ),
        "bien-ban-hp.pdf",
    )
    world.evidence_ct = _labelled(
        Evidence.objects.create(
            submission=world.submission_ct,
            file=ContentFile(b"%PDF-1.4 ct", name="bien-ban-ct.pdf"),
            name="bien-ban-ct.pdf",
        ),
        "bien-ban-ct.pdf",
    )
    world.event_hp_a = _labelled(
        CommEvent.objects.create(
            agency=world.ubnd_hp_a, unit=world.hp_a, date=date(2025, 11, 20),
            event_type="talk", channel="in_person", title="Nói chuyện chuyên đề Thành Đông",
            participants_male=20, participants_female=30, participants_total=50,
        ),
        "Nói chuyện chuyên đề Thành Đông",
    )  # fmt: skip
    world.event_ct = _labelled(
        CommEvent.objects.create(
            agency=world.yte_ct, unit=world.ct, date=date(2025, 11, 20),
            event_type="talk", channel="in_person", title="Nói chuyện chuyên đề Cần Thơ",
        ),
        "Nói chuyện chuyên đề Cần Thơ",
    )  # fmt: skip


def _add_synthesis(world: World) -> None:
    """A synthesis report of each province with one finished version (documents)."""
    from types import SimpleNamespace

    from django.core.files.base import ContentFile

    from binhdang.documents.models import GeneratedReport, ReportVersion

    for attr, plan, unit, issuer in (
        ("hp", world.plan_hp, world.hp, world.noivu_hp),
        ("ct", world.plan_ct, world.ct, world.yte_ct),
    ):
        report = GeneratedReport.objects.create(
            kind="annual", year=2025, plan=plan, unit=unit, issuer=issuer,
            title=f"Kết quả thực hiện {plan.title} năm 2025",
        )  # fmt: skip
        version = ReportVersion(report=report, number=1, status="done", progress=100)
        version.docx.save(f"BC-{attr}.docx", ContentFile(b"PK docx"), save=False)
        version.xlsx.save(f"BC-{attr}.xlsx", ContentFile(b"PK xlsx"), save=False)
        version.save()
        setattr(world, f"synthesis_{attr}", _labelled(report, report.title))
        setattr(
            world,
            f"synthesis_file_{attr}",
            SimpleNamespace(pk=report.pk, url_args=(report.pk, 1, "docx"), name=report.title),
        )


def _add_registries(world: World) -> None:
    """One record of each register inside Hải Phòng and one in Cần Thơ."""
    from decimal import Decimal

    from django.core.files.base import ContentFile

    from binhdang.indicators.models import SurveyResult
    from binhdang.media.services import assessment_create, media_agency_create
    from binhdang.registries.services import award_create, inspection_create, model_site_create

    world.media_hp = _labelled(
        media_agency_create(actor=None, name="Đài truyền thanh Thành Đông", kind="local_centre",
                            unit=world.hp_a),
        "Đài truyền thanh Thành Đông",
    )  # fmt: skip
    world.media_ct = _labelled(
        media_agency_create(actor=None, name="Báo Cần Thơ", kind="newspaper", unit=world.ct),
        "Báo Cần Thơ",
    )
    for media, attr in ((world.media_hp, "hp"), (world.media_ct, "ct")):
        assessment = assessment_create(
            actor=None, media_agency=media, year=2025,
            files=[ContentFile(b"%PDF-1.4", name=f"tu-danh-gia-{attr}.pdf")],
        )  # fmt: skip
        setattr(world, f"assessment_{attr}", _labelled(assessment, f"Tự đánh giá {media.name}"))
        setattr(
            world,
            f"media_evidence_{attr}",
            _labelled(assessment.evidence_files.get(), f"tu-danh-gia-{attr}.pdf"),
        )
    world.site_hp_a = _labelled(
        model_site_create(actor=None, model_type="club", name="CLB Thành Đông", unit=world.hp_a,
                          mode="maintain", start_year=2021),
        "CLB Thành Đông",
    )  # fmt: skip
    world.site_ct = _labelled(
        model_site_create(actor=None, model_type="club", name="CLB Ninh Kiều", unit=world.ct_a,
                          mode="maintain", start_year=2021),
        "CLB Ninh Kiều",
    )  # fmt: skip
    world.inspection_hp_a = _labelled(
        inspection_create(actor=None, kind="inspection", date=date(2025, 10, 1),
                          inspecting_agency=world.noivu_hp, inspected_agency=world.ubnd_hp_a,
                          subject="Kiểm tra công tác bình đẳng giới Thành Đông"),
        "Kiểm tra công tác bình đẳng giới Thành Đông",
    )  # fmt: skip
    world.inspection_ct = _labelled(
        inspection_create(actor=None, kind="inspection", date=date(2025, 10, 1),
                          inspecting_agency=world.yte_ct, inspected_agency=world.yte_ct,
                          subject="Kiểm tra Sở Y tế Cần Thơ"),
        "Kiểm tra Sở Y tế Cần Thơ",
    )  # fmt: skip
    world.award_hp_a = _labelled(
        award_create(actor=None, recipient_kind="collective", recipient_name="UBND Thành Đông",
                     unit=world.hp_a, award_form="commendation", review="midterm"),
        "UBND Thành Đông",
    )  # fmt: skip
    world.award_ct = _labelled(
        award_create(actor=None, recipient_kind="collective", recipient_name="UBND Ninh Kiều",
                     unit=world.ct_a, award_form="commendation", review="midterm"),
        "UBND Ninh Kiều",
    )  # fmt: skip
    from binhdang.conventions.services import convention_create

    text = "Điều 1. Mọi người dân trong thôn đều bình đẳng.\nĐiều 2. Chỉ con trai được thừa kế đất hương hỏa."
    for attr, unit, village in (
        ("hp_a", world.hp_a, "Đông Thái"),
        ("ct", world.ct_a, "Ninh Kiều 1"),
    ):
        convention = convention_create(
            actor=None, kind="huong_uoc", village_name=village, village_kind="thon", unit=unit,
            adopted_on=date(2019, 5, 1), text=text,
        )  # fmt: skip
        setattr(world, f"convention_{attr}", _labelled(convention, f"Hương ước thôn {village}"))
        setattr(
            world,
            f"clause_{attr}",
            _labelled(convention.clauses.last(), f"Hương ước thôn {village}"),
        )
    world.target_hp = _labelled(world.plan_hp.targets.get(), "Mục tiêu truyền thông Hải Phòng")
    world.target_ct = _labelled(world.plan_ct.targets.get(), "Mục tiêu truyền thông Cần Thơ")
    world.survey_hp = _labelled(
        SurveyResult.objects.create(unit=world.hp, year=2025, respondents=400,
                                    share_correct=Decimal("62.5"), source="Khảo sát Hải Phòng"),
        "Khảo sát Hải Phòng",
    )  # fmt: skip
    world.survey_ct = _labelled(
        SurveyResult.objects.create(unit=world.ct, year=2025, respondents=300,
                                    share_correct=Decimal("58"), source="Khảo sát Cần Thơ"),
        "Khảo sát Cần Thơ",
    )  # fmt: skip


def build_world(*, registries: bool = False) -> World:
    """The world; with `registries`, one record of each register per province too (the
    scope test needs them; app tests count their own records from zero)."""
    from binhdang.plans.models import PlanImport
    from binhdang.plans.services import plan_create, plan_import_start

    hp = make_unit("31", "Thành phố Hải Phòng", "Hải Phòng", "province")
    ct = make_unit("92", "Thành phố Cần Thơ", "Cần Thơ", "province")
    hp_a = make_unit("10510", "Phường Thành Đông", "Thành Đông", "commune", parent=hp)
    hp_b = make_unit("10525", "Phường Hải Dương", "Hải Dương", "commune", parent=hp)
    ct_a = make_unit("31150", "Phường Ninh Kiều", "Ninh Kiều", "commune", parent=ct)
    old_hd = make_unit(
        "30", "Tỉnh Hải Dương", "Hải Dương", "province", generation="legacy", province=hp
    )
    old_district = make_unit(
        "288",
        "Thành phố Hải Dương",
        "Hải Dương",
        "district",
        parent=old_hd,
        generation="legacy",
        province=hp,
    )
    old_commune = make_unit(
        "10528",
        "Phường Cẩm Thượng",
        "Cẩm Thượng",
        "commune",
        parent=old_district,
        generation="legacy",
        province=hp,
    )
    UnitSuccession.objects.create(
        predecessor=old_commune, successor=hp_a, kind="merged", effective_date=date(2025, 7, 1)
    )
    ubnd_hp_a = make_agency(
        hp_a, "Ủy ban nhân dân phường Thành Đông", "ubnd-xa", "peoples_committee"
    )
    ubnd_hp_b = make_agency(
        hp_b, "Ủy ban nhân dân phường Hải Dương", "ubnd-xa", "peoples_committee"
    )
    yte_hp = make_agency(hp, "Sở Y tế", "so-y-te")
    yte_ct = make_agency(ct, "Sở Y tế", "so-y-te")
    noivu_hp = make_agency(hp, "Sở Nội vụ", "so-noi-vu")
    admin_hp = user_create(
        username="adm.hp", password="pw-123456", agency=noivu_hp, roles=[Role.ADMINISTRATOR]
    )
    manager_hp = user_create(
        username="mgr.hp", password="pw-123456", agency=noivu_hp, roles=[Role.PLAN_MANAGER]
    )
    plan_hp = plan_create(
        content=_plan_content(
            "Kế hoạch truyền thông Hải Phòng",
            "thành phố Hải Phòng",
            "Sở Y tế",
            "Ủy ban nhân dân phường Thành Đông",
            "Sở Nội vụ",
        ),
        unit=hp,
        actor=admin_hp,
    )
    plan_ct = plan_create(
        content=_plan_content(
            "Kế hoạch truyền thông Cần Thơ",
            "thành phố Cần Thơ",
            "Sở Y tế",
            "Hội Liên hiệp Phụ nữ thành phố",
            "Sở Y tế",
        ),
        unit=ct,
        actor=None,
    )
    text = "KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2026\nI. MỤC TIÊU\n- Đến năm 2026 đạt 90% cơ quan tham gia.\nII. NHIỆM VỤ\n1. Tuyên truyền về bình đẳng giới.\n"
    import_hp = plan_import_start(actor=admin_hp, text=text, unit=hp, filename="ke-hoach-hp.txt")
    import_other = plan_import_start(
        actor=manager_hp, text=text, unit=hp, filename="ke-hoach-cua-nguoi-khac.txt"
    )
    assert PlanImport.objects.count() == 2
    world = World(
        hp=hp, ct=ct, hp_a=hp_a, hp_b=hp_b, ct_a=ct_a, old_hd=old_hd, old_commune=old_commune,
        ubnd_hp_a=ubnd_hp_a, ubnd_hp_b=ubnd_hp_b, yte_hp=yte_hp, yte_ct=yte_ct, noivu_hp=noivu_hp,
        reporter_hp_a=user_create(username="rep.a", password="pw-123456", agency=ubnd_hp_a, roles=[Role.REPORTER]),
        admin_hp=admin_hp,
        viewer_hp=user_create(username="view.hp", password="pw-123456", agency=yte_hp, roles=[Role.VIEWER]),
        nobody=user_create(username="nobody", password="pw-123456", agency=yte_hp, roles=[]),
        manager_hp=manager_hp, plan_hp=plan_hp, plan_ct=plan_ct,
        version_hp=_with_url_args(plan_hp.versions.get()), version_ct=_with_url_args(plan_ct.versions.get()),
        import_hp=import_hp, import_other=import_other,
    )  # fmt: skip
    _add_reporting(world)
    _add_synthesis(world)
    if registries:
        _add_registries(world)
    return world
