"""Thin views: scoped reads through selectors, writes through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from binhdang.agencies import selectors, services
from binhdang.agencies.filters import TAG_LABELS, AgencyFilterSet
from binhdang.agencies.forms import AgencyForm, AliasForm, ResolveForm
from binhdang.agencies.models import Agency, AgencyAlias
from binhdang.agencies.resolver import resolve_agency_phrase, split_agency_list
from binhdang.core.views import HtmxTableMixin, PermissionMixin, ScopedQuerysetMixin


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (fields it names, else on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class AgencyListView(HtmxTableMixin, ScopedQuerysetMixin, ListView):
    model = Agency
    permission_required = "agencies.view_agency"
    template_name = "agencies/agency_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.agency_list(user=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = AgencyFilterSet(self.request.GET, user=self.request.user)
        ctx["tag_labels"] = TAG_LABELS
        return ctx


class AgencyDetailView(ScopedQuerysetMixin, DetailView):
    model = Agency
    permission_required = "agencies.view_agency"
    template_name = "agencies/agency_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "parent", "parent__unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["detail"] = selectors.agency_detail(agency=self.object)
        ctx["tag_labels"] = TAG_LABELS
        return ctx


class AgencyCreateView(PermissionMixin, FormView):
    permission_required = "agencies.add_agency"
    template_name = "agencies/agency_form.html"
    form_class = AgencyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            agency = services.agency_create(
                actor=self.request.user,
                unit=data["unit"],
                kind=data["kind"],
                name=data["name"],
                full_name=data["full_name"],
                abbreviation=data["abbreviation"],
                parent=data["parent"],
                tags=data["tags"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Agency created: %(name)s.") % {"name": agency})
        return HttpResponseRedirect(agency.get_absolute_url())


class AgencyUpdateView(ScopedQuerysetMixin, FormView):
    permission_required = "agencies.change_agency"
    template_name = "agencies/agency_form.html"
    form_class = AgencyForm
    model = Agency

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            self.object = get_object_or_404(
                Agency.objects.visible_to(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["agency"] = self.object
        return kwargs

    def get_initial(self):
        agency = self.object
        return {
            "unit": agency.unit,
            "kind": agency.kind,
            "name": agency.name,
            "full_name": agency.full_name,
            "abbreviation": agency.abbreviation,
            "tags": agency.tags,
            "parent": agency.parent_id,
            "valid_from": agency.valid_from,
            "valid_to": agency.valid_to,
            "note": agency.note,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = ctx["agency"] = self.object
        return ctx

    def form_valid(self, form):
        data = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in form.changed_data and name in services.EDITABLE_FIELDS
        }
        try:
            agency = services.agency_update(agency=self.object, actor=self.request.user, data=data)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(agency.get_absolute_url())


class AliasAddView(ScopedQuerysetMixin, FormView):
    """Add another name to an agency, or (POST `remove`) remove one."""

    permission_required = ("agencies.change_agency", "agencies.add_agencyalias")
    template_name = "agencies/alias_form.html"
    form_class = AliasForm
    model = Agency

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perms(self.permission_required):
            self.object = get_object_or_404(
                Agency.objects.visible_to(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = ctx["agency"] = self.object
        ctx["aliases"] = self.object.aliases.order_by("alias")
        ctx["can_remove"] = self.request.user.has_perm("agencies.delete_agencyalias")
        return ctx

    def post(self, request, *args, **kwargs):
        remove = request.POST.get("remove")
        if remove:
            if not request.user.has_perm("agencies.delete_agencyalias"):
                return self.handle_no_permission()
            alias = get_object_or_404(
                AgencyAlias, pk=remove if remove.isdigit() else 0, agency=self.object
            )
            services.alias_remove(alias=alias, actor=request.user)
            messages.success(request, _("Other name removed: %(alias)s.") % {"alias": alias.alias})
            return HttpResponseRedirect(reverse("agencies:alias_add", args=[self.object.pk]))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            row = services.alias_add(
                agency=self.object,
                alias=form.cleaned_data["alias"],
                kind=form.cleaned_data["kind"],
                actor=self.request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Other name added: %(alias)s.") % {"alias": row.alias})
        return HttpResponseRedirect(reverse("agencies:alias_add", args=[self.object.pk]))


class ResolveView(PermissionMixin, FormView):
    """Paste a phrase, see what it resolves to, with the confidence and the reasoning."""

    permission_required = "agencies.view_agency"
    template_name = "agencies/resolve.html"
    form_class = ResolveForm

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user, "initial": self.get_initial()}
        if self.request.GET.get("phrase"):
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        results = None
        if form.is_bound and form.is_valid():
            results = self._resolve(form.cleaned_data)
        return self.render_to_response(self.get_context_data(form=form, results=results))

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def _resolve(self, data):
        unit, day = data["unit"], data["on_date"]
        phrases = split_agency_list(data["phrase"], unit=unit) or [data["phrase"]]
        results = []
        visible = Agency.objects.visible_to(self.request.user)
        for phrase in phrases:
            result = resolve_agency_phrase(phrase, unit=unit, on_date=day)
            ids = [a.pk for a in result.agencies]
            allowed = set(visible.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
            result.agencies = [a for a in result.agencies if a.pk in allowed]
            results.append(result)
        return results


__all__ = [
    "AgencyCreateView",
    "AgencyDetailView",
    "AgencyListView",
    "AgencyUpdateView",
    "AliasAddView",
    "ResolveView",
]
