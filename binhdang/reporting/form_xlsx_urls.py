"""The workbook of a report form; included under /reports/submissions/ in "reporting"."""

from django.urls import path

from binhdang.reporting.form_xlsx_views import SubmissionXlsxUploadView, SubmissionXlsxView

urlpatterns = [
    path("<int:pk>/xlsx/", SubmissionXlsxView.as_view(), name="submission_xlsx"),
    path(
        "<int:pk>/xlsx/upload/",
        SubmissionXlsxUploadView.as_view(),
        name="submission_xlsx_upload",
    ),
]
