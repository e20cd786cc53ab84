"""Reads for administrative units. Every read starts from `visible_to(user)`."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from binhdang.geo.choices import Generation, SuccessionKind, UnitLevel
from binhdang.geo.models import AdministrativeUnit, UnitSuccession
from binhdang.geo.names import SearchTerms, search_terms

_LEVEL_ORDER = Case(
    When(level=UnitLevel.PROVINCE, then=Value(0)),
    When(level=UnitLevel.DISTRICT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
_CODE_DIGITS = 5


def unit_base(*, user) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.visible_to(user)


def unit_list(*, user) -> QuerySet[AdministrativeUnit]:
    """Units in the user's scope, ready for a table (province, parent and successors)."""
    return (
        unit_base(user=user)
        .select_related("province", "parent")
        .prefetch_related(
            Prefetch(
                "successions_out",
                queryset=UnitSuccession.objects.select_related("successor").order_by(
                    "successor__path"
                ),
                to_attr="successions_out_list",
            )
        )
        .order_by("path")
    )


def unit_search_filter(
    qs: QuerySet[AdministrativeUnit], query: str
) -> QuerySet[AdministrativeUnit]:
    """Narrow `qs` to units matching what was typed, best matches first.

    "Hải Phòng", "TP. Hải Phòng", "thành phố Hải Phòng", "hai phong", decomposed or
    composed Unicode and either tone placement ("Hoà"/"Hòa") find the same unit. Exact
    names come first, then names starting with the text, then names containing it; within
    each, units of the level word typed ("tỉnh", "phường"…), then provinces (of either
    map), then the current map before the old one.
    """
    terms = search_terms(query)
    if terms is None:
        return qs
    field_name = "fold_key" if terms.folded else "search_key"
    exact = Q()
    prefix = Q()
    contains = Q()
    for key in terms.keys:
        exact |= Q(**{field_name: key})
        prefix |= Q(**{f"{field_name}__startswith": key})
        contains |= Q(**{f"{field_name}__contains": key})
    if terms.code:
        exact |= Q(code=terms.code)
        prefix |= Q(code__startswith=terms.code)
    rank = Case(
        When(exact, then=Value(0)),
        When(prefix, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    qs = qs.filter(contains | prefix | exact).annotate(
        search_rank=rank,
        type_rank=_type_rank(terms),
        province_rank=Case(
            When(level=UnitLevel.PROVINCE, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        generation_rank=Case(
            When(generation=Generation.CURRENT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        level_rank=_LEVEL_ORDER,
    )
    return qs.order_by(
        "search_rank", "type_rank", "province_rank", "generation_rank", "level_rank", "path"
    )


def _type_rank(terms: SearchTerms):
    if not terms.division_types:
        return Value(0, output_field=IntegerField())
    return Case(
        When(division_type__in=sorted(terms.division_types), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def unit_search(
    *, user, query: str, generation: str | None = None, level: str | None = None
) -> QuerySet[AdministrativeUnit]:
    """Units in the user's scope matching `query` (see `unit_search_filter`)."""
    qs = unit_base(user=user)
    if generation:
        qs = qs.filter(generation=generation)
    if level:
        qs = qs.filter(level=level)
    return unit_search_filter(qs, query).select_related("province", "parent")


def unit_get_by_code(*, user, code: str, generation: str | None = None) -> AdministrativeUnit:
    """The unit with this code (the current map first), or a ValidationError to show.

    "1", "01" and "001" all find Hà Nội; units outside the user's scope are "not found"
    like units that do not exist.
    """
    text = (code or "").strip()
    if not text.isdigit() or len(text) > _CODE_DIGITS:
        raise ValidationError(
            _("“%(code)s” is not a unit code: a code has 2 digits (province) or 5 (commune)."),
            code="invalid_code",
            params={"code": text},
        )
    variants = [text] + [text.zfill(n) for n in (2, 3, 5) if text.zfill(n) != text]
    qs = unit_base(user=user).filter(code__in=variants)
    if generation:
        qs = qs.filter(generation=generation)
    qs = qs.annotate(
        generation_rank=Case(
            When(generation=Generation.CURRENT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        exact_rank=Case(
            When(code=text, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("generation_rank", "exact_rank", _LEVEL_ORDER.asc())
    unit = qs.first()
    if unit is None:
        raise ValidationError(
            _("There is no administrative unit with the code “%(code)s”."),
            code="unknown_code",
            params={"code": text},
        )
    return unit


@dataclass
class UnitDetail:
    unit: AdministrativeUnit
    ancestors: list[AdministrativeUnit]
    children: QuerySet[AdministrativeUnit]
    predecessors: list[UnitSuccession] = field(default_factory=list)
    successors: list[UnitSuccession] = field(default_factory=list)
    abolished_districts: int = 0  # for a current province: the old districts it took over
    # Ancestors the user may open (a commune's people see the old communes merged into it,
    # not the old district around them): the others are shown without a link.
    visible_ancestor_ids: set[int] = field(default_factory=set)


def unit_detail(*, user, unit: AdministrativeUnit) -> UnitDetail:
    """A unit with its breadcrumb chain, children and succession in both directions."""
    ancestors: list[AdministrativeUnit] = []
    parent = unit.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    visible = unit_base(user=user)
    visible_ancestor_ids = set(
        visible.filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True)
    )
    children = visible.filter(parent=unit).select_related("province").order_by("path")
    incoming = (
        UnitSuccession.objects.filter(successor=unit, predecessor__in=visible)
        .select_related("predecessor", "predecessor__parent")
        .order_by("predecessor__path")
    )
    abolished = 0
    if unit.level == UnitLevel.PROVINCE:
        abolished = incoming.filter(kind=SuccessionKind.ABOLISHED).count()
        incoming = incoming.exclude(kind=SuccessionKind.ABOLISHED)
    outgoing = (
        UnitSuccession.objects.filter(predecessor=unit, successor__in=visible)
        .select_related("successor", "successor__parent")
        .order_by("successor__path")
    )
    return UnitDetail(
        unit=unit,
        ancestors=ancestors,
        children=children,
        predecessors=list(incoming),
        successors=list(outgoing),
        abolished_districts=abolished,
        visible_ancestor_ids=visible_ancestor_ids,
    )


def province_choices(*, user) -> QuerySet[AdministrativeUnit]:
    """Current provinces in the user's scope, for filters."""
    return (
        unit_base(user=user)
        .filter(generation=Generation.CURRENT, level=UnitLevel.PROVINCE)
        .order_by("path")
    )
