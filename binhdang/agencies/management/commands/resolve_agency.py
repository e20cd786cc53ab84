"""`binhdang resolve_agency "Sở LĐTBXH" --unit 31 --date 2019-01-28`: what a phrase names."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Show which agency (or group of agencies) a phrase from a plan names, and why."

    def add_arguments(self, parser):
        parser.add_argument("phrase", help="the agency phrase, as the plan writes it")
        parser.add_argument(
            "--unit",
            help="code of the plan's province (or unit path, e.g. L30 for Hải Dương before "
            "1/7/2025); the map in force on --date is used for a bare code",
        )
        parser.add_argument("--date", help="date of the plan, YYYY-MM-DD (default: today)")
        parser.add_argument("--split", action="store_true", help="split a list of agencies first")

    def handle(self, *args, phrase, unit=None, date=None, split=False, **options):
        from binhdang.agencies.resolver import resolve_agency_phrase, split_agency_list

        day = self._date(date)
        place = self._unit(unit, day) if unit else None
        phrases = split_agency_list(phrase, unit=place) if split else [phrase]
        for text in phrases:
            result = resolve_agency_phrase(text, unit=place, on_date=day)
            self.stdout.write(f"“{text}”")
            self.stdout.write(
                "  "
                + _("method: %(method)s, confidence: %(confidence).2f")
                % {"method": result.method, "confidence": result.confidence}
            )
            if result.is_group:
                self.stdout.write("  " + _("group: %(code)s") % {"code": result.group_code})
            if result.catalogue_codes:
                self.stdout.write(
                    "  " + _("catalogue: %(codes)s") % {"codes": ", ".join(result.catalogue_codes)}
                )
            for agency in result.agencies:
                period = f"{agency.valid_from or '…'} – {agency.valid_to or '…'}"
                self.stdout.write(f"  → {agency.full_name} [{agency.pk}] ({period})")
            self.stdout.write("  " + result.message)
            for step in result.steps:
                self.stdout.write("    · " + step)

    @staticmethod
    def _date(value):
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(_("The date must be written YYYY-MM-DD.")) from exc

    @staticmethod
    def _unit(value, day):
        from binhdang.agencies.catalogue import UNITS_REFORM
        from binhdang.geo.choices import Generation
        from binhdang.geo.models import AdministrativeUnit

        unit = AdministrativeUnit.objects.filter(path=value).first()
        if unit is None:
            generation = (
                Generation.LEGACY if day is not None and day < UNITS_REFORM else Generation.CURRENT
            )
            units = AdministrativeUnit.objects.filter(code=value)
            unit = units.filter(generation=generation).order_by("level").first() or units.first()
        if unit is None:
            raise CommandError(
                _("No administrative unit with the code %(code)s.") % {"code": value}
            )
        return unit
