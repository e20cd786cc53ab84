from django.urls import path

from binhdang.documents import views

app_name = "documents"

urlpatterns = [
    path("plans/<int:pk>.docx", views.PlanDocxView.as_view(), name="plan_docx"),
    path("synthesis/", views.SynthesisListView.as_view(), name="synthesis_list"),
    path("synthesis/new/", views.SynthesisCreateView.as_view(), name="synthesis_create"),
    path(
        "synthesis/templates/",
        views.SynthesisTemplatesView.as_view(),
        name="synthesis_templates",
    ),
    path(
        "synthesis/templates/starter.docx",
        views.SynthesisStarterTemplateView.as_view(),
        name="synthesis_template_starter",
    ),
    path("synthesis/<int:pk>/", views.SynthesisDetailView.as_view(), name="synthesis_detail"),
    path(
        "synthesis/<int:pk>/status/", views.SynthesisStatusView.as_view(), name="synthesis_status"
    ),
    path(
        "synthesis/<int:pk>/regenerate/",
        views.SynthesisRegenerateView.as_view(),
        name="synthesis_regenerate",
    ),
    path(
        "synthesis/<int:pk>/number/", views.SynthesisNumberView.as_view(), name="synthesis_number"
    ),
    path(
        "synthesis/<int:pk>/v<int:number>.<str:fmt>",
        views.SynthesisFileView.as_view(),
        name="synthesis_file",
    ),
]
