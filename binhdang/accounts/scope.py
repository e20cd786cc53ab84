"""The scope rule: which administrative units (and so which data) a user may see.

A user's scope is the unit of the user's agency and everything below it. A provincial
agency's people therefore see the whole province — including the pre-2025 units that now
lie in it — and a commune's people see their commune and the old communes merged into it.
A user without an agency sees nothing, except superusers and people of a national agency
(no unit), who see everything.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from binhdang.geo.choices import Generation, UnitLevel


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    nothing: bool = False
    unit_id: int | None = None
    unit_path: str = ""
    unit_level: str = ""
    province_id: int | None = None
    ancestor_ids: tuple[int, ...] = ()

    def unit_q(self, prefix: str = "") -> Q:
        """A Q over AdministrativeUnit (or, with `prefix="unit__"`, a model pointing at one)."""
        if self.everything:
            return Q()
        if self.nothing or self.unit_id is None:
            return Q(pk__in=[])
        p = prefix
        q = Q(**{f"{p}path__startswith": self.unit_path}) & (
            Q(**{f"{p}path": self.unit_path}) | Q(**{f"{p}path__startswith": self.unit_path + "/"})
        )
        if self.unit_level == UnitLevel.PROVINCE:
            q |= Q(**{f"{p}generation": Generation.LEGACY, f"{p}province_id": self.province_id})
        else:
            # The old communes merged into this one (a subquery: no join, no duplicates).
            from binhdang.geo.models import UnitSuccession

            old = UnitSuccession.objects.filter(successor_id=self.unit_id).values("predecessor_id")
            q |= Q(**{f"{p}pk__in": old})
        if self.ancestor_ids:
            # Parents are shown for context (breadcrumbs), never their other children.
            q |= Q(**{f"{p}pk__in": list(self.ancestor_ids)})
        return q

    def contains_unit(self, unit) -> bool:
        from binhdang.geo.models import AdministrativeUnit

        if self.everything:
            return True
        return AdministrativeUnit.objects.filter(self.unit_q(), pk=unit.pk).exists()


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(nothing=True)
    cached = getattr(user, "_binhdang_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._binhdang_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    if user.is_superuser:
        return Scope(everything=True)
    agency = user.agency
    if agency is None:
        return Scope(nothing=True)
    unit = agency.unit
    if unit is None:  # a national body: ministry, national committee
        return Scope(everything=True)
    ancestors = []
    parent = unit.parent
    while parent is not None:
        ancestors.append(parent.pk)
        parent = parent.parent
    return Scope(
        unit_id=unit.pk,
        unit_path=unit.path,
        unit_level=unit.level,
        province_id=unit.province_id or unit.pk,
        ancestor_ids=tuple(ancestors),
    )


class UnitScopedQuerySet(models.QuerySet):
    """A QuerySet whose rows belong to an administrative unit (through `unit_lookup`).

    `visible_to(user)` keeps the rows inside the user's scope. With `include_unitless`,
    rows without a unit (national bodies) are shown to every signed-in user with a scope.
    """

    unit_lookup = "unit__"
    include_unitless = False

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.everything:
            return self
        if scope.nothing:
            return self.none()
        q = scope.unit_q(self.unit_lookup)
        if self.include_unitless:
            q |= Q(**{f"{self.unit_lookup}isnull": True})
        return self.filter(q)
