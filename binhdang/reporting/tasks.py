"""Background work of reporting: reminders N days before a round's deadline.

Opening (or changing) a round enqueues one deferred task per reminder day on Django's
tasks API (`django-tasks`, database backend: `binhdang db_worker` runs them). A task
checks again when it runs: a deadline moved since, a closed round or a reminder already
sent make it do nothing, so stale tasks are harmless.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task


@task()
def send_scheduled_reminder(round_id: int, days_before: int, deadline_iso: str) -> int:
    """Send the reminder if it is still due. Returns how many e-mails were sent."""
    from binhdang.reporting.models import ReminderLog, ReportRound
    from binhdang.reporting.services import round_send_reminders

    rnd = ReportRound.objects.filter(pk=round_id).first()
    if rnd is None or rnd.closed_at or rnd.deadline.isoformat() != deadline_iso:
        return 0
    if days_before not in (rnd.reminder_days or []):
        return 0
    today = timezone.localdate()
    if ReminderLog.objects.filter(round=rnd, scheduled=True, sent_at__date=today).exists():
        return 0
    return round_send_reminders(round=rnd, scheduled=True).recipients


def schedule_reminders(rnd) -> int:
    """Enqueue the round's future reminders. Returns how many were enqueued."""
    from binhdang.reporting.services import reminder_time

    if not default_task_backend.supports_defer:
        return 0
    now = timezone.now()
    count = 0
    for days in rnd.reminder_days or []:
        when = reminder_time(rnd, int(days))
        if when <= now - timedelta(minutes=1):
            continue
        send_scheduled_reminder.using(run_after=when).enqueue(
            rnd.pk, int(days), rnd.deadline.isoformat()
        )
        count += 1
    return count
