"""Forms of the conventions pages. They read input; the services decide and write."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.agencies.models import Agency
from binhdang.conventions.choices import (
    ConventionKind,
    ConventionStatus,
    ReviewResult,
    Verdict,
    VillageKind,
)
from binhdang.conventions.filters import commune_choices
from binhdang.conventions.models import Convention
from binhdang.conventions.services import TEXT_MAX
from binhdang.geo.models import AdministrativeUnit

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
TEXT_FILE_MAX = 10 * 1024 * 1024
IMPORT_MAX = 20 * 1024 * 1024


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ConventionForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("convention", "Kind"), choices=ConventionKind.choices
    )
    village_kind = forms.ChoiceField(
        label=_("Kind of village"), choices=[("", "—"), *VillageKind.choices]
    )
    village_name = forms.CharField(
        label=_("Village name"),
        max_length=200,
        help_text=_("Without the kind of village, e.g. “Đông Thái”."),
    )
    unit = UnitChoiceField(
        label=_("Commune or ward"), queryset=AdministrativeUnit.objects.none(), empty_label="—"
    )
    adopted_on = _date_field(_("Adopted on"))
    amended_on = _date_field(_("Last amended on"), required=False)
    decision_ref = forms.CharField(
        label=_("Approving decision"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Quyết định số 125/QĐ-UBND ngày 10/3/2020 của UBND xã”."),
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("convention", "Status"), choices=ConventionStatus.choices
    )
    ended_on = _date_field(
        _("No longer in force from"),
        required=False,
        help_text=_("Only for a replaced or repealed convention."),
    )
    text = forms.CharField(
        label=_("Full text"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "Paste the text, or upload it below. It is split into clauses (Chương, Điều, "
            "1., a)…) and each clause is checked for possible gender discrimination."
        ),
    )
    text_file = forms.FileField(
        label=_("…or upload the text"),
        required=False,
        help_text=_(".txt or .docx, up to 10 MB. Replaces the text above."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, convention: Convention | None = None, **kwargs):
        if convention is not None and not kwargs.get("initial"):
            kwargs["initial"] = initial_of(convention)
        super().__init__(*args, **kwargs)
        units = commune_choices(user=user)
        if convention is not None:
            units = AdministrativeUnit.objects.filter(
                Q(pk__in=units.values("pk")) | Q(pk=convention.unit_id)
            ).order_by("generation", "path")
        self.fields["unit"].queryset = units
        if not self.is_bound and convention is None:
            only = list(units[:2])
            if len(only) == 1:
                self.initial.setdefault("unit", only[0].pk)

    def clean_text_file(self):
        upload = self.cleaned_data.get("text_file")
        if not upload:
            return None
        name = upload.name.lower()
        if not name.endswith((".txt", ".docx")):
            raise forms.ValidationError(_("Choose a .txt or .docx file."))
        if upload.size > TEXT_FILE_MAX:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        from binhdang.plans.importers.errors import PlanImportError
        from binhdang.plans.importers.extract import extract_text

        try:
            return extract_text(upload.read(), filename=upload.name)
        except PlanImportError as error:
            raise forms.ValidationError(error.message) from None

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        uploaded = data.pop("text_file", None)
        if uploaded:
            data["text"] = uploaded
        return data


def initial_of(convention: Convention) -> dict:
    return {
        "kind": convention.kind,
        "village_kind": convention.village_kind,
        "village_name": convention.village_name,
        "unit": convention.unit_id,
        "adopted_on": convention.adopted_on,
        "amended_on": convention.amended_on,
        "decision_ref": convention.decision_ref,
        "status": convention.status,
        "ended_on": convention.ended_on,
        "text": convention.text,
        "note": convention.note,
    }


class ReviewForm(forms.Form):
    reviewed_on = _date_field(_("Reviewed on"), required=False)
    reviewer_name = forms.CharField(
        label=_("Reviewed by"),
        max_length=200,
        required=False,
        help_text=_("The person or team who reviewed it."),
    )
    reviewer_agency = forms.ModelChoiceField(
        label=_("Reviewing agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    review_result = forms.ChoiceField(label=_("Result"), choices=ReviewResult.choices)
    discriminatory_found = forms.IntegerField(
        label=_("Discriminatory clauses found"), min_value=0, initial=0
    )
    clauses_fixed = forms.IntegerField(label=_("Clauses fixed"), min_value=0, initial=0)
    fixed_on = _date_field(
        _("Fixed on"), required=False, help_text=_("When the amended clauses were approved.")
    )
    review_note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        unit = convention.unit
        near = Q(unit__isnull=True) | Q(unit=unit)
        if unit.province_id:
            near |= Q(unit_id=unit.province_id)
        if unit.parent_id:
            near |= Q(unit_id=unit.parent_id)
        agencies = Agency.objects.visible_to(user).current().filter(near)
        if convention.reviewer_agency_id:
            agencies = Agency.objects.filter(
                Q(pk__in=agencies.values("pk")) | Q(pk=convention.reviewer_agency_id)
            )
        self.fields["reviewer_agency"].queryset = agencies.select_related("unit").order_by(
            "unit__path", "name"
        )

    def clean(self):
        data = super().clean()
        for name in ("discriminatory_found", "clauses_fixed"):
            if data.get(name) is None:
                data[name] = 0
        return data


def review_initial(convention: Convention, *, confirmed: int, today) -> dict:
    if convention.review_result == ReviewResult.NOT_REVIEWED:
        return {
            "reviewed_on": today,
            "review_result": (
                ReviewResult.DISCRIMINATION_FOUND if confirmed else ReviewResult.NO_DISCRIMINATION
            ),
            "discriminatory_found": confirmed,
            "clauses_fixed": 0,
        }
    return {
        "reviewed_on": convention.reviewed_on,
        "reviewer_name": convention.reviewer_name,
        "reviewer_agency": convention.reviewer_agency_id,
        "review_result": convention.review_result,
        "discriminatory_found": convention.discriminatory_found,
        "clauses_fixed": convention.clauses_fixed,
        "fixed_on": convention.fixed_on,
        "review_note": convention.review_note,
    }


class ClauseMarkForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[("", _("Not judged")), *Verdict.choices], required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ConventionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook"),
        help_text=_(".xlsx (the template or an export), up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Choose an .xlsx file."))
        if upload.size > IMPORT_MAX:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
