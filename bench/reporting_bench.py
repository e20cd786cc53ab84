"""Benchmark: report rounds and events at national scale, on SQLite and PostgreSQL.

    .venv/bin/python bench/reporting_bench.py [--db sqlite|postgres|both] [--events N]
        [--runs 20] [--import-rows 1000000] [--regenerate]

Builds the synthetic national data set with `binhdang gen-national` when the database
does not hold it yet (SQLite: var/bench/reporting.sqlite3; PostgreSQL:
postgres://postgres@127.0.0.1:5432/binhdang_bench, created when missing, skipped when
the server does not answer), then measures, median and p95 over `--runs` runs:

* the province round page: `round_completeness` for the 2025 annual round of the province
  with the most reporters, and the whole GET of that page (`reporting:round_detail`) as a
  superuser through `django.test.Client`; goal < 300 ms;
* national completeness (`national_completeness(year=2025, kind="annual")`); goal < 1 s;
* one bulk import of `--import-rows` events through `events_import_rows` (rows as a CSV
  reader gives them); goal >= 20,000 rows/s. The imported events are deleted afterwards.

Each database is measured in its own process (Django is set up once per process); with
`--db both` this script runs itself twice and prints one table. Timings are printed,
never asserted in tests.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = ROOT / "var" / "bench" / "reporting.sqlite3"
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres"
PG_NAME = "binhdang_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"

# measure key → (label, goal, unit, passes)
GOALS: dict[str, tuple[str, str, Callable[[float], bool]]] = {
    "round_completeness": ("round_completeness (largest province, 2025)", "< 300 ms",
                           lambda ms: ms < 300),
    "round_page": ("GET round page (superuser)", "< 300 ms", lambda ms: ms < 300),
    "national_completeness": ("national_completeness(2025, annual)", "< 1 s",
                              lambda ms: ms < 1000),
    "import": ("events_import_rows, rows/s", ">= 20,000 rows/s", lambda rate: rate >= 20_000),
}  # fmt: skip


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _timed(fn: Callable[[], Any], runs: int, warmup: int = 2) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - started))
    return {
        "median": statistics.median(times),
        "p95": _percentile(times, 95),
        "min": min(times),
        "runs": runs,
    }


# ---- database set-up -----------------------------------------------------------------


def _postgres_ready() -> str:
    """ "" when the bench database is there (created if missing), else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(f"{PG_SERVER} dbname=postgres", connect_timeout=3) as conn:
            conn.autocommit = True
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME])
            if found.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{PG_NAME}"')
                print(f"Created the PostgreSQL database {PG_NAME}.")
    except psycopg.Error as exc:
        return f"PostgreSQL at 127.0.0.1:5432 is not reachable ({str(exc).strip()})"
    return ""


def _data_present(events: int) -> bool:
    from binhdang.ops.national import synthetic_events, synthetic_plans

    plans = synthetic_plans().count()
    if plans < 34:
        return False
    return synthetic_events().count() == events


def _largest_round():
    from django.db.models import Count

    from binhdang.ops.national import synthetic_plans
    from binhdang.reporting.models import ReportRound

    return (
        ReportRound.objects.filter(plan__in=synthetic_plans(), kind="annual", year=2025)
        .annotate(n=Count("submissions"))
        .select_related("plan__unit")
        .order_by("-n")
        .first()
    )


def _superuser():
    from binhdang.accounts.models import User

    user = User.objects.filter(username="bench-admin").first()
    if user is None:
        user = User(username="bench-admin", is_superuser=True, is_staff=True)
        user.set_unusable_password()
        user.save()
    return user


# ---- the import rows -----------------------------------------------------------------


