from django.urls import include, path

app_name = "reporting"

urlpatterns = [
    path("events/", include("binhdang.reporting.event_urls")),
]
