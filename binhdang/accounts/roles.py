"""Which Django permissions each role carries. Later issues add their apps' permissions here."""

from binhdang.accounts.choices import Role

_VIEW = {
    "geo.view_administrativeunit",
    "agencies.view_agency",
    "plans.view_plan",
    "reporting.view_reportround",
    "reporting.view_submission",
    "reporting.view_commevent",
}
_PLAN = {
    "plans.add_plan",
    "plans.change_plan",
    "reporting.add_reportround",
    "reporting.change_reportround",
}
# Filling in one's own agency's report and logging its events.
_REPORT = {
    "reporting.change_submission",
    "reporting.add_commevent",
    "reporting.change_commevent",
    "reporting.delete_commevent",
}
_REVIEW = {"reporting.review_submission"}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.VIEWER: set(_VIEW),
    Role.REPORTER: _VIEW | _REPORT,
    Role.REVIEWER: _VIEW | _REVIEW,
    Role.PLAN_MANAGER: _VIEW | _PLAN | _REPORT,
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
