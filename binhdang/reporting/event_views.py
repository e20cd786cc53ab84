"""Communication events: the list with its totals, record / edit / delete one event,
import a filled-in workbook, download the template, export the list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from binhdang.core.views import HtmxTableMixin, PermissionMixin, ScopedQuerysetMixin
from binhdang.reporting import event_import, event_selectors, event_services
from binhdang.reporting.event_forms import (
    EventFilterForm,
    EventForm,
    EventImportForm,
    initial_of,
)
from binhdang.reporting.models import CommEvent

VIEW = "reporting.view_commevent"
ADD = event_services.ADD
CHANGE = event_services.CHANGE
DELETE = event_services.DELETE
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _own_agency(request):
    """The organiser of the events the user records: the user's agency."""
    agency = getattr(request.user, "agency", None)
    if agency is None:
        raise PermissionDenied(_("Your account belongs to no agency: it cannot record events."))
    return agency


def _service_fields(data: dict) -> dict:
    fields = dict(data)
    fields["target_groups"] = list(fields.get("target_groups") or [])
    return fields


class EventListView(HtmxTableMixin, ScopedQuerysetMixin, ListView):
    """Events in scope with filters and their totals; the table is an htmx partial."""

    model = CommEvent
    permission_required = VIEW
    template_name = "reporting/events/event_list.html"
    paginate_by = 50

    def filters(self):
        """The request's filters; none at all means this year (like DHIS2's default period):
        a national list of millions of events is never counted whole by accident."""
        params = self.request.GET.copy()
        if not any(params.get(n) for n in event_selectors.FILTERS):
            params["year"] = str(timezone.localdate().year)
        return params

    def get_queryset(self):
        return event_selectors.event_list(user=self.request.user, filters=self.filters())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["filter_form"] = EventFilterForm(self.filters(), user=user)
        ctx["filtered"] = any(self.request.GET.get(n) for n in event_selectors.FILTERS)
        ctx["totals"] = event_selectors.event_totals_of(self.object_list)
        ctx["can_add"] = user.has_perm(ADD) and user.agency_id is not None
        ctx["can_change"] = user.has_perm(CHANGE)
        ctx["can_delete"] = user.has_perm(DELETE)
        ctx["query"] = self.request.GET.urlencode()
        return ctx


class _EventFormMixin:
    template_name = "reporting/events/event_form.html"
    form_class = EventForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["agency"] = self.agency
        kwargs["event"] = getattr(self, "object", None)
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["agency"] = self.agency
        ctx["event"] = getattr(self, "object", None)
        return ctx


class EventCreateView(_EventFormMixin, PermissionMixin, FormView):
    """Record one event of the user's agency."""

    permission_required = ADD

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(ADD):
            self.agency = _own_agency(request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("date", timezone.localdate())
        return initial

    def form_valid(self, form):
        try:
            event = event_services.event_create(
                actor=self.request.user, agency=self.agency, **_service_fields(form.cleaned_data)
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Event recorded: %(title)s.") % {"title": event.title})
        if "another" in self.request.POST:
            return redirect("reporting:event_create")
        return redirect("reporting:event_list")


class _OwnEventMixin(ScopedQuerysetMixin):
    """An event in the user's scope (else 404) organised by the user's agency (else 403)."""

    model = CommEvent

    def get_queryset(self):
        return super().get_queryset().select_related("agency__unit", "unit", "activity")

    def get_object(self, queryset=None):
        event = super().get_object(queryset)
        user = self.request.user
        if not user.is_superuser and event.agency_id != user.agency_id:
            raise PermissionDenied(_("Only the organiser's people can change this event."))
        return event


class EventUpdateView(_EventFormMixin, _OwnEventMixin, SingleObjectMixin, FormView):
    permission_required = CHANGE
    context_object_name = "event"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(CHANGE):
            self.object = self.get_object()
            self.agency = self.object.agency
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return initial_of(self.object)

    def form_valid(self, form):
        try:
            event = event_services.event_update(
                actor=self.request.user, event=self.object, **_service_fields(form.cleaned_data)
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved: %(title)s.") % {"title": event.title})
        return redirect("reporting:event_list")


class EventDeleteView(_OwnEventMixin, DetailView):
    """GET: ask; POST: delete."""

    permission_required = DELETE
    template_name = "reporting/events/event_confirm_delete.html"
    context_object_name = "event"

    def post(self, request, *args, **kwargs):
        event = self.get_object()
        title = event.title
        event_services.event_delete(actor=request.user, event=event)
        messages.success(request, _("Event deleted: %(title)s.") % {"title": title})
        return redirect("reporting:event_list")


class EventImportView(PermissionMixin, FormView):
    """Upload a filled-in workbook: saved whole, or the errors of every row and nothing saved."""

    permission_required = ADD
    template_name = "reporting/events/event_import.html"
    form_class = EventImportForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(ADD):
            self.agency = _own_agency(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["agency"] = self.agency
        ctx["max_errors"] = event_import.MAX_ERRORS_SHOWN
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = event_import.events_import(
            actor=self.request.user,
            agency=self.agency,
            file_name=upload.name,
            data=upload.read(),
        )
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, result=result, file_name=upload.name)
            )
        messages.success(
            self.request,
            ngettext(
                "%(count)d event imported from %(file)s.",
                "%(count)d events imported from %(file)s.",
                result.created,
            )
            % {"count": result.created, "file": upload.name},
        )
        assert result.batch is not None
        url = reverse("reporting:event_list") + "?" + urlencode({"batch": result.batch.pk})
        return HttpResponseRedirect(url)


class EventTemplateView(PermissionMixin, View):
    """The template to fill in, for the user's agency (its communes and activities)."""

    permission_required = ADD

    def get(self, request, fmt: str):
        if fmt == "csv":
            response = HttpResponse(
                event_import.event_template_csv(), content_type="text/csv; charset=utf-8"
            )
            name = "mau-hoat-dong-truyen-thong.csv"
        elif fmt == "xlsx":
            data = event_import.event_template_xlsx(agency=_own_agency(request))
            response = HttpResponse(data, content_type=XLSX)
            name = "mau-hoat-dong-truyen-thong.xlsx"
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class EventExportView(PermissionMixin, View):
    """The filtered list as a workbook (the template's columns plus the organiser)."""

    permission_required = VIEW

    def get(self, request):
        events = event_selectors.event_list(user=request.user, filters=request.GET)
        limit = event_import.EXPORT_MAX_ROWS
        if events[: limit + 1].count() > limit:
            messages.warning(
                request,
                _("More than %(n)s events match: narrow the filters (a year, a type) to export.")
                % {"n": f"{limit:,}".replace(",", ".")},
            )
            return HttpResponseRedirect(
                reverse("reporting:event_list") + "?" + request.GET.urlencode()
            )
        response = HttpResponse(event_import.events_xlsx(events=events), content_type=XLSX)
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="hoat-dong-truyen-thong-{stamp}.xlsx"'
        )
        return response


__all__ = [
    "EventCreateView",
    "EventDeleteView",
    "EventExportView",
    "EventImportView",
    "EventListView",
    "EventTemplateView",
    "EventUpdateView",
]
