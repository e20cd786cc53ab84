"""The one FilterSet behind the plan list (HTML now, the API later)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from binhdang.core.text import fold
from binhdang.geo.models import AdministrativeUnit
from binhdang.geo.selectors import province_choices
from binhdang.plans.choices import PlanKind, PlanStatus
from binhdang.plans.models import Plan


class PlanFilterSet(django_filters.FilterSet):
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
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PlanKind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PlanStatus.choices, empty_label=_("Any status")
    )
    year = django_filters.NumberFilter(label=_("In force in"), method="filter_year")

    class Meta:
        model = Plan
        fields = ["q", "province", "kind", "status", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = (
            province_choices(user=user) if user is not None else AdministrativeUnit.objects.none()
        )

    def filter_q(self, queryset, name, value):
        """Number, title or place, typed with or without diacritics."""
        key = fold(value or "")
        if not key:
            return queryset
        q = Q()
        for word in key.split():
            q &= Q(search_key__contains=word)
        return queryset.filter(q | Q(unit__fold_key__contains=key))

    def filter_province(self, queryset, name, value):
        """Plans of the province on today's map and of every old unit now inside it."""
        if not value:
            return queryset
        return queryset.filter(Q(unit__province=value) | Q(unit=value))

    def filter_year(self, queryset, name, value):
        """Plans whose period includes the year (an open end counts as open)."""
        if not value:
            return queryset
        year = int(value)
        return queryset.filter(
            (Q(period_start__lte=year) | Q(period_start__isnull=True))
            & (Q(period_end__gte=year) | Q(period_end__isnull=True))
        ).exclude(period_start__isnull=True, period_end__isnull=True)
