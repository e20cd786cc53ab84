"""Thin views over the plan selectors and services.

Import (upload → review beside the source → save as plan), the plan list, the plan page
with its versions and assignment matrix, my assignments, the cascade of plans, editing a
plan (a new version) and deriving a lower plan.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from binhdang.core.views import HtmxTableMixin, PermissionMixin, ScopedQuerysetMixin
from binhdang.geo.models import AdministrativeUnit
from binhdang.geo.selectors import province_choices, unit_search
from binhdang.plans import selectors, services
from binhdang.plans.choices import ImportStatus
from binhdang.plans.filters import PlanFilterSet
from binhdang.plans.forms import ImportStartForm, PlanDeriveForm, PlanMetaForm
from binhdang.plans.models import Plan, PlanImport
from binhdang.plans.review import agency_checks, error_summary, fields_to_content, review_rows

VIEW = "plans.view_plan"
ADD = "plans.add_plan"
CHANGE = "plans.change_plan"


def _add_errors(form, error: ValidationError, *, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form (fields it names, else `default_field`)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            target = name if name in form.fields else default_field
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(default_field, message)


def _docx_url(plan: Plan) -> str:
    """The DOCX print of the plan, when the documents app provides one."""
    try:
        return reverse("documents:plan_docx", args=[plan.pk])
    except NoReverseMatch:
        return ""


def _issued(content: dict) -> date | None:
    try:
        return date.fromisoformat(str(content.get("issued_date") or ""))
    except ValueError:
        return None


def unit_options(*, user, selected=None, query: str = "") -> list[tuple[str, list]]:
    """Option groups for the area select: search results, or the user's own unit and
    the provinces of both maps; the selected unit is always among them."""
    groups: list[tuple[str, list]] = []
    if query.strip():
        found = list(unit_search(user=user, query=query)[:40])
        groups.append((_("Search results"), found))
    else:
        own = getattr(getattr(user, "agency", None), "unit", None)
        if own is not None and own.level != "province":
            groups.append((_("Your unit"), [own]))
        provinces = list(province_choices(user=user))
        groups.append((_("Provinces since 1/7/2025"), provinces))
        legacy = list(
            AdministrativeUnit.objects.visible_to(user)
            .filter(generation="legacy", level="province")
            .order_by("name")
        )
        if legacy:
            groups.append((_("Provinces before 1/7/2025"), legacy))
    listed = {u.pk for _label, units in groups for u in units}
    if selected is not None and selected.pk not in listed:
        groups.insert(0, (_("Chosen"), [selected]))
    return groups


# ---------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------


class PlanListView(HtmxTableMixin, ScopedQuerysetMixin, ListView):
    """Plans in scope with filters; the table is an htmx partial."""

    model = Plan
    permission_required = VIEW
    template_name = "plans/plan_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = PlanFilterSet(
            self.request.GET or None,
            queryset=selectors.plan_list(user=self.request.user),
            request=self.request,
            user=self.request.user,
        )
        return self.filterset.qs.order_by(
            F("issued_date").desc(nulls_last=True),
            F("period_start").desc(nulls_last=True),
            "-pk",
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        get = self.request.GET
        ctx["filter"] = self.filterset
        ctx["provinces"] = province_choices(user=self.request.user)
        ctx["selected"] = {name: get.get(name, "") for name in ("province", "kind", "status")}
        ctx["can_add"] = self.request.user.has_perm(ADD)
        return ctx


class PlanTreeView(PermissionMixin, TemplateView):
    """Programme → province plan → district, commune or agency plan → yearly plan."""

    permission_required = VIEW
    template_name = "plans/plan_tree.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["roots"] = selectors.plan_tree(user=self.request.user)
        return ctx


class MyAssignmentsView(PermissionMixin, TemplateView):
    """What the plans ask of the signed-in user's agency."""

    permission_required = VIEW
    template_name = "plans/my_assignments.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["agency"] = user.agency
        ctx["groups"] = selectors.my_assignments(user=user)
        ctx["lineage"] = selectors.agency_lineage(user.agency)[1:] if user.agency else []
        return ctx


# ---------------------------------------------------------------------------------------
# One plan
# ---------------------------------------------------------------------------------------


class PlanDetailView(ScopedQuerysetMixin, DetailView):
    model = Plan
    permission_required = VIEW
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plan_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["page"] = selectors.plan_page(user=user, plan=self.object)
        ctx["can_change"] = user.has_perm(CHANGE)
        ctx["can_add"] = user.has_perm(ADD)
        ctx["docx_url"] = _docx_url(self.object)
        return ctx


class PlanVersionView(ScopedQuerysetMixin, DetailView):
    """The plan's content as it was saved in one version."""

    model = Plan
    permission_required = VIEW
    template_name = "plans/plan_version.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        plan = super().get_object(queryset)
        self.version = get_object_or_404(
            plan.versions.select_related("created_by"), number=self.kwargs["number"]
        )
        return plan

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["version"] = self.version
        ctx["content"] = self.version.content
        ctx["is_current"] = self.version.number == self.object.version
        return ctx


