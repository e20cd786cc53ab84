"""Shared view mixins, the home page and the audit history."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.generic import ListView, TemplateView

from binhdang.core import selectors
from binhdang.core.dates import key_dates
from binhdang.core.models import AuditEntry


class PermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous → login page; signed in without `permission_required` → 403."""

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


class ScopedQuerysetMixin(PermissionMixin):
    """List and detail views start from `Model.objects.visible_to(user)`.

    An object outside the user's scope is simply not in the queryset → 404 (never a hint
    that it exists).
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class HtmxTableMixin:
    """A list page whose table (`{% partialdef table %}`) is re-rendered alone for htmx.

    The response varies on HX-Request so a cached partial never stands in for the page;
    an htmx history restore gets the whole page.
    """

    partial_name = "table"

    def get_template_names(self):
        names = super().get_template_names()
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [f"{name}#{self.partial_name}" for name in names]
        return names

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_vary_headers(response, ("HX-Request",))
        return response


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from binhdang.accounts.choices import Role

        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["summary"] = selectors.home_summary(user=user)
        ctx["role_labels"] = [label for code, label in Role.choices if code in user.role_codes]
        today = timezone.localdate()
        ctx["today"] = today
        ctx["key_dates"] = [
            {
                "item": item,
                "ongoing": item.is_ongoing(today),
                "days": item.days_until(today),
                "soon": item.is_soon(today),
            }
            for item in key_dates(today=today)
        ]
        return ctx


class AuditListView(PermissionMixin, ListView):
    """Who changed what and when: explicit audit entries and field-level history."""

    permission_required = "core.view_auditentry"
    template_name = "core/audit_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.audit_entry_list(user=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["changes"] = selectors.field_changes_recent(user=self.request.user, limit=50)
        ctx["q"] = self.request.GET.get("q", "")
        return ctx


__all__ = [
    "AuditEntry",
    "AuditListView",
    "HomeView",
    "HtmxTableMixin",
    "PermissionMixin",
    "ScopedQuerysetMixin",
]
