from django.urls import path

from binhdang.core import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
]
