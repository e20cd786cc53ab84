"""Benchmark: the progress dashboards at national scale, on SQLite and PostgreSQL, checked
against the same aggregations computed in DuckDB.

    .venv/bin/python bench/dashboard_bench.py [--db sqlite|postgres|both] [--runs 20]
        [--budget 120] [--year 2025] [--parallel] [--no-duckdb] [--regenerate]

Uses the synthetic national data set of `binhdang gen-national` (SQLite:
var/bench/reporting.sqlite3; PostgreSQL: postgres://postgres@127.0.0.1:5432/binhdang_bench,
skipped when the server does not answer). When the data set is there without the
registries, survey results or indicator links, `gen-national --only-registries` adds them
(the 5 million events are kept); when there is none, it is built (`--regenerate`: always).
Then, median and p95 over `--runs` runs (fewer when a measure's runs pass `--budget`
seconds; the first call is timed apart as "cold" and, when it alone passes the budget, it
is the only sample):

* national: `leader_dashboard(user=<superuser>, year=2025)` and the whole GET of
  `indicators:dashboard` through `django.test.Client`; goal < 500 ms;
* province: the same for a user of the Sở Nội vụ of the province with the most reporters,
  and `plan_progress(plan=<its synthetic plan>, year=2025)`;
* reference: the rows the dashboard reads (figures with their submissions and units,
  events, media adoptions, conventions, survey results, units, target links) are copied
  from the SQLite file into DuckDB (var/bench/dashboard.duckdb, through CSV: DuckDB's
  sqlite extension cannot be downloaded here), and DuckDB SQL computes every linked
  target's value, numerator and denominator for the series years (2022 to `--year`) of
  every province and of the one province. Each number binhdang gave is checked against
  it (mismatches are printed), and our time / DuckDB's time is printed.

DuckDB is a bench dependency only (`pip install duckdb`). Each database is measured in its
own process; with `--db both` this script runs itself twice (one after the other, or at
the same time with `--parallel`, which saves time but lets the two share the CPU) and
prints one table. Timings are printed, never asserted in tests.
"""

import argparse
import csv
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = ROOT / "var" / "bench" / "reporting.sqlite3"
DUCKDB_PATH = ROOT / "var" / "bench" / "dashboard.duckdb"
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres"
PG_NAME = "binhdang_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
FIRST_YEAR = 2022
Q2 = Decimal("0.01")

# measure key → (label, goal, passes)
GOALS: dict[str, tuple[str, str, Callable[[float], bool] | None]] = {
    "national_dashboard": ("leader_dashboard national (superuser)", "< 500 ms",
                           lambda ms: ms < 500),
    "national_page": ("GET indicators:dashboard (superuser)", "< 500 ms", lambda ms: ms < 500),
    "national_after_write": ("  national, after a write in one province", "—", None),
    "national_uncached": ("  national, every number computed", "—", None),
    "province_dashboard": ("leader_dashboard province (Sở Nội vụ)", "< 500 ms",
                           lambda ms: ms < 500),
    "province_page": ("GET indicators:dashboard (Sở Nội vụ)", "< 500 ms", lambda ms: ms < 500),
    "province_after_write": ("  province, after a write in it", "—", None),
    "plan_progress": ("plan_progress(province plan), computed", "—", None),
}  # fmt: skip
# The indicators the DuckDB reference computes (those of the synthetic plans' targets).
REFERENCE_CODES = (
    "comm-sessions",
    "action-month-plans",
    "awareness-change",
    "media-pilot",
    "media-official",
    "conventions-ok",
    "ge-officers-trained",
)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _summary(times: list[float], cold: float | None) -> dict[str, Any]:
    return {
        "median": statistics.median(times),
        "p95": _percentile(times, 95),
        "min": min(times),
        "runs": len(times),
        "cold": cold,
    }


def _timed(
    fn: Callable[[], Any], runs: int, budget: float, *, cold_run: bool = True
) -> tuple[dict[str, Any], Any]:
    """Time `fn`: a cold first call (apart), then up to `runs` calls while the budget
    (seconds) lasts, at least one. Returns the figures and the first call's result."""
    cold = None
    result = None
    if cold_run:
        started = time.perf_counter()
        result = fn()
        cold = 1000 * (time.perf_counter() - started)
        if cold / 1000 > budget:
            return _summary([cold], cold), result
    times: list[float] = []
    spent = 0.0
    while len(times) < runs and (not times or spent < budget):
        started = time.perf_counter()
        out = fn()
        elapsed = time.perf_counter() - started
        if result is None:
            result = out
        times.append(1000 * elapsed)
        spent += elapsed
    return _summary(times, cold), result


def _q(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Q2, rounding=ROUND_HALF_UP)


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


