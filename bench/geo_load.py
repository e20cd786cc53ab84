"""Benchmark: loading the administrative units into a fresh SQLite database, and searching.

    .venv/bin/python bench/geo_load.py [--searches 100]

Prints the time of `units_load()` on an empty database (after `migrate`), of a second
run with nothing to do, and of N searches (a mix of names, prefixes, unaccented text and
codes) over the 14,165 units. Timings are measured here, never asserted in tests.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "Hải Phòng",
    "TP. Hải Phòng",
    "hai phong",
    "Hoà Bình",
    "tỉnh Hòa Bình",
    "phường Hoàn Kiếm",
    "Thành Đông",
    "xa phin",
    "Thuỷ Nguyên",
    "10510",
    "Tân",
    "an",
    "Phường 4",
    "TP.HCM",
    "Long Vĩ",
]


class _Everyone:
    is_authenticated = True
    is_active = True
    is_superuser = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        import django

        django.setup()
        from django.core.management import call_command

        from binhdang.geo.selectors import unit_search
        from binhdang.geo.services import units_load

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        stats = units_load()
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = units_load()
        second = time.perf_counter() - started
        print(f"units_load, empty SQLite database: {first:.2f} s  ({stats})")
        print(f"units_load, nothing to do:         {second:.2f} s  (changed: {again.changed})")

        user = _Everyone()
        times = []
        for i in range(args.searches):
            query = QUERIES[i % len(QUERIES)]
            started = time.perf_counter()
            page = list(unit_search(user=user, query=query)[:50])
            times.append(time.perf_counter() - started)
            assert page, query
        total = sum(times)
        print(
            f"{args.searches} searches (first page of 50): {total:.2f} s total, "
            f"median {1000 * statistics.median(times):.1f} ms, "
            f"max {1000 * max(times):.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
