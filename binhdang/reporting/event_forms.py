"""Forms for the communication-event pages. They read input; the services decide and write."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.agencies.models import Agency
from binhdang.geo.choices import Generation
from binhdang.geo.models import AdministrativeUnit
from binhdang.reporting.choices import BudgetSource, Channel, EventType, TargetGroup
from binhdang.reporting.event_import import MAX_BYTES
from binhdang.reporting.event_services import agency_scope, visible_activities
from binhdang.reporting.groups import mask_to_groups
from binhdang.reporting.models import CommEvent

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
# A select longer than this is left out of the filters (a national user's 3,000 communes).
MAX_OPTIONS = 400


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = " ".join(obj.title.split())
        return f"{obj.pk} – {title[:90]}{'…' if len(title) > 90 else ''}"


class EventForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    event_type = forms.ChoiceField(
        label=_("Type of event"), choices=[("", "—"), *EventType.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("The usual one for this type")), *Channel.choices],
        required=False,
        help_text=_("Empty: in person for meetings and training, social media for posts."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        help_text=_("What the event was, e.g. “Hội nghị tuyên truyền Luật Bình đẳng giới”."),
    )
    unit = forms.ModelChoiceField(
        label=_("Where"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("The commune or ward; empty: your agency's own area."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants_male = forms.IntegerField(
        label=_("Men"), min_value=0, required=False, widget=forms.NumberInput({"min": 0})
    )
    participants_female = forms.IntegerField(
        label=_("Women"), min_value=0, required=False, widget=forms.NumberInput({"min": 0})
    )
    participants_total = forms.IntegerField(
        label=_("Participants in all"),
        min_value=0,
        required=False,
        widget=forms.NumberInput({"min": 0}),
        help_text=_("Empty: men + women."),
    )
    product = forms.CharField(
        label=_("Product"),
        max_length=200,
        required=False,
        help_text=_("Leaflets, posters, news items, videos…"),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=0, required=False, widget=forms.NumberInput({"min": 0})
    )
    cost = forms.DecimalField(
        label=_("Cost (VND)"),
        min_value=0,
        max_digits=16,
        decimal_places=0,
        required=False,
        widget=forms.NumberInput({"min": 0, "step": 1000}),
    )
    budget_source = forms.ChoiceField(
        label=_("Budget source"),
        choices=[("", "—"), *BudgetSource.choices],
        required=False,
        help_text=_("Required when there is a cost."),
    )
    activity = ActivityChoiceField(
        label=_("Plan activity"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("The activity of a plan that this event carries out."),
    )
    is_digital = forms.BooleanField(label=_("On digital platforms"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, agency, event: CommEvent | None = None, **kwargs):
        if event is not None and not kwargs.get("initial"):
            kwargs["initial"] = initial_of(event)
        super().__init__(*args, **kwargs)
        self.agency = agency
        units = AdministrativeUnit.objects.filter(agency_scope(agency).unit_q())
        wanted = Q(generation=Generation.CURRENT)
        if event is not None:
            wanted |= Q(pk=event.unit_id)
        unit_field = self.fields["unit"]
        unit_field.queryset = units.filter(wanted).order_by("path")
        if agency.unit is not None:
            unit_field.empty_label = _("Your agency's area (%(unit)s)") % {"unit": agency.unit}
        else:
            unit_field.required = True
        activities = visible_activities(user=user)
        if agency is not None:
            from binhdang.plans.selectors import agency_lineage

            mine = Q(assignments__agencies__in=agency_lineage(agency))
            if event is not None and event.activity_id:
                mine |= Q(pk=event.activity_id)
            activities = activities.filter(mine)
        self.fields["activity"].queryset = activities.distinct().order_by(
            "task__plan_id", "task__order", "order"
        )


def initial_of(event: CommEvent) -> dict:
    return {
        "date": event.date,
        "event_type": event.event_type,
        "channel": event.channel,
        "title": event.title,
        "unit": event.unit_id,
        "target_groups": mask_to_groups(event.target_groups),
        "participants_male": event.participants_male,
        "participants_female": event.participants_female,
        "participants_total": event.participants_total,
        "product": event.product,
        "quantity": event.quantity,
        "cost": event.cost,
        "budget_source": event.budget_source,
        "activity": event.activity_id,
        "is_digital": event.is_digital,
        "note": event.note,
    }


class EventImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook"),
        help_text=_(".xlsx (the template) or .csv, up to 200 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".xlsm", ".csv", ".txt")):
            raise forms.ValidationError(_("Choose an .xlsx or .csv file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB: split it into several files.")
                % {"limit": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class EventFilterForm(forms.Form):
    """The list's filters; `event_list` reads the same names from request.GET."""

    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2015, max_value=2100)
    event_type = forms.ChoiceField(
        label=_("Type of event"),
        required=False,
        choices=[("", _("All types")), *EventType.choices],
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Where"),
        required=False,
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("Everywhere"),
    )
    agency = forms.ModelChoiceField(
        label=_("Organiser"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("All organisers"),
    )
    activity = forms.IntegerField(required=False, widget=forms.HiddenInput)
    batch = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = (
            AdministrativeUnit.objects.visible_to(user)
            .filter(generation=Generation.CURRENT)
            .order_by("path")
        )
        agencies = Agency.objects.visible_to(user).current().order_by("unit__path", "name")
        # A select too long to use is left out; its parameter still works in the URL.
        if units[: MAX_OPTIONS + 1].count() <= MAX_OPTIONS:
            self.fields["unit"].queryset = units
        else:
            del self.fields["unit"]
        if agencies[: MAX_OPTIONS + 1].count() <= MAX_OPTIONS:
            self.fields["agency"].queryset = agencies.select_related("unit")
        else:
            del self.fields["agency"]
