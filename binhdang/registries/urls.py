from django.urls import path

from binhdang.registries.generic_views import registry_urls
from binhdang.registries.views import AWARDS, INSPECTIONS, MODEL_SITES, RegistryIndexView

app_name = "registries"

urlpatterns = [
    path("", RegistryIndexView.as_view(), name="index"),
    *registry_urls(MODEL_SITES, "model-sites"),
    *registry_urls(INSPECTIONS, "inspections"),
    *registry_urls(AWARDS, "awards"),
]
