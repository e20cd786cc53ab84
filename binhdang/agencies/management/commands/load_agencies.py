"""`binhdang load_agencies`: create the catalogue's agencies for the loaded units."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Create the standard agencies (People's Committees, departments, mass organisations, "
        "media…) for every administrative unit loaded, with their other names and the 2025 "
        "successions. Run it after the units are loaded; running it again adds only what is "
        "missing."
    )

    def handle(self, *args, **options):
        from binhdang.agencies.services import catalogue_load

        stats = catalogue_load()
        self.stdout.write(
            _(
                "Agencies created: %(agencies)d, other names: %(aliases)d, successions: "
                "%(successions)d (already there: %(existing)d agencies) in %(seconds).1f s."
            )
            % stats
        )
