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
