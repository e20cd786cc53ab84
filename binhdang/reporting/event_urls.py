"""Communication events: list, record, edit, delete, import, template, export.

Included by `reporting/urls.py` under /reports/events/ in the "reporting" namespace.
"""

from django.urls import path

from binhdang.reporting import event_views as views

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("new/", views.EventCreateView.as_view(), name="event_create"),
    path("import/", views.EventImportView.as_view(), name="event_import"),
    # Two fixed paths (no converter): {% url "reporting:event_template" fmt="csv" %}.
    path(
        "template.xlsx", views.EventTemplateView.as_view(), {"fmt": "xlsx"}, name="event_template"
    ),
    path("template.csv", views.EventTemplateView.as_view(), {"fmt": "csv"}, name="event_template"),
    path("export.xlsx", views.EventExportView.as_view(), name="event_export"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="event_update"),
    path("<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
]
