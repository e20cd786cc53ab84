from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.plans.models import Plan
from binhdang.reporting.choices import PeriodConvention, RoundKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundOpenForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices, initial=RoundKind.ANNUAL)
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2035)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only for quarterly rounds."),
    )
    convention = forms.ChoiceField(
        label=_("Data window"), choices=PeriodConvention.choices, initial=PeriodConvention.ADMIN_D09
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the plan's deadline (10/12 unless the plan says otherwise)."),
    )
    opens_on = forms.DateField(
        label=_("Opens on"), required=False, widget=DateInput(), help_text=_("Empty: today.")
    )
    reminder_days = forms.CharField(
        label=_("Reminders (days before the deadline)"),
        initial="7, 1",
        required=False,
        help_text=_("E-mails to agencies that have not reported yet, at 8:00 on those days."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by(
            "-period_end", "title"
        )
        self.fields["year"].initial = timezone.localdate().year

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data.get("reminder_days") or ""
        try:
            days = sorted(
                {int(x) for x in raw.replace(";", ",").split(",") if x.strip()}, reverse=True
            )
        except ValueError:
            raise forms.ValidationError(
                _("Write whole numbers separated by commas, e.g. 7, 1.")
            ) from None
        if any(d < 0 or d > 60 for d in days):
            raise forms.ValidationError(_("Each number must be between 0 and 60."))
        return days


class RoundDatesForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class FinalRequestForm(forms.Form):
    due = forms.DateField(label=_("Final figures due"), widget=DateInput())

    def clean_due(self) -> date:
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The date is in the past."))
        return due


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", "approve"), ("return", "return"), ("unlock", "unlock")]
    )
    comment = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))
    item_key = forms.CharField(required=False, max_length=40)
