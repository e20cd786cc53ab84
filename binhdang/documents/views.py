"""Document downloads. Each starts from the objects the user may see (out of scope → 404)."""

from urllib.parse import quote

from django.http import HttpResponse
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from binhdang.core.views import ScopedQuerysetMixin
from binhdang.documents import conventions
from binhdang.documents.builders.plan_docx import (
    DOCX_CONTENT_TYPE,
    build_plan_docx,
    plan_doc_filename,
)
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
