from django.urls import path

from binhdang.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.AgencyListView.as_view(), name="agency_list"),
    path("new/", views.AgencyCreateView.as_view(), name="agency_create"),
    path("resolve/", views.ResolveView.as_view(), name="resolve"),
    path("<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("<int:pk>/edit/", views.AgencyUpdateView.as_view(), name="agency_update"),
    path("<int:pk>/aliases/", views.AliasAddView.as_view(), name="alias_add"),
]
