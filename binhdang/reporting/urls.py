from django.urls import include, path

from binhdang.reporting import views

app_name = "reporting"

urlpatterns = [
    path("events/", include("binhdang.reporting.event_urls")),
]
