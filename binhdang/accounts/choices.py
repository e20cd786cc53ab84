from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role is a Django group of permissions; its members act within their scope."""

    VIEWER = "viewer", _("Viewer")
    REPORTER = "reporter", _("Reporter")
    REVIEWER = "reviewer", _("Reviewer")
    PLAN_MANAGER = "plan_manager", _("Plan manager")
    ADMINISTRATOR = "administrator", _("Administrator")
