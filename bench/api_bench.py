"""Benchmark: DHIS2 dataValueSets export and import through the API, at national scale.

    .venv/bin/python bench/api_bench.py [--db sqlite|postgres|both] [--runs 10]

Uses the synthetic national data set that `bench/reporting_bench.py` builds (SQLite:
var/bench/reporting.sqlite3; PostgreSQL: binhdang_bench) and never regenerates it. Measures:

* export: GET /api/v1/dhis2/dataValueSets?unit=<province>&startDate=2022-01-01&endDate=2030-12-31
  (the province with the most figures) as a superuser, the whole request through the API
  (scope, mapping, JSON); median and p95 over `--runs`; goal < 2 s;
* import: every figure of the country exported as dataValueSets rows, the figures
  deleted and the approved (locked) reports opened, then `data_values_import` (all inserts), then the same rows again (all
  unchanged: the idempotent path); values per second; goal >= 20,000 values/s.

The import writes nothing that stays: on PostgreSQL it runs inside a transaction that is
rolled back; SQLite holds one writer at a time, so it works on a copy of the database
file (made with SQLite's backup API, deleted afterwards). Timings are printed, never
asserted in tests.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = ROOT / "var" / "bench" / "reporting.sqlite3"
SQLITE_COPY = ROOT / "var" / "bench" / "api_import_copy.sqlite3"
PG_URL = "postgres://postgres@127.0.0.1:5432/binhdang_bench"


class Rollback(Exception):
    pass


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered) + 0.5) - 1)]


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.setdefault("BINHDANG_API_USER_RATE", "1000000/minute")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "api", verbosity=0)  # the API's own tables only


def _superuser():
    from binhdang.accounts.models import User

    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise SystemExit("No superuser in the bench database (run bench/reporting_bench.py).")
    return user


def _largest_province():
    from django.db.models import Count

    from binhdang.geo.models import AdministrativeUnit
    from binhdang.reporting.models import DataValue

    top = (
        DataValue.objects.filter(unit__generation="2025")
        .values("unit__province")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if top is None:
        raise SystemExit("No figures in the bench database.")
    return AdministrativeUnit.objects.get(pk=top["unit__province"]), top["n"]


def export_bench(runs: int) -> dict[str, Any]:
    from rest_framework.test import APIClient

    user = _superuser()
    province, _n = _largest_province()
    client = APIClient(HTTP_HOST="localhost")
    client.force_authenticate(user)
    params = {"unit": province.pk, "startDate": "2022-01-01", "endDate": "2030-12-31"}
    times, count, size = [], 0, 0
    for i in range(runs + 1):
        started = time.perf_counter()
        response = client.get("/api/v1/dhis2/dataValueSets", params)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.content[:300]
        if i:  # the first run warms up
            times.append(elapsed)
        count = len(json.loads(response.content)["dataValues"])
        size = len(response.content)
    result = {
        "province": province.name,
        "values": count,
        "bytes": size,
        "median_s": statistics.median(times),
        "p95_s": _pct(times, 95),
    }
    print(
        f"  export {province.name} 2022–2030: {count:,} values, {size / 1e6:.1f} MB JSON — "
        f"median {result['median_s']:.3f} s, p95 {result['p95_s']:.3f} s (goal < 2 s)"
    )
    return result


def import_bench() -> dict[str, Any]:
    from django.db import connection, transaction

    from binhdang.api.dhis2.mapping import Mapper
    from binhdang.api.dhis2.services import ExportQuery, data_value_rows, data_values_import
    from binhdang.reporting.models import DataValue, Submission

    user = _superuser()
    mapper = Mapper.load()
    started = time.perf_counter()
    rows = list(data_value_rows(user=user, query=ExportQuery(), mapper=mapper))
    for number, row in enumerate(rows, start=1):
        row["_row"] = number
    print(
        f"  {len(rows):,} values exported for the import ({time.perf_counter() - started:.1f} s, not timed)"
    )
    result: dict[str, Any] = {"values": len(rows)}
    try:
        with transaction.atomic():
            qs = DataValue.objects.all()
            qs._raw_delete(qs.db)
            # Approved reports are locked against imports: open them for this measurement.
            Submission.objects.filter(status="approved").update(status="submitted")
            started = time.perf_counter()
            summary = data_values_import(actor=user, rows=rows, source="bench")
            seconds = time.perf_counter() - started
            assert summary.imported == len(rows), summary.as_dict()["importCount"]
            result["insert_s"] = seconds
            result["insert_rate"] = len(rows) / seconds
            print(f"  import into empty figures: {len(rows):,} imported in {seconds:.1f} s = "
                  f"{result['insert_rate']:,.0f} values/s (goal >= 20,000)")  # fmt: skip
            started = time.perf_counter()
            again = data_values_import(actor=user, rows=rows, source="bench")
            seconds = time.perf_counter() - started
            assert again.ignored == len(rows) and not again.imported and not again.updated
            result["reimport_s"] = seconds
            result["reimport_rate"] = len(rows) / seconds
            print(f"  same file again (idempotent): {len(rows):,} ignored in {seconds:.1f} s = "
                  f"{result['reimport_rate']:,.0f} values/s")  # fmt: skip
            raise Rollback
    except Rollback:
        pass
    print(f"  (rolled back: the bench data set is unchanged; {connection.vendor})")
    return result


def run_one(db: str, runs: int) -> dict[str, Any]:
    if db == "postgres":
        try:
            import psycopg

            psycopg.connect(
                PG_URL.replace("postgres://", "postgresql://", 1), connect_timeout=3
            ).close()
        except Exception as exc:
            print(f"PostgreSQL: skipped — {exc}")
            return {"db": db, "skipped": str(exc)}
        _setup(PG_URL)
    else:
        if not SQLITE_PATH.exists():
            raise SystemExit(f"{SQLITE_PATH} is missing: run bench/reporting_bench.py first.")
        _setup(f"sqlite:///{SQLITE_PATH}")
    from django.db import connection

    print(f"== {connection.vendor}: {connection.settings_dict['NAME']}")
    result: dict[str, Any] = {"db": db, "export": export_bench(runs)}
    if db == "sqlite":
        import sqlite3

        connection.close()
        started = time.perf_counter()
        source = sqlite3.connect(SQLITE_PATH)
        target = sqlite3.connect(SQLITE_COPY)
        with target:
            source.backup(target)
        source.close()
        target.close()
        print(
            f"  (import on a copy of the database: {time.perf_counter() - started:.0f} s to copy)"
        )
        connection.settings_dict["NAME"] = str(SQLITE_COPY)
        try:
            result["import"] = import_bench()
        finally:
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_COPY}{suffix}").unlink(missing_ok=True)
    else:
        result["import"] = import_bench()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.db == "both":
        results = []
        for db in ("sqlite", "postgres"):
            out = subprocess.run(
                [sys.executable, __file__, "--db", db, "--runs", str(args.runs), "--json"],
                capture_output=True,
                text=True,
                check=False,
            )
            print(out.stdout.split("@@JSON@@")[0], end="")
            if out.returncode:
                print(out.stderr[-3000:])
                continue
            results.append(json.loads(out.stdout.split("@@JSON@@")[1]))
        print(
            "\n| database | export province 2022–2030 (median) | goal | import (values/s) | goal |"
        )
        print("| --- | --- | --- | --- | --- |")
        for r in results:
            if "skipped" in r:
                print(f"| {r['db']} | skipped | < 2 s | skipped | >= 20,000 |")
                continue
            e, i = r["export"], r["import"]
            print(
                f"| {r['db']} | {e['median_s']:.2f} s ({e['values']:,} values) | "
                f"{'✔' if e['median_s'] < 2 else '✘'} < 2 s | {i['insert_rate']:,.0f} "
                f"(re-import {i['reimport_rate']:,.0f}) | "
                f"{'✔' if i['insert_rate'] >= 20_000 else '✘'} >= 20,000 |"
            )
        return
    result = run_one(args.db, args.runs)
    if args.json:
        print("@@JSON@@" + json.dumps(result))


if __name__ == "__main__":
    main()