def _data_state() -> str:
    """ "ok", "registries" (the data set lacks the new parts) or "none"."""
    from binhdang.indicators.models import TargetIndicator
    from binhdang.ops import national
    from binhdang.plans.models import Target

    plans = national.synthetic_plans()
    if plans.count() < 34 or not national.synthetic_events().exists():
        return "none"
    wanted = [text for text, _m in national._TARGETS]
    first = plans.order_by("pk").first()
    have = list(Target.objects.filter(plan=first).order_by("order").values_list("text", flat=True))
    if (
        have != wanted
        or not national.synthetic_media().exists()
        or not national.synthetic_conventions().exists()
        or not national.synthetic_surveys().exists()
        or not TargetIndicator.objects.filter(target__plan__in=plans).exists()
    ):
        return "registries"
    return "ok"


def _largest_plan():
    """The synthetic plan of the province with the most reporters in the year's round."""
    from django.db.models import Count

    from binhdang.ops.national import synthetic_plans
    from binhdang.reporting.models import ReportRound

    rnd = (
        ReportRound.objects.filter(plan__in=synthetic_plans(), kind="annual", year=2025)
        .annotate(n=Count("submissions"))
        .select_related("plan__unit")
        .order_by("-n", "pk")
        .first()
    )
    if rnd is None:
        raise SystemExit("No 2025 annual round in the synthetic data.")
    return rnd.plan, rnd.n


def _superuser():
    from binhdang.accounts.models import User

    user = User.objects.filter(username="bench-admin").first()
    if user is None:
        user = User(username="bench-admin", is_superuser=True, is_staff=True)
        user.set_unusable_password()
        user.save()
    return user


def _province_user(plan):
    """A viewer of the province's Sở Nội vụ (the plan's lead when there is none), with
    every view permission of the apps the dashboard reads."""
    from django.contrib.auth.models import Group, Permission

    from binhdang.accounts.models import User
    from binhdang.agencies.models import Agency

    agency = (
        Agency.objects.current()
        .filter(unit=plan.unit, catalogue_code="so-noi-vu")
        .order_by("pk")
        .first()
    ) or Agency.objects.current().filter(unit=plan.unit, kind="department").order_by("pk").first()
    if agency is None:
        raise SystemExit(f"No department in {plan.unit.name}.")
    user = User.objects.filter(username="bench-province").first()
    if user is None:
        user = User(username="bench-province")
        user.set_unusable_password()
    user.agency = agency
    user.is_superuser = user.is_staff = False
    user.save()
    viewer = Group.objects.filter(name="viewer").first()
    if viewer is not None:
        user.groups.add(viewer)
    apps = ["indicators", "media", "conventions", "registries", "reporting", "plans", "geo"]
    user.user_permissions.add(
        *Permission.objects.filter(codename__startswith="view_", content_type__app_label__in=apps)
    )
    return User.objects.get(pk=user.pk), agency  # fresh: no cached permissions


# ---- binhdang's numbers ----------------------------------------------------------------


def _num(value: Any) -> str | None:
    return None if value is None else str(value)


