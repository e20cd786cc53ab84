"""The one FilterSet behind the conventions list and its export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdang.conventions.choices import ConventionKind, ConventionStatus, ReviewResult
from binhdang.core.text import fold
from binhdang.geo.choices import Generation, UnitLevel
from binhdang.geo.models import AdministrativeUnit
from binhdang.geo.selectors import province_choices

# A select longer than this is left out of the page (a national user's 3,300 communes);
# its parameter still works in the URL.
MAX_OPTIONS = 400


def commune_choices(*, user):
    """Communes of today's map in the user's scope."""
    return (
        AdministrativeUnit.objects.visible_to(user)
        .filter(generation=Generation.CURRENT, level=UnitLevel.COMMUNE)
        .order_by("path")
    )


class ConventionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    province = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("convention filter", "Province"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("All provinces"),
        method="filter_area",
    )
    unit = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("convention filter", "Commune"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=_("All communes"),
        method="filter_area",
    )
    kind = django_filters.ChoiceFilter(
        label=pgettext_lazy("convention filter", "Kind"),
        choices=ConventionKind.choices,
        empty_label=_("All kinds"),
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("convention filter", "Status"),
        choices=ConventionStatus.choices,
        empty_label=_("Any status"),
    )
    result = django_filters.ChoiceFilter(
        label=_("Review result"),
        field_name="review_result",
        choices=ReviewResult.choices,
        empty_label=_("Any result"),
    )
    flagged = django_filters.ChoiceFilter(
        label=_("Flags"),
        method="filter_flagged",
        choices=[("1", _("Has flagged clauses")), ("0", _("No flagged clause"))],
        empty_label=_("With or without"),
    )
    year = django_filters.NumberFilter(
        label=_("In force on 31/12 of"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 1945, "max": 2100, "placeholder": "2025"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None:
            return
        self.filters["province"].queryset = province_choices(user=user)
        self.filters["unit"].queryset = commune_choices(user=user)

    def filter_q(self, queryset, name, value):
        """Words of the village's name or the decision, with or without diacritics."""
        key = fold(value or "")
        if not key:
            return queryset
        q = Q()
        for word in key.split()[:8]:
            q &= Q(fold_key__contains=word)
        return queryset.filter(q | Q(unit__fold_key__contains=key))

    def filter_area(self, queryset, name, value):
        """The unit, the units under it and the pre-2025 units that became part of it."""
        from binhdang.reporting.selectors import unit_area_q

        if not value:
            return queryset
        return queryset.filter(unit_area_q(value, "unit__"))

    def filter_flagged(self, queryset, name, value):
        if value == "1":
            return queryset.filter(flagged_count__gt=0)
        if value == "0":
            return queryset.filter(flagged_count=0)
        return queryset

    def filter_year(self, queryset, name, value):
        from datetime import date

        if not value or not 1945 <= int(value) <= 2100:
            return queryset
        return queryset.in_force_on(date(int(value), 12, 31))

    @property
    def has_filters(self) -> bool:
        return any(self.data.get(name) for name in self.filters) if self.data else False

    def unit_select_fits(self) -> bool:
        return self.filters["unit"].queryset[: MAX_OPTIONS + 1].count() <= MAX_OPTIONS
