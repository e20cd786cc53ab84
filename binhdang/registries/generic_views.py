"""The views every registry shares (list, detail, create, edit, import, export, template)
and its URL patterns, built from its declaration (`registry.Registry`).

All on the project's mixins: out of the user's scope → 404, without the permission → 403,
anonymous → the login page; reads through the registry's selector, writes only through
its services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from binhdang.core.views import HtmxTableMixin, PermissionMixin, ScopedQuerysetMixin
from binhdang.registries import selectors, services
from binhdang.registries.forms import ImportForm
from binhdang.registries.registry import Registry
from binhdang.registries.xlsx import MAX_ERRORS_SHOWN, XLSX, export_xlsx, import_xlsx

EXPORT_MAX_ROWS = 50_000


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (fields it names, else on top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class RegistryMixin:
    """A view of one registry (`registry` is given in `as_view`)."""

    registry: Registry = None  # type: ignore[assignment]
    page = ""

    def get_permission_required(self):
        return (getattr(self.registry, f"{self.page}_perm"),)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        user = self.request.user  # type: ignore[attr-defined]
        ctx["registry"] = self.registry
        ctx["urls"] = {
            page: reverse(self.registry.url_name(page))
            for page in ("list", "create", "import", "export", "template")
        }
        ctx["can_add"] = user.has_perm(self.registry.add_perm)
        ctx["can_change"] = user.has_perm(self.registry.change_perm)
        return ctx


class RegistryListView(RegistryMixin, HtmxTableMixin, ScopedQuerysetMixin, ListView):
    """The records in scope with the registry's filters; the table is an htmx partial."""

    page = "view"
    template_name = "registries/registry_list.html"
    paginate_by = 50

    def get_queryset(self):
        return self.registry.list_selector(user=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.registry.filterset_class(self.request.GET, user=self.request.user)
        ctx["filtered"] = any(v for k, v in self.request.GET.items() if k != "page")
        ctx["rows"] = [(obj, self.registry.row(obj)) for obj in ctx["object_list"]]
        ctx["headers"] = self.registry.list_columns
        ctx["query"] = self.request.GET.urlencode()
        return ctx


class RegistryDetailView(RegistryMixin, ScopedQuerysetMixin, DetailView):
    page = "view"
    template_name = "registries/registry_detail.html"

    def get_queryset(self):
        qs = self.registry.model._default_manager.visible_to(self.request.user)  # type: ignore[attr-defined]
        return qs.select_related(*self.registry.detail_related)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["rows"] = self.registry.detail_rows(obj)
        ctx["history"] = selectors.record_history(obj=obj)
        ctx["can_edit"] = services.can_write(self.request.user, self.registry.change_perm, obj)
        ctx["edit_url"] = reverse(self.registry.url_name("update"), args=[obj.pk])
        return ctx


class _RegistryFormMixin(RegistryMixin):
    template_name = "registries/registry_form.html"

    def get_form_class(self):
        return self.registry.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user  # type: ignore[attr-defined]
        kwargs["instance"] = getattr(self, "object", None)
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = getattr(self, "object", None)
        return ctx

    def fields_of(self, form) -> dict[str, Any]:
        return {name: form.cleaned_data[name] for name in form.Meta.fields}


class RegistryCreateView(_RegistryFormMixin, PermissionMixin, FormView):
    page = "add"

    def form_valid(self, form):
        try:
            obj = self.registry.create(actor=self.request.user, **self.fields_of(form))
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": obj})
        if "another" in self.request.POST:
            return HttpResponseRedirect(reverse(self.registry.url_name("create")))
        return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]


class RegistryUpdateView(_RegistryFormMixin, ScopedQuerysetMixin, FormView):
    """Edit a record in scope (else 404) of the user's own area (else 403)."""

    page = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.registry.change_perm):
            qs = self.registry.model._default_manager.visible_to(request.user)  # type: ignore[attr-defined]
            self.object = get_object_or_404(qs, pk=kwargs["pk"])
            if not services.can_write(request.user, self.registry.change_perm, self.object):
                raise PermissionDenied(_("This record belongs to a unit outside your area."))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            obj = self.registry.update(
                actor=self.request.user, obj=self.object, **self.fields_of(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved: %(name)s.") % {"name": obj})
        return HttpResponseRedirect(obj.get_absolute_url())  # type: ignore[attr-defined]


class RegistryImportView(RegistryMixin, PermissionMixin, FormView):
    """Upload a workbook: saved whole, or the errors of every row and nothing saved."""

    page = "add"
    template_name = "registries/registry_import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["max_errors"] = MAX_ERRORS_SHOWN
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = import_xlsx(
            spec=self.registry.workbook,
            actor=self.request.user,
            data=upload.read(),
            file_name=upload.name,
        )
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, result=result, file_name=upload.name)
            )
        messages.success(
            self.request,
            ngettext(
                "%(file)s: %(created)d record added, %(updated)d changed.",
                "%(file)s: %(created)d records added, %(updated)d changed.",
                result.created,
            )
            % {"file": upload.name, "created": result.created, "updated": result.updated},
        )
        return HttpResponseRedirect(reverse(self.registry.url_name("list")))


class _XlsxView(RegistryMixin, PermissionMixin, View):
    def workbook_response(self, data: bytes, name: str) -> HttpResponse:
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RegistryExportView(_XlsxView):
    """The filtered list as a workbook that can be corrected and imported again."""

    page = "view"

    def get(self, request):
        objects = self.registry.list_selector(user=request.user, filters=request.GET)
        if objects[: EXPORT_MAX_ROWS + 1].count() > EXPORT_MAX_ROWS:
            messages.warning(request, _("Too many records match: narrow the filters to export."))
            url = reverse(self.registry.url_name("list")) + "?" + request.GET.urlencode()
            return HttpResponseRedirect(url)
        data = export_xlsx(spec=self.registry.workbook, objects=objects.iterator(chunk_size=500))
        stamp = timezone.localdate().strftime("%Y%m%d")
        return self.workbook_response(data, f"{self.registry.file_stem}-{stamp}.xlsx")


class RegistryTemplateView(_XlsxView):
    """The blank workbook to fill in."""

    page = "add"

    def get(self, request):
        data = export_xlsx(spec=self.registry.workbook, objects=[])
        return self.workbook_response(data, f"mau-{self.registry.file_stem}.xlsx")


def registry_urls(registry: Registry, prefix: str) -> list:
    """The pages of a registry under `prefix/`, named `<key>_<page>`."""
    key = registry.key
    kw = {"registry": registry}
    return [
        path(f"{prefix}/", RegistryListView.as_view(**kw), name=f"{key}_list"),
        path(f"{prefix}/new/", RegistryCreateView.as_view(**kw), name=f"{key}_create"),
        path(f"{prefix}/import/", RegistryImportView.as_view(**kw), name=f"{key}_import"),
        path(f"{prefix}/export.xlsx", RegistryExportView.as_view(**kw), name=f"{key}_export"),
        path(f"{prefix}/template.xlsx", RegistryTemplateView.as_view(**kw), name=f"{key}_template"),
        path(f"{prefix}/<int:pk>/", RegistryDetailView.as_view(**kw), name=f"{key}_detail"),
        path(f"{prefix}/<int:pk>/edit/", RegistryUpdateView.as_view(**kw), name=f"{key}_update"),
    ]


__all__ = [
    "RegistryCreateView",
    "RegistryDetailView",
    "RegistryExportView",
    "RegistryImportView",
    "RegistryListView",
    "RegistryTemplateView",
    "RegistryUpdateView",
    "registry_urls",
]
