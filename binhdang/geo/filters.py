"""The one FilterSet behind the unit list (HTML now, the API later)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit
from binhdang.geo.selectors import province_choices, unit_search_filter


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name or code, e.g. Hải Phòng, 10510")}
        ),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=UnitLevel.choices, empty_label=_("All levels")
    )
    generation = django_filters.ChoiceFilter(
        label=_("Map"), choices=Generation.choices, empty_label=_("Both maps")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province (today)"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("All provinces"),
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["q", "level", "generation", "province"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = (
            province_choices(user=user) if user is not None else AdministrativeUnit.objects.none()
        )

    def filter_q(self, queryset, name, value):
        return unit_search_filter(queryset, value)
