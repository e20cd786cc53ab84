from django.urls import path

from binhdang.documents import views

app_name = "documents"

urlpatterns = [
    path("plans/<int:pk>.docx", views.PlanDocxView.as_view(), name="plan_docx"),
]
