"""Village conventions: the list with its counts, one convention with its flagged clauses,
register / edit, record the review, verdicts on clauses, workbook import and export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from binhdang.conventions import selectors, services, xlsx
from binhdang.conventions.filters import ConventionFilterSet
from binhdang.conventions.forms import (
    ClauseMarkForm,
    ConventionForm,
    ConventionImportForm,
    ReviewForm,
    review_initial,
)
from binhdang.conventions.models import Convention
from binhdang.core.views import HtmxTableMixin, PermissionMixin, ScopedQuerysetMixin

VIEW = services.VIEW
ADD = services.ADD
CHANGE = services.CHANGE
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


def _filterset(request):
    return ConventionFilterSet(
        request.GET or None,
        queryset=selectors.convention_list(user=request.user),
        user=request.user,
    )


class ConventionListView(HtmxTableMixin, ScopedQuerysetMixin, ListView):
    """Conventions in scope with filters and their counts; the table is an htmx partial."""

    model = Convention
    permission_required = VIEW
    template_name = "conventions/convention_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = _filterset(self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["filter"] = self.filterset
        ctx["form"] = self.filterset.form
        ctx["show_units"] = self.filterset.unit_select_fits()
        ctx["filtered"] = self.filterset.has_filters
        ctx["totals"] = selectors.convention_totals(self.object_list)
        ctx["can_add"] = user.has_perm(ADD)
        ctx["query"] = self.request.GET.urlencode()
        return ctx


class ConventionDetailView(ScopedQuerysetMixin, DetailView):
    """One convention: its record, its review and its clauses with their flags."""

    model = Convention
    permission_required = VIEW
    template_name = "conventions/convention_detail.html"
    context_object_name = "convention"

    def get_queryset(self):
        return selectors.convention_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        convention = self.object
        only_flagged = self.request.GET.get("show") == "flagged"
        clauses = convention.clauses.select_related("verdict_by").order_by("order")
        if only_flagged:
            clauses = clauses.filter(flag_count__gt=0)
        ctx["clauses"] = clauses
        ctx["only_flagged"] = only_flagged
        ctx["summary"] = selectors.verdict_summary(convention)
        ctx["can_change"] = self.request.user.has_perm(CHANGE)
        ctx["mark_form"] = ClauseMarkForm()
        return ctx


class _ConventionFormMixin:
    template_name = "conventions/convention_form.html"
    form_class = ConventionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["convention"] = getattr(self, "object", None)
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["convention"] = getattr(self, "object", None)
        return ctx


class ConventionCreateView(_ConventionFormMixin, PermissionMixin, FormView):
    """Register a convention; its text is split into clauses and flagged on save."""

    permission_required = ADD

    def form_valid(self, form):
        try:
            convention = services.convention_create(
                actor=self.request.user, **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _message_saved(convention))
        return redirect(convention)


class ConventionUpdateView(_ConventionFormMixin, ScopedQuerysetMixin, SingleObjectMixin, FormView):
    model = Convention
    permission_required = CHANGE
    context_object_name = "convention"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(CHANGE):
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            convention = services.convention_update(
                actor=self.request.user, convention=self.object, **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _message_saved(convention))
        return redirect(convention)


def _message_saved(convention: Convention) -> str:
    text = _("Saved: %(convention)s.") % {"convention": convention}
    clauses = convention.clauses.count()
    if not clauses:
        return text
    return (
        text
        + " "
        + ngettext(
            "%(count)d clause, %(flagged)d flagged for review.",
            "%(count)d clauses, %(flagged)d flagged for review.",
            clauses,
        )
        % {"count": clauses, "flagged": convention.flagged_count}
    )


class ConventionReviewView(ScopedQuerysetMixin, SingleObjectMixin, FormView):
    """Record the review: when, by whom, what it found, what was fixed, the result."""

    model = Convention
    permission_required = CHANGE
    template_name = "conventions/convention_review.html"
    form_class = ReviewForm
    context_object_name = "convention"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(CHANGE):
            self.object = self.get_object()
            self.summary = selectors.verdict_summary(self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.convention_detail_queryset(user=self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["convention"] = self.object
        return kwargs

    def get_initial(self):
        return review_initial(
            self.object, confirmed=self.summary.confirmed, today=timezone.localdate()
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["summary"] = self.summary
        return ctx

    def form_valid(self, form):
        try:
            services.convention_review(
                actor=self.request.user, convention=self.object, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Review recorded."))
        return redirect(self.object)


class ConventionReflagView(ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST: run the current rules over the clauses again (verdicts stay)."""

    model = Convention
    permission_required = CHANGE

    def post(self, request, *args, **kwargs):
        convention = services.convention_reflag(actor=request.user, convention=self.get_object())
        messages.success(
            request,
            ngettext(
                "Clauses checked again: %(count)d flagged.",
                "Clauses checked again: %(count)d flagged.",
                convention.flagged_count,
            )
            % {"count": convention.flagged_count},
        )
        return redirect(convention)


