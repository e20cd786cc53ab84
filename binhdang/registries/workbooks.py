"""The workbook of each registry: its columns and services (the rest is `xlsx.py`)."""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.geo.choices import UnitLevel
from binhdang.registries import services
from binhdang.registries.choices import (
    VI_NAMES,
    AwardForm,
    FollowUpStatus,
    InspectionKind,
    ModelType,
    RecipientKind,
    Review,
    Sex,
    SiteMode,
    SiteStatus,
)
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.registries.xlsx import (
    ACTIVITY,
    AGENCY,
    CHOICE,
    DATE,
    INT,
    PLAN,
    TEXT,
    UNIT,
    YEAR,
    Column,
    WorkbookSpec,
)

AGENCY_HINT = _("The agency's number (as in the export) or its full name.")
PLAN_HINT = _("The plan's number (as in the export) or its document number, e.g. 262/KH-SLĐTBXH.")


def _with_aliases(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The choice columns also read the Vietnamese words of `choices.VI_NAMES`."""
    return tuple(
        dataclasses.replace(c, aliases=VI_NAMES.get(c.choices, {})) if c.kind == CHOICE else c
        for c in columns
    )


MODEL_SITE_COLUMNS = (
    Column("model_type", pgettext_lazy("registry column", "Type of model"), "Loại mô hình",
           CHOICE, True, ModelType, 30, _("Choose from the list (sheet “Code lists”).")),
    Column("type_other", pgettext_lazy("registry column", "Other type"), "Loại khác", TEXT,
           width=28, hint=_("Required when the type is “Other model”.")),
    Column("name", pgettext_lazy("registry column", "Name of the model"), "Tên mô hình", TEXT,
           True, width=45, hint=_("E.g. “Câu lạc bộ Nữ công nhân nhà trọ”.")),
    Column("unit", pgettext_lazy("registry column", "Commune or ward"), "Xã, phường", UNIT,
           True, width=30, unit_level=UnitLevel.COMMUNE,
           hint=_("Code (31147) or “code - name”; before 1/7/2025: L92/916/31135.")),
    Column("lead_agency", pgettext_lazy("registry column", "Lead agency"), "Cơ quan chủ trì",
           AGENCY, width=36, hint=AGENCY_HINT),
    Column("plan", pgettext_lazy("registry column", "Plan"), "Kế hoạch", PLAN, width=30,
           hint=PLAN_HINT),
    Column("activity", pgettext_lazy("registry column", "Plan activity"),
           "Hoạt động theo kế hoạch", ACTIVITY, width=30,
           hint=_("The number of the plan activity (as in the export).")),
    Column("mode", pgettext_lazy("registry column", "Mode"), "Hình thức", CHOICE, True,
           SiteMode, 14, _("Maintained, replicated or new.")),
    Column("start_year", pgettext_lazy("registry column", "Start year"), "Năm bắt đầu", YEAR,
           True, width=10),
    Column("end_year", pgettext_lazy("registry column", "End year"), "Năm kết thúc", YEAR,
           width=10, hint=_("Empty while it runs.")),
    Column("status", pgettext_lazy("registry column", "Status"), "Tình trạng", CHOICE, True,
           SiteStatus, 14),
    Column("members_female", pgettext_lazy("registry column", "Women members"),
           "Thành viên nữ", INT, width=10),
    Column("members_male", pgettext_lazy("registry column", "Men members"), "Thành viên nam",
           INT, width=10),
    Column("note", pgettext_lazy("registry column", "Note"), "Ghi chú", TEXT, width=30),
)  # fmt: skip

INSPECTION_COLUMNS = (
    Column("kind", pgettext_lazy("registry column", "Kind"), "Hình thức", CHOICE, True,
           InspectionKind, 16, _("Inspection, supervision or audit.")),
    Column("date", pgettext_lazy("registry column", "Date"), "Ngày", DATE, True, width=12,
           hint=_("dd/mm/yyyy or a date cell.")),
    Column("inspecting_agency", pgettext_lazy("registry column", "Inspecting agency"),
           "Cơ quan kiểm tra", AGENCY, True, width=36, hint=AGENCY_HINT),
    Column("inspected_agency", pgettext_lazy("registry column", "Inspected agency"),
           "Cơ quan được kiểm tra", AGENCY, True, width=36, hint=AGENCY_HINT),
    Column("subject", pgettext_lazy("registry column", "Scope and subject"), "Nội dung",
           TEXT, True, width=40),
    Column("plan", pgettext_lazy("registry column", "Plan"), "Kế hoạch", PLAN, width=30,
           hint=PLAN_HINT),
    Column("findings", pgettext_lazy("registry column", "Findings"), "Kết quả", TEXT,
           width=40),
    Column("violations_count", pgettext_lazy("registry column", "Violations"), "Số vi phạm",
           INT, width=10, hint=_("How many violations were found; empty: none.")),
    Column("violations", pgettext_lazy("registry column", "Violations found"),
           "Nội dung vi phạm", TEXT, width=40),
    Column("recommendations", pgettext_lazy("registry column", "Recommendations"), "Kiến nghị",
           TEXT, width=40),
    Column("follow_up_due", pgettext_lazy("registry column", "Follow-up due"),
           "Hạn khắc phục", DATE, width=12),
    Column("follow_up_status", pgettext_lazy("registry column", "Follow-up status"),
           "Tình trạng khắc phục", CHOICE, False, FollowUpStatus, 16,
           _("Required when there are recommendations or violations.")),
    Column("follow_up_note", pgettext_lazy("registry column", "Follow-up note"),
           "Ghi chú khắc phục", TEXT, width=30),
    Column("document_ref", pgettext_lazy("registry column", "Document reference"),
           "Số văn bản", TEXT, width=18),
)  # fmt: skip

AWARD_COLUMNS = (
    Column("recipient_kind", pgettext_lazy("registry column", "Recipient"), "Đối tượng",
           CHOICE, True, RecipientKind, 14, _("Collective or individual.")),
    Column("recipient_name", pgettext_lazy("registry column", "Recipient's name"),
           "Tên tập thể, cá nhân", TEXT, True, width=36),
    Column("recipient_agency", pgettext_lazy("registry column", "Recipient's agency"),
           "Cơ quan, đơn vị", AGENCY, width=36, hint=AGENCY_HINT),
    Column("unit", pgettext_lazy("registry column", "Administrative unit"), "Địa bàn", UNIT,
           width=28, hint=_("Empty: the unit of the recipient's agency.")),
    Column("sex", pgettext_lazy("registry column", "Sex"), "Giới tính", CHOICE, False, Sex, 10,
           _("For individuals: female or male.")),
    Column("award_form", pgettext_lazy("registry column", "Form of award"), "Hình thức khen",
           CHOICE, True, AwardForm, 24),
    Column("award_form_other", pgettext_lazy("registry column", "Other form"),
           "Hình thức khác", TEXT, width=20),
    Column("awarding_body", pgettext_lazy("registry column", "Awarded by"),
           "Cấp khen thưởng", TEXT, width=30),
    Column("decision_number", pgettext_lazy("registry column", "Decision number"),
           "Số quyết định", TEXT, width=18),
    Column("decision_date", pgettext_lazy("registry column", "Decision date"),
           "Ngày quyết định", DATE, width=12),
    Column("review", pgettext_lazy("registry column", "Review"), "Đợt khen thưởng", CHOICE,
           True, Review, 22, _("Mid-term review 2025, final review 2030, annual or other.")),
    Column("year", pgettext_lazy("registry column", "Year"), "Năm", YEAR, width=8,
           hint=_("Empty: 2025 for the mid-term review, 2030 for the final.")),
    Column("achievement", pgettext_lazy("registry column", "Achievement"), "Thành tích", TEXT,
           width=40),
)  # fmt: skip


def _visible(model):
    def queryset(actor):
        return model.objects.all() if actor is None else model.objects.visible_to(actor)

    return queryset


def _update(service, arg: str):
    def update(*, actor, obj, **fields):
        return service(actor=actor, **{arg: obj}, **fields)

    return update


MODEL_SITE_WORKBOOK = WorkbookSpec(
    sheet=_("Model sites"),
    sheet_vi="Mô hình",
    columns=_with_aliases(MODEL_SITE_COLUMNS),
    queryset=_visible(ModelSite),
    create=services.model_site_create,
    update=_update(services.model_site_update, "site"),
    imported_action="registries.modelsites.imported",
    title=_("Model sites: how to fill in the workbook"),
)
INSPECTION_WORKBOOK = WorkbookSpec(
    sheet=_("Inspections"),
    sheet_vi="Kiểm tra, giám sát, thanh tra",
    columns=_with_aliases(INSPECTION_COLUMNS),
    queryset=_visible(Inspection),
    create=services.inspection_create,
    update=_update(services.inspection_update, "inspection"),
    imported_action="registries.inspections.imported",
    title=_("Inspections: how to fill in the workbook"),
)
AWARD_WORKBOOK = WorkbookSpec(
    sheet=_("Awards"),
    sheet_vi="Khen thưởng",
    columns=_with_aliases(AWARD_COLUMNS),
    queryset=_visible(Award),
    create=services.award_create,
    update=_update(services.award_update, "award"),
    imported_action="registries.awards.imported",
    title=_("Awards: how to fill in the workbook"),
)
