from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundKind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    QUARTERLY = "quarterly", _("Quarterly report")
    ACTION_MONTH = "action_month", _("Action Month report")


class PeriodConvention(models.TextChoices):
    """Decree 09/2019's data cut-off (15th → 14th) or the statistical calendar."""

    ADMIN_D09 = "admin_d09", _("Administrative (Decree 09/2019: 15/12 to 14/12)")
    STAT_CAL = "stat_cal", _("Statistical (calendar year)")


class RoundState(models.TextChoices):
    """Where the round stands in time (DHIS2's open/expired periods)."""

    NOT_DUE = "not_due", _("Not open yet")
    DUE = "due", _("Open")
    OVERDUE = "overdue", _("Past the deadline")
    CLOSED = "closed", _("Closed")


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")


# Statuses whose figures count in consolidation and in completeness ("received").
RECEIVED = (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED, SubmissionStatus.APPROVED)
# Statuses in which the reporter may edit the form.
EDITABLE = (SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class WorkflowAction(models.TextChoices):
    SAVE = "save", _("Saved")
    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned")
    APPROVE = "approve", _("Approved")
    UNLOCK = "unlock", _("Unlocked")
    FINAL = "final", _("Final figures sent")
    UPLOAD = "upload", _("Filled from a workbook")


class ExpectedAs(models.TextChoices):
    LEAD = "lead", _("Lead agency")
    PARTNER = "partner", _("Partner agency")
    RESPONSIBLE = "responsible", _("Named in the plan's responsibilities")
    ADDED = "added", _("Added by the focal office")


class ItemStatus(models.TextChoices):
    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_DONE = "not_done", _("Not done")


class ValueKind(models.TextChoices):
    """Decree 09's annual window ends 14/12 but reports are due 10/12 (DOMAIN.md §D)."""

    ACTUAL = "actual", _("Actual to date")
    ESTIMATE = "estimate", _("Estimate to the end of the period")
    FINAL = "final", _("Final")


# When an agency gave several kinds for one figure, consolidation takes the best one.
KIND_PRECEDENCE: dict[str, int] = {ValueKind.FINAL: 3, ValueKind.ESTIMATE: 2, ValueKind.ACTUAL: 1}


class Sex(models.TextChoices):
    TOTAL = "", _("Total")
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class TargetGroup(models.TextChoices):
    GENERAL = "general", _("General public")
    YOUTH = "youth", _("Young people")
    MEN_BOYS = "men_boys", _("Men and boys")
    WOMEN_GIRLS = "women_girls", _("Women and girls")
    CHILDREN = "children", _("Children and pupils")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minorities")
    MIGRANTS = "migrants", _("Migrants")
    DISABILITY = "disability", _("People with disabilities")
    ELDERLY = "elderly", _("Older people")
    OFFICIALS = "officials", _("Officials and civil servants")
    BUSINESSES = "businesses", _("Businesses and workers")
    RELIGIOUS = "religious", _("Religious and community leaders")


class ValueType(models.TextChoices):
    COUNT = "count", _("Count")
    MONEY = "money", _("Amount (VND)")
    PERCENT = "percent", _("Percentage")
    BOOLEAN = "boolean", _("Yes / no")


class Disaggregation(models.TextChoices):
    NONE = "none", _("None")
    SEX = "sex", _("By sex")
    TARGET_GROUP = "target_group", _("By target group")


class EventType(models.TextChoices):
    LAUNCH = "launch", _("Launch ceremony")
    CONFERENCE = "conference", _("Conference or workshop")
    TRAINING = "training", _("Training")
    TALK = "talk", _("Topical talk")
    CONTEST = "contest", _("Contest")
    TALK_SHOW = "talk_show", _("Talk show")
    BROADCAST = "broadcast", _("Radio or TV broadcast")
    NEWS_ITEM = "news_item", _("News item or article")
    SOCIAL_MEDIA = "social_media", _("Social-media post")
    PRINTED = "printed", _("Leaflets, posters, banners")
    CLUB_MEETING = "club_meeting", _("Club meeting")
    CAMPAIGN = "campaign", _("Campaign")
    SUPPORT = "support", _("Gifts or support")
    INTEGRATED = "integrated", _("Integrated in a routine meeting")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    RADIO = "radio", _("Radio or loudspeaker")
    TV = "tv", _("Television")
    PRESS = "press", _("Print or online press")
    SOCIAL = "social", _("Social media and digital platforms")
    PRINTED = "printed", _("Printed materials")
    OTHER = "other", _("Other")


class BudgetSource(models.TextChoices):
    CENTRAL = "central", _("Central budget")
    LOCAL = "local", _("Local budget")
    AGENCY = "agency", _("Agency's regular budget")
    SOCIALISED = "socialised", _("Socialised (private) funds")
    INTERNATIONAL = "international", _("International aid")
    OTHER = "other", _("Other")
