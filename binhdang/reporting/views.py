"""Thin views over the reporting selectors and services.

Rounds (list, open, the focal office's round page, consolidated figures), the national
completeness table, a reporter's own reports, the report form (autosaved, optimistic
locking) and its review (return, approve, unlock).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from binhdang.core.views import PermissionMixin, ScopedQuerysetMixin
from binhdang.reporting import selectors, services
from binhdang.reporting.choices import ItemStatus, RoundKind, ValueKind
from binhdang.reporting.forms import EvidenceForm, FinalRequestForm, ReviewForm, RoundOpenForm
from binhdang.reporting.models import Evidence, ReportRound, Submission
from binhdang.reporting.reportform import build_form_spec, check_content, content_from_post

VIEW = "reporting.view_reportround"


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class RoundListView(PermissionMixin, ListView):
    permission_required = VIEW
    template_name = "reporting/round_list.html"
    paginate_by = 30

    def get_queryset(self):
        return selectors.round_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        ctx["can_open"] = self.request.user.has_perm("reporting.add_reportround")
        return ctx


class RoundOpenView(PermissionMixin, FormView):
    permission_required = "reporting.add_reportround"
    template_name = "reporting/round_open.html"
    form_class = RoundOpenForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("plan"):
            initial["plan"] = self.request.GET["plan"]
        return initial

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            rnd = services.round_open(
                plan=d["plan"],
                actor=self.request.user,
                kind=d["kind"],
                year=d["year"],
                quarter=d["quarter"],
                convention=d["convention"],
                deadline=d["deadline"],
                opens_on=d["opens_on"],
                reminder_days=d["reminder_days"],
            )
        except ValidationError as error:
            for name, errs in getattr(error, "message_dict", {"__all__": error.messages}).items():
                for message in errs:
                    form.add_error(name if name in form.fields else None, message)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error("plan", _("You cannot open rounds for this plan."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Round opened: %(n)s agencies are expected to report.")
            % {"n": rnd.submissions.count()},
        )
        return redirect("reporting:round_detail", pk=rnd.pk)


class RoundDetailView(ScopedQuerysetMixin, DetailView):
    """The focal office's page: completeness, timeliness, who is missing, reminders."""

    permission_required = VIEW
    model = ReportRound
    template_name = "reporting/round_detail.html"
    context_object_name = "round"

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "plan__unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rnd = self.object
        user = self.request.user
        ctx["c"] = selectors.round_completeness(round=rnd)
        visible = set(
            Submission.objects.visible_to(user).filter(round=rnd).values_list("pk", flat=True)
        )
        ctx["visible_ids"] = visible
        ctx["can_manage"] = user.has_perm("reporting.change_reportround")
        ctx["today"] = timezone.localdate()
        ctx["final_form"] = FinalRequestForm()
        ctx["after_cutoff"] = ctx["today"] > rnd.data_end
        ctx["reminders"] = rnd.reminders.all()[:5]
        ctx["view"] = self.request.GET.get("view", "agency")
        return ctx


class RoundActionView(PermissionMixin, View):
    """POST: remind the late, ask for final figures, close the round."""

    permission_required = "reporting.change_reportround"

    def post(self, request, pk, action):
        rnd = get_object_or_404(ReportRound.objects.visible_to(request.user), pk=pk)
        try:
            if action == "remind":
                log = services.round_send_reminders(round=rnd, actor=request.user)
                messages.success(
                    request,
                    _("Reminder sent: %(r)s people in %(a)s agencies.")
                    % {"r": log.recipients, "a": log.agencies},
                )
            elif action == "final":
                form = FinalRequestForm(request.POST)
                if not form.is_valid():
                    for errs in form.errors.values():
                        for e in errs:
                            messages.error(request, e)
                else:
                    services.round_request_final(
                        round=rnd, actor=request.user, due=form.cleaned_data["due"]
                    )
                    messages.success(request, _("Reporters were asked for their final figures."))
            elif action == "close":
                services.round_close(round=rnd, actor=request.user)
                messages.success(request, _("The round is closed."))
            else:
                raise Http404
        except ValidationError as error:
            _errors_to_messages(request, error)
        return redirect("reporting:round_detail", pk=rnd.pk)


class RoundFiguresView(ScopedQuerysetMixin, DetailView):
    """Consolidated figures: sums, recomputed percentages, sources and who is missing."""

    permission_required = VIEW
    model = ReportRound
    template_name = "reporting/round_figures.html"
    context_object_name = "round"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cons"] = cons = selectors.consolidate(round=self.object)
        code = self.request.GET.get("element", "")
        if code and cons.get(code):
            ctx["element"] = cons.get(code)
            ctx["by_unit"] = selectors.consolidate_by_unit(round=self.object, code=code)
        ctx["kind_labels"] = dict(ValueKind.choices)
        return ctx


