"""`binhdang warm-progress`: compute and cache the progress of every target of the active
plans now (after a deploy or a cache flush), so the first reader does not wait."""

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compute and cache the progress of every target of the active plans (this year)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--province",
            type=int,
            help="only the plans of this province (administrative unit id)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from binhdang.indicators import freshness
        from binhdang.indicators.tasks import refresh_progress

        key = freshness.CONFIG
        if options["province"]:
            key = freshness.province_key(options["province"])
        started = time.perf_counter()
        count = refresh_progress.call(key)
        self.stdout.write(
            f"{count} targets computed and cached in {time.perf_counter() - started:.1f} s"
        )
