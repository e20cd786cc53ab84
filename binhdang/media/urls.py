"""Media agencies and the gender indicator set in media, under /media-agencies/."""

from django.urls import path

from binhdang.media import views

app_name = "media"

urlpatterns = [
    path("", views.MediaAgencyListView.as_view(), name="agency_list"),
    path("new/", views.MediaAgencyCreateView.as_view(), name="agency_create"),
    path("import/", views.MediaImportView.as_view(), name="agency_import"),
    path("template.xlsx", views.MediaTemplateView.as_view(), name="agency_template"),
    path("export.xlsx", views.MediaExportView.as_view(), name="agency_export"),
    path("<int:pk>/", views.MediaAgencyDetailView.as_view(), name="agency_detail"),
    path("<int:pk>/edit/", views.MediaAgencyUpdateView.as_view(), name="agency_update"),
    path("<int:pk>/status/", views.AdoptionSetView.as_view(), name="adoption_set"),
    path(
        "<int:pk>/assessments/new/",
        views.AssessmentCreateView.as_view(),
        name="assessment_create",
    ),
    path(
        "assessments/<int:pk>/edit/",
        views.AssessmentUpdateView.as_view(),
        name="assessment_update",
    ),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
]
