"""Benchmark: synthesis reports (Báo cáo tổng hợp) on the national synthetic data set.

    .venv/bin/python bench/synthesis_bench.py [--db sqlite|postgres|both] [--runs 5]
        [--national-runs 3] [--year 2025] [--keep]

Reads the data set `binhdang gen-national` built (SQLite: var/bench/reporting.sqlite3;
PostgreSQL: postgres://postgres@127.0.0.1:5432/binhdang_bench) and never builds, resets
or changes it: without the data set it stops and says which bench builds it. Then it
measures, median over the runs (the first run is a warm-up and not counted):

* the yearly report of the province with the most reporters (read the data with
  `synthesis_data`, write the DOCX and the XLSX appendix; no PDF); goal < 3 s;
* the national yearly report (every province's programme plan); goal < 15 s.

The parts are timed too (data / DOCX / XLSX), so a slow part shows. `--keep` writes the
last files to var/bench/. Each database is measured in its own process; timings are
printed, never asserted in tests.
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
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres"
PG_NAME = "binhdang_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
GOALS = {"province": 3.0, "national": 15.0}


def _postgres_ready() -> str:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(f"{PG_SERVER} dbname=postgres", connect_timeout=3) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME])
            if found.fetchone() is None:
                return f"no database {PG_NAME} (bench/reporting_bench.py builds it)"
    except psycopg.Error as exc:
        return f"PostgreSQL at 127.0.0.1:5432 is not reachable ({str(exc).strip()})"
    return ""


def _report(kind: str, year: int, plan=None):
    """An unsaved GeneratedReport: the bench reads, it writes nothing to the data set."""
    from binhdang.agencies.models import Agency
    from binhdang.documents.models import GeneratedReport

    issuer = None
    if plan is not None:
        issuer = (
            Agency.objects.current()
            .filter(unit=plan.unit, catalogue_code="so-noi-vu")
            .select_related("unit", "parent")
            .first()
        )
    report = GeneratedReport(kind=kind, year=year, plan=plan, unit=plan.unit if plan else None)
    report.issuer = issuer
    return report


def _largest_plan(year: int):
    from django.db.models import Count

    from binhdang.ops.national import synthetic_plans
    from binhdang.reporting.models import ReportRound

    rnd = (
        ReportRound.objects.filter(plan__in=synthetic_plans(), kind="annual", year=year)
        .annotate(n=Count("submissions"))
        .select_related("plan__unit")
        .order_by("-n", "pk")
        .first()
    )
    return (rnd.plan, rnd.n) if rnd else (None, 0)


def _one(report, keep: Path | None) -> dict[str, float]:
    from binhdang.documents.builders.synthesis_docx import build_synthesis_docx
    from binhdang.documents.builders.synthesis_xlsx import build_synthesis_xlsx
    from binhdang.documents.synthesis_selectors import synthesis_data

    t0 = time.perf_counter()
    data = synthesis_data(report)
    t1 = time.perf_counter()
    docx_bytes = build_synthesis_docx(data)
    t2 = time.perf_counter()
    xlsx_bytes = build_synthesis_xlsx(data)
    t3 = time.perf_counter()
    if keep is not None:
        keep.with_suffix(".docx").write_bytes(docx_bytes)
        keep.with_suffix(".xlsx").write_bytes(xlsx_bytes)
    return {"total": t3 - t0, "data": t1 - t0, "docx": t2 - t1, "xlsx": t3 - t2}


def _measure(report, runs: int, keep: Path | None) -> dict[str, Any]:
    _one(report, None)  # warm-up: imports, matplotlib's font cache, query plans
    samples = [_one(report, keep) for _ in range(runs)]
    return {
        key: statistics.median(s[key] for s in samples) for key in ("total", "data", "docx", "xlsx")
    } | {"runs": runs}


def run_one(db: str, args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"db": db}
    if db == "postgres":
        why = _postgres_ready()
        if why:
            result["skipped"] = why
            return result
        os.environ["DATABASE_URL"] = PG_URL
    else:
        if not SQLITE_PATH.exists():
            result["skipped"] = f"no {SQLITE_PATH} (bench/reporting_bench.py builds it)"
            return result
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()
    from django.db import connection

    print(f"[{db}] {connection.vendor}: {connection.settings_dict['NAME']}", flush=True)
    plan, reporters = _largest_plan(args.year)
    if plan is None:
        result["skipped"] = "no synthetic data set (bench/reporting_bench.py builds it)"
        return result
    result["province"] = f"{plan.unit.name} ({reporters} reporters)"
    keep = ROOT / "var" / "bench" if args.keep else None
    province = _measure(
        _report("annual", args.year, plan),
        args.runs,
        keep / f"synthesis-province-{db}" if keep else None,
    )
    result["province_report"] = province
    print(f"[{db}] province {result['province']}: median {province['total']:.2f} s", flush=True)
    national = _measure(
        _report("annual", args.year),
        args.national_runs,
        keep / f"synthesis-national-{db}" if keep else None,
    )
    result["national_report"] = national
    print(f"[{db}] national: median {national['total']:.2f} s", flush=True)
    return result


def _row(label: str, figures: dict[str, Any] | None, goal: float) -> str:
    if not figures:
        return f"  {label:<46} —"
    verdict = "pass" if figures["total"] < goal else "FAIL"
    return (
        f"  {label:<46} {figures['total']:7.2f} s  (data {figures['data']:.2f}, DOCX "
        f"{figures['docx']:.2f}, XLSX {figures['xlsx']:.2f}; {figures['runs']} runs)  "
        f"goal < {goal:.0f} s: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--national-runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.db != "both":
        result = run_one(args.db, args)
        if args.json:
            print("JSON:" + json.dumps(result))
        else:
            _print([result])
        return
    results = []
    for db in ("sqlite", "postgres"):
        command = [sys.executable, __file__, "--db", db, "--json", "--runs", str(args.runs),
                   "--national-runs", str(args.national_runs), "--year", str(args.year)]  # fmt: skip
        if args.keep:
            command.append("--keep")
        out = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = [x for x in out.stdout.splitlines() if x.startswith("JSON:")]
        if not lines:
            print(out.stdout, out.stderr, file=sys.stderr)
            results.append({"db": db, "skipped": "the run failed"})
            continue
        results.append(json.loads(lines[-1][5:]))
    _print(results)


def _print(results: list[dict[str, Any]]) -> None:
    print("Synthesis reports, median of the runs after a warm-up (DOCX + XLSX, no PDF):")
    for result in results:
        name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[result["db"]]
        if "skipped" in result:
            print(f"{name}: skipped — {result['skipped']}")
            continue
        print(f"{name}:")
        print(_row(f"province yearly report, {result['province']}", result.get("province_report"),
                   GOALS["province"]))  # fmt: skip
        print(_row("national yearly report", result.get("national_report"), GOALS["national"]))


if __name__ == "__main__":
    main()
