"""Media registry pages: the list with its counts, an agency's page, add / edit an agency,
record a year's status, record / edit a self-assessment, evidence downloads, the workbook
(template, import, export)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from binhdang.core.views import HtmxTableMixin, PermissionMixin, ScopedQuerysetMixin
from binhdang.media import rules, selectors, services, workbook
from binhdang.media.forms import (
    AdoptionForm,
    AssessmentForm,
    MediaAgencyForm,
    MediaFilterForm,
    MediaImportForm,
    initial_of_agency,
    initial_of_assessment,
)
from binhdang.media.models import Adoption, Assessment, MediaAgency

VIEW = "media.view_mediaagency"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (fields it names, else on top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _rules_context() -> dict:
    limits = rules.thresholds()
    return {"rules": limits, "all_areas": rules.ALL_AREAS}


class MediaAgencyListView(HtmxTableMixin, ScopedQuerysetMixin, ListView):
    """Media agencies in scope with their status in a year and the counts line."""

    model = MediaAgency
    permission_required = VIEW
    template_name = "media/agency_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.media_list(user=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        year = selectors.list_year(self.request.GET)
        ctx["year"] = year
        ctx["filter_form"] = MediaFilterForm(self.request.GET or None, user=user, year=year)
        ctx["filtered"] = any(self.request.GET.get(n) for n in selectors.FILTERS)
        ctx["counts"] = selectors.media_list_counts(user=user, filters=self.request.GET)
        ctx["can_add"] = user.has_perm(services.ADD_AGENCY)
        ctx["query"] = self.request.GET.urlencode()
        ctx.update(_rules_context())
        return ctx


class MediaAgencyDetailView(ScopedQuerysetMixin, DetailView):
    """One agency: its facts, the status year by year, the self-assessments."""

    model = MediaAgency
    permission_required = VIEW
    template_name = "media/agency_detail.html"
    context_object_name = "media"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "unit__province", "agency")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        media = self.object
        history = selectors.media_agency_history(media_agency=media)
        ctx["history"] = history
        ctx["assessments"] = [a for row in history for a in row.assessments]
        in_area = services.actor_area(user).contains_unit(media.unit)
        ctx["can_change"] = in_area and user.has_perm(services.CHANGE_AGENCY)
        ctx["can_assess"] = in_area and user.has_perm(services.ADD_ASSESSMENT)
        ctx["can_change_assessment"] = in_area and user.has_perm(services.CHANGE_ASSESSMENT)
        ctx.update(_rules_context())
        return ctx


class _MediaObjectMixin(ScopedQuerysetMixin):
    """A write page of one media agency: in scope (else 404), in the user's own area
    (else 403, checked by the service and before the form is shown)."""

    model = MediaAgency

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.has_perm(self.permission_required):
            self.object = get_object_or_404(
                MediaAgency.objects.visible_to(user).select_related("unit"), pk=kwargs["pk"]
            )
            services.ensure_can(user, self.permission_required, self.object.unit)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["media"] = self.object
        return ctx


class MediaAgencyCreateView(PermissionMixin, FormView):
    permission_required = services.ADD_AGENCY
    template_name = "media/agency_form.html"
    form_class = MediaAgencyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        try:
            media = services.media_agency_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Media agency added: %(name)s.") % {"name": media})
        return HttpResponseRedirect(media.get_absolute_url())


class MediaAgencyUpdateView(_MediaObjectMixin, FormView):
    permission_required = services.CHANGE_AGENCY
    template_name = "media/agency_form.html"
    form_class = MediaAgencyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["media_agency"] = self.object
        return kwargs

    def get_initial(self):
        return initial_of_agency(self.object)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            media = services.media_agency_update(
                actor=self.request.user, media_agency=self.object, data=data
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(media.get_absolute_url())


class AdoptionSetView(_MediaObjectMixin, FormView):
    """Record the status of one year (?year=2025), or clear it to derive it again."""

    permission_required = services.CHANGE_AGENCY
    template_name = "media/adoption_form.html"
    form_class = AdoptionForm

    def _year(self) -> int:
        raw = self.request.POST.get("year") or self.request.GET.get("year") or ""
        return int(raw) if raw.isdigit() else timezone.localdate().year

    def get_initial(self):
        year = self._year()
        row = Adoption.objects.filter(media_agency=self.object, year=year).first()
        if row is None:
            return {"year": year}
        return {
            "year": year,
            "status": row.status,
            "decided_on": row.decided_on,
            "decision_ref": row.decision_ref,
            "note": row.note,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["history"] = selectors.media_agency_history(media_agency=self.object)
        ctx.update(_rules_context())
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            row = services.adoption_set(
                actor=self.request.user,
                media_agency=self.object,
                year=data["year"],
                status=data["status"] or None,
                decided_on=data["decided_on"],
                decision_ref=data["decision_ref"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        if row is None:
            text = _("%(year)d: no status recorded; it is derived from the self-assessments.")
        else:
            text = _("%(year)d: status saved.")
        messages.success(self.request, text % {"year": data["year"]})
        return HttpResponseRedirect(self.object.get_absolute_url())


class AssessmentCreateView(_MediaObjectMixin, FormView):
    permission_required = services.ADD_ASSESSMENT
    template_name = "media/assessment_form.html"
    form_class = AssessmentForm

    def get_initial(self):
        return {"year": timezone.localdate().year, "assessed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(_rules_context())
        return ctx

    def form_valid(self, form):
        try:
            services.assessment_create(
                actor=self.request.user,
                media_agency=self.object,
                files=form.cleaned_data.get("evidence") or [],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Self-assessment saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class AssessmentUpdateView(ScopedQuerysetMixin, FormView):
    permission_required = services.CHANGE_ASSESSMENT
    template_name = "media/assessment_form.html"
    form_class = AssessmentForm
    model = Assessment

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.has_perm(self.permission_required):
            self.assessment = get_object_or_404(
                Assessment.objects.visible_to(user).select_related("media_agency__unit"),
                pk=kwargs["pk"],
            )
            self.object = self.assessment.media_agency
            services.ensure_can(user, self.permission_required, self.object.unit)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["assessment"] = self.assessment
        return kwargs

    def get_initial(self):
        return initial_of_assessment(self.assessment)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["media"] = self.object
        ctx["assessment"] = self.assessment
        ctx.update(_rules_context())
        return ctx

    def form_valid(self, form):
        try:
            services.assessment_update(
                actor=self.request.user,
                assessment=self.assessment,
                files=form.cleaned_data.get("evidence") or [],
                remove_files=list(form.cleaned_data.get("remove_files") or []),
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Self-assessment saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class EvidenceDownloadView(PermissionMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        evidence = selectors.evidence_for(user=request.user, pk=pk)
        if evidence is None:
            raise Http404
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


class MediaTemplateView(PermissionMixin, View):
    permission_required = services.ADD_AGENCY

    def get(self, request):
        response = HttpResponse(workbook.media_template_xlsx(actor=request.user), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-co-quan-truyen-thong.xlsx"'
        return response


class MediaImportView(PermissionMixin, FormView):
    """Upload a filled-in template: saved whole, or the errors of every row and nothing saved."""

    permission_required = services.ADD_AGENCY
    template_name = "media/agency_import.html"
    form_class = MediaImportForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["max_errors"] = workbook.MAX_ERRORS_SHOWN
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = workbook.media_import(actor=self.request.user, data=upload.read())
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, result=result, file_name=upload.name)
            )
        messages.success(
            self.request,
            ngettext(
                "%(count)d media agency imported from %(file)s.",
                "%(count)d media agencies imported from %(file)s.",
                result.created,
            )
            % {"count": result.created, "file": upload.name},
        )
        return HttpResponseRedirect(reverse("media:agency_list"))


class MediaExportView(PermissionMixin, View):
    """The filtered list as a workbook, with each agency's status in the list's year."""

    permission_required = VIEW

    def get(self, request):
        agencies = selectors.media_list(user=request.user, filters=request.GET)
        year = selectors.list_year(request.GET)
        response = HttpResponse(
            workbook.media_list_xlsx(agencies=agencies, year=year), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="co-quan-truyen-thong-{year}.xlsx"'
        return response


__all__ = [
    "AdoptionSetView",
    "AssessmentCreateView",
    "AssessmentUpdateView",
    "EvidenceDownloadView",
    "MediaAgencyCreateView",
    "MediaAgencyDetailView",
    "MediaAgencyListView",
    "MediaAgencyUpdateView",
    "MediaExportView",
    "MediaImportView",
    "MediaTemplateView",
]
