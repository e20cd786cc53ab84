"""Which Django permissions each role carries. Later issues add their apps' permissions here."""

from binhdang.accounts.choices import Role

_VIEW = {
    "geo.view_administrativeunit",
    "agencies.view_agency",
    "plans.view_plan",
    "reporting.view_reportround",
    "reporting.view_submission",
    "reporting.view_commevent",
    "media.view_mediaagency",
    "conventions.view_convention",
    "registries.view_modelsite",
    "registries.view_inspection",
    "registries.view_award",
    "indicators.view_indicator",
    "indicators.view_targetindicator",
    "indicators.view_surveyresult",
    "documents.view_generatedreport",
}
_PLAN = {
    "plans.add_plan",
    "plans.change_plan",
    "reporting.add_reportround",
    "reporting.change_reportround",
    "documents.add_generatedreport",  # synthesis reports (Báo cáo tổng hợp)
    "documents.change_generatedreport",
    "api.import_datavalues",  # figures from DHIS2 files (dataValueSets, ADX) through the API
}
# Filling in one's own agency's report and logging its events.
_REPORT = {
    "reporting.change_submission",
    "reporting.add_commevent",
    "reporting.change_commevent",
    "reporting.delete_commevent",
}
_REVIEW = {"reporting.review_submission"}
# Keeping the registries the targets count (media agencies, conventions, model sites,
# inspections, awards) and the indicators' reference sheets: the focal office's job.
_REGISTRY = {
    "media.add_mediaagency",
    "media.change_mediaagency",
    "media.add_assessment",
    "media.change_assessment",
    "conventions.add_convention",
    "conventions.change_convention",
    "registries.add_modelsite",
    "registries.change_modelsite",
    "registries.add_inspection",
    "registries.change_inspection",
    "registries.add_award",
    "registries.change_award",
    "indicators.add_indicator",
    "indicators.change_indicator",
    "indicators.change_targetindicator",
    "indicators.add_surveyresult",
    "indicators.change_surveyresult",
    "indicators.delete_surveyresult",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.VIEWER: set(_VIEW),
    Role.REPORTER: _VIEW | _REPORT,
    Role.REVIEWER: _VIEW | _REVIEW,
    Role.PLAN_MANAGER: _VIEW | _PLAN | _REPORT | _REGISTRY,
    Role.ADMINISTRATOR: _VIEW
    | _PLAN
    | _REGISTRY
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
