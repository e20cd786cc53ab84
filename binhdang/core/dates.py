"""The fixed dates of the gender-equality year, as the plans state them.

Every year agencies report before 10/12, and the Action Month for gender equality and
the prevention of gender-based violence runs 15/11–15/12 (its plan is due before 15/11).
Later, report rounds carry their own deadlines; these are the dates the plans give.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SOON_DAYS = 30


@dataclass(frozen=True)
class KeyDate:
    code: str
    title: Promise | str
    note: Promise | str
    start: date
    end: date | None = None  # for a window; None for a single day

    def days_until(self, today: date) -> int:
        return (self.start - today).days

    def is_ongoing(self, today: date) -> bool:
        return self.end is not None and self.start <= today <= self.end

    def is_soon(self, today: date) -> bool:
        return 0 <= self.days_until(today) <= SOON_DAYS


def _next(
    today: date, month: int, day: int, end: tuple[int, int] | None = None
) -> tuple[date, date | None]:
    """This year's occurrence unless it is over, then next year's."""
    year = today.year
    last = date(year, *end) if end else date(year, month, day)
    if last < today:
        year += 1
    start = date(year, month, day)
    return start, (date(year, *end) if end else None)


def key_dates(*, today: date) -> list[KeyDate]:
    """The next occurrence of each yearly date, soonest first."""
    items = []
    start, _end = _next(today, 11, 15)
    items.append(
        KeyDate(
            "action_month_plan",
            _("Action Month plans due"),
            _("Each department and commune sends its plan for the Action Month before 15/11."),
            start,
        )
    )
    start, end = _next(today, 11, 15, end=(12, 15))
    items.append(
        KeyDate(
            "action_month",
            _("Action Month for gender equality and the prevention of gender-based violence"),
            _("Every year; each agency reports its results after 15/12."),
            start,
            end,
        )
    )
    start, _end = _next(today, 12, 10)
    items.append(
        KeyDate(
            "annual_report",
            _("Annual reports due"),
            _("Agencies report the year's gender-equality work before 10/12."),
            start,
        )
    )
    return sorted(items, key=lambda k: (k.end or k.start, k.start))
