"""Thin views (to be completed)."""

from django.views.generic import DetailView, ListView

from binhdang.agencies.models import Agency


class AgencyListView(ListView):
    model = Agency


class AgencyDetailView(DetailView):
    model = Agency