def _numbers(progress_by_plan: list[tuple[Any, list[Any]]]) -> dict[str, dict[str, Any]]:
    """(plan number | target order | indicator | year) → value, numerator, denominator
    (and the awareness level), for every linked part of every target."""
    out: dict[str, dict[str, Any]] = {}
    for plan, targets in progress_by_plan:
        for tp in targets:
            for part in tp.parts or [tp]:
                if part.indicator is None:
                    continue
                for year, iv in part.series:
                    row: dict[str, Any] = {
                        "value": _num(iv.value),
                        "numerator": _num(iv.numerator),
                        "denominator": _num(iv.denominator),
                    }
                    for source in iv.sources:
                        if source.key == "survey.awareness":
                            row["level"] = _num(source.value)
                    out[f"{plan.doc_number}|{tp.target.order}|{part.indicator.code}|{year}"] = row
    return out


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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    # The bench runs no worker: no refresh is queued after its writes.
    os.environ["BINHDANG_PROGRESS_REFRESH"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    translation.activate("vi")
    tag = f"[{db}]"
    print(f"{tag} == {connection.vendor}: {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    state = "none" if args.regenerate else _data_state()
    started = time.perf_counter()
    if state == "none":
        print(f"{tag} Building the data set (gen-national --reset)…")
        call_command("gen_national", "--reset")
        result["generation_s"] = time.perf_counter() - started
    elif state == "registries":
        print(f"{tag} Adding the registries and indicator links (gen-national --only-registries)…")
        call_command("gen_national", "--only-registries")
        result["generation_s"] = time.perf_counter() - started
    else:
        print(f"{tag} The synthetic data set is there (use --regenerate to build it again).")

    from binhdang.indicators import selectors

    year = args.year
    plan, reporters = _largest_plan()
    admin = _superuser()
    province_user, agency = _province_user(plan)
    result["province"] = f"{plan.unit.name} ({reporters} reporters), user of {agency.name}"
    print(f"{tag} Province: {result['province']}")
    try:
        url = reverse("indicators:dashboard") + f"?year={year}"
    except NoReverseMatch:
        url = ""
        print(f"{tag} indicators:dashboard does not exist: the pages are not measured.")

    def dashboard(user) -> Callable[[], Any]:
        return lambda: selectors.leader_dashboard(user=user, year=year)

    def page(user) -> Callable[[], None]:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)

        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    runs, budget = args.runs, args.budget

    def measure(key: str, fn: Callable[[], Any], *, cold_run: bool = True) -> Any:
        figures, value = _timed(fn, runs, budget, cold_run=cold_run)
        result[key] = figures
        cold = f"  cold {figures['cold']:9.1f} ms" if figures["cold"] is not None else ""
        print(f"{tag}   {GOALS[key][0]:<44} median {figures['median']:9.1f} ms  "
              f"p95 {figures['p95']:9.1f} ms  ({figures['runs']} runs){cold}", flush=True)  # fmt: skip
        return value

    from django.conf import settings
    from django.core.cache import caches

    from binhdang.indicators import freshness

    def uncached(fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            settings.BINHDANG_PROGRESS_CACHE = False
            try:
                return fn()
            finally:
                settings.BINHDANG_PROGRESS_CACHE = True

        return run

    def after_write(fn: Callable[[], Any]) -> Callable[[], Any]:
        # What a saved report in the province does: its data version moves (outside a
        # transaction the versions move at once), so its targets are computed again.
        def run() -> Any:
            freshness.mark_changed([plan.unit_id])
            return fn()

        return run

    # Every number computed (what the cache saves), then the cache cold → warm.
    caches[freshness.CACHE_ALIAS].clear()
    national = measure("national_uncached", uncached(dashboard(admin)), cold_run=False)
    started = time.perf_counter()
    dashboard(admin)()  # fills the cache
    result["national_fill_s"] = time.perf_counter() - started
    print(f"{tag}   the cache filled by the first national dashboard in "
          f"{result['national_fill_s']:.1f} s", flush=True)  # fmt: skip
    cached = measure("national_dashboard", dashboard(admin), cold_run=False)
    if url:
        measure("national_page", page(admin), cold_run=False)
    measure("national_after_write", after_write(dashboard(admin)), cold_run=False)
    province = measure("province_dashboard", dashboard(province_user))
    if url:
        measure("province_page", page(province_user), cold_run=False)
    measure("province_after_write", after_write(dashboard(province_user)), cold_run=False)
    progress = measure(
        "plan_progress", uncached(lambda: selectors.plan_progress(plan=plan, year=year))
    )
    same = _numbers([(b.plan, b.targets) for b in cached.plans]) == _numbers(
        [(b.plan, b.targets) for b in national.plans]
    )
    result["cache_same"] = same
    print(f"{tag} cached national numbers equal to the computed ones: {same}", flush=True)
    result["plans_national"] = len(national.plans)
    result["plans_province"] = len(province.plans)

    # The leader's page holds summaries (no sources): the numbers checked are the whole
    # results of the same targets, which the first national dashboard put in the cache.
    def whole(blocks: list[Any]) -> list[tuple[Any, list[Any]]]:
        return [(b.plan, selectors.plan_progress(plan=b.plan, year=year)) for b in blocks]

    result["numbers"] = {
        "national": _numbers(whole(national.plans)),
        "province": _numbers(whole(province.plans)),
        "plan_progress": _numbers([(plan, progress)]),
    }
    result["province_doc"] = plan.doc_number
    return result


# ---- the DuckDB reference ------------------------------------------------------------

# table → (SQL over the SQLite file, DuckDB column definitions)
EXPORTS: dict[str, tuple[str, str]] = {
    "units": (
        "SELECT id, code, path, level, generation, province_id, valid_from, valid_to "
        "FROM geo_administrativeunit",
        "id BIGINT, code VARCHAR, path VARCHAR, level VARCHAR, generation VARCHAR, "
        "province_id BIGINT, valid_from DATE, valid_to DATE",
    ),
    "plans": (
        "SELECT id, doc_number, unit_id, status FROM plans_plan",
        "id BIGINT, doc_number VARCHAR, unit_id BIGINT, status VARCHAR",
    ),
    "targets": (
        'SELECT id, plan_id, "order" FROM plans_target',
        "id BIGINT, plan_id BIGINT, ord INTEGER",
    ),
    "links": (
        "SELECT l.target_id, i.code FROM indicators_targetindicator l "
        "JOIN indicators_indicator i ON i.id = l.indicator_id",
        "target_id BIGINT, code VARCHAR",
    ),
    # Figures with their submission's status (the dashboard reads received ones).
    "datavalues": (
        "SELECT e.code, v.period, v.agency_id, v.unit_id, v.sex, v.target_group, v.kind, "
        "CAST(ROUND(v.value * 100) AS INTEGER), v.submission_id, s.status "
        "FROM reporting_datavalue v JOIN reporting_dataelement e ON e.id = v.element_id "
        "JOIN reporting_submission s ON s.id = v.submission_id",
        "code VARCHAR, period VARCHAR, agency_id BIGINT, unit_id BIGINT, sex VARCHAR, "
        "target_group VARCHAR, kind VARCHAR, value_c HUGEINT, submission_id BIGINT, "
        "status VARCHAR",
    ),
    # Every event, with only what the aggregations need.
    "events": (
        "SELECT date, unit_id, channel, event_type FROM reporting_commevent",
        "date DATE, unit_id BIGINT, channel VARCHAR, event_type VARCHAR",
    ),
    "media": (
        "SELECT id, unit_id, is_active FROM media_mediaagency",
        "id BIGINT, unit_id BIGINT, is_active BOOLEAN",
    ),
    "adoptions": (
        "SELECT media_agency_id, year, status FROM media_adoption",
        "media_agency_id BIGINT, year INTEGER, status VARCHAR",
    ),
    "assessments": (
        "SELECT media_agency_id, year FROM media_assessment",
        "media_agency_id BIGINT, year INTEGER",
    ),
    "conventions": (
        "SELECT unit_id, adopted_on, ended_on, review_result, reviewed_on, fixed_on "
        "FROM conventions_convention",
        "unit_id BIGINT, adopted_on DATE, ended_on DATE, review_result VARCHAR, "
        "reviewed_on DATE, fixed_on DATE",
    ),
    "surveys": (
        "SELECT year, unit_id, target_group, sex, respondents, "
        "CAST(ROUND(share_correct * 100) AS INTEGER) FROM indicators_surveyresult",
        "year INTEGER, unit_id BIGINT, target_group VARCHAR, sex VARCHAR, "
        "respondents BIGINT, share_c BIGINT",
    ),
}


def duckdb_build(*, force: bool) -> dict[str, Any]:
    """Copy the rows the dashboard reads from the SQLite file into DuckDB (through CSV).
    Kept while the copied tables keep their row counts and last ids."""
    import duckdb

    source = sqlite3.connect(f"file:{SQLITE_PATH}?mode=ro", uri=True)
    tables = [
        "geo_administrativeunit", "plans_plan", "plans_target", "indicators_targetindicator",
        "reporting_datavalue", "reporting_submission", "reporting_commevent",
        "media_mediaagency", "media_adoption", "media_assessment", "conventions_convention",
        "indicators_surveyresult",
    ]  # fmt: skip
    stamp = json.dumps(
        [source.execute(f"SELECT count(*), max(rowid) FROM {t}").fetchone() for t in tables]
    )
    stamp_file = DUCKDB_PATH.with_suffix(".stamp")
    fresh = DUCKDB_PATH.exists() and stamp_file.exists() and stamp_file.read_text() == stamp
    if fresh and not force:
        source.close()
        return {"rebuilt": False}
    DUCKDB_PATH.unlink(missing_ok=True)
    started = time.perf_counter()
    rows: dict[str, int] = {}
    con = duckdb.connect(str(DUCKDB_PATH))
    with tempfile.TemporaryDirectory() as tmp:
        for table, (sql, columns) in EXPORTS.items():
            path = Path(tmp) / f"{table}.csv"
            n = 0
            with path.open("w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                cursor = source.execute(sql)
                while batch := cursor.fetchmany(100_000):
                    writer.writerows(batch)
                    n += len(batch)
            rows[table] = n
            cols = ", ".join(f"'{c.split()[0]}': '{c.split(maxsplit=1)[1]}'"
                             for c in columns.split(", "))  # fmt: skip
            con.execute(
                # An empty text and NULL both come back as NULL (the reference reads
                # NULL text as ""): Django's text columns are never NULL.
                f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header=false, "
                f"columns={{{cols}}}, auto_detect=false, delim=',', quote='\"', escape='\"')"
            )
    con.close()
    source.close()
    stamp_file.write_text(stamp)
    return {"rebuilt": True, "seconds": time.perf_counter() - started, "rows": rows}


def _reference_sql(year: int, province: str | None) -> str:
    """One query: every linked target part's numbers per synthetic plan and series year.
    Values and shares are integers of hundredths, rounded half up as binhdang does."""
    only = f"AND p.code = '{province}'" if province else ""
    return f"""
WITH
yrs AS (SELECT y FROM range({FIRST_YEAR}, {year + 1}) t(y)),
prov AS (SELECT id, path, code FROM units p
         WHERE level = 'province' AND generation <> 'legacy' {only}),
-- a province's area: its units and the pre-2025 units of the same province
area AS (
    SELECT p.id AS province_id, u.id AS unit_id FROM prov p JOIN units u
    ON u.path = p.path OR starts_with(u.path, p.path || '/')
       OR (u.generation = 'legacy' AND u.province_id = p.id)),
-- comm-sessions: in-person events of the Decree 09 year per commune in force on 14/12
ev AS (
    SELECT a.province_id, CASE WHEN month(e.date) = 12 AND day(e.date) >= 15
        THEN year(e.date) + 1 ELSE year(e.date) END AS y, count(*) AS n
    FROM events e JOIN area a ON a.unit_id = e.unit_id
    WHERE e.channel = 'in_person' AND e.date BETWEEN make_date({FIRST_YEAR - 1}, 12, 15)
      AND make_date({year}, 12, 14)
    GROUP BY ALL),
communes AS (
    SELECT a.province_id, y.y, count(*) AS n FROM units u JOIN area a ON a.unit_id = u.id
    CROSS JOIN yrs y WHERE u.level = 'commune'
      AND (u.valid_from IS NULL OR u.valid_from <= make_date(y.y, 12, 14))
      AND (u.valid_to IS NULL OR u.valid_to >= make_date(y.y, 12, 14))
    GROUP BY ALL),
comm AS (
    SELECT c.province_id, c.y, 'comm-sessions' AS code, ev.n * 100 AS num_c,
        c.n * 100 AS den_c, ev.n::HUGEINT AS q_num, c.n::HUGEINT AS q_den, NULL AS level_c
    FROM communes c LEFT JOIN ev USING (province_id, y)),
-- reported figures: received, the best kind then the latest submission per period, the
-- annual figure before the Action Month's before the quarters (summed)
dv AS (
    SELECT a.province_id, d.agency_id, d.code, CAST(left(d.period, 4) AS INTEGER) AS y,
        d.period, coalesce(nullif(d.sex, ''), nullif(d.target_group, ''), '') AS cell,
        CASE WHEN d.period LIKE '%AM' THEN 1 WHEN d.period LIKE '%Q%' THEN 2 ELSE 0 END
            AS prank,
        d.value_c,
        CASE d.kind WHEN 'final' THEN 3 WHEN 'estimate' THEN 2 WHEN 'actual' THEN 1
            ELSE 0 END AS kprec,
        d.submission_id
    FROM datavalues d JOIN area a ON a.unit_id = d.unit_id
    WHERE d.status IN ('submitted', 'resubmitted', 'approved')
      AND d.code IN ('action_month.plan_made', 'ge_officers.trained', 'ge_officers.total')
      AND regexp_full_match(d.period, '\\d{{4}}(AM|Q[1-4])?')
      AND CAST(left(d.period, 4) AS INTEGER) BETWEEN {FIRST_YEAR} AND {year}),
best AS (
    SELECT province_id, agency_id, code, y, period, cell, prank,
        arg_max(value_c, (kprec, submission_id)) AS value_c
    FROM dv GROUP BY ALL),
cells AS (
    SELECT province_id, agency_id, code, y, cell,
        sum(value_c) FILTER (WHERE prank = top) AS value_c
    FROM (SELECT *, min(prank) OVER (PARTITION BY agency_id, code, y, cell) AS top FROM best)
    GROUP BY ALL),
agency_values AS (
    SELECT province_id, agency_id, code, y,
        coalesce(max(value_c) FILTER (WHERE cell = ''), sum(value_c)) AS value_c
    FROM cells GROUP BY ALL),
action AS (
    SELECT province_id, y, 'action-month-plans' AS code,
        count(*) FILTER (WHERE value_c > 0) * 100 AS num_c, count(*) * 100 AS den_c,
        count(*) FILTER (WHERE value_c > 0) * 100::HUGEINT AS q_num,
        count(*)::HUGEINT AS q_den, NULL AS level_c
    FROM agency_values WHERE code = 'action_month.plan_made' GROUP BY ALL),
officers AS (
    SELECT t.province_id, t.y, 'ge-officers-trained' AS code, sum(t.value_c) AS num_c,
        sum(n.value_c) AS den_c, sum(t.value_c) * 100::HUGEINT AS q_num,
        sum(n.value_c)::HUGEINT AS q_den, NULL AS level_c
    FROM agency_values t JOIN agency_values n
      ON n.agency_id = t.agency_id AND n.y = t.y AND n.code = 'ge_officers.total'
    WHERE t.code = 'ge_officers.trained' GROUP BY ALL),
-- media registry: active agencies in the area, the year's recorded status
media_status AS (
    SELECT a.province_id, y.y, coalesce(ad.status, 'none') AS status
    FROM media m JOIN area a ON a.unit_id = m.unit_id CROSS JOIN yrs y
    LEFT JOIN adoptions ad ON ad.media_agency_id = m.id AND ad.year = y.y
    WHERE m.is_active),
media_counts AS (
    SELECT province_id, y, count(*) AS total,
        count(*) FILTER (WHERE status IN ('pilot', 'official')) AS pilot,
        count(*) FILTER (WHERE status = 'official') AS official
    FROM media_status GROUP BY ALL),
media_pilot AS (
    SELECT province_id, y, 'media-pilot' AS code, pilot * 100 AS num_c, total * 100 AS den_c,
        pilot * 100::HUGEINT AS q_num, total::HUGEINT AS q_den, NULL AS level_c
    FROM media_counts),
media_official AS (
    SELECT province_id, y, 'media-official' AS code, official * 100 AS num_c,
        total * 100 AS den_c, official * 100::HUGEINT AS q_num, total::HUGEINT AS q_den,
        NULL AS level_c
    FROM media_counts),
-- conventions in force on 31/12, free of discrimination by then
conv AS (
    SELECT a.province_id, y.y, count(*) AS total,
        count(*) FILTER (WHERE (c.review_result = 'no_discrimination'
                                AND c.reviewed_on <= make_date(y.y, 12, 31))
                            OR (c.review_result = 'fixed'
                                AND c.fixed_on <= make_date(y.y, 12, 31))) AS free
    FROM conventions c JOIN area a ON a.unit_id = c.unit_id CROSS JOIN yrs y
    WHERE c.adopted_on <= make_date(y.y, 12, 31)
      AND (c.ended_on IS NULL OR c.ended_on > make_date(y.y, 12, 31))
    GROUP BY ALL),
conv_ok AS (
    SELECT province_id, y, 'conventions-ok' AS code, free * 100 AS num_c, total * 100 AS den_c,
        free * 100::HUGEINT AS q_num, total::HUGEINT AS q_den, NULL AS level_c
    FROM conv),
-- awareness: Σ people with correct answers ÷ Σ respondents (the total row, else the two
-- sexes), the change since 2025; level = Σ respondents × share (hundredths) / (100 Σ resp)
survey_rows AS (
    SELECT a.province_id, s.year AS y, coalesce(s.sex, '') AS sex, s.respondents, s.share_c
    FROM surveys s JOIN area a ON a.unit_id = s.unit_id
    WHERE coalesce(s.target_group, '') = ''),
survey_level AS (
    SELECT province_id, y,
        CASE WHEN count(*) FILTER (WHERE sex = '') > 0
            THEN sum(respondents * share_c) FILTER (WHERE sex = '')
            ELSE sum(respondents * share_c) FILTER (WHERE sex IN ('male', 'female')) END
            ::HUGEINT AS a_num,
        CASE WHEN count(*) FILTER (WHERE sex = '') > 0
            THEN sum(respondents) FILTER (WHERE sex = '') * 100
            ELSE sum(respondents) FILTER (WHERE sex IN ('male', 'female')) * 100 END
            ::HUGEINT AS a_den
    FROM survey_rows GROUP BY ALL),
awareness AS (
    SELECT p.id AS province_id, y.y, 'awareness-change' AS code, NULL AS num_c,
        NULL AS den_c, l.a_num * b.a_den - b.a_num * l.a_den AS q_num,
        l.a_den * b.a_den AS q_den,
        l.a_num AS level_num, l.a_den AS level_den
    FROM prov p CROSS JOIN yrs y
    LEFT JOIN survey_level l ON l.province_id = p.id AND l.y = y.y
    LEFT JOIN survey_level b ON b.province_id = p.id AND b.y = 2025),
everything AS (
    SELECT province_id, y, code, num_c, den_c, q_num, q_den, NULL::HUGEINT AS level_num,
        NULL::HUGEINT AS level_den FROM comm
    UNION ALL SELECT province_id, y, code, num_c, den_c, q_num, q_den, NULL, NULL FROM action
    UNION ALL SELECT province_id, y, code, num_c, den_c, q_num, q_den, NULL, NULL FROM officers
    UNION ALL SELECT province_id, y, code, num_c, den_c, q_num, q_den, NULL, NULL
        FROM media_pilot
    UNION ALL SELECT province_id, y, code, num_c, den_c, q_num, q_den, NULL, NULL
        FROM media_official
    UNION ALL SELECT province_id, y, code, num_c, den_c, q_num, q_den, NULL, NULL FROM conv_ok
    UNION ALL SELECT province_id, y, code, num_c, den_c, q_num, q_den, level_num, level_den
        FROM awareness)
SELECT pl.doc_number, t.ord, l.code, e.y, e.num_c, e.den_c,
    -- hundredths of q_num / q_den, rounded half up (half away from zero)
    CASE WHEN e.q_num IS NULL OR e.q_den IS NULL OR e.q_den = 0 THEN NULL
         WHEN e.q_num >= 0 THEN (200 * e.q_num + e.q_den) // (2 * e.q_den)
         ELSE -((200 * -e.q_num + e.q_den) // (2 * e.q_den)) END AS value_h,
    CASE WHEN e.level_den IS NULL OR e.level_den = 0 THEN NULL
         ELSE (200 * e.level_num + e.level_den) // (2 * e.level_den) END AS level_h
FROM plans pl JOIN prov p ON p.id = pl.unit_id
JOIN targets t ON t.plan_id = pl.id
JOIN links l ON l.target_id = t.id
JOIN everything e ON e.province_id = p.id AND e.code = l.code
WHERE pl.doc_number LIKE '%/KH-SYN' AND pl.status = 'active'
ORDER BY 1, 2, 3, 4
"""


def _reference_rows(con: Any, sql: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for doc, order, code, year, num_c, den_c, value_h, level_h in con.execute(sql).fetchall():
        if code not in REFERENCE_CODES:
            continue
        row: dict[str, Any] = {
            "value": None if value_h is None else Decimal(int(value_h)) / 100,
            "numerator": None if num_c is None else Decimal(int(num_c)) / 100,
            "denominator": None if den_c is None else Decimal(int(den_c)) / 100,
        }
        if code == "awareness-change":
            row["level"] = None if level_h is None else Decimal(int(level_h)) / 100
        out[f"{doc}|{order}|{code}|{year}"] = row
    return out


def duckdb_reference(args: argparse.Namespace, province_doc: str | None) -> dict[str, Any]:
    """Build (or reuse) the DuckDB copy, then time the national and the province query."""
    import duckdb

    if not SQLITE_PATH.exists():
        return {"skipped": f"{SQLITE_PATH} does not exist"}
    print(f"DuckDB {duckdb.__version__}: copying the rows the dashboard reads from SQLite…")
    built = duckdb_build(force=args.regenerate)
    if built["rebuilt"]:
        rows = ", ".join(f"{k} {v:,}" for k, v in built["rows"].items())
        print(f"  copied in {built['seconds']:.1f} s ({rows})")
    else:
        print("  the copy is up to date (var/bench/dashboard.duckdb)")
    con = duckdb.connect(str(DUCKDB_PATH), read_only=True)
    notes = []
    assessed = con.execute("SELECT count(*) FROM assessments").fetchone()
    if assessed and assessed[0]:
        notes.append(f"{assessed[0]} media self-assessments are not modelled in the reference")
    result: dict[str, Any] = {"built": built, "notes": notes}
    province_code = province_doc.split("/")[0] if province_doc else None
    for key, code in (("national", None), ("province", province_code)):
        if key == "province" and code is None:
            continue
        sql = _reference_sql(args.year, code)
        figures, _value = _timed(lambda sql=sql: con.execute(sql).fetchall(), args.runs,
                                 args.budget)  # fmt: skip
        result[key] = figures
        result[f"{key}_numbers"] = _reference_rows(con, sql)
        print(f"  DuckDB {key:<9} median {figures['median']:8.1f} ms  p95 {figures['p95']:8.1f} ms"
              f"  ({len(result[f'{key}_numbers'])} numbers)")  # fmt: skip
    con.close()
    return result


def _same(ours: Any, ref: Any, *, exact: bool) -> bool:
    if ours is None or ref is None:
        return ours is None and ref is None
    a, b = Decimal(str(ours)), Decimal(str(ref))
    return a == b if exact else _q(a) == _q(b)


def compare(ours: dict[str, dict[str, Any]], ref: dict[str, dict[str, Any]], year: int,
            label: str, show: int = 15) -> dict[str, int]:  # fmt: skip
    """Check every number binhdang gave against the reference; print the mismatches."""
    counts = {"checked": 0, "mismatches": 0, "checked_year": 0, "mismatches_year": 0,
              "missing": 0}  # fmt: skip
    shown = 0
    for key in sorted(ref):
        row = ours.get(key)
        if row is None:
            counts["missing"] += 1
            if shown < show:
                print(f"    {label}: {key}: not in binhdang's dashboard")
                shown += 1
            continue
        in_year = key.endswith(f"|{year}")
        for field, exact in (("value", False), ("numerator", True), ("denominator", True),
                             ("level", False)):  # fmt: skip
            if field not in ref[key]:
                continue
            counts["checked"] += 1
            counts["checked_year"] += in_year
            if not _same(row.get(field), ref[key][field], exact=exact):
                counts["mismatches"] += 1
                counts["mismatches_year"] += in_year
                if shown < show:
                    print(f"    {label}: {key} {field}: binhdang {row.get(field)} ≠ DuckDB "
                          f"{ref[key][field]}")  # fmt: skip
                    shown += 1
    extra = sorted(set(k for k in ours if k.split("|")[2] in REFERENCE_CODES) - set(ref))
    for key in extra[: max(0, show - shown)]:
        print(f"    {label}: {key}: binhdang only (not computed by the reference)")
    counts["extra"] = len(extra)
    return counts


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
    runs = f" ({value['runs']})" if value["runs"] < 20 else ""
    text = f"{_fmt_ms(value['median'])} / {_fmt_ms(value['p95'])}{runs}"
    return text, passes(value["median"]) if passes else None


def _fmt_ms(ms: float) -> str:
    return f"{ms:,.0f} ms" if ms < 10_000 else f"{ms / 1000:,.1f} s"


def print_table(results: dict[str, dict[str, Any]], ref: dict[str, Any] | None,
                year: int) -> None:  # fmt: skip
    sqlite, pg = results.get("sqlite"), results.get("postgres")
    print()
    print(f"Year {year}. Times: median / p95 of the runs (number of runs when < 20: "
          "a measure stops when its runs pass --budget); pass/fail on the median.")  # fmt: skip
    header = f"{'measure':<40} {'SQLite':>26} {'PostgreSQL':>26} {'goal':>9}  result"
    print(header)
    print("-" * len(header))
    for key, (label, goal, _fn) in GOALS.items():
        a, ok_a = _cell(sqlite, key)
        b, ok_b = _cell(pg, key)
        verdicts = [v for v in (ok_a, ok_b) if v is not None]
        verdict = ("pass" if all(verdicts) else "FAIL") if verdicts else "—"
        if len(verdicts) == 2 and ok_a != ok_b:
            verdict = f"{'pass' if ok_a else 'FAIL'} / {'pass' if ok_b else 'FAIL'}"
        print(f"{label:<40} {a:>26} {b:>26} {goal:>9}  {verdict}")
    for db, result in (("SQLite", sqlite), ("PostgreSQL", pg)):
        fill = (result or {}).get("national_fill_s")
        if fill is not None:
            print(f"  (the first national dashboard on {db}, cache empty: {fill:.1f} s)")
        if result and "cache_same" in result:
            print(f"  (cached numbers equal to computed ones on {db}: {result['cache_same']})")
    if not ref or "skipped" in ref:
        if ref:
            print(f"DuckDB reference: skipped — {ref['skipped']}")
        return
    print()
    print("DuckDB reference (same rows, from the SQLite file): median / p95 ms, and our "
          "median ÷ DuckDB's median, every number computed / from the cache")  # fmt: skip
    header = (f"{'aggregation':<30} {'DuckDB':>16} {'SQLite ÷ DuckDB':>22} "
              f"{'PostgreSQL ÷ DuckDB':>22}")  # fmt: skip
    print(header)
    print("-" * len(header))
    pairs = (
        ("national", "national_uncached", "national_dashboard"),
        ("province", "plan_progress", "province_dashboard"),
    )
    for key, computed, warm in pairs:
        if key not in ref:
            continue
        d = ref[key]
        ratios = []
        for result in (sqlite, pg):
            parts = [((result or {}).get(k) or {}).get("median") for k in (computed, warm)]
            ratios.append(" / ".join(f"{t / d['median']:,.2f}×" if t else "—" for t in parts))
        label = f"{key} (all targets, {FIRST_YEAR}–{year})"
        print(f"{label:<30} {d['median']:>7.1f} / {d['p95']:>6.1f} {ratios[0]:>22} "
              f"{ratios[1]:>22}")  # fmt: skip
    print()
    print(f"Checks against DuckDB (value to 0.01, numerator and denominator exactly; year "
          f"{year} / every series year):")  # fmt: skip
    for db, result in (("SQLite", sqlite), ("PostgreSQL", pg)):
        for key, counts in ((result or {}).get("checks") or {}).items():
            print(f"  {db:<10} {key:<14} {counts['checked_year']:>5} checked in {year}, "
                  f"{counts['mismatches_year']} mismatches; {counts['checked']} in all years, "
                  f"{counts['mismatches']} mismatches; {counts['missing']} missing, "
                  f"{counts['extra']} not in the reference")  # fmt: skip
    for note in ref.get("notes", []):
        print(f"  note: {note}")
    for db, result in (("SQLite", sqlite), ("PostgreSQL", pg)):
        if result and "generation_s" in result:
            print(f"gen-national on {db}: {result['generation_s']:.1f} s")


def _checks(result: dict[str, Any], ref: dict[str, Any], year: int) -> None:
    if "numbers" not in result or "national_numbers" not in ref:
        return
    db = result["db"]
    numbers = result["numbers"]
    doc = result.get("province_doc", "")
    province_ref = ref.get("province_numbers", {})
    result["checks"] = {
        "national": compare(numbers["national"], ref["national_numbers"], year, f"{db} national"),
        "province": compare(numbers["province"], province_ref, year, f"{db} province"),
        "plan_progress": compare(
            numbers["plan_progress"],
            {k: v for k, v in province_ref.items() if k.startswith(doc + "|")},
            year,
            f"{db} plan_progress",
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds of runs per measure (default 120)")  # fmt: skip
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--parallel", action="store_true", help="measure both databases at once")
    parser.add_argument("--no-duckdb", action="store_true", help="no DuckDB reference")
    parser.add_argument("--regenerate", action="store_true", help="build the data set again")
    parser.add_argument("--json", help=argparse.SUPPRESS)  # a child process's result file
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    results: dict[str, dict[str, Any]] = {}
    if args.db != "both":
        result = run_one(args.db, args)
        if args.json:
            Path(args.json).write_text(json.dumps(result))
            return 0
        results[args.db] = result
    else:
        with tempfile.TemporaryDirectory() as tmp:
            children = []
            for db in ("sqlite", "postgres"):
                out = Path(tmp) / f"{db}.json"
                command = [sys.executable, __file__, "--db", db, "--json", str(out),
                           "--runs", str(args.runs), "--budget", str(args.budget),
                           "--year", str(args.year)]  # fmt: skip
                if args.regenerate:
                    command.append("--regenerate")
                child = subprocess.Popen(command)
                if not args.parallel:
                    child.wait()
                children.append((db, out, child))
            for db, out, child in children:
                code = child.wait()
                if code != 0 or not out.exists():
                    results[db] = {"skipped": f"failed (exit {code})"}
                    continue
                results[db] = json.loads(out.read_text())
    ref = None
    if not args.no_duckdb:
        try:
            import duckdb  # noqa: F401
        except ImportError:
            ref = {"skipped": "duckdb is not installed (pip install duckdb)"}
        else:
            doc = next((r.get("province_doc") for r in results.values() if r.get("province_doc")),
                       None)  # fmt: skip
            ref = duckdb_reference(args, doc)
            if "skipped" not in ref:
                print("Mismatches (at most 15 per check):")
                for result in results.values():
                    _checks(result, ref, args.year)
    print_table(results, ref, args.year)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
