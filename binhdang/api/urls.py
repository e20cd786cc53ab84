from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from binhdang.api import pages, views

app_name = "api"

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("plan-imports", views.PlanImportViewSet, basename="plan-import")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("submissions", views.SubmissionViewSet, basename="submission")
router.register("events", views.EventViewSet, basename="event")
router.register("data-elements", views.DataElementViewSet, basename="data-element")
router.register("data-values", views.DataValueViewSet, basename="data-value")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("targets", views.TargetViewSet, basename="target")
router.register("media-agencies", views.MediaAgencyViewSet, basename="media-agency")
router.register("conventions", views.ConventionViewSet, basename="convention")
router.register("model-sites", views.ModelSiteViewSet, basename="model-site")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("awards", views.AwardViewSet, basename="award")
router.register("tokens", views.TokenViewSet, basename="token")
router.register("dhis2/mappings", views.MappingViewSet, basename="mapping")

urlpatterns = [
    path("tokens/", pages.TokenPageView.as_view(), name="tokens"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("v1/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/dhis2/dataValueSets", views.DataValueSetsView.as_view(), name="datavaluesets"),
    # DHIS2's own spelling: /api/dataValueSets.csv, .json, .adx (ADX XML), .xlsx (import).
    re_path(
        r"^v1/dhis2/dataValueSets\.(?P<ext>json|csv|adx|xlsx)$",
        views.DataValueSetsView.as_view(),
        name="datavaluesets_ext",
    ),
    path("v1/", include(router.urls)),
]
