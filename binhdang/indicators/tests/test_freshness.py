"""The cached target progress is never stale: each write moves the data versions of its
province, and only those, when its transaction commits."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.cache import caches

from binhdang.indicators import engine, freshness
from binhdang.indicators.models import DataStamp
from binhdang.indicators.tests.helpers import send, sub_of
from binhdang.indicators.tests.test_engine import conventions_target
from binhdang.reporting.choices import Channel, EventType

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_pending(iworld):
    # The fixtures' writes were never committed (the test's transaction rolls back).
    freshness.discard_pending()


@pytest.fixture
def cached(settings):
    settings.BINHDANG_PROGRESS_CACHE = True
    caches[freshness.CACHE_ALIAS].clear()
    yield
    caches[freshness.CACHE_ALIAS].clear()


def _event(unit, agency, **extra):
    from binhdang.reporting.models import CommEvent

    return CommEvent.objects.create(
        agency=agency,
        unit=unit,
        date=date(2025, 3, 1),
        event_type=EventType.TALK,
        channel=Channel.IN_PERSON,
        title="Sinh hoạt chuyên đề",
        **extra,
    )


def test_a_write_moves_its_province_and_all_once_at_commit(
    iworld, django_capture_on_commit_callbacks
):
    w = iworld
    before = freshness.versions()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _event(w.hp_a, w.ubnd_hp_a)
        _event(w.hp_b, w.ubnd_hp_b)
        assert freshness.versions() == before  # nothing moves before the commit
    for callback in callbacks:
        callback()
    after = freshness.versions()
    hp, ct = freshness.province_key(w.hp.pk), freshness.province_key(w.ct.pk)
    # Two writes in one transaction: one step.
    assert after[hp] == before.get(hp, 0) + 1
    assert after[freshness.ALL] == before.get(freshness.ALL, 0) + 1
    assert after.get(ct, 0) == before.get(ct, 0)
    assert after.get(freshness.CONFIG, 0) == before.get(freshness.CONFIG, 0)


def test_a_legacy_unit_moves_the_province_that_took_it_over(
    iworld, django_capture_on_commit_callbacks
):
    w = iworld
    assert freshness.provinces_of([w.old_commune.pk, w.hp_a.pk, w.hp.pk]) == {w.hp.pk}
    assert freshness.provinces_of([w.ct_a.pk, 10**9]) == {w.ct.pk, None}
    with django_capture_on_commit_callbacks(execute=True):
        freshness.mark_changed([10**9])  # a unit that does not exist: everything
    assert DataStamp.objects.get(key=freshness.CONFIG).version >= 1


def test_an_indicator_change_moves_every_number(iworld, django_capture_on_commit_callbacks):
    from binhdang.indicators.models import Indicator

    before = freshness.versions().get(freshness.CONFIG, 0)
    with django_capture_on_commit_callbacks(execute=True):
        ind = Indicator.objects.get(code="conventions-ok")
        ind.save()
    assert freshness.versions()[freshness.CONFIG] == before + 1


def test_the_cache_serves_until_the_province_writes(
    iworld, cached, django_capture_on_commit_callbacks
):
    w = iworld
    with django_capture_on_commit_callbacks(execute=True):
        target = conventions_target(w)
        send(
            sub_of(w.round_hp, w.yte_hp),
            {"conventions.total": 10, "conventions.non_discriminatory": 9},
        )
    first = engine.target_progress(target=target, year=2025)
    assert first.current.value == D("90.00")

    # A write that fires no signal is not seen: the cached answer is served, which is what
    # proves the cache is read (a bulk path must send `data_changed` itself).
    from binhdang.reporting.models import DataValue

    DataValue.objects.filter(element__code="conventions.non_discriminatory").update(value=1)
    assert engine.target_progress(target=target, year=2025).current.value == D("90.00")

    # A write in another province leaves Hải Phòng's entry valid.
    with django_capture_on_commit_callbacks(execute=True):
        _event(w.ct_a, w.yte_ct)
    assert engine.target_progress(target=target, year=2025).current.value == D("90.00")

    # Hải Phòng's data changed (the bulk path announces it): computed again.
    from binhdang.core.signals import data_changed

    with django_capture_on_commit_callbacks(execute=True):
        data_changed.send(sender=DataValue, unit_ids=[w.hp_a.pk])
    assert engine.target_progress(target=target, year=2025).current.value == D("10.00")


def test_a_sent_report_is_seen_at_once(iworld, cached, django_capture_on_commit_callbacks):
    """The workflow writes figures in bulk; its SubmissionEvent moves the version."""
    from binhdang.reporting.models import SubmissionEvent

    w = iworld
    with django_capture_on_commit_callbacks(execute=True):
        target = conventions_target(w)
    assert engine.target_progress(target=target, year=2025).current.value is None
    with django_capture_on_commit_callbacks(execute=True):
        sub = send(
            sub_of(w.round_hp, w.yte_hp),
            {"conventions.total": 4, "conventions.non_discriminatory": 3},
        )
        SubmissionEvent.objects.create(
            submission=sub, action="submit", from_status="draft", to_status="submitted"
        )
    assert engine.target_progress(target=target, year=2025).current.value == D("75.00")


def test_a_refresh_is_queued_once_and_fills_the_cache(
    iworld, cached, settings, django_capture_on_commit_callbacks
):
    settings.BINHDANG_PROGRESS_REFRESH = True
    w = iworld
    w.plan_hp.status = "active"
    w.plan_hp.save()
    with django_capture_on_commit_callbacks(execute=True):
        target = conventions_target(w)
    key = freshness.province_key(w.hp.pk)
    # The test backend runs the task at once; it clears its flag first.
    assert DataStamp.objects.get(key=key).refresh_queued is False
    from django.utils import timezone

    progress_key = freshness.progress_key(
        target.pk, w.plan_hp.unit, timezone.localdate().year, freshness.versions()
    )
    assert caches[freshness.CACHE_ALIAS].get(progress_key) is not None

    # A refresh already queued is not queued twice.
    DataStamp.objects.filter(key=key).update(refresh_queued=True)
    assert freshness.queue_refresh([key]) == 0
    DataStamp.objects.filter(key=key).update(refresh_queued=False)
    assert freshness.queue_refresh([key]) == 1


def test_the_leader_page_keeps_its_blocks_until_the_numbers_change(
    client, iworld, cached, django_capture_on_commit_callbacks
):
    """The page keeps each plan's rendered block under its data version: the next change
    in the province shows at once."""
    from django.core.cache import cache as default_cache
    from django.urls import reverse

    from binhdang.core.signals import data_changed
    from binhdang.reporting.models import DataValue

    default_cache.clear()
    w = iworld
    with django_capture_on_commit_callbacks(execute=True):
        w.plan_hp.status = "active"
        w.plan_hp.save()
        target = conventions_target(w)
        send(
            sub_of(w.round_hp, w.yte_hp),
            {"conventions.total": 10, "conventions.non_discriminatory": 9},
        )
    client.force_login(w.manager_hp)
    url = reverse("indicators:dashboard") + "?year=2025"

    def shown() -> str:
        from bs4 import BeautifulSoup

        page = BeautifulSoup(client.get(url).content, "html.parser")
        row = page.select_one(f"tr[data-target='{target.pk}'] [data-testid=current-value]")
        return row.get_text(strip=True)

    assert shown() == "90%"
    DataValue.objects.filter(element__code="conventions.non_discriminatory").update(value=1)
    assert shown() == "90%"  # kept: nothing announced the change
    with django_capture_on_commit_callbacks(execute=True):
        data_changed.send(sender=DataValue, unit_ids=[w.hp_a.pk])
    assert shown() == "10%"


def test_warm_progress_fills_the_cache(iworld, cached):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    w = iworld
    w.plan_hp.status = "active"
    w.plan_hp.save()
    target = conventions_target(w)
    out = StringIO()
    call_command("warm_progress", stdout=out)
    from binhdang.plans.models import Target

    active = Target.objects.filter(plan__status="active").count()
    assert active >= 1 and out.getvalue().startswith(f"{active} targets")
    key = freshness.progress_key(
        target.pk, w.plan_hp.unit, timezone.localdate().year, freshness.versions()
    )
    assert caches[freshness.CACHE_ALIAS].get(key) is not None