def _import_rows(n: int, *, commune_code: str, activity_ids: list[int]) -> list[tuple]:
    """`n` rows as a CSV file gives them (text cells), in the template's column order."""
    import random

    from binhdang.reporting.event_import import COLUMN_KEYS

    rng = random.Random(11)
    types = [
        ("Nói chuyện chuyên đề", "Trực tiếp", True),
        ("Hội nghị", "Trực tiếp", True),
        ("Tập huấn", "Trực tiếp", True),
        ("Sinh hoạt câu lạc bộ", "Trực tiếp", True),
        ("Lồng ghép", "Trực tiếp", True),
        ("Tin, bài", "Phát thanh, loa truyền thanh", False),
        ("Bài đăng mạng xã hội", "Mạng xã hội", False),
        ("Tờ rơi", "Tài liệu in", False),
    ]
    budgets = ["Ngân sách địa phương", "Kinh phí thường xuyên của cơ quan", "Xã hội hóa"]
    groups = ["1", "1; 4", "4", "2; 3", "Phụ nữ", "5", "1; 10"]
    first = date(2024, 1, 1)
    days = [(first + timedelta(days=i)).strftime("%d/%m/%Y") for i in range(700)]
    assert set(COLUMN_KEYS) >= {"date", "event_type", "title", "unit", "activity"}
    rows = []
    for i in range(n):
        kind, channel, people = types[rng.randrange(len(types))]
        male = rng.randint(5, 80) if people else None
        female = rng.randint(5, 80) if people else None
        cost = rng.randrange(0, 30) * 100_000
        row = {
            "date": days[rng.randrange(len(days))],
            "event_type": kind,
            "channel": channel,
            "title": f"{kind} về bình đẳng giới, đợt {i % 500 + 1}",
            "unit": commune_code if rng.random() < 0.7 else "",
            "target_groups": groups[rng.randrange(len(groups))],
            "participants_male": str(male) if male is not None else "",
            "participants_female": str(female) if female is not None else "",
            "participants_total": str(male + female + rng.randint(0, 10))
            if male is not None and female is not None
            else "",
            "product": "" if people else "Tờ rơi",
            "quantity": "" if people else str(rng.randint(1, 500)),
            "cost": f"{cost:,}".replace(",", ".") if cost else "",
            "budget_source": budgets[rng.randrange(len(budgets))] if cost else "",
            "activity": str(activity_ids[rng.randrange(len(activity_ids))])
            if activity_ids and rng.random() < 0.3
            else "",
            "is_digital": "",
            "note": "",
        }
        rows.append(tuple(row.get(k, "") for k in COLUMN_KEYS))
    return rows


def _as_dicts(rows: list[tuple]) -> Iterator[dict[str, Any]]:
    from binhdang.reporting.event_import import COLUMN_KEYS

    for row in rows:
        yield dict(zip(COLUMN_KEYS, row, strict=True))


# ---- one database --------------------------------------------------------------------