class PlanMatrixView(ScopedQuerysetMixin, DetailView):
    """Agencies × activities: L (lead) / P (partner)."""

    model = Plan
    permission_required = VIEW
    template_name = "plans/plan_matrix.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plan_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["matrix"] = selectors.plan_matrix(plan=self.object)
        ctx["page"] = selectors.plan_page(user=self.request.user, plan=self.object)
        return ctx


# ---------------------------------------------------------------------------------------
# The plan form (review of an import, edit of a plan)
# ---------------------------------------------------------------------------------------


class _PlanFormMixin:
    """Render the shared plan form: the rows of `review.review_rows`, the agency checks
    in the plan's area, the errors beside their fields, the area and kind."""

    request: object

    def form_context(self, *, content, unit, meta_form, errors=None, check_agencies=True):
        checks = (
            agency_checks(content, unit=unit, on_date=_issued(content)) if check_agencies else {}
        )
        rows = review_rows(content, checks=checks, errors=errors or {})
        return {
            "rows": rows,
            "meta_form": meta_form,
            "unit_groups": unit_options(user=self.request.user, selected=unit),
            "selected_unit_id": unit.pk if unit is not None else None,
        }


def _meta_values(meta_form):
    """(unit, kind) from a bound PlanMetaForm; None where the input is not usable."""
    meta_form.is_valid()
    data = getattr(meta_form, "cleaned_data", {})
    unit = data.get("unit") if "unit" not in meta_form.errors else None
    kind = data.get("kind") if "kind" not in meta_form.errors else None
    return unit, kind


class ImportStartView(PermissionMixin, FormView):
    """Upload a plan document or paste its text, and choose the area it covers."""

    permission_required = ADD
    template_name = "plans/import_start.html"
    form_class = ImportStartForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        agency = self.request.user.agency
        return {"unit": agency.unit if agency is not None and agency.unit else None}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        selected = None
        if form.is_bound:
            selected = form.cleaned_data.get("unit") if hasattr(form, "cleaned_data") else None
        else:
            selected = form.initial.get("unit")
        ctx["unit_groups"] = unit_options(user=self.request.user, selected=selected)
        ctx["selected_unit_id"] = selected.pk if selected is not None else None
        ctx["open_imports"] = selectors.plan_imports_open(user=self.request.user)[:10]
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        upload = data.get("file")
        try:
            plan_import = services.plan_import_start(
                actor=self.request.user,
                filename=upload.name if upload else "",
                data=upload if upload else None,
                text=None if upload else data["text"],
                unit=data["unit"],
                kind=data.get("kind") or "",
            )
        except ValidationError as error:
            _add_errors(form, error, default_field="file" if upload else "text")
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("plans:import_review", args=[plan_import.pk]))


class UnitChoicesView(PermissionMixin, TemplateView):
    """htmx: the options of the area select for what was typed in its search field."""

    permission_required = VIEW
    template_name = "plans/includes/unit_options.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.get("unit_q", "")
        ctx["unit_groups"] = unit_options(user=self.request.user, query=query)
        ctx["selected_unit_id"] = None
        return ctx


class ImportReviewView(_PlanFormMixin, ScopedQuerysetMixin, DetailView):
    """The parsed plan beside its source text; every field editable; autosaved."""

    model = PlanImport
    permission_required = ADD
    template_name = "plans/import_review.html"
    context_object_name = "plan_import"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status == ImportStatus.COMMITTED and self.object.plan_id:
            messages.info(request, _("This document has already been saved as a plan."))
            return redirect("plans:plan_detail", pk=self.object.plan_id)
        content = self.object.content
        meta_form = PlanMetaForm(
            user=request.user,
            initial={"unit": self.object.unit, "kind": self.object.kind},
        )
        return self.render_to_response(
            self.get_context_data(
                **self.form_context(content=content, unit=self.object.unit, meta_form=meta_form)
            )
        )

    def post(self, request, *args, **kwargs):
        self.object = plan_import = self.get_object()
        htmx = getattr(request, "htmx", False)
        action = request.POST.get("action") or ("autosave" if htmx else "save")
        if plan_import.status == ImportStatus.COMMITTED and plan_import.plan_id:
            if action == "autosave":
                return TemplateResponse(
                    request,
                    f"{self.template_name}#autosave_status",
                    {"saved_at": None, "already": True, "plan_import": plan_import},
                )
            return redirect("plans:plan_detail", pk=plan_import.plan_id)
        content = fields_to_content(request.POST)
        meta_form = PlanMetaForm(request.POST, user=request.user)
        unit, kind = _meta_values(meta_form)
        services.plan_import_review_save(
            plan_import=plan_import, content=content, unit=unit, kind=kind
        )
        if action == "autosave":
            return TemplateResponse(
                request,
                f"{self.template_name}#autosave_status",
                {"saved_at": timezone.localtime(), "plan_import": plan_import},
            )
        if action != "commit":
            messages.success(request, _("Draft saved. Agency names were checked again."))
            return redirect("plans:import_review", pk=plan_import.pk)
        errors: dict[str, list[str]] = {}
        if meta_form.errors:
            errors.update({k: [str(m) for m in v] for k, v in meta_form.errors.items()})
        else:
            try:
                plan = services.plan_import_commit(
                    plan_import_id=plan_import.pk, actor=request.user, unit=unit, kind=kind
                )
            except ValidationError as error:
                errors.update(
                    error.message_dict
                    if hasattr(error, "error_dict")
                    else {NON_FIELD_ERRORS: error.messages}
                )
            else:
                messages.success(
                    request,
                    _("Saved as a plan: %(plan)s. The import is finished.") % {"plan": plan},
                )
                return redirect(plan)
        for name in ("unit", "kind"):
            if name in errors and name not in meta_form.errors:
                for message in errors[name]:
                    meta_form.add_error(name, message)
        ctx = self.get_context_data(
            **self.form_context(
                content=content, unit=unit or plan_import.unit, meta_form=meta_form, errors=errors
            )
        )
        ctx["commit_failed"] = True
        ctx["error_summary"] = error_summary(errors)
        return self.render_to_response(ctx)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["source_text"] = self.object.source_text
        ctx["source_name"] = self.object.filename
        return ctx


