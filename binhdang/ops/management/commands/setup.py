"""`binhdang setup`: everything a new installation needs after `migrate`, idempotently."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Load roles, administrative units and the agency catalogue (and, with --demo, the "
        "demo users and the sample plans). Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="also create the demo users and sample plans"
        )

    def handle(self, *args, demo=False, **options):
        from binhdang.accounts.services import roles_sync
        from binhdang.agencies.services import catalogue_load
        from binhdang.geo.services import units_load
        from binhdang.plans.services import programmes_seed

        translation.activate(settings.LANGUAGE_CODE)
        started = time.perf_counter()
        roles_sync()
        self.stdout.write(_("Roles: ready."))
        units = units_load()
        self.stdout.write(_("Administrative units: %(stats)s") % {"stats": units})
        agencies = catalogue_load()
        self.stdout.write(
            _("Agencies: %(new)s added, %(old)s already there.")
            % {"new": agencies["agencies"], "old": agencies["existing"]}
        )
        added = programmes_seed()
        self.stdout.write(_("National programmes: %(n)s added.") % {"n": added})
        from binhdang.indicators.services import indicators_sync, targets_link
        from binhdang.reporting.services import elements_sync

        elements_sync()
        indicators_sync()
        if demo:
            self._demo()
        linked = targets_link()
        self.stdout.write(_("Targets linked to indicators: %(stats)s") % {"stats": linked})
        self.stdout.write(
            self.style.SUCCESS(
                _("Set-up done in %(s).1f s.") % {"s": time.perf_counter() - started}
            )
        )

    def _demo(self):
        from binhdang.ops.demo import DEMO_PASSWORD, demo_users_load
        from binhdang.plans import services as plan_services

        rows = demo_users_load()
        loader = getattr(plan_services, "sample_plans_load", None)
        if loader is not None:
            self.stdout.write(_("Sample plans: %(stats)s") % {"stats": loader()})
        from binhdang.conventions.demo import demo_conventions_load
        from binhdang.media.demo import demo_media_load
        from binhdang.ops.demo import demo_rounds_load
        from binhdang.registries.demo import demo_registries_load

        self.stdout.write(_("Demo report rounds: %(stats)s") % {"stats": demo_rounds_load()})
        self.stdout.write(_("Demo media agencies: %(stats)s") % {"stats": demo_media_load()})
        self.stdout.write(_("Demo conventions: %(stats)s") % {"stats": demo_conventions_load()})
        self.stdout.write(_("Demo registers: %(stats)s") % {"stats": demo_registries_load()})
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(_("Demo users (password for all: %(pw)s)") % {"pw": DEMO_PASSWORD})
        )
        for demo, created in rows:
            flag = "+" if created else "="
            self.stdout.write(f"  {flag} {demo.username:<14} {demo.description}")
