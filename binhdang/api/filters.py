"""The pages' FilterSets, given the request's user (their choices are scoped), plus small
FilterSets for the resources whose pages have no list filters (rounds, reports, figures)."""

import inspect
from functools import cache

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

from binhdang.reporting.choices import (
    RoundKind,
    SubmissionStatus,
    ValueKind,
)
from binhdang.reporting.models import DataValue, ReportRound, Submission


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, passing `user=` to the FilterSets that take it (their
    choices, e.g. provinces, are limited to the user's scope)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and _takes_user(filterset_class):
            kwargs["user"] = getattr(request, "user", None)
        return kwargs


@cache
def _takes_user(filterset_class) -> bool:
    return "user" in inspect.signature(filterset_class.__init__).parameters


MAX_ID = 2**63 - 1


class RoundFilterSet(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", min_value=1, max_value=MAX_ID)
    year = django_filters.NumberFilter()
    kind = django_filters.ChoiceFilter(choices=RoundKind.choices)

    class Meta:
        model = ReportRound
        fields = ["plan", "year", "kind"]


class SubmissionFilterSet(django_filters.FilterSet):
    round = django_filters.NumberFilter(field_name="round_id", min_value=1, max_value=MAX_ID)
    agency = django_filters.NumberFilter(field_name="agency_id", min_value=1, max_value=MAX_ID)
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)
    year = django_filters.NumberFilter(field_name="round__year")

    class Meta:
        model = Submission
        fields = ["round", "agency", "status", "year"]


class DataValueFilterSet(django_filters.FilterSet):
    element = django_filters.CharFilter(field_name="element__code")
    period = django_filters.CharFilter()
    agency = django_filters.NumberFilter(field_name="agency_id", min_value=1, max_value=MAX_ID)
    unit = django_filters.NumberFilter(field_name="unit_id", min_value=1, max_value=MAX_ID)
    submission = django_filters.NumberFilter(
        field_name="submission_id", min_value=1, max_value=MAX_ID
    )
    kind = django_filters.ChoiceFilter(choices=ValueKind.choices)

    class Meta:
        model = DataValue
        fields = ["element", "period", "agency", "unit", "submission", "kind"]
