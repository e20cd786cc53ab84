from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "binhdang.indicators"
    label = "indicators"
    verbose_name = _("Indicators and progress")

    def ready(self) -> None:
        from binhdang.indicators import audit_actions, signals  # noqa: F401
        from binhdang.plans.signals import plan_content_saved

        plan_content_saved.connect(_link_targets, dispatch_uid="indicators.link_targets")
        signals.connect()


def _link_targets(sender, plan, **kwargs) -> None:
    """A plan's targets were rewritten: link them to their indicators again."""
    from binhdang.indicators.services import targets_link

    targets_link(plan=plan)
