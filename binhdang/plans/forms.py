"""Forms for the plan pages. They only read input; the services decide and write.

The plan's content itself (header, targets, tasks…) is not a Django form: it is the
review codec of `review.py`, so that whatever was typed, valid or not, comes back.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.geo.models import AdministrativeUnit
from binhdang.plans.choices import PlanKind
from binhdang.plans.importers import MAX_BYTES

ACCEPTED = ".txt,.docx,.pdf,.html,.htm"
KIND_CHOICES = [("", _("Read from the document"))] + list(PlanKind.choices)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the user's scope. The page lists a few (the user's own unit, provinces,
    search results); any unit in scope is accepted."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", AdministrativeUnit.objects.none())
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _("Choose an area from the list: this one is not in your scope."),
                "required": _("Choose the area the plan covers."),
            },
        )
        super().__init__(*args, **kwargs)


class PlanMetaForm(forms.Form):
    """The area a plan covers and its kind (the review and edit pages)."""

    unit = UnitChoiceField(label=_("Area covered"))
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=KIND_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdministrativeUnit.objects.visible_to(user)


class ImportStartForm(PlanMetaForm):
    file = forms.FileField(
        label=_("Plan document"),
        required=False,
        help_text=_(".txt, .docx, .pdf (with a text layer) or .html, up to 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    text = forms.CharField(
        label=_("…or paste the text of the plan"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )

    field_order = ["file", "text", "unit", "kind"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB. Split it or paste the text of the plan.")
                % {"limit": MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        empty = not data.get("file") and not (data.get("text") or "").strip()
        if empty and "file" not in self.errors:
            raise forms.ValidationError(_("Choose a file or paste the text of a plan."))
        return data


class PlanDeriveForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Commune or ward"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("The same area as this plan"),
        help_text=_("A commune's plan: its People's Committee leads, provincial bodies guide."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        required=False,
        empty_label=_("None (the plan of the area)"),
        help_text=_("An agency's own plan keeps the activities and duties that name it."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("A yearly plan for this year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, user, plan, **kwargs):
        from binhdang.plans.selectors import derive_agencies, derive_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = derive_units(user=user, plan=plan)
        self.fields["agency"].queryset = derive_agencies(user=user, plan=plan)

    def clean(self):
        data = super().clean()
        chosen = data.get("unit") or data.get("agency") or data.get("year")
        if not chosen and not self.errors:
            raise forms.ValidationError(
                _("Choose a commune, an agency or a year for the new plan.")
            )
        if data.get("unit") and data.get("agency"):
            self.add_error(
                "agency", _("An agency's plan covers this plan's area: leave the commune empty.")
            )
        return data