class ImportAbandonView(ScopedQuerysetMixin, DetailView):
    """GET: ask; POST: delete the import. No plan is touched."""

    model = PlanImport
    permission_required = ADD
    template_name = "plans/import_abandon.html"
    context_object_name = "plan_import"

    def post(self, request, *args, **kwargs):
        plan_import = self.get_object()
        if plan_import.status == ImportStatus.COMMITTED and plan_import.plan_id:
            messages.info(request, _("This document has already been saved as a plan."))
            return redirect("plans:plan_detail", pk=plan_import.plan_id)
        services.plan_import_abandon(plan_import=plan_import, actor=request.user)
        messages.success(request, _("Import abandoned. Nothing was saved."))
        return redirect("plans:import_start")


class PlanEditView(_PlanFormMixin, ScopedQuerysetMixin, DetailView):
    """The review form, prefilled from the plan; saving makes a new version."""

    model = Plan
    permission_required = CHANGE
    template_name = "plans/plan_edit.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plan_detail_queryset(user=self.request.user)

    def get(self, request, *args, **kwargs):
        self.object = plan = self.get_object()
        meta_form = PlanMetaForm(user=request.user, initial={"unit": plan.unit, "kind": plan.kind})
        ctx = self.form_context(
            content=selectors.plan_content(plan), unit=plan.unit, meta_form=meta_form
        )
        return self.render_to_response(self.get_context_data(**ctx))

    def post(self, request, *args, **kwargs):
        self.object = plan = self.get_object()
        content = fields_to_content(request.POST)
        meta_form = PlanMetaForm(request.POST, user=request.user)
        unit, kind = _meta_values(meta_form)
        note = request.POST.get("note", "").strip()
        errors: dict[str, list[str]] = {}
        if meta_form.errors:
            errors.update({k: [str(m) for m in v] for k, v in meta_form.errors.items()})
        else:
            try:
                plan = services.plan_update_content(
                    plan_id=plan.pk,
                    content=content,
                    actor=request.user,
                    note=note,
                    unit=unit,
                    kind=kind or None,
                )
            except ValidationError as error:
                errors.update(
                    error.message_dict
                    if hasattr(error, "error_dict")
                    else {NON_FIELD_ERRORS: error.messages}
                )
            else:
                messages.success(
                    request, _("Changes saved as version %(n)d.") % {"n": plan.version}
                )
                return redirect(plan)
        for name in ("unit", "kind"):
            if name in errors and name not in meta_form.errors:
                for message in errors[name]:
                    meta_form.add_error(name, message)
        ctx = self.get_context_data(
            **self.form_context(
                content=content, unit=unit or plan.unit, meta_form=meta_form, errors=errors
            )
        )
        ctx["note"] = note
        ctx["save_failed"] = True
        ctx["error_summary"] = error_summary(errors)
        return self.render_to_response(ctx)


class PlanDeriveView(ScopedQuerysetMixin, DetailView):
    """Make a draft of a lower plan from this one, then edit it."""

    model = Plan
    permission_required = ADD
    template_name = "plans/plan_derive.html"
    context_object_name = "plan"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "unit__province")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", PlanDeriveForm(user=self.request.user, plan=self.object))
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = plan = self.get_object()
        form = PlanDeriveForm(request.POST, user=request.user, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            year = data.get("year")
            try:
                derived = services.plan_derive(
                    source_plan_id=plan.pk,
                    actor=request.user,
                    unit=data.get("unit") or plan.unit,
                    period=(year, year) if year else None,
                    agency=data.get("agency"),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Draft plan made from %(plan)s. Check it and save it.") % {"plan": plan},
                )
                return redirect("plans:plan_edit", pk=derived.pk)
        return self.render_to_response(self.get_context_data(form=form))


__all__ = [
    "ImportAbandonView",
    "ImportReviewView",
    "ImportStartView",
    "MyAssignmentsView",
    "PlanDeriveView",
    "PlanDetailView",
    "PlanEditView",
    "PlanListView",
    "PlanMatrixView",
    "PlanTreeView",
    "PlanVersionView",
    "UnitChoicesView",
]
