from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", _("Percentage (%)")
    POINTS = "points", _("Percentage points")
    COUNT = "count", _("Count")
    PER_UNIT_YEAR = "per_unit_year", _("Per unit per year")
    PER_UNIT_QUARTER = "per_unit_quarter", _("Per unit per quarter")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    # Stay at (or above) the milestone value, e.g. "100% every year".
    MAINTAIN = "maintain", _("Maintain")


class UnitAggregation(models.TextChoices):
    """How lower units add up. A mean of lower-level values is deliberately not offered:
    a share averaged over communes weighs a commune of 10 conventions like one of 300."""

    SUM = "sum", _("Sum")
    RATIO = "ratio", _("Ratio of sums over the reporters that gave every part")
    RATIO_AREA = "ratio_area", _("Ratio of the area's totals (parts from different reporters)")


class TimeAggregation(models.TextChoices):
    """How the periods of one year (quarters) or of several years add up."""

    SUM = "sum", _("Sum")
    LAST = "last", _("Last value")
    MAX = "max", _("Highest value")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Every year")
    QUARTERLY = "quarterly", _("Every quarter")
    ACTION_MONTH = "action_month", _("Every Action Month")
    SURVEY = "survey", _("At each survey (baseline and follow-up)")
    CONTINUOUS = "continuous", _("Continuously (registry)")


class Status(models.TextChoices):
    """Where a target stands against its milestone (see `status.py` for the rule)."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


class LinkedBy(models.TextChoices):
    RULE = "rule", _("Matched by the target's wording")
    HAND = "hand", _("Chosen by hand")


# Disaggregations an indicator can be broken down by.
class Breakdown(models.TextChoices):
    SEX = "sex", _("Sex")
    TARGET_GROUP = "target_group", _("Target group")
    UNIT = "unit", _("Administrative unit")
    AGENCY = "agency", _("Agency")
