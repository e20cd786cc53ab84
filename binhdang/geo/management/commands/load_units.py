"""`binhdang load_units`: load or update the administrative units and their succession."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Load the 34 provinces and 3,321 communes in force since 1/7/2025, the 63 provinces, "
        "696 districts and 10,051 communes before, and which old unit became which new one. "
        "Safe to run again: a second run changes nothing. With --check CODE, only look a "
        "unit up by its code."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", metavar="CODE", help="look a unit up by its code and load nothing"
        )

    def handle(self, *args, check=None, **options):
        if check is not None:
            self._check(check)
            return
        from binhdang.geo.services import units_load

        stats = units_load()
        self.stdout.write(_("Administrative units: %(stats)s") % {"stats": stats})
        counts = ", ".join(f"{key} {value}" for key, value in sorted(stats.counts.items()))
        self.stdout.write(_("By map and level: %(counts)s") % {"counts": counts})
        summary = stats.commune_succession
        self.stdout.write(
            _(
                "Commune succession: %(new)s of %(new_total)s communes since 1/7/2025 have "
                "a predecessor (%(new_pct)s%%), %(old)s of %(old_total)s communes before "
                "have a successor (%(old_pct)s%%); %(ambiguous)s names ambiguous, "
                "%(unmatched)s not found."
            )
            % {
                "new": summary.get("new_with_predecessor"),
                "new_total": summary.get("new_communes"),
                "new_pct": summary.get("new_with_predecessor_pct"),
                "old": summary.get("old_with_successor"),
                "old_total": summary.get("old_communes"),
                "old_pct": summary.get("old_with_successor_pct"),
                "ambiguous": summary.get("names_ambiguous"),
                "unmatched": summary.get("names_unmatched"),
            }
        )

    def _check(self, code: str) -> None:
        from binhdang.geo.selectors import unit_get_by_code

        try:
            unit = unit_get_by_code(user=_System(), code=code)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"{unit.code}\t{unit.name}\t{unit.get_generation_display()}")


class _System:
    """The console sees every unit (as a superuser would)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
