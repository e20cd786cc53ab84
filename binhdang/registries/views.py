"""The three registries, declared on the shared machinery (`registry.py`, `generic_views.py`, `xlsx.py`), and the index."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from binhdang.registries import selectors, services
from binhdang.registries.filters import AwardFilterSet, InspectionFilterSet, ModelSiteFilterSet
from binhdang.registries.forms import AwardForm, InspectionForm, ModelSiteForm
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.registries.registry import ListColumn, Registry
from binhdang.registries.workbooks import (
    AWARD_WORKBOOK,
    INSPECTION_WORKBOOK,
    MODEL_SITE_WORKBOOK,
)


def _years(site) -> str:
    if site.end_year == site.start_year:
        return str(site.start_year)
    return f"{site.start_year}–{site.end_year or ''}"


def _members(obj) -> str:
    if obj.members_female is None and obj.members_male is None:
        return ""
    return _("%(women)s women, %(men)s men") % {
        "women": obj.members_female if obj.members_female is not None else "?",
        "men": obj.members_male if obj.members_male is not None else "?",
    }


MODEL_SITES = Registry(
    key="modelsite",
    model=ModelSite,
    title=_("Model sites"),
    subtitle=_(
        "Clubs, trusted addresses, violence-prevention groups… in each commune: maintained, "
        "replicated or new, with their members by sex."
    ),
    add_label=_("Record a model site"),
    empty_text=_("No model site recorded in your area yet."),
    form_class=ModelSiteForm,
    filterset_class=ModelSiteFilterSet,
    list_selector=selectors.model_site_list,
    create=services.model_site_create,
    update=MODEL_SITE_WORKBOOK.update,
    workbook=MODEL_SITE_WORKBOOK,
    list_columns=(
        ListColumn(_("Model site"), lambda o: o.name, muted=lambda o: o.type_label),
        ListColumn(_("Commune or ward"), lambda o: o.unit, muted=lambda o: o.unit.parent or ""),
        ListColumn(_("Mode"), lambda o: o.get_mode_display()),
        ListColumn(_("Years"), _years),
        ListColumn(_("Status"), lambda o: o.get_status_display()),
        ListColumn(_("Members"), _members),
    ),
    detail_fields=(
        "model_type",
        "type_other",
        "name",
        "unit",
        "lead_agency",
        "plan",
        "activity",
        "mode",
        "start_year",
        "end_year",
        "status",
        "members_female",
        "members_male",
        "note",
    ),  # fmt: skip
    file_stem="mo-hinh",
    detail_related=("unit", "lead_agency", "plan", "activity"),
)

INSPECTIONS = Registry(
    key="inspection",
    model=Inspection,
    title=_("Inspections"),
    subtitle=_(
        "Inspections, supervision and audits of the gender-equality work: findings, "
        "violations, recommendations and their follow-up."
    ),
    add_label=_("Record an inspection"),
    empty_text=_("No inspection recorded in your area yet."),
    form_class=InspectionForm,
    filterset_class=InspectionFilterSet,
    list_selector=selectors.inspection_list,
    create=services.inspection_create,
    update=INSPECTION_WORKBOOK.update,
    workbook=INSPECTION_WORKBOOK,
    list_columns=(
        ListColumn(_("Date"), lambda o: o.date.strftime("%d/%m/%Y")),
        ListColumn(_("Kind"), lambda o: o.get_kind_display()),
        ListColumn(
            _("Inspected agency"),
            lambda o: o.inspected_agency.full_name,
            muted=lambda o: o.inspecting_agency.full_name,
        ),
        ListColumn(_("Violations"), lambda o: o.violations_count, numeric=True),
        ListColumn(
            _("Follow-up"),
            lambda o: o.get_follow_up_status_display() or "—",
            muted=lambda o: o.follow_up_due.strftime("%d/%m/%Y") if o.follow_up_due else "",
        ),
    ),
    detail_fields=(
        "kind",
        "date",
        "inspecting_agency",
        "inspected_agency",
        "unit",
        "subject",
        "plan",
        "findings",
        "violations_count",
        "violations",
        "recommendations",
        "follow_up_due",
        "follow_up_status",
        "follow_up_note",
        "document_ref",
    ),  # fmt: skip
    file_stem="kiem-tra",
    detail_related=("unit", "inspecting_agency", "inspected_agency", "plan"),
)

AWARDS = Registry(
    key="award",
    model=Award,
    title=_("Awards"),
    subtitle=_(
        "Collectives and individuals awarded for gender-equality work: at the mid-term "
        "review 2025, the final review 2030 and every year."
    ),
    add_label=_("Record an award"),
    empty_text=_("No award recorded in your area yet."),
    form_class=AwardForm,
    filterset_class=AwardFilterSet,
    list_selector=selectors.award_list,
    create=services.award_create,
    update=AWARD_WORKBOOK.update,
    workbook=AWARD_WORKBOOK,
    list_columns=(
        ListColumn(
            _("Recipient"),
            lambda o: o.recipient_name,
            muted=lambda o: " · ".join(
                str(p) for p in (o.get_recipient_kind_display(), o.get_sex_display()) if p
            ),
        ),
        ListColumn(_("Form of award"), lambda o: o.form_label, muted=lambda o: o.awarding_body),
        ListColumn(
            _("Decision"),
            lambda o: o.decision_number,
            muted=lambda o: o.decision_date.strftime("%d/%m/%Y") if o.decision_date else "",
        ),
        ListColumn(_("Review"), lambda o: o.get_review_display(), muted=lambda o: o.year),
        ListColumn(_("Administrative unit"), lambda o: o.unit),
    ),
    detail_fields=(
        "recipient_kind",
        "recipient_name",
        "recipient_agency",
        "unit",
        "sex",
        "award_form",
        "award_form_other",
        "awarding_body",
        "decision_number",
        "decision_date",
        "review",
        "year",
        "achievement",
    ),  # fmt: skip
    file_stem="khen-thuong",
    detail_related=("unit", "recipient_agency"),
)

REGISTRIES = (MODEL_SITES, INSPECTIONS, AWARDS)


class RegistryIndexView(LoginRequiredMixin, TemplateView):
    """The three registries with their counts; open to anyone who may see one of them."""

    template_name = "registries/index.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not any(user.has_perm(r.view_perm) for r in REGISTRIES):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        year = min(max(year, 2000), 2100)
        ctx["summary"] = selectors.registry_summary(user=self.request.user, year=year)
        ctx["year"] = year
        return ctx
