"""Benchmark: accuracy and speed of the plan parser on the annotated documents.

    .venv/bin/python bench/plan_parse.py [--runs 7] [--doc 002] [--json]

For each seed plan and each "unseen" synthetic plan (binhdang/plans/tests/corpus.py) it
parses the file, compares the result with the hand annotation field by field
(binhdang/plans/importers/evaluate.py: normalised texts, the annotations' alternatives
honoured) and prints precision/recall per field, per document and overall (micro
average), then the median time per document over --runs runs (file read + extraction +
parsing). Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from binhdang.plans.importers import parse_plan_file  # noqa: E402
from binhdang.plans.importers.evaluate import FIELDS, Count, score  # noqa: E402
from binhdang.plans.tests.corpus import Document, documents  # noqa: E402


def _fmt(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.2f}"


def _table(title: str, columns: list[str], counts: dict[str, dict[str, Count]]) -> str:
    fields = [f for f in FIELDS if any(f in c for c in counts.values())]
    width = max(len(f) for f in fields)
    lines = [title, " " * width + " | " + " | ".join(f"{c:^11}" for c in columns)]
    lines.append(" " * width + " | " + " | ".join("  P     R  " for _ in columns))
    for field in fields:
        cells = []
        for column in columns:
            count = counts[column].get(field)
            cells.append(
                "    n/a    " if count is None else f"{_fmt(count.precision)} {_fmt(count.recall)}"
            )
        lines.append(f"{field:<{width}} | " + " | ".join(cells))
    return "\n".join(lines)


def _time(doc: Document, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_plan_file(doc.path)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--doc", help="only the documents whose name starts with this")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    docs = [d for d in documents() if not args.doc or d.name.startswith(args.doc)]
    per_doc: dict[str, dict[str, Count]] = {}
    totals: dict[str, dict[str, Count]] = {"seeds": {}, "unseen": {}, "all": {}}
    timings: dict[str, float] = {}
    for doc in docs:
        parsed = parse_plan_file(doc.path).to_dict()
        counts = score(parsed, doc.expected())
        per_doc[doc.name] = counts
        for bucket in ("seeds" if doc.group == "seed" else "unseen", "all"):
            for field, count in counts.items():
                totals[bucket].setdefault(field, Count()).add(count)
        timings[doc.name] = _time(doc, args.runs)

    if args.json:
        out = {
            name: {f: [c.precision, c.recall] for f, c in counts.items()}
            for name, counts in {**per_doc, **totals}.items()
        }
        print(json.dumps({"fields": out, "ms": timings}, indent=1))
        return
    seeds_cols = [d.name for d in docs if d.group == "seed"]
    unseen_cols = [d.name for d in docs if d.group == "unseen"]
    if seeds_cols:
        print(_table("Seeds (P = precision, R = recall)", seeds_cols, per_doc))
        print()
    if unseen_cols:
        print(_table("Unseen synthetic plans", unseen_cols, per_doc))
        print()
    buckets = [b for b in ("seeds", "unseen", "all") if totals[b]]
    print(_table("Overall (micro average)", buckets, totals))
    print()
    print(f"ms per document (median of {args.runs} runs): ", end="")
    print(", ".join(f"{name} {ms:.1f}" for name, ms in timings.items()))
    print(
        f"median {statistics.median(timings.values()):.1f} ms, max {max(timings.values()):.1f} ms"
    )


if __name__ == "__main__":
    main()
