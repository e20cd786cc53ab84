"""Document downloads. Each starts from the objects the user may see (out of scope → 404)."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from binhdang.core.views import PermissionMixin, ScopedQuerysetMixin
from binhdang.documents import conventions, services, synthesis_selectors
from binhdang.documents.builders.plan_docx import (
    DOCX_CONTENT_TYPE,
    build_plan_docx,
    plan_doc_filename,
)
from binhdang.documents.forms import ReportRequestForm, TemplateUploadForm
from binhdang.documents.models import GeneratedReport
from binhdang.documents.selectors import plan_doc_data, plan_document_queryset
from binhdang.plans.models import Plan


def attachment_disposition(filename: str) -> str:
    """`attachment` with a plain ASCII filename and the real one as RFC 5987 filename*."""
    plain = conventions.ascii_filename(filename)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


class PlanDocxView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """The plan as a DOCX in the Decree 30 layout, downloaded as an attachment."""

    model = Plan
    permission_required = "plans.view_plan"

    def get_queryset(self):
        # plan_document_queryset starts from Plan.objects.visible_to(user) and adds the
        # relations the document reads.
        return plan_document_queryset(user=self.request.user)

    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        data = plan_doc_data(plan)
        response = HttpResponse(build_plan_docx(data), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_disposition(plan_doc_filename(data))
        response["X-Content-Type-Options"] = "nosniff"
        return response


# ---- synthesis reports (Báo cáo tổng hợp) ---------------------------------------------------

VIEW_REPORTS = "documents.view_generatedreport"
ADD_REPORTS = "documents.add_generatedreport"
_FILE_TYPES = {
    "docx": ("docx", DOCX_CONTENT_TYPE),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("pdf", "application/pdf"),
}


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class SynthesisListView(PermissionMixin, ListView):
    """The synthesis reports in the user's scope, and the form to ask for a new one."""

    permission_required = VIEW_REPORTS
    template_name = "documents/synthesis_list.html"
    paginate_by = 30

    def get_queryset(self):
        return synthesis_selectors.report_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm(ADD_REPORTS):
            ctx["form"] = kwargs.get("form") or ReportRequestForm(user=user)
        return ctx


class SynthesisCreateView(PermissionMixin, View):
    """POST: ask for a report; its first version is generated in the background."""

    permission_required = ADD_REPORTS

    def post(self, request):
        form = ReportRequestForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_request(
                    actor=request.user,
                    kind=data["kind"],
                    year=data["year"],
                    plan=data["plan"],
                    unit=data["unit"],
                    agency=data["agency"],
                    signer_name=data["signer_name"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            except PermissionDenied:
                form.add_error(None, _("That plan or area is outside what you may report on."))
            else:
                messages.success(request, _("The report is being generated."))
                return redirect("documents:synthesis_detail", pk=report.pk)
        view = SynthesisListView()
        view.setup(request)
        view.object_list = view.get_queryset()
        return render(
            request,
            view.template_name,
            view.get_context_data(form=form, object_list=view.object_list),
            status=400,
        )


class SynthesisDetailView(ScopedQuerysetMixin, DetailView):
    """One report: its versions, the progress of the one being built, what changed."""

    permission_required = VIEW_REPORTS
    model = GeneratedReport
    template_name = "documents/synthesis_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return synthesis_selectors.report_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        versions = list(synthesis_selectors.report_versions(report))
        ctx["versions"] = versions
        ctx["latest"] = versions[0] if versions else None
        chosen = None
        wanted = self.request.GET.get("v", "")
        if wanted.isdigit():
            chosen = next((v for v in versions if v.number == int(wanted)), None)
        chosen = chosen or next((v for v in versions if v.status == "done"), None)
        ctx["chosen"] = chosen
        if chosen is not None:
            ctx["previous"], ctx["changes"] = synthesis_selectors.version_changes(chosen)
        ctx["can_make"] = self.request.user.has_perm(ADD_REPORTS)
        return ctx


class SynthesisStatusView(ScopedQuerysetMixin, DetailView):
    """The progress of the latest version (htmx polls it while the build runs)."""

    permission_required = VIEW_REPORTS
    model = GeneratedReport
    template_name = "documents/synthesis_detail.html#status"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["latest"] = self.object.latest
        return ctx

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        latest = context["latest"]
        if (
            latest is not None
            and not latest.is_pending
            and self.request.GET.get("was") == "pending"
        ):
            # the build finished while the page watched: reload it to show the files and diff
            response["HX-Refresh"] = "true"
        return response


class SynthesisRegenerateView(PermissionMixin, View):
    """POST: a new version from today's data."""

    permission_required = ADD_REPORTS

    def post(self, request, pk):
        report = get_object_or_404(GeneratedReport.objects.visible_to(request.user), pk=pk)
        try:
            services.report_regenerate(report=report, actor=request.user)
            messages.success(request, _("A new version is being generated."))
        except ValidationError as error:
            _errors_to_messages(request, error)
        except PermissionDenied:
            raise
        return redirect("documents:synthesis_detail", pk=report.pk)


class SynthesisNumberView(PermissionMixin, View):
    """POST: give the report the issuer's next number of the year."""

    permission_required = ADD_REPORTS

    def post(self, request, pk):
        report = get_object_or_404(GeneratedReport.objects.visible_to(request.user), pk=pk)
        try:
            report = services.report_issue_number(report=report, actor=request.user)
            messages.success(
                request,
                _("Number %(n)s issued; the report is generated again with it.")
                % {"n": f"{report.number:02d}"},
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        return redirect("documents:synthesis_detail", pk=report.pk)


class SynthesisFileView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """One file of one version (DOCX, XLSX or PDF), as an attachment."""

    permission_required = VIEW_REPORTS
    model = GeneratedReport

    def get(self, request, pk, number, fmt):
        report = self.get_object()
        if fmt not in _FILE_TYPES:
            raise Http404
        version = get_object_or_404(report.versions, number=number, status="done")
        field, content_type = _FILE_TYPES[fmt]
        stored = getattr(version, field)
        if not stored:
            raise Http404
        with stored.open("rb") as handle:
            body = handle.read()
        response = HttpResponse(body, content_type=content_type)
        name = stored.name.rsplit("/", 1)[-1]
        response["Content-Disposition"] = attachment_disposition(name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SynthesisTemplatesView(PermissionMixin, View):
    """The office's own DOCX layouts: the list, the starter to edit, the upload."""

    permission_required = ADD_REPORTS
    template_name = "documents/synthesis_templates.html"

    def _render(self, request, form, status=200):
        templates = synthesis_selectors.template_list(user=request.user)
        return render(
            request, self.template_name, {"form": form, "templates": templates}, status=status
        )

    def get(self, request):
        return self._render(request, TemplateUploadForm())

    def post(self, request):
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.template_upload(
                    actor=request.user,
                    agency=request.user.agency,
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The template is kept: new reports use it."))
                return redirect("documents:synthesis_templates")
        return self._render(request, form, status=400)


class SynthesisStarterTemplateView(PermissionMixin, View):
    """The built-in layout as a docxtpl template, to edit in Word."""

    permission_required = ADD_REPORTS

    def get(self, request):
        from binhdang.documents.builders.office_template import starter_template

        response = HttpResponse(starter_template(), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_disposition("mau-bao-cao-tong-hop.docx")
        return response
