from django.urls import include, path

from binhdang.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", views.RoundOpenView.as_view(), name="round_open"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/figures/", views.RoundFiguresView.as_view(), name="round_figures"),
    path(
        "rounds/<int:pk>/<str:action>/",
        views.RoundActionView.as_view(),
        name="round_action",
    ),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("mine/", views.MyReportsView.as_view(), name="my_reports"),
    path("submissions/<int:pk>/", views.SubmissionView.as_view(), name="submission"),
    path(
        "submissions/<int:pk>/review/",
        views.SubmissionReviewView.as_view(),
        name="submission_review",
    ),
    path(
        "submissions/<int:pk>/evidence/",
        views.EvidenceUploadView.as_view(),
        name="evidence_upload",
    ),
    path("submissions/", include("binhdang.reporting.form_xlsx_urls")),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("events/", include("binhdang.reporting.event_urls")),
]
