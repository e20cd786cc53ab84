"""`binhdang gen-national`: a national-scale synthetic data set for benchmarks."""

import re
import time
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import translation


class Command(BaseCommand):
    help = (
        "Build a deterministic synthetic national data set (benchmark data): one programme "
        "plan per province, report rounds 2022-2030 with submissions and figures, "
        "millions of communication events, the media, convention and model-site registries, "
        "awareness survey results, and the targets linked to their indicators. Refuses when "
        "synthetic data exists (see --reset, --only-registries)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--events", type=int, default=5_000_000, help="events (5,000,000)")
        parser.add_argument("--provinces", type=int, default=None, help="only the first N")
        parser.add_argument(
            "--years", default="2022-2030", help="rounds and events, e.g. 2022-2030"
        )
        parser.add_argument("--seed", type=int, default=2030)
        parser.add_argument("--today", default="", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--batch-size", type=int, default=50_000)
        parser.add_argument(
            "--reset", action="store_true", help="delete the previous synthetic data first"
        )
        parser.add_argument("--delete", action="store_true", help="only delete the synthetic data")
        parser.add_argument(
            "--no-reference",
            action="store_true",
            help="use the units and agencies already loaded (do not load the reference data)",
        )
        parser.add_argument(
            "--only-registries",
            action="store_true",
            help="on an existing data set: (re)build only the media agencies, conventions, "
            "model sites, survey results and the targets' indicator links (rounds, figures "
            "and events are left as they are)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from binhdang.core.signals import data_changed

        try:
            self._handle(**options)
        finally:
            # Bulk inserts fire no model signal: every cached target progress is stale.
            data_changed.send(sender=type(self), unit_ids=None)

    def _handle(self, **options: Any) -> None:
        from binhdang.ops.national import (
            NationalOptions,
            SyntheticDataExists,
            national_generate,
            national_registries,
            national_reset,
        )

        translation.activate(settings.LANGUAGE_CODE)
        m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", options["years"])
        if not m:
            raise CommandError("--years: write e.g. 2022-2030")
        first, last = int(m[1]), int(m[2] or m[1])
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        log = self.stdout.write
        db = connection.settings_dict
        log(f"Database: {connection.vendor} {db.get('NAME')}")
        started = time.perf_counter()
        if options["only_registries"] and (options["reset"] or options["delete"]):
            raise CommandError("--only-registries cannot be combined with --reset or --delete")
        if options["reset"] or options["delete"]:
            log("Deleting the previous synthetic data…")
            national_reset(log)
            if options["delete"]:
                return
        opts = NationalOptions(
            events=options["events"],
            provinces=options["provinces"],
            first_year=first,
            last_year=last,
            seed=options["seed"],
            today=today,
            load_reference=not options["no_reference"],
            batch_size=options["batch_size"],
        )
        if options["only_registries"]:
            try:
                stats = national_registries(options=opts, log=log)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            log("")
            log(self.style.SUCCESS(f"gen-national --only-registries done in "
                                   f"{time.perf_counter() - started:.1f} s"))  # fmt: skip
            self._registry_lines(stats)
            log("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in stats.seconds.items()))
            return
        try:
            stats = national_generate(options=opts, log=log)
        except SyntheticDataExists as exc:
            raise CommandError(
                "Synthetic data is already there: run again with --reset to replace it."
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        received = sum(
            v for k, v in stats.by_status.items() if k in ("submitted", "resubmitted", "approved")
        )
        log("")
        log(self.style.SUCCESS(f"gen-national done in {time.perf_counter() - started:.1f} s"))
        rows = [
            ("provinces", stats.provinces),
            ("plans", stats.plans),
            ("activities", stats.activities),
            ("assignments", stats.assignments),
            ("expected reporters", stats.reporters),
            ("report rounds", stats.rounds),
            ("submissions", stats.submissions),
            ("  received", received),
            ("  first sent late", stats.late),
            *((f"  {k}", v) for k, v in sorted(stats.by_status.items())),
            ("workflow steps", stats.submission_events),
            ("figures (data values)", stats.values),
            ("communication events", stats.events),
        ]
        for label, value in rows:
            log(f"  {label:<24} {value:>12,}")
        self._registry_lines(stats)
        log("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in stats.seconds.items()))

    def _registry_lines(self, stats: Any) -> None:
        rows = [
            ("media agencies", stats.media_agencies),
            ("  adoptions", stats.adoptions),
            ("village conventions", stats.conventions),
            ("model sites", stats.model_sites),
            ("survey results", stats.survey_results),
            ("targets linked", stats.targets_linked),
            ("  not linked", stats.targets_unlinked),
        ]
        for label, value in rows:
            self.stdout.write(f"  {label:<24} {value:>12,}")
