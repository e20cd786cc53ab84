"""The page where a person makes and revokes their own API tokens (HTML, session)."""

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from binhdang.api.models import ApiToken
from binhdang.api.services import token_create, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What program will use it, e.g. “Ministry dashboard”."),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: until you revoke it."),
    )


class TokenPageView(LoginRequiredMixin, TemplateView):
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", TokenForm())
        ctx["tokens"] = ApiToken.objects.visible_to(self.request.user)
        ctx["now"] = timezone.now()
        return ctx

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            token = (
                ApiToken.objects.visible_to(request.user)
                .filter(pk=_int(request.POST.get("revoke")))
                .first()
            )
            if token is None:
                raise Http404
            token_revoke(actor=request.user, token=token)
            messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
            return HttpResponseRedirect(reverse("api:tokens"))
        form = TokenForm(request.POST)
        if form.is_valid():
            day = form.cleaned_data.get("expires_on")
            expires = timezone.make_aware(datetime.combine(day, time.max)) if day else None
            try:
                token, secret = token_create(
                    actor=request.user, name=form.cleaned_data["name"], expires_at=expires
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error("expires_on" if field == "expires_at" else "name", message)
            else:
                return self.render_to_response(
                    self.get_context_data(form=TokenForm(), new_token=token, secret=secret)
                )
        return self.render_to_response(self.get_context_data(form=form))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
