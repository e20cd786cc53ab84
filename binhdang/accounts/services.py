"""Writes for users and roles."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.accounts.choices import Role
from binhdang.accounts.models import User
from binhdang.accounts.roles import ROLE_PERMISSIONS
from binhdang.core.audit import audit_log


@transaction.atomic
def roles_sync(*, actor=None) -> dict[str, int]:
    """Create one group per role and give it exactly the role's permissions (idempotent)."""
    counts: dict[str, int] = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            try:
                wanted.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist as exc:
                raise ValueError(f"Unknown permission {perm} for role {role}") from exc
        group.permissions.set(wanted)
        counts[str(role)] = len(wanted)
    audit_log(actor=actor, action="accounts.roles.synced", data=counts)
    return counts


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    agency=None,
    roles: list[str] | tuple[str, ...] = (),
    actor=None,
) -> User:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The user name %(name)s is already taken.") % {"name": username})
    user = User(username=username, full_name=full_name, email=email, agency=agency)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    audit_log(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        data={"agency": str(agency) if agency else None, "roles": sorted(roles)},
    )
    return user


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    """Record a password change (the change itself is Django's form)."""
    audit_log(actor=user, action="accounts.user.password_changed", obj=user)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    roles: tuple[str, ...]
    agency_code: str  # catalogue code of the agency
    unit_code: str | None  # current unit code; None for a national body
    description: str


DEMO_PASSWORD = "binhdang-demo-2025"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin", "Quản trị hệ thống", (Role.ADMINISTRATOR,), "", None,
        "superuser: everything, every province",
    ),
    DemoUser(
        "hp.focal", "Nguyễn Thị Lan", (Role.PLAN_MANAGER, Role.REVIEWER), "so-noi-vu", "31",
        "focal officer, Sở Nội vụ Hải Phòng (plan manager + reviewer)",
    ),
    DemoUser(
        "hp.admin", "Trần Văn Minh", (Role.ADMINISTRATOR,), "so-noi-vu", "31",
        "administrator of Hải Phòng",
    ),
    DemoUser(
        "hp.leader", "Phạm Văn Hùng", (Role.VIEWER,), "ubnd-tinh", "31",
        "leader, UBND thành phố Hải Phòng (viewer)",
    ),
    DemoUser(
        "hp.yte", "Lê Thị Hoa", (Role.REPORTER,), "so-y-te", "31",
        "reporter, Sở Y tế Hải Phòng",
    ),
    DemoUser(
        "hp.phuthanhdong", "Vũ Thị Mai", (Role.REPORTER,), "ubnd-xa", "10507",
        "reporter, UBND phường Thành Đông (Hải Phòng)",
    ),
    DemoUser(
        "ct.focal", "Đặng Thị Thu", (Role.PLAN_MANAGER, Role.REVIEWER), "so-noi-vu", "92",
        "focal officer, Sở Nội vụ Cần Thơ",
    ),
)