class CompletenessView(PermissionMixin, TemplateView):
    """Every province's reporting rate for a year (national users see all provinces)."""

    permission_required = VIEW
    template_name = "reporting/completeness.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        kind = self.request.GET.get("kind") or RoundKind.ANNUAL
        if kind not in RoundKind.values:
            kind = RoundKind.ANNUAL
        rows = selectors.national_completeness(year=year, kind=kind, user=self.request.user)
        ctx.update(
            year=year,
            kind=kind,
            kinds=RoundKind.choices,
            rows=rows,
            years=range(2022, 2031),
            total_expected=sum(r.expected for r in rows),
            total_received=sum(r.received for r in rows),
            total_on_time=sum(r.on_time for r in rows),
        )
        return ctx


class MyReportsView(PermissionMixin, ListView):
    permission_required = "reporting.view_submission"
    template_name = "reporting/my_reports.html"

    def get_queryset(self):
        return selectors.my_submissions(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        return ctx


def _has_url(name: str) -> bool:
    try:
        reverse(name, args=[0])
    except NoReverseMatch:
        return False
    return True


def _visible_submission(request, pk) -> Submission:
    return get_object_or_404(
        Submission.objects.visible_to(request.user).select_related(
            "round", "round__plan", "agency", "unit"
        ),
        pk=pk,
    )


def form_rows(spec, content: dict, errors: dict, event_values: dict) -> dict:
    """What the form template shows: every field with its name, value and errors."""
    items_content = content.get("items") or {}
    groups = []
    for group, items in spec.groups:
        rows = []
        for item in items:
            values = items_content.get(item.key) or {}
            rows.append(
                {
                    "item": item,
                    "fields": {
                        f: {"name": f"item-{item.key}-{f}", "value": values.get(f, ""),
                            "errors": errors.get(f"item-{item.key}-{f}", [])}
                        for f in ("status", "done", "results", "difficulties", "proposals")
                    },
                }
            )  # fmt: skip
        groups.append((group, rows))
    figures = []
    fig_content = content.get("figures") or {}
    for fig in spec.figures:
        entry = fig_content.get(fig.code) or {}
        values = entry.get("values") or {}
        cells = []
        for cell, label in fig.cells:
            name = f"fig-{fig.code}-{cell or 'total'}"
            cells.append(
                {
                    "name": name,
                    "label": label,
                    "value": values.get(cell, ""),
                    "errors": errors.get(name, []),
                }
            )
        figures.append(
            {
                "fig": fig,
                "cells": cells,
                "kind": entry.get("kind") or spec.default_kind,
                "kind_name": f"fig-{fig.code}-kind",
                "kind_errors": errors.get(f"fig-{fig.code}-kind", []),
                "comment": entry.get("comment", ""),
            }
        )
    events = []
    for fig in spec.event_figures:
        cells = [(label, event_values.get((fig.code, cell))) for cell, label in fig.cells]
        if any(v is not None for _l, v in cells):
            events.append(
                {"fig": fig, "cells": [(label, v) for label, v in cells if v is not None]}
            )
    general = content.get("general") or {}
    am = content.get("action_month") or {}
    return {
        "groups": groups,
        "figures": figures,
        "events": events,
        "general": {f: general.get(f, "") for f in ("summary", "difficulties", "proposals")},
        "am": {f: am.get(f, "") for f in ("plan_made", "plan_ref", "results")},
        "am_errors": errors.get("am-plan_made", []),
    }


def evidence_rows(evidence, spec) -> list[dict]:
    """Each evidence file with the activity or duty it backs ("" for the whole report)."""
    titles = {item.key: item.title for item in spec.items}
    return [{"file": e, "item": titles.get(e.item_key, "")} for e in evidence]


class SubmissionView(PermissionMixin, View):
    """The report form for its agency (autosaved); read-only with the review panel for
    everyone else who may see it."""

    permission_required = "reporting.view_submission"
    template_name = "reporting/submission.html"

    def render(self, request, sub, *, content=None, checked=None, status=200, conflict=None):
        spec = build_form_spec(sub)
        content = sub.content if content is None else content
        if checked is None and content:
            checked = check_content(content, spec, for_submit=False)
        ctx = {
            "sub": sub,
            "round": sub.round,
            "spec": spec,
            "content": content or {},
            "errors": checked.errors if checked else {},
            "error_messages": checked.messages if checked else [],
            "editable": sub.is_editable and services.can_report(request.user, sub),
            "final_mode": sub.awaiting_final and services.can_report(request.user, sub),
            "can_review": services.can_review(request.user, sub),
            "history": selectors.submission_history(sub),
            "items": {i.key: i for i in sub.items.all()},
            "evidence": evidence_rows(sub.evidence.all(), spec),
            "evidence_form": EvidenceForm(),
            "form": form_rows(
                spec,
                content or {},
                checked.errors if checked else {},
                selectors.event_figure_values(
                    agency_id=sub.agency_id, start=sub.round.data_start, end=sub.round.data_end
                ),
            ),
            "item_statuses": ItemStatus.choices,
            "conflict": conflict,
            "review_form": ReviewForm(),
            "today": timezone.localdate(),
            "has_xlsx": _has_url("reporting:submission_xlsx"),
        }
        return TemplateResponse(request, self.template_name, ctx, status=status)

    def get(self, request, pk):
        return self.render(request, _visible_submission(request, pk))

    def post(self, request, pk):
        sub = _visible_submission(request, pk)
        if not services.can_report(request.user, sub):
            raise PermissionDenied
        spec = build_form_spec(sub)
        content = content_from_post(request.POST, spec)
        action = request.POST.get("action", "save")
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        autosave = action == "autosave"
        try:
            if action == "final":
                result = services.submission_send_final(
                    submission=sub, figures=content["figures"], version=version, actor=request.user
                )
                if result.checked.ok:
                    messages.success(request, _("Final figures sent."))
                    return redirect("reporting:submission", pk=sub.pk)
                return self.render(
                    request,
                    sub,
                    content={**sub.content, "figures": content["figures"]},
                    checked=result.checked,
                    status=422,
                )
            if action == "submit":
                result = services.submission_submit(
                    submission=sub, content=content, version=version, actor=request.user
                )
            else:
                result = services.submission_save(
                    submission=sub, content=content, version=version, actor=request.user
                )
        except services.EditConflict as conflict:
            if autosave:
                return TemplateResponse(
                    request,
                    "reporting/includes/autosave_status.html",
                    {"conflict": str(conflict), "sub": conflict.submission},
                    status=409,
                )
            return self.render(
                request, conflict.submission, content=content, status=409, conflict=str(conflict)
            )
        except ValidationError as error:
            if autosave:
                return TemplateResponse(
                    request,
                    "reporting/includes/autosave_status.html",
                    {"conflict": " ".join(error.messages), "sub": sub},
                    status=409,
                )
            _errors_to_messages(request, error)
            return redirect("reporting:submission", pk=sub.pk)
        sub = result.submission
        if autosave:
            return TemplateResponse(
                request,
                "reporting/includes/autosave_status.html",
                {
                    "sub": sub,
                    "saved_at": timezone.localtime(sub.saved_at),
                    "n_errors": len(result.checked.messages),
                },
            )
        if action == "submit":
            if result.checked.ok:
                messages.success(request, _("Your report was sent to the focal office."))
                return redirect("reporting:submission", pk=sub.pk)
            messages.error(
                request,
                _(
                    "The report was not sent: correct the fields marked in red. Everything you typed is saved."
                ),
            )
            return self.render(request, sub, content=content, checked=result.checked, status=422)
        messages.success(request, _("Draft saved."))
        if not result.checked.ok:
            return self.render(request, sub, content=content, checked=result.checked)
        return redirect("reporting:submission", pk=sub.pk)


class SubmissionReviewView(PermissionMixin, View):
    permission_required = "reporting.review_submission"

    def post(self, request, pk):
        sub = _visible_submission(request, pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose approve, return or unlock."))
            return redirect("reporting:submission", pk=sub.pk)
        action = form.cleaned_data["action"]
        comment = form.cleaned_data["comment"]
        try:
            if action == "approve":
                services.submission_approve(submission=sub, actor=request.user)
                messages.success(request, _("Report approved and locked."))
            elif action == "return":
                services.submission_return(submission=sub, comment=comment, actor=request.user)
                messages.success(request, _("Report returned to the agency with your comments."))
            else:
                services.submission_unlock(submission=sub, reason=comment, actor=request.user)
                messages.success(request, _("Report unlocked; the agency can correct it."))
        except ValidationError as error:
            _errors_to_messages(request, error)
        return redirect("reporting:submission", pk=sub.pk)


class EvidenceUploadView(PermissionMixin, View):
    permission_required = "reporting.change_submission"

    def post(self, request, pk):
        sub = _visible_submission(request, pk)
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.evidence_add(
                    submission=sub,
                    upload=form.cleaned_data["file"],
                    item_key=form.cleaned_data["item_key"],
                    actor=request.user,
                )
                messages.success(request, _("File attached."))
            except ValidationError as error:
                _errors_to_messages(request, error)
        else:
            messages.error(request, _("Choose a file to attach."))
        return redirect("reporting:submission", pk=sub.pk)


class EvidenceDownloadView(PermissionMixin, View):
    permission_required = "reporting.view_submission"

    def get(self, request, pk):
        evidence = get_object_or_404(
            Evidence.objects.filter(submission__in=Submission.objects.visible_to(request.user)),
            pk=pk,
        )
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
