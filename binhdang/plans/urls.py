from django.urls import path

from binhdang.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("tree/", views.PlanTreeView.as_view(), name="plan_tree"),
    path("mine/", views.MyAssignmentsView.as_view(), name="my_assignments"),
    path("import/", views.ImportStartView.as_view(), name="import_start"),
    path("import/units/", views.UnitChoicesView.as_view(), name="unit_choices"),
    path("import/<int:pk>/", views.ImportReviewView.as_view(), name="import_review"),
    path("import/<int:pk>/abandon/", views.ImportAbandonView.as_view(), name="import_abandon"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/matrix/", views.PlanMatrixView.as_view(), name="plan_matrix"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/derive/", views.PlanDeriveView.as_view(), name="plan_derive"),
    path("<int:pk>/versions/<int:number>/", views.PlanVersionView.as_view(), name="plan_version"),
]
