"""Which Django permissions each role carries. Later issues add their apps' permissions here."""

from binhdang.accounts.choices import Role

_VIEW = {
    "geo.view_administrativeunit",
    "agencies.view_agency",
    "plans.view_plan",
}
_PLAN = {
    "plans.add_plan",
    "plans.change_plan",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.VIEWER: set(_VIEW),
    Role.REPORTER: set(_VIEW),
    Role.REVIEWER: set(_VIEW),
    Role.PLAN_MANAGER: _VIEW | _PLAN,
    Role.ADMINISTRATOR: _VIEW
    | _PLAN
    | {
        "agencies.add_agency",
        "agencies.change_agency",
        "agencies.add_agencyalias",
        "agencies.delete_agencyalias",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "core.view_auditentry",
    },
}
