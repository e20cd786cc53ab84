"""`binhdang setup --demo` loads everything once; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from binhdang.accounts.models import User
from binhdang.agencies.models import Agency
from binhdang.core.models import AuditEntry
from binhdang.geo.models import AdministrativeUnit
from binhdang.ops.demo import DEMO_PASSWORD, DEMO_USERS
from binhdang.plans.models import Plan, Programme


@pytest.mark.django_db(transaction=True)
def test_setup_is_complete_and_idempotent():
    out = StringIO()
    call_command("setup", "--demo", stdout=out)
    counts = (
        AdministrativeUnit.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        Programme.objects.count(),
        Plan.objects.count(),
    )
    assert AdministrativeUnit.objects.current().provinces().count() == 34
    assert User.objects.count() == len(DEMO_USERS)
    focal = User.objects.get(username="hp.focal")
    assert focal.check_password(DEMO_PASSWORD)
    assert focal.agency.unit.code == "31"
    assert focal.has_perm("plans.add_plan")
    assert DEMO_PASSWORD in out.getvalue()
    # Last year's sent reports carry figures, so the dashboards, synthesis reports and the
    # API's dataValueSets have something to show on a fresh demo.
    from binhdang.reporting.models import DataValue

    sent = DataValue.objects.values_list("submission__agency__users__username", flat=True)
    assert {"hp.yte", "hp.thanhdong"} <= set(sent)

    audit_before = AuditEntry.objects.count()
    call_command("setup", "--demo", stdout=StringIO())
    assert (
        AdministrativeUnit.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        Programme.objects.count(),
        Plan.objects.count(),
    ) == counts
    assert AuditEntry.objects.filter(action="accounts.user.created").count() == len(DEMO_USERS)
    assert AuditEntry.objects.count() - audit_before <= 1  # at most the roles sync note


@pytest.mark.django_db
def test_demo_users_refused_when_demo_data_is_off(settings):
    from django.core.exceptions import ImproperlyConfigured

    from binhdang.ops.demo import demo_users_load

    settings.BINHDANG_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        demo_users_load()
    assert User.objects.count() == 0
