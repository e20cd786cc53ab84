"""Forms for the registry pages. They read input (ModelForms for the labels and the
model's own rules) and are never saved: the views hand `cleaned_data` to the services."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.agencies.models import Agency
from binhdang.geo.choices import UnitLevel
from binhdang.geo.models import AdministrativeUnit
from binhdang.plans.models import Activity, Plan
from binhdang.registries.choices import REVIEW_YEARS
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.registries.services import writable_area
from binhdang.registries.xlsx import MAX_BYTES, unit_label

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
# A select with more options than this becomes a text box (a national user's 14,000 units).
MAX_OPTIONS = 800


class _UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class _AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class _ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = " ".join(obj.title.split())
        return f"{obj.pk} – {title[:90]}{'…' if len(title) > 90 else ''}"


class RegistryForm(forms.ModelForm):
    """A registry's form: the choices of units, agencies, plans and activities are the
    ones the user may pick (a text box when there are too many to list)."""

    # Fields whose unit must lie in the user's area, and the level it must have.
    unit_levels: dict[str, str | None] = {}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance if self.instance.pk else None
        for name, field in list(self.fields.items()):
            if not isinstance(field, forms.ModelChoiceField):
                continue
            current = getattr(instance, f"{name}_id", None) if instance else None
            model = field.queryset.model
            if model is AdministrativeUnit:
                self._unit_choices(name, current)
            elif model is Agency:
                self._choices(name, Agency.objects.visible_to(user), current, _AgencyChoiceField)
            elif model is Plan:
                self._choices(name, Plan.objects.visible_to(user), current, None)
            elif model is Activity:
                activities = Activity.objects.filter(
                    task__plan__in=Plan.objects.visible_to(user)
                ).order_by("task__plan_id", "task__order", "order")
                self._choices(name, activities, current, _ActivityChoiceField)
        if "start_year" in self.fields:
            self.fields["start_year"].widget.attrs.setdefault("placeholder", "2025")

    def _unit_choices(self, name, current):
        units = AdministrativeUnit.objects.filter(writable_area(self.user).unit_q())
        level = self.unit_levels.get(name)
        if level:
            units = units.filter(level=level)
        if current:
            units = AdministrativeUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=current))
        units = units.order_by("generation", "path")  # today's map first
        old = self.fields[name]
        field = _UnitChoiceField(
            queryset=units,
            required=old.required,
            label=old.label,
            help_text=old.help_text,
            empty_label="—",
        )
        if units.count() > MAX_OPTIONS:
            field.to_field_name = "path"
            field.widget = forms.TextInput()
            field.help_text = _(
                "The unit's code path: 92/31147 for a ward of Cần Thơ today, "
                "L92/916/31135 for a ward before 1/7/2025."
            )
        self.fields[name] = field

    def _choices(self, name, queryset, current, field_class):
        if current:
            queryset = queryset.model._default_manager.filter(
                Q(pk__in=queryset.values("pk")) | Q(pk=current)
            ).order_by(*queryset.query.order_by or queryset.model._meta.ordering)
        old = self.fields[name]
        field_class = field_class or forms.ModelChoiceField
        field = field_class(
            queryset=queryset,
            required=old.required,
            label=old.label,
            help_text=old.help_text,
            empty_label="—",
        )
        if queryset.count() > MAX_OPTIONS:
            field.widget = forms.NumberInput()
            field.help_text = _("Too many to list: enter the number of the record.")
        self.fields[name] = field


class ModelSiteForm(RegistryForm):
    unit_levels = {"unit": UnitLevel.COMMUNE}

    class Meta:
        model = ModelSite
        fields = [
            "model_type",
            "type_other",
            "name",
            "unit",
            "lead_agency",
            "plan",
            "activity",
            "mode",
            "start_year",
            "end_year",
            "status",
            "members_female",
            "members_male",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class InspectionForm(RegistryForm):
    class Meta:
        model = Inspection
        fields = [
            "kind",
            "date",
            "inspecting_agency",
            "inspected_agency",
            "subject",
            "plan",
            "findings",
            "violations_count",
            "violations",
            "recommendations",
            "follow_up_due",
            "follow_up_status",
            "follow_up_note",
            "document_ref",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "subject": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 3}),
            "violations": forms.Textarea(attrs={"rows": 2}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
            "follow_up_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date", "follow_up_due"):
            self.fields[name].input_formats = DATE_FORMATS


class AwardForm(RegistryForm):
    class Meta:
        model = Award
        fields = [
            "recipient_kind",
            "recipient_name",
            "recipient_agency",
            "unit",
            "sex",
            "award_form",
            "award_form_other",
            "awarding_body",
            "decision_number",
            "decision_date",
            "review",
            "year",
            "achievement",
        ]
        widgets = {
            "decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "achievement": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].input_formats = DATE_FORMATS
        self.fields["year"].required = False
        self.fields["year"].help_text = _(
            "Empty: 2025 for the mid-term review, 2030 for the final."
        )
        self.fields["unit"].required = False
        self.fields["unit"].help_text = _("Empty: the unit of the recipient's agency.")

    def clean(self):
        data = super().clean()
        if data.get("year") is None and data.get("review") in REVIEW_YEARS:
            data["year"] = REVIEW_YEARS[data["review"]]
        agency = data.get("recipient_agency")
        if data.get("unit") is None and agency is not None and agency.unit_id:
            data["unit"] = agency.unit
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The template filled in, or a downloaded list corrected."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        return upload
