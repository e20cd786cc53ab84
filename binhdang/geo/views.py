"""Thin views (to be completed)."""

from django.views.generic import DetailView, ListView

from binhdang.geo.models import AdministrativeUnit


class UnitListView(ListView):
    model = AdministrativeUnit


class UnitDetailView(DetailView):
    model = AdministrativeUnit
