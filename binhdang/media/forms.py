"""Forms for the media registry pages. They read input; the services decide and write."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.agencies.choices import AgencyKind
from binhdang.agencies.models import Agency
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit
from binhdang.media import selectors
from binhdang.media.choices import AdoptionStatus, MediaKind, SubArea
from binhdang.media.models import ITEM_FIGURES, PEOPLE_FIGURES, EvidenceFile
from binhdang.media.services import MAX_EVIDENCE_BYTES, actor_area
from binhdang.media.workbook import MAX_BYTES

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
# A select longer than this is left out (a national user's 3,300 communes).
MAX_OPTIONS = 400


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _year_choices():
    return [(y, str(y)) for y in selectors.years_for_select()]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.level == UnitLevel.PROVINCE or obj.generation != Generation.CURRENT:
            return str(obj)
        return f"— {obj.name}"


class MediaAgencyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        help_text=_("As the agency writes it, e.g. “Báo Hải Phòng”."),
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("media registry", "Kind"), choices=[("", "—"), *MediaKind.choices]
    )
    unit = UnitChoiceField(
        label=_("Province or commune"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label="—",
        help_text=_("Where the agency works: the province for a provincial paper or station."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency in the registry"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Its row in the agency registry, if it has one."),
    )
    managing_body = forms.CharField(
        label=_("Managing body"),
        max_length=300,
        required=False,
        help_text=_("The body it answers to (cơ quan chủ quản), e.g. “Thành ủy Hải Phòng”."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, user, media_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        area = actor_area(user)
        wanted = Q(generation=Generation.CURRENT, level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])
        if media_agency is not None:
            wanted |= Q(pk=media_agency.unit_id)
        units = AdministrativeUnit.objects.filter(area.unit_q()).filter(wanted).order_by("path")
        self.fields["unit"].queryset = units
        agencies = Agency.objects.visible_to(user).filter(
            Q(kind=AgencyKind.MEDIA) | Q(tags__icontains='"media"'), valid_to__isnull=True
        )
        if media_agency is not None and media_agency.agency_id:
            agencies = Agency.objects.visible_to(user).filter(
                Q(pk__in=agencies.values("pk")) | Q(pk=media_agency.agency_id)
            )
        self.fields["agency"].queryset = agencies.select_related("unit").order_by(
            "unit__path", "name"
        )
        if units[: MAX_OPTIONS + 1].count() > MAX_OPTIONS:
            # Too many to list: the unit is typed by its code path ("31/10510").
            from binhdang.agencies.forms import UnitField

            self.fields["unit"] = UnitField(
                queryset=units,
                label=_("Province or commune"),
                help_text=_("The unit's code path: 31 = Hải Phòng, 31/10510 = a commune of it."),
                error_messages={"invalid_choice": _("No unit with this code in your area.")},
            )


def initial_of_agency(media) -> dict:
    return {
        "name": media.name,
        "kind": media.kind,
        "unit": media.unit,
        "agency": media.agency_id,
        "managing_body": media.managing_body,
        "is_active": media.is_active,
        "note": media.note,
    }


class AdoptionForm(forms.Form):
    DERIVE = ""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    status = forms.ChoiceField(
        label=pgettext_lazy("media registry", "Status"),
        required=False,
        choices=[("", _("Not decided: derive it from the self-assessments")),
                 *AdoptionStatus.choices],
    )  # fmt: skip
    decided_on = _date_field(_("Decided on"))
    decision_ref = forms.CharField(
        label=_("Decision"),
        max_length=200,
        required=False,
        help_text=_("Number and symbol, e.g. “45/QĐ-BHP”. Required for official application."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 3}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _count_field(label):
    return forms.IntegerField(
        label=label, min_value=0, required=False, widget=forms.NumberInput({"min": 0})
    )


class AssessmentForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    assessed_on = _date_field(_("Assessed on"))
    areas = forms.MultipleChoiceField(
        label=_("Sub-areas applied"),
        choices=SubArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    decision_ref = forms.CharField(
        label=_("Decision adopting the set"),
        max_length=200,
        required=False,
        help_text=_("The internal decision or regulation that adopted the indicator set, if any."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("The report on the set's template, the decision, analysis sheets (up to "
                    "%(mb)d MB each).") % {"mb": MAX_EVIDENCE_BYTES // (1024 * 1024)},
    )  # fmt: skip
    remove_files = EvidenceChoiceField(
        label=_("Remove these files"),
        queryset=EvidenceFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        for prefix, _label in PEOPLE_FIGURES:
            self.fields[f"{prefix}_female"] = _count_field(_("Women"))
            self.fields[f"{prefix}_male"] = _count_field(_("Men"))
        self.fields["items_reviewed"] = _count_field(_("Items reviewed"))
        for name, label in ITEM_FIGURES:
            self.fields[name] = _count_field(label)
        if assessment is not None:
            self.fields["remove_files"].queryset = assessment.evidence_files.all()
        else:
            del self.fields["remove_files"]

    def people_rows(self):
        """(label, women field, men field) for the template's figures table."""
        return [
            (label, self[f"{prefix}_female"], self[f"{prefix}_male"])
            for prefix, label in PEOPLE_FIGURES
        ]

    def item_fields(self):
        return [self["items_reviewed"], *(self[name] for name, _label in ITEM_FIGURES)]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("evidence", None)
        data.pop("remove_files", None)
        return data


def initial_of_assessment(assessment) -> dict:
    from binhdang.media.services import COUNT_FIELDS

    initial = {
        "year": assessment.year,
        "assessed_on": assessment.assessed_on,
        "areas": assessment.areas,
        "decision_ref": assessment.decision_ref,
        "notes": assessment.notes,
    }
    initial.update({name: getattr(assessment, name) for name in COUNT_FIELDS})
    return initial


class MediaImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook"),
        help_text=_("The .xlsx template, filled in."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Choose an .xlsx file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class MediaFilterForm(forms.Form):
    """The list's filters; `selectors.media_list` reads the same names from request.GET."""

    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    province = forms.ModelChoiceField(
        label=pgettext_lazy("media registry", "Province"),
        required=False,
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("All provinces"),
    )
    commune = forms.ModelChoiceField(
        label=pgettext_lazy("media registry", "Commune"),
        required=False,
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("All communes"),
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("media registry", "Kind"),
        required=False,
        choices=[("", pgettext_lazy("media registry", "All kinds")), *MediaKind.choices],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, choices=())
    status = forms.ChoiceField(
        label=_("Status that year"),
        required=False,
        choices=[("", pgettext_lazy("media registry", "Any status")), (selectors.STATUS_APPLYING, _("Pilot or official")),
                 *AdoptionStatus.choices],
    )  # fmt: skip
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("Active only")), (selectors.ACTIVE_NO, _("Inactive only")),
                 (selectors.ACTIVE_ALL, _("All"))],
    )  # fmt: skip

    def __init__(self, *args, user, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["year"].initial = year
        units = AdministrativeUnit.objects.visible_to(user).filter(generation=Generation.CURRENT)
        provinces = units.filter(level=UnitLevel.PROVINCE).order_by("name")
        self.fields["province"].queryset = provinces
        communes = units.filter(level=UnitLevel.COMMUNE)
        province_id = self.data.get("province") if self.is_bound else None
        if province_id and str(province_id).isdigit():
            communes = communes.filter(parent_id=int(province_id))
        communes = communes.order_by("name")
        if communes[: MAX_OPTIONS + 1].count() <= MAX_OPTIONS:
            self.fields["commune"].queryset = communes
        else:
            del self.fields["commune"]
        if provinces.count() <= 1:
            del self.fields["province"]
