"""Village conventions (hương ước, quy ước), mounted at /conventions/."""

from django.urls import path

from binhdang.conventions import views

app_name = "conventions"

urlpatterns = [
    path("", views.ConventionListView.as_view(), name="convention_list"),
    path("new/", views.ConventionCreateView.as_view(), name="convention_create"),
    path("import/", views.ConventionImportView.as_view(), name="convention_import"),
    path("template.xlsx", views.ConventionTemplateView.as_view(), name="convention_template"),
    path("export.xlsx", views.ConventionExportView.as_view(), name="convention_export"),
    path("<int:pk>/", views.ConventionDetailView.as_view(), name="convention_detail"),
    path("<int:pk>/edit/", views.ConventionUpdateView.as_view(), name="convention_update"),
    path("<int:pk>/review/", views.ConventionReviewView.as_view(), name="convention_review"),
    path("<int:pk>/reflag/", views.ConventionReflagView.as_view(), name="convention_reflag"),
    path("clauses/<int:pk>/mark/", views.ClauseMarkView.as_view(), name="clause_mark"),
]
