"""Forms of the progress pages: awareness survey results typed in by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.agencies.models import Agency
from binhdang.geo.models import AdministrativeUnit
from binhdang.indicators.models import SurveyResult

YEAR_CHOICES = [("", _("All years"))] + [(str(y), str(y)) for y in range(2030, 2014, -1)]


class SurveyResultForm(forms.ModelForm):
    """One survey figure. Units and agencies are limited to the user's scope."""

    class Meta:
        model = SurveyResult
        fields = [
            "unit",
            "year",
            "target_group",
            "sex",
            "respondents",
            "share_correct",
            "source",
            "agency",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "share_correct": _("From 0 to 100, e.g. 62,5. The people counted are computed."),
            "source": _("The survey's name or report, e.g. “Khảo sát nhận thức 2025”."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.visible_to(user).current().order_by("path")
        )
        self.fields["agency"].queryset = (
            Agency.objects.visible_to(user)
            .current()
            .select_related("unit")
            .order_by("unit__path", "name")
        )
        self.fields["share_correct"].localize = True
        self.fields["share_correct"].widget.is_localized = True
        self.fields["target_group"].choices = [("", _("All groups"))] + list(
            self.fields["target_group"].choices
        )[1:]


class SurveyResultFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), choices=YEAR_CHOICES, coerce=int, empty_value=None, required=False
    )
