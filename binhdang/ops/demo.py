"""Demo users for trying binhdang out. Refused unless BINHDANG_ALLOW_DEMO_DATA is on."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from binhdang.accounts.choices import Role
from binhdang.accounts.models import User
from binhdang.accounts.services import user_create
from binhdang.core.audit import audit_log


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    roles: tuple[str, ...]
    agency_code: str  # catalogue code of the agency; "" for none (superuser)
    unit_code: str | None  # current unit code of the agency
    description: str


DEMO_PASSWORD = "binhdang-demo-2025"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Quản trị hệ thống", (Role.ADMINISTRATOR,), "", None,
             "superuser: every province"),
    DemoUser("hp.focal", "Nguyễn Thị Lan", (Role.PLAN_MANAGER, Role.REVIEWER), "so-noi-vu", "31",
             "focal officer, Sở Nội vụ Hải Phòng (plan manager, reviewer)"),
    DemoUser("hp.admin", "Trần Văn Minh", (Role.ADMINISTRATOR,), "so-noi-vu", "31",
             "administrator of Hải Phòng"),
    DemoUser("hp.leader", "Phạm Văn Hùng", (Role.VIEWER,), "ubnd-tinh", "31",
             "leader, UBND thành phố Hải Phòng (viewer)"),
    DemoUser("hp.yte", "Lê Thị Hoa", (Role.REPORTER,), "so-y-te", "31",
             "reporter, Sở Y tế Hải Phòng"),
    DemoUser("hp.thanhdong", "Vũ Thị Mai", (Role.REPORTER,), "ubnd-xa", "10510",
             "reporter, UBND phường Thành Đông (Hải Phòng)"),
    DemoUser("ct.focal", "Đặng Thị Thu", (Role.PLAN_MANAGER, Role.REVIEWER), "so-noi-vu", "92",
             "focal officer, Sở Nội vụ Cần Thơ"),
)  # fmt: skip


def _demo_agency(demo: DemoUser):
    from binhdang.agencies.models import Agency
    from binhdang.geo.models import AdministrativeUnit

    if not demo.agency_code:
        return None
    unit = AdministrativeUnit.objects.current().get(code=demo.unit_code)
    return Agency.objects.current().get(unit=unit, catalogue_code=demo.agency_code)


@transaction.atomic
def demo_users_load() -> list[tuple[DemoUser, bool]]:
    """Create the demo users that do not exist yet; never touches existing ones."""
    if not settings.BINHDANG_ALLOW_DEMO_DATA:
        raise ImproperlyConfigured(
            "Demo users have known passwords: set BINHDANG_ALLOW_DEMO_DATA=1 to create them."
        )
    result = []
    for demo in DEMO_USERS:
        if User.objects.filter(username=demo.username).exists():
            result.append((demo, False))
            continue
        user = user_create(
            username=demo.username,
            password=DEMO_PASSWORD,
            full_name=demo.full_name,
            agency=_demo_agency(demo),
            roles=demo.roles,
        )
        if demo.username == "admin":
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        result.append((demo, True))
    if any(created for _d, created in result):
        audit_log(
            actor=None,
            action="accounts.demo.loaded",
            data={"created": [d.username for d, c in result if c]},
        )
    return result


@transaction.atomic
def demo_rounds_load(*, today=None) -> dict[str, int]:
    """Report rounds on Hải Phòng's sample programme plan, so the demo shows a live year:
    last year's round with reports sent, approved and missing, and this year's round
    open (its Action Month round too). Idempotent: a round already there is left alone."""
    from datetime import date

    from django.utils import timezone

    from binhdang.plans.models import Plan
    from binhdang.reporting import services as rs
    from binhdang.reporting.models import ReportRound, Submission
    from binhdang.reporting.reportform import build_form_spec, check_content

    if not settings.BINHDANG_ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo rounds need BINHDANG_ALLOW_DEMO_DATA=1.")
    today = today or timezone.localdate()
    focal = User.objects.filter(username="hp.focal").first()
    plan = (
        Plan.objects.filter(unit__code="31", unit__generation="2025", kind="programme")
        .order_by("pk")
        .first()
    )
    counts = {"created": 0, "existing": 0}
    if focal is None or plan is None:
        return counts
    year = today.year
    wanted = [
        ("annual", year - 1, date(year - 1, 11, 1), date(year - 1, 12, 10)),
        ("annual", year, date(year, 11, 1), date(year, 12, 10)),
        ("action_month", year, date(year, 11, 1), date(year, 12, 22)),
    ]
    for kind, y, opens, deadline in wanted:
        if ReportRound.objects.filter(plan=plan, kind=kind, year=y).exists():
            counts["existing"] += 1
            continue
        rnd = rs.round_open(
            plan=plan, actor=focal, kind=kind, year=y, opens_on=opens, deadline=deadline
        )
        counts["created"] += 1
        if y != year - 1:
            continue
        # Last year: the health department reported and was approved; the commune sent
        # its report (late, as the demo is loaded after the deadline).
        for username in ("hp.yte", "hp.thanhdong"):
            reporter = User.objects.get(username=username)
            sub = Submission.objects.filter(round=rnd, agency=reporter.agency).first()
            if sub is None:
                continue
            spec = build_form_spec(sub)
            content = {
                "items": {
                    i.key: {"status": "done", "done": "Đã triển khai theo kế hoạch.",
                            "results": "Tổ chức 2 hội nghị, 150 lượt người tham dự.",
                            "difficulties": "", "proposals": ""}
                    for i in spec.items
                },
                "figures": _demo_figures(spec, scale=1 if username == "hp.yte" else 0.5),
                "general": {"summary": "Hoàn thành các nhiệm vụ được giao.",
                            "difficulties": "Kinh phí còn hạn chế.", "proposals": ""},
            }  # fmt: skip
            if not check_content(content, spec, for_submit=True).ok:
                content["figures"] = {}  # never a demo without its sent reports
            rs.submission_submit(
                submission=sub, content=content, version=sub.version, actor=reporter
            )
            if username == "hp.yte":
                rs.submission_approve(submission=sub, actor=focal)
    _demo_events_and_surveys(year=year)
    return counts


# Figures of a demo report: wholes larger than their parts (conventions reviewed ≤ in force,
# media agencies applying ≤ all media agencies, officers trained ≤ officers…).
_DEMO_WHOLES = {"total", "agencies_total", "needed", "officials_pupils", "residents"}


def _demo_figures(spec, *, scale: float) -> dict:
    """Plausible figures for every figure the report asks: 40% men and 60% women of each
    total, each target group 30% of it; shares 70%; yes for yes/no questions."""
    from binhdang.reporting.choices import ValueType

    out = {}
    for fig in spec.figures:
        if fig.value_type == ValueType.BOOLEAN:
            base = 1
        elif fig.value_type == ValueType.PERCENT:
            base = 70
        else:
            whole = fig.code.rsplit(".", 1)[-1] in _DEMO_WHOLES
            base = round((120 if whole else 90) * scale)
            if fig.value_type == ValueType.MONEY:
                base *= 100_000
        values = {}
        for cell, _label in fig.cells:
            if not cell or fig.value_type in (ValueType.BOOLEAN, ValueType.PERCENT):
                values[cell] = str(base)
            elif cell == "male":
                values[cell] = str(round(base * 0.4))
            elif cell == "female":
                values[cell] = str(round(base * 0.6))
            else:
                values[cell] = str(round(base * 0.3))
        out[fig.code] = {"kind": spec.default_kind, "values": values}
    return out


def _demo_events_and_surveys(*, year: int) -> None:
    """Some logged communication events of the demo agencies, and awareness survey results,
    so the progress pages have something to compute from. Idempotent."""
    from datetime import date
    from decimal import Decimal

    from binhdang.indicators.models import SurveyResult
    from binhdang.reporting.groups import groups_to_mask
    from binhdang.reporting.models import CommEvent

    rows = [
        ("hp.thanhdong", date(year - 1, 3, 8), "talk", "in_person", "Nói chuyện chuyên đề về bình đẳng giới", 34, 61, ["women_girls", "youth"]),
        ("hp.thanhdong", date(year - 1, 6, 20), "news_item", "radio", "Tin về phòng chống bạo lực gia đình trên đài phường", None, None, ["general"]),
        ("hp.thanhdong", date(year - 1, 11, 25), "campaign", "in_person", "Mít tinh hưởng ứng Tháng hành động", 80, 120, ["general"]),
        ("hp.thanhdong", date(year, 3, 6), "talk", "in_person", "Sinh hoạt chuyên đề: chia sẻ việc nhà", 25, 48, ["men_boys"]),
        ("hp.thanhdong", date(year, 11, 20), "news_item", "radio", "Tin Tháng hành động trên đài phường", None, None, ["general"]),
        ("hp.yte", date(year - 1, 9, 12), "training", "in_person", "Tập huấn lồng ghép giới trong y tế", 18, 42, ["officials"]),
        ("hp.yte", date(year, 10, 2), "conference", "in_person", "Hội nghị truyền thông về mất cân bằng giới tính khi sinh", 40, 55, ["officials", "general"]),
    ]  # fmt: skip
    for username, day, kind, channel, title, men, women, groups in rows:
        user = User.objects.filter(username=username).select_related("agency").first()
        if user is None or user.agency is None or user.agency.unit is None:
            continue
        if CommEvent.objects.filter(agency=user.agency, title=title).exists():
            continue
        total = (men or 0) + (women or 0) or None
        CommEvent.objects.create(
            agency=user.agency, unit=user.agency.unit, date=day, event_type=kind, channel=channel,
            title=title, participants_male=men, participants_female=women,
            participants_total=total, target_groups=groups_to_mask(groups), created_by=user,
        )  # fmt: skip
    focal = User.objects.filter(username="hp.focal").select_related("agency").first()
    if focal is None or focal.agency is None:
        return
    for y, share in ((2025, "58.4"), (year, "61.2")):
        SurveyResult.objects.get_or_create(
            unit=focal.agency.unit,
            year=y,
            sex="",
            target_group="",
            defaults={
                "respondents": 1200,
                "share_correct": Decimal(share),
                "source": "Khảo sát nhận thức về bình đẳng giới (minh họa)",
            },
        )
