"""The FilterSets behind the registry lists and their exports (HTML now, the API later)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.core.text import fold
from binhdang.geo.models import AdministrativeUnit
from binhdang.geo.selectors import province_choices
from binhdang.registries.choices import (
    AwardForm,
    FollowUpStatus,
    InspectionKind,
    ModelType,
    RecipientKind,
    Review,
    SiteMode,
    SiteStatus,
)
from binhdang.registries.models import Award, Inspection, ModelSite

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class RegistryFilterSet(django_filters.FilterSet):
    """Words (with or without diacritics) and the province on today's map."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province (today)"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("All provinces"),
        method="filter_province",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = (
            province_choices(user=user) if user is not None else AdministrativeUnit.objects.none()
        )

    def filter_q(self, queryset, name, value):
        key = fold(value or "")
        if not key:
            return queryset
        q = Q()
        for word in key.split():
            q &= Q(search_key__contains=word)
        return queryset.filter(q)

    def filter_province(self, queryset, name, value):
        """The province, the communes in it and the pre-2025 units now inside it."""
        if not value:
            return queryset
        from binhdang.reporting.selectors import unit_area_q

        return queryset.filter(unit_area_q(value, "unit__"))


class ModelSiteFilterSet(RegistryFilterSet):
    model_type = django_filters.ChoiceFilter(
        label=_("Type of model"), choices=ModelType.choices, empty_label=_("All types")
    )
    mode = django_filters.ChoiceFilter(
        label=_("Mode"), choices=SiteMode.choices, empty_label=_("Any mode")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SiteStatus.choices, empty_label=_("Any status")
    )
    year = django_filters.NumberFilter(label=_("Active in"), method="filter_year")

    class Meta:
        model = ModelSite
        fields = ["q", "province", "model_type", "mode", "status", "year"]

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.active_in(int(value))


class InspectionFilterSet(RegistryFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=InspectionKind.choices, empty_label=_("All kinds")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="date", lookup_expr="year", min_value=1, max_value=9999
    )
    violations = django_filters.ChoiceFilter(
        label=_("With violations"),
        choices=YES_NO,
        empty_label=_("Either"),
        method="filter_violations",
    )
    follow_up_status = django_filters.ChoiceFilter(
        label=_("Follow-up"), choices=FollowUpStatus.choices, empty_label=_("Any follow-up")
    )

    class Meta:
        model = Inspection
        fields = ["q", "province", "kind", "year", "violations", "follow_up_status"]

    def filter_violations(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(violations_count__gt=0)
        if value == "no":
            return queryset.filter(violations_count=0)
        return queryset


class AwardFilterSet(RegistryFilterSet):
    review = django_filters.ChoiceFilter(
        label=_("Review"), choices=Review.choices, empty_label=_("Any review")
    )
    year = django_filters.NumberFilter(label=_("Year"))
    recipient_kind = django_filters.ChoiceFilter(
        label=_("Recipient"),
        choices=RecipientKind.choices,
        empty_label=_("Collectives and individuals"),
    )
    award_form = django_filters.ChoiceFilter(
        label=_("Form of award"), choices=AwardForm.choices, empty_label=_("Any form")
    )

    class Meta:
        model = Award
        fields = ["q", "province", "review", "year", "recipient_kind", "award_form"]
