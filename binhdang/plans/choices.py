from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme implementation plan")
    YEARLY = "yearly", _("Yearly work plan")
    ACTION_MONTH = "action_month", _("Action Month plan")
    OTHER = "other", _("Other plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In force")
    ARCHIVED = "archived", _("Archived")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


class TimingKind(models.TextChoices):
    YEARLY = "yearly", _("Every year")
    YEARS = "years", _("Given years")
    WINDOW = "window", _("Yearly window")
    ONCE = "once", _("Once")
    UNKNOWN = "", _("Not stated")


class ReferenceKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    LETTER = "letter", _("Official letter")
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")
    LAW = "law", _("Law")
    OTHER = "other", _("Other document")


class ImportStatus(models.TextChoices):
    REVIEW = "review", _("Under review")
    COMMITTED = "committed", _("Saved as a plan")