class ClauseMarkView(PermissionMixin, View):
    """POST: the reviewer's verdict on one clause. htmx gets the clause back; otherwise a
    redirect to it."""

    permission_required = CHANGE

    def post(self, request, pk):
        clause = get_object_or_404(selectors.clause_queryset(user=request.user), pk=pk)
        form = ClauseMarkForm(request.POST)
        error = ""
        if form.is_valid():
            try:
                clause = services.clause_mark(
                    actor=request.user,
                    clause=clause,
                    verdict=form.cleaned_data["verdict"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        if getattr(request, "htmx", False):
            from django.template.response import TemplateResponse

            clause = selectors.clause_queryset(user=request.user).get(pk=clause.pk)
            return TemplateResponse(
                request,
                "conventions/convention_detail.html#clause",
                {
                    "clause": clause,
                    "convention": clause.convention,
                    "can_change": True,
                    "mark_error": error,
                    "mark_form": ClauseMarkForm(),
                },
            )
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Verdict saved."))
        return HttpResponseRedirect(
            reverse("conventions:convention_detail", args=[clause.convention_id])
            + f"#clause-{clause.pk}"
        )


class ConventionImportView(PermissionMixin, FormView):
    """Upload a filled-in workbook: saved whole, or the errors of every row and nothing saved."""

    permission_required = ADD
    template_name = "conventions/convention_import.html"
    form_class = ConventionImportForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["max_errors"] = xlsx.MAX_ERRORS_SHOWN
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = xlsx.conventions_import(
            actor=self.request.user, file_name=upload.name, data=upload.read()
        )
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, result=result, file_name=upload.name)
            )
        messages.success(
            self.request,
            _("%(file)s imported: %(created)d registered, %(updated)d changed.")
            % {"file": upload.name, "created": result.created, "updated": result.updated},
        )
        return redirect("conventions:convention_list")


class ConventionTemplateView(PermissionMixin, View):
    """The workbook to fill in, with the communes of the user's area."""

    permission_required = ADD

    def get(self, request):
        response = HttpResponse(xlsx.convention_template_xlsx(user=request.user), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-huong-uoc-quy-uoc.xlsx"'
        return response


class ConventionExportView(PermissionMixin, View):
    """The filtered list as a workbook (the template's columns plus the clause counts)."""

    permission_required = VIEW

    def get(self, request):
        conventions = _filterset(request).qs
        response = HttpResponse(xlsx.conventions_xlsx(conventions=conventions), content_type=XLSX)
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="huong-uoc-quy-uoc-{stamp}.xlsx"'
        return response


__all__ = [
    "ClauseMarkView",
    "ConventionCreateView",
    "ConventionDetailView",
    "ConventionExportView",
    "ConventionImportView",
    "ConventionListView",
    "ConventionReflagView",
    "ConventionReviewView",
    "ConventionTemplateView",
    "ConventionUpdateView",
]
