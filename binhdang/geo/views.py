"""Thin views over the geo selectors: the unit list (with htmx search) and a unit's page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView

from binhdang.core.views import HtmxTableMixin, ScopedQuerysetMixin
from binhdang.geo import selectors
from binhdang.geo.filters import UnitFilterSet
from binhdang.geo.models import AdministrativeUnit

PERMISSION = "geo.view_administrativeunit"


class UnitListView(HtmxTableMixin, ScopedQuerysetMixin, ListView):
    """Search and browse units; `?code=` jumps to a unit or explains why it cannot."""

    model = AdministrativeUnit
    permission_required = PERMISSION
    template_name = "geo/unit_list.html"
    paginate_by = 50
    code_error = ""

    def get(self, request, *args, **kwargs):
        code = request.GET.get("code")
        if code is not None and code.strip():
            try:
                unit = selectors.unit_get_by_code(user=request.user, code=code)
            except ValidationError as exc:
                self.code_error = exc.messages[0]
            else:
                return redirect(unit)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.filterset = UnitFilterSet(
            self.request.GET or None,
            queryset=selectors.unit_list(user=self.request.user),
            request=self.request,
            user=self.request.user,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        get = self.request.GET
        ctx["filter"] = self.filterset
        ctx["provinces"] = selectors.province_choices(user=self.request.user)
        ctx["selected"] = {name: get.get(name, "") for name in ("level", "generation", "province")}
        ctx["code"] = get.get("code", "")
        ctx["code_error"] = self.code_error
        return ctx


class UnitDetailView(ScopedQuerysetMixin, DetailView):
    """One unit: facts, breadcrumbs, children and succession both ways."""

    model = AdministrativeUnit
    permission_required = PERMISSION
    template_name = "geo/unit_detail.html"
    context_object_name = "unit"
    children_per_page = 50

    def get_queryset(self):
        return super().get_queryset().select_related("parent__parent", "province")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        detail = selectors.unit_detail(user=self.request.user, unit=self.object)
        ctx["detail"] = detail
        ctx["children_page"] = Paginator(detail.children, self.children_per_page).get_page(
            self.request.GET.get("page")
        )
        return ctx
