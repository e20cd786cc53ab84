"""The form that asks for a synthesis report."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.documents.models import ReportKind


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2035)
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=None,
        required=False,
        empty_label=_("Every province's programme plan in my area (national synthesis)"),
    )
    unit = forms.ModelChoiceField(
        label=_("Only this commune"),
        queryset=None,
        required=False,
        empty_label=_("The plan's whole area"),
    )
    agency = forms.ModelChoiceField(
        label=_("Only this agency's report"),
        queryset=None,
        required=False,
        empty_label=_("Every agency"),
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)

    def __init__(self, *args, user, **kwargs):
        from binhdang.agencies.models import Agency
        from binhdang.geo.models import AdministrativeUnit
        from binhdang.plans.models import Plan

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by(
            "-period_end", "title"
        )
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.visible_to(user)
            .filter(level="commune", generation="2025")
            .order_by("name")
        )
        self.fields["agency"].queryset = (
            Agency.objects.visible_to(user).filter(valid_to__isnull=True).order_by("name")
        )
        self.fields["year"].initial = timezone.localdate().year


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    file = forms.FileField(
        label=_("DOCX template"),
        help_text=_(
            "Start from the starter template: edit it in Word, keep the {{ … }} and {%p … %} "
            "tags, and upload it. New reports of this kind from your office use it."
        ),
    )
