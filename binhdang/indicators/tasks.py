"""Background work of the indicators: computing a province's target progress again after
its data changed, so the next reader finds it in the cache (`freshness.py`)."""

from django.db.models import Q
from django.utils import timezone
from django_tasks import task


@task()
def refresh_progress(key: str) -> int:
    """Compute and cache the progress of every target of the active plans whose area lies
    in the province `key` (`p<id>`; `all`: national plans; `config`: every plan), for this
    year. Returns how many targets were computed."""
    from binhdang.indicators import engine, freshness
    from binhdang.indicators.models import DataStamp
    from binhdang.plans.choices import PlanStatus
    from binhdang.plans.models import Plan

    # Cleared first: a write during the refresh queues the next one.
    DataStamp.objects.filter(key=key).update(refresh_queued=False)
    plans = Plan.objects.filter(status=PlanStatus.ACTIVE).select_related("unit")
    if key == freshness.ALL:
        plans = plans.filter(unit__isnull=True)
    elif key != freshness.CONFIG:
        province_id = int(key.removeprefix("p"))
        plans = plans.filter(Q(unit_id=province_id) | Q(unit__province_id=province_id))
    year = timezone.localdate().year
    stamps = freshness.versions()
    count = 0
    for plan in plans:
        for target in plan.targets.all():
            engine.target_progress(target=target, unit=None, year=year, stamps=stamps)
            count += 1
    return count
