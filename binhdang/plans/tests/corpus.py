"""The annotated documents the parser is measured on (tests and bench/plan_parse.py).

* the five seed plans (shared/seeds, copied to plans/data/seeds, where the sample-data
  loader reads them too) with their hand annotations
  (fixtures/NNN_….expected.json, copied unchanged) and the supplementary annotation of
  title, action_month and budget_sources (fixtures/seed_extras.json);
* "unseen" synthetic plans in other layouts, provinces and years (fixtures/unseen), each
  with its hand-written expected output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@dataclass(frozen=True)
class Document:
    name: str
    path: Path
    group: str  # "seed" | "unseen"

    def expected(self) -> dict[str, Any]:
        if self.group == "seed":
            data = json.loads((FIXTURES / f"{self.path.stem}.expected.json").read_text("utf-8"))
            extras = json.loads((FIXTURES / "seed_extras.json").read_text("utf-8"))
            data.update(extras.get(self.path.stem, {}))
            return data
        return json.loads(self.path.with_suffix(".expected.json").read_text("utf-8"))


def seeds() -> list[Document]:
    return [Document(p.stem[:3], p, "seed") for p in sorted(SEEDS.glob("*.txt"))]


def unseen() -> list[Document]:
    return [
        Document(p.stem.split("_")[0], p, "unseen")
        for p in sorted((FIXTURES / "unseen").iterdir())
        if p.suffix in (".txt", ".html", ".docx", ".pdf")
    ]


def documents() -> list[Document]:
    return seeds() + unseen()
