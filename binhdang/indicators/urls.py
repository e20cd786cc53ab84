from django.urls import path

from binhdang.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("units/<int:pk>/", views.UnitProgressView.as_view(), name="unit_progress"),
    path("agencies/<int:pk>/", views.AgencyProgressView.as_view(), name="agency_progress"),
    path("surveys/", views.SurveyResultListView.as_view(), name="survey_list"),
    path("surveys/new/", views.SurveyResultCreateView.as_view(), name="survey_create"),
    path("surveys/<int:pk>/edit/", views.SurveyResultUpdateView.as_view(), name="survey_update"),
]
