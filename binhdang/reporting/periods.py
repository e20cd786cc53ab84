"""Report periods and their data windows.

Decree 09/2019 (Art. 12) cuts annual data from 15/12 of the previous year to 14/12 of
the reporting year, and a quarter from the 15th of the month before it to the 14th of
its last month; the statistical calendar uses whole months. The Action Month runs
15/11–15/12. Periods are written DHIS2-style: "2025", "2025Q4", and "2025AM" for the
Action Month.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from binhdang.reporting.choices import PeriodConvention, RoundKind

DEFAULT_DEADLINE = (12, 10)  # "trước ngày 10/12" in the seeds
ACTION_MONTH = ((11, 15), (12, 15))
# DOMAIN.md §6.3: Action Month results are reported about a week after 15/12.
ACTION_MONTH_DEADLINE = (12, 22)


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    quarter: int | None = None

    @property
    def code(self) -> str:
        if self.kind == RoundKind.QUARTERLY:
            return f"{self.year}Q{self.quarter}"
        if self.kind == RoundKind.ACTION_MONTH:
            return f"{self.year}AM"
        return str(self.year)

    def window(self, convention: str = PeriodConvention.ADMIN_D09) -> tuple[date, date]:
        """First and last day whose data belong to this period."""
        y = self.year
        if self.kind == RoundKind.ACTION_MONTH:
            (m1, d1), (m2, d2) = ACTION_MONTH
            return date(y, m1, d1), date(y, m2, d2)
        if self.kind == RoundKind.QUARTERLY:
            q = self.quarter or 1
            last_month = q * 3
            if convention == PeriodConvention.STAT_CAL:
                start = date(y, last_month - 2, 1)
                end = _month_end(y, last_month)
            else:
                start = _minus_month(date(y, last_month - 2, 15))
                end = date(y, last_month, 14)
            return start, end
        if convention == PeriodConvention.STAT_CAL:
            return date(y, 1, 1), date(y, 12, 31)
        return date(y - 1, 12, 15), date(y, 12, 14)

    def default_deadline(self, plan_deadline: str = "") -> date:
        if self.kind == RoundKind.ACTION_MONTH:
            return date(self.year, *ACTION_MONTH_DEADLINE)
        if self.kind == RoundKind.QUARTERLY:
            # Decree 09 leaves at least one working day after the cut-off.
            return add_working_days(self.window()[1], 2)
        day, month = parse_day_month(plan_deadline) or (DEFAULT_DEADLINE[1], DEFAULT_DEADLINE[0])
        return date(self.year, month, day)


def parse_period(code: str) -> Period:
    code = code.strip().upper()
    if code.endswith("AM"):
        return Period(RoundKind.ACTION_MONTH, int(code[:-2]))
    if "Q" in code:
        year, quarter = code.split("Q")
        q = int(quarter)
        if not 1 <= q <= 4:
            raise ValueError(code)
        return Period(RoundKind.QUARTERLY, int(year), q)
    return Period(RoundKind.ANNUAL, int(code))


def parse_day_month(text: str) -> tuple[int, int] | None:
    """ "10/12" → (10, 12); anything else → None."""
    try:
        day, month = (int(x) for x in (text or "").strip().split("/")[:2])
        date(2000, month, day)
    except (ValueError, TypeError):
        return None
    return day, month


def _minus_month(d: date) -> date:
    return date(d.year - 1, 12, d.day) if d.month == 1 else date(d.year, d.month - 1, d.day)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)


def add_working_days(day: date, n: int) -> date:
    """`n` working days (Monday–Friday) after `day`."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day
