"""The full unit data, loaded once for the geo tests and removed afterwards.

Loading takes a few seconds, so `units` loads it once per test package (outside the
per-test transactions, which then see it) and deletes it when the package is done, so
the other apps' tests start from an empty table as before.
"""

import pytest
from django.db import connection, transaction

from binhdang.core.models import AuditEntry
from binhdang.geo.models import AdministrativeUnit, UnitSuccession


@pytest.fixture(scope="package")
def units(django_db_setup, django_db_blocker):
    from binhdang.geo.services import units_load

    with django_db_blocker.unblock():
        stats = units_load()
    yield stats
    with django_db_blocker.unblock(), transaction.atomic():
        # Parents are PROTECTed: a raw delete of the whole table inside one transaction
        # (foreign keys are checked at commit) avoids deleting them in order.
        UnitSuccession.objects.all()._raw_delete(connection.alias)
        AdministrativeUnit.objects.all()._raw_delete(connection.alias)
        AuditEntry.objects.filter(action="geo.units.loaded").delete()


@pytest.fixture
def unit(units):
    """Look a unit up by path: unit("31"), unit("L17")."""

    def get(path: str) -> AdministrativeUnit:
        return AdministrativeUnit.objects.get(path=path)

    return get