def run_one(db: str, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one database in this process; the figures as a dict."""
    result: dict[str, Any] = {"db": db}
    if db == "postgres":
        why = _postgres_ready()
        if why:
            print(f"PostgreSQL: skipped — {why}")
            result["skipped"] = why
            return result
        os.environ["DATABASE_URL"] = PG_URL
    else:
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    translation.activate("vi")
    print(f"== {connection.vendor}: {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if args.regenerate or not _data_present(args.events):
        print(f"Building the data set (gen-national --events {args.events:,})…")
        started = time.perf_counter()
        call_command("gen_national", "--reset", "--events", str(args.events))
        result["generation_s"] = time.perf_counter() - started
    else:
        print("The synthetic data set is there (use --regenerate to build it again).")

    from binhdang.reporting import selectors
    from binhdang.reporting.models import CommEvent, Submission

    rnd = _largest_round()
    if rnd is None:
        raise SystemExit("No 2025 annual round in the synthetic data.")
    expected = Submission.objects.filter(round=rnd).count()
    result["round"] = f"{rnd.plan.unit.name}: {expected} reporters"
    result["events_in_db"] = CommEvent.objects.count()
    print(f"Round page: {rnd.title} ({result['round']}); events in the database: "
          f"{result['events_in_db']:,}")  # fmt: skip

    user = _superuser()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("reporting:round_detail", args=[rnd.pk])

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    runs = args.runs
    result["round_completeness"] = _timed(lambda: selectors.round_completeness(round=rnd), runs)
    result["round_page"] = _timed(page, runs)
    result["national_completeness"] = _timed(
        lambda: selectors.national_completeness(year=2025, kind="annual"), runs
    )
    for key in ("round_completeness", "round_page", "national_completeness"):
        t = result[key]
        print(f"  {GOALS[key][0]:<46} median {t['median']:8.1f} ms  p95 {t['p95']:8.1f} ms")

    if args.import_rows:
        result["import"] = _bench_import(rnd, user, args.import_rows)
    return result


def _bench_import(rnd, user, n: int) -> dict[str, Any]:
    from django.db import connection

    from binhdang.agencies.models import Agency
    from binhdang.plans.models import Activity
    from binhdang.reporting.event_import import events_import_rows
    from binhdang.reporting.models import CommEvent, EventImport

    agency = (
        Agency.objects.current()
        .filter(kind="peoples_committee", unit__level="commune", unit__province=rnd.plan.unit)
        .select_related("unit")
        .order_by("unit__path")
        .first()
    )
    assert agency is not None and agency.unit is not None
    activities = list(
        Activity.objects.filter(task__plan=rnd.plan, assignments__agencies=agency)
        .values_list("pk", flat=True)
        .distinct()
    )
    started = time.perf_counter()
    rows = _import_rows(n, commune_code=agency.unit.code, activity_ids=activities)
    made = time.perf_counter() - started
    print(f"  {n:,} import rows prepared in {made:.1f} s (not timed); importing as "
          f"{agency.full_name}…")  # fmt: skip
    started = time.perf_counter()
    result = events_import_rows(actor=user, agency=agency, rows=_as_dicts(rows), file_name="bench")
    seconds = time.perf_counter() - started
    if not result.ok:
        for error in result.errors[:10]:
            print(f"    row {error.row} {error.column}: {error.message} ({error.value})")
        raise SystemExit(f"The import was refused: {result.error_count} errors")
    rate = result.created / seconds
    print(f"  {GOALS['import'][0]:<46} {result.created:,} rows in {seconds:.1f} s = "
          f"{rate:,.0f} rows/s")  # fmt: skip
    # Leave the data set as it was.
    started = time.perf_counter()
    imported = CommEvent.objects.filter(batch=result.batch)
    imported._raw_delete(imported.db)
    EventImport.objects.filter(pk=result.batch.pk).delete()
    if connection.vendor == "postgresql":
        # Dead rows left in the indexes would slow this agency's queries until autovacuum.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) reporting_commevent")
    print(f"  (imported events deleted in {time.perf_counter() - started:.1f} s)")
    return {"rows": result.created, "seconds": seconds, "rate": rate}


# ---- the table -----------------------------------------------------------------------


def _cell(result: dict[str, Any] | None, key: str) -> tuple[str, bool | None]:
    if result is None:
        return "not run", None
    if "skipped" in result:
        return "skipped", None
    value = result.get(key)
    if value is None:
        return "—", None
    passes = GOALS[key][2]
    if key == "import":
        return f"{value['rate']:,.0f}/s", passes(value["rate"])
    return f"{value['median']:.0f} / {value['p95']:.0f} ms", passes(value["median"])


def print_table(results: dict[str, dict[str, Any]]) -> None:
    sqlite, pg = results.get("sqlite"), results.get("postgres")
    print()
    print("Times: median / p95 of the runs; pass/fail on the median (import: one run).")
    header = f"{'measure':<46} {'SQLite':>18} {'PostgreSQL':>18} {'goal':>17}  result"
    print(header)
    print("-" * len(header))
    for key, (label, goal, _fn) in GOALS.items():
        a, ok_a = _cell(sqlite, key)
        b, ok_b = _cell(pg, key)
        verdicts = [v for v in (ok_a, ok_b) if v is not None]
        verdict = ("pass" if all(verdicts) else "FAIL") if verdicts else "—"
        if len(verdicts) == 2 and ok_a != ok_b:
            verdict = f"{'pass' if ok_a else 'FAIL'} / {'pass' if ok_b else 'FAIL'}"
        print(f"{label:<46} {a:>18} {b:>18} {goal:>17}  {verdict}")
    for db, result in (("SQLite", sqlite), ("PostgreSQL", pg)):
        if result and "generation_s" in result:
            print(f"gen-national on {db}: {result['generation_s']:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--regenerate", action="store_true", help="build the data set again")
    parser.add_argument("--json", help=argparse.SUPPRESS)  # a child process's result file
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    if args.db != "both":
        result = run_one(args.db, args)
        if args.json:
            Path(args.json).write_text(json.dumps(result))
        else:
            print_table({args.db: result})
        return 0

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for db in ("sqlite", "postgres"):
            out = Path(tmp) / f"{db}.json"
            command = [sys.executable, __file__, "--db", db, "--json", str(out),
                       "--events", str(args.events), "--runs", str(args.runs),
                       "--import-rows", str(args.import_rows)]  # fmt: skip
            if args.regenerate:
                command.append("--regenerate")
            done = subprocess.run(command, check=False)
            if done.returncode != 0 or not out.exists():
                results[db] = {"skipped": f"failed (exit {done.returncode})"}
                continue
            results[db] = json.loads(out.read_text())
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
