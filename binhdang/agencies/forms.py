"""Forms for the agency pages. They only read input; the services decide and write."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.agencies.choices import AgencyKind, AliasKind
from binhdang.agencies.models import Agency
from binhdang.geo.models import AdministrativeUnit


class UnitField(forms.ModelChoiceField):
    """A unit typed by its path ("31", "31/10507", "L30" for Hải Dương before 2025)."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "path")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, AdministrativeUnit):
            return value.path
        if isinstance(value, int):
            unit = AdministrativeUnit.objects.filter(pk=value).only("path").first()
            return unit.path if unit else value
        return super().prepare_value(value)


def _units_for(user):
    return AdministrativeUnit.objects.visible_to(user)


class AgencyForm(forms.Form):
    unit = UnitField(
        queryset=AdministrativeUnit.objects.none(),
        label=_("Administrative unit"),
        help_text=_(
            "The unit's code path: 31 = Hải Phòng, 31/10507 = a commune of it; L30 = Hải "
            "Dương before 1/7/2025."
        ),
        error_messages={"invalid_choice": _("No unit with this code in your scope.")},
    )
    kind = forms.ChoiceField(choices=AgencyKind.choices, label=_("Kind"))
    name = forms.CharField(
        max_length=200,
        label=_("Name"),
        help_text=_("As used inside the unit, e.g. “Sở Nội vụ”."),
    )
    full_name = forms.CharField(
        max_length=300,
        required=False,
        label=_("Full name"),
        help_text=_("Leave empty to add the unit's name: “Sở Nội vụ thành phố Hải Phòng”."),
    )
    abbreviation = forms.CharField(
        max_length=30,
        required=False,
        label=_("Abbreviation"),
        help_text=_("For document symbols, e.g. SNV in “12/KH-SNV”."),
    )
    tags = forms.MultipleChoiceField(
        choices=(),
        required=False,
        label=_("Groups"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The group phrases that include this agency (“các sở, ban, ngành” …)."),
    )
    parent = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=_("Governing body"),
        empty_label=_("None"),
    )
    valid_from = forms.DateField(
        required=False, label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        required=False, label=_("Valid to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        required=False, label=_("Note"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from binhdang.agencies.filters import TAG_LABELS
        from binhdang.agencies.services import KNOWN_TAGS

        self.fields["unit"].queryset = _units_for(user)
        self.fields["tags"].choices = [(t, TAG_LABELS.get(t, t)) for t in KNOWN_TAGS]
        # Governing bodies: People's Committees and departments in force, plus (when
        # editing) those of the agency's own unit and its present governing body.
        visible = Agency.objects.visible_to(user)
        wanted = Q(valid_to__isnull=True)
        if agency is not None:
            wanted |= Q(unit=agency.unit) | Q(pk=agency.parent_id)
        self.fields["parent"].queryset = (
            visible.filter(wanted)
            .filter(kind__in=[AgencyKind.PEOPLES_COMMITTEE, AgencyKind.DEPARTMENT])
            .exclude(catalogue_code__in=["ubnd-xa", "ubnd-huyen"])
            .select_related("unit")
            .order_by("unit__path", "name", "valid_from")
        )
        if agency is not None:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=agency.pk)

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date must not be before the start date."))
        return data


class AliasForm(forms.Form):
    alias = forms.CharField(
        max_length=300,
        label=_("Other name"),
        help_text=_("How documents write it: “Sở LĐTBXH”, “Thành đoàn”, “Báo HP”."),
    )
    kind = forms.ChoiceField(choices=AliasKind.choices, label=_("Kind"), initial=AliasKind.VARIANT)


class ResolveForm(forms.Form):
    phrase = forms.CharField(
        max_length=1000,
        label=_("Agency phrase"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Paste the text of a “Cơ quan chủ trì/phối hợp” line or the heading of a "
            "responsibility: several agencies are split and each one is resolved."
        ),
    )
    unit = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        label=_("Plan of"),
        empty_label=_("No unit (catalogue only)"),
    )
    on_date = forms.DateField(
        required=False,
        label=_("Date of the plan"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            _units_for(user).filter(level="province").order_by("generation", "code")
        )
