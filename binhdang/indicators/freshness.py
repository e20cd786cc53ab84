"""Computed target progress, cached and never stale.

Computing a target reads figures, events, registries and surveys over its area and nine
years: about a second for a province on the national data set, twenty for the whole
country. DHIS2 answers this with analytics tables rebuilt at night, and its users complain
that today's data does not show until tomorrow. binhdang keeps a version number per
province instead (`DataStamp`):

* every write to data the indicators read calls `mark_changed(unit_ids)` (the model signals
  in `signals.py` do it for single saves and deletes, bulk paths call it themselves);
  when the transaction commits, the versions of the provinces those units lie in, and the
  `all` version, go up by one (`None`: something every number depends on changed, such as
  an indicator's formula: the `config` version goes up);
* a computed `TargetProgress` is cached under the versions it depends on (its area's
  province, or `all` for a national area, and `config`), the language, the day and the
  database, so the first read after a write computes again and every other read is a
  cache hit;
* after a write, one refresh per province is queued for the worker
  (`tasks.refresh_progress`, a few seconds later, so a burst of writes is one refresh):
  the next reader usually finds the new numbers already computed.

The cache is Django's `progress` cache (a directory under var/ by default, Redis when
`BINHDANG_CACHE_URL` says so): shared by the web processes and the worker.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation

CONFIG = "config"
ALL = "all"
CACHE_ALIAS = "progress"
TIMEOUT = 24 * 3600  # an entry outlives no day: the day is part of its key anyway

_pending = threading.local()


def province_key(province_id: int | None) -> str:
    return ALL if province_id is None else f"p{province_id}"


# ---- writes -----------------------------------------------------------------------------


def mark_changed(unit_ids: Iterable[int | None] | None) -> None:
    """Data of these administrative units changed (`None`, or a `None` among them: data
    every number may depend on). The versions go up once, when the transaction commits."""
    units: set[int] = getattr(_pending, "units", None) or set()
    everything = getattr(_pending, "everything", False)
    if unit_ids is None:
        everything = True
    else:
        for uid in unit_ids:
            if uid is None:
                everything = True
            else:
                units.add(int(uid))
    _pending.units, _pending.everything = units, everything
    # Registered at every call, not once: a savepoint rolled back drops its callbacks, and
    # the first callback that runs flushes everything pending (the others find nothing).
    transaction.on_commit(_flush)


def discard_pending() -> None:
    """Forget what was marked and not yet flushed (a test's rolled-back transaction)."""
    _pending.units, _pending.everything = set(), False


def _flush() -> None:
    units: set[int] = getattr(_pending, "units", None) or set()
    everything = getattr(_pending, "everything", False)
    _pending.units, _pending.everything = set(), False
    if not units and not everything:
        return
    keys: set[str] = set()
    if everything:
        keys.add(CONFIG)
    else:
        provinces = provinces_of(units)
        if None in provinces:
            keys.add(CONFIG)
        keys |= {province_key(p) for p in provinces if p is not None}
        keys.add(ALL)
    bump(keys)
    queue_refresh(keys)


def provinces_of(unit_ids: Iterable[int]) -> set[int | None]:
    """The current provinces these units lie in (a current province is its own); `None`
    for a unit that lies in none (or no longer exists)."""
    from binhdang.geo.choices import Generation, UnitLevel
    from binhdang.geo.models import AdministrativeUnit

    ids = set(unit_ids)
    out: set[int | None] = set()
    found: set[int] = set()
    rows = AdministrativeUnit.objects.filter(pk__in=ids).values_list(
        "pk", "level", "generation", "province_id"
    )
    for pk, level, generation, province_id in rows.iterator(chunk_size=2000):
        found.add(pk)
        if level == UnitLevel.PROVINCE and generation == Generation.CURRENT:
            out.add(pk)
        else:
            out.add(province_id)
    if ids - found:
        out.add(None)
    return out


def province_of(unit) -> int | None:
    """`provinces_of` for one unit object already in hand (no query)."""
    from binhdang.geo.choices import Generation, UnitLevel

    if unit is None:
        return None
    if unit.level == UnitLevel.PROVINCE and unit.generation == Generation.CURRENT:
        return unit.pk
    return unit.province_id


def bump(keys: Iterable[str]) -> None:
    """Add one to each version (creating the missing ones)."""
    from binhdang.indicators.models import DataStamp

    keys = sorted(set(keys))
    if not keys:
        return
    with transaction.atomic():
        DataStamp.objects.bulk_create(
            [DataStamp(key=k) for k in keys], ignore_conflicts=True, batch_size=500
        )
        DataStamp.objects.filter(key__in=keys).update(
            version=F("version") + 1, changed_at=timezone.now()
        )


def queue_refresh(keys: Iterable[str]) -> int:
    """Queue one refresh per province (and one for national plans) unless one is queued
    already. Returns how many were queued."""
    from binhdang.indicators.models import DataStamp

    if not getattr(settings, "BINHDANG_PROGRESS_REFRESH", False):
        return 0
    from django_tasks import default_task_backend

    from binhdang.indicators.tasks import refresh_progress

    delay = int(getattr(settings, "BINHDANG_PROGRESS_REFRESH_DELAY", 10))
    queued = 0
    for key in sorted(set(keys)):
        claimed = DataStamp.objects.filter(key=key, refresh_queued=False).update(
            refresh_queued=True
        )
        if not claimed:
            continue
        task = refresh_progress
        if default_task_backend.supports_defer and delay:
            task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
        task.enqueue(key)
        queued += 1
    return queued


# ---- reads ------------------------------------------------------------------------------


def enabled() -> bool:
    return bool(getattr(settings, "BINHDANG_PROGRESS_CACHE", True))


def versions() -> dict[str, int]:
    from binhdang.indicators.models import DataStamp

    return dict(DataStamp.objects.values_list("key", "version"))


def _database() -> str:
    s = connection.settings_dict
    raw = f"{connection.vendor}:{s.get('HOST') or ''}:{s.get('PORT') or ''}:{s.get('NAME')}"
    return hashlib.sha1(raw.encode()).hexdigest()[:10]


def progress_key(target_id: int | str, area, year: int, stamps: dict[str, int]) -> str:
    province = province_of(area)
    scope = ALL if area is None else province_key(province)
    token = f"{stamps.get(CONFIG, 0)}.{stamps.get(scope, 0)}"
    return ":".join(
        [
            "tp",
            _database(),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            str(target_id),
            str(area.pk if area is not None else "all"),
            str(year),
            scope,
            token,
        ]
    )


def cached(
    target,
    area,
    year: int,
    compute: Callable[[], Any],
    stamps: dict[str, int] | None = None,
    summary: bool = False,
) -> Any:
    """The target's progress from the cache, or computed and kept. Each is kept whole and
    as a summary (`TargetProgress.slimmed`: no sources, no list of who is missing), a
    tenth of the size, which is what the leader's page reads (`summary=True`)."""
    if not enabled():
        value = compute()
        return value.slimmed() if summary else value
    cache = caches[CACHE_ALIAS]
    key = progress_key(target.pk, area, year, versions() if stamps is None else stamps)
    found = cache.get(key + ":s" if summary else key)
    if found is not None:
        return found
    value = compute()
    slim = value.slimmed()
    cache.set_many({key: value, key + ":s": slim}, TIMEOUT)
    return slim if summary else value
