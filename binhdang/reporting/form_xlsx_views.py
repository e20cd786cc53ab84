"""Download a report form as a workbook and upload it back (`form_xlsx`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from binhdang.core.text import fold
from binhdang.core.views import ScopedQuerysetMixin
from binhdang.reporting.form_xlsx import (
    MAX_UPLOAD_BYTES,
    XLSX_CONTENT_TYPE,
    can_upload,
    form_upload,
    form_workbook,
)
from binhdang.reporting.models import Submission
from binhdang.reporting.services import EditConflict


def workbook_filename(submission) -> str:
    """bao-cao-<period>-<agency>.xlsx, plain ASCII."""
    agency = slugify(fold(submission.agency.full_name))[:60].strip("-") or "co-quan"
    return f"bao-cao-{slugify(submission.round.period)}-{agency}.xlsx"


def _edit_url(submission) -> str:
    """The online form (the report's page until it has its own; else this page)."""
    for name in ("reporting:submission_edit", "reporting:submission"):
        try:
            return reverse(name, args=[submission.pk])
        except NoReverseMatch:
            continue
    return reverse("reporting:submission_xlsx_upload", args=[submission.pk])


class SubmissionScopeMixin(ScopedQuerysetMixin, SingleObjectMixin):
    """A submission the user may see (else 404)."""

    model = Submission
    context_object_name = "submission"

    def get_queryset(self):
        return super().get_queryset().select_related("round", "round__plan", "agency")


class SubmissionXlsxView(SubmissionScopeMixin, View):
    """The report form as a pre-filled workbook."""

    permission_required = "reporting.view_submission"

    def get(self, request, *args, **kwargs):
        submission = self.get_object()
        response = HttpResponse(form_workbook(submission), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{workbook_filename(submission)}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in workbook (.xlsx)"),
        help_text=gettext_lazy("The workbook downloaded from this page, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
    submit = forms.BooleanField(
        label=gettext_lazy("Send the report to the focal office if the workbook has no errors"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB: this is not a report form.")
                % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class SubmissionXlsxUploadView(SubmissionScopeMixin, FormView):
    """Upload the filled-in workbook: saved as a draft (errors listed) or sent."""

    permission_required = "reporting.change_submission"
    template_name = "reporting/submission_xlsx_upload.html"
    form_class = WorkbookUploadForm

    def get(self, request, *args, **kwargs):
        self.object = self._own_submission()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self._own_submission()
        return super().post(request, *args, **kwargs)

    def _own_submission(self):
        submission = self.get_object()  # out of scope → 404
        if not can_upload(self.request.user, submission):
            raise PermissionDenied
        return submission

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        submission = self.object
        ctx["submission"] = submission
        ctx["download_url"] = reverse("reporting:submission_xlsx", args=[submission.pk])
        ctx["edit_url"] = _edit_url(submission)
        ctx["filename"] = workbook_filename(submission)
        return ctx

    def form_valid(self, form):
        submission = self.object
        data = form.cleaned_data["file"].read()
        try:
            outcome = form_upload(
                submission=submission,
                data=data,
                actor=self.request.user,
                submit=form.cleaned_data["submit"],
            )
        except EditConflict as error:  # StaleWorkbook too
            messages.error(self.request, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        self.object = outcome.result.submission
        wanted_submit = form.cleaned_data["submit"]
        if outcome.submitted and wanted_submit:
            done = _("The report was read from the workbook and sent.")
        elif not outcome.changed:
            done = _("The workbook holds the same answers as the report: nothing changed.")
        else:
            done = _("The workbook was read and the report saved as a draft.")
        if outcome.ok:
            messages.success(self.request, done)
            return HttpResponseRedirect(_edit_url(self.object))
        if wanted_submit and not outcome.submitted:
            messages.warning(
                self.request,
                _(
                    "The report was not sent: correct the errors below. What the workbook "
                    "holds was kept as a draft."
                ),
            )
        else:
            messages.warning(self.request, _("%(done)s Check the points below.") % {"done": done})
        return self.render_to_response(
            self.get_context_data(form=self.form_class(), outcome=outcome)
        )
