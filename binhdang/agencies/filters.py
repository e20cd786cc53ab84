"""The agency FilterSet, shared by the HTML list and (later) the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.agencies.choices import AgencyKind
from binhdang.agencies.keys import name_key
from binhdang.agencies.models import Agency
from binhdang.core.text import fold
from binhdang.geo.models import AdministrativeUnit


class Status:
    CURRENT = "current"
    ENDED = "ended"
    ALL = "all"
    CHOICES = (
        (CURRENT, _("In force")),
        (ENDED, _("Ended")),
        (ALL, _("All")),
    )


def _tag_choices():
    from binhdang.agencies.services import KNOWN_TAGS

    return [(tag, TAG_LABELS.get(tag, tag)) for tag in KNOWN_TAGS]


TAG_LABELS = {
    "department": _("Departments"),
    "board": _("Boards"),
    "sector": _("Sector bodies"),
    "mass_organisation": _("Mass organisations"),
    "socio_political": _("Socio-political organisations"),
    "mttq": _("Fatherland Front"),
    "mttq_member": _("Fatherland Front members"),
    "media": _("Press and media"),
    "information": _("Information channels"),
    "province_pc": _("Provincial People's Committee"),
    "district_pc": _("District People's Committees"),
    "commune_pc": _("Commune People's Committees"),
    "district_office": _("District offices"),
    "public_service": _("Public service units"),
    "party": _("Party bodies"),
    "central": _("Central bodies"),
}


class AgencyFilterSet(django_filters.FilterSet):
    """q (name, other names, abbreviation), unit (and below), kind, status, group tag."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    unit = django_filters.ModelChoiceFilter(
        queryset=AdministrativeUnit.objects.none(),
        method="filter_unit",
        label=_("Administrative unit"),
        empty_label=_("All units"),
    )
    kind = django_filters.ChoiceFilter(
        choices=AgencyKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        choices=Status.CHOICES,
        method="filter_status",
        label=_("Status"),
        empty_label=None,
        initial=Status.CURRENT,
    )
    tag = django_filters.ChoiceFilter(
        choices=_tag_choices, method="filter_tag", label=_("Group"), empty_label=_("All groups")
    )

    class Meta:
        model = Agency
        fields: list[str] = []

    def __init__(self, data=None, *args, user=None, **kwargs):
        if data is not None:
            data = data.copy()
            if not data.get("status"):
                data["status"] = Status.CURRENT
        super().__init__(data, *args, **kwargs)
        units = AdministrativeUnit.objects.filter(level="province").order_by("generation", "code")
        if user is not None:
            units = units.visible_to(user)
        self.filters["unit"].queryset = units

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        key = name_key(value)
        folded = fold(value)
        matching = (
            Q(search_key__contains=key)
            | Q(full_name__icontains=value)
            | Q(abbreviation__iexact=value)
            | Q(aliases__key__contains=key)
            | Q(catalogue_code__icontains=folded.replace(" ", "-"))
        )
        return queryset.filter(matching).distinct()

    def filter_unit(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(unit=value) | Q(unit__path__startswith=value.path + "/"))

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == Status.ENDED:
            return queryset.filter(valid_to__lt=today)
        if value == Status.ALL:
            return queryset
        return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today)
        )

    def filter_tag(self, queryset, name, value):
        if not value:
            return queryset
        # Tags are a JSON list; a text match on the serialised list works on SQLite and
        # PostgreSQL alike (tags are slugs, so '"media"' cannot match inside another tag).
        return queryset.filter(tags__icontains=f'"{value}"')
