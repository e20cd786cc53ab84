"""Writes for users and roles."""

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
