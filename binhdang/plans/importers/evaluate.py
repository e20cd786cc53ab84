"""Field-level precision and recall of a parsed plan against a hand annotation.

Used by the tests and by `bench/plan_parse.py`. Matching follows the annotations' notes
(shared/seeds/expected/NOTES.md): texts are compared after `core.text.canonical` (case,
Unicode form, tone placement, dashes, whitespace), "…" equals "...", agency names lose a
final period. An annotation's `alternatives` ({field: [other acceptable values]}) are
honoured: the best-scoring reading counts. Only the fields an annotation has are scored.

* scalars (doc_number, issued_date, issuer, place, title, period, report_deadline,
  action_month): one prediction and one expectation per document, None is a value, so
  precision = recall = 1 when they agree;
* lists (legal_bases, targets, tasks, budget_sources): multiset overlap of the values;
* nested lists are scored inside aligned parents (a target or task is aligned to the
  expected one with the same or a ≥ 0.85 similar text): milestones of aligned targets,
  activities of aligned tasks, lead/partners/timing of aligned activities;
* responsibilities: (agency, duties_count) pairs; resp_agencies: the agency names only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from binhdang.core.text import canonical

SCALARS = (
    "doc_number", "issued_date", "issuer", "place", "title", "period", "report_deadline",
    "action_month",
)  # fmt: skip
FIELDS = (
    *SCALARS, "legal_bases", "targets", "milestones", "tasks", "activities", "lead",
    "partners", "timing", "responsibilities", "resp_agencies", "budget_sources",
)  # fmt: skip


@dataclass
class Count:
    tp_p: int = 0  # true positives counted against predictions
    n_pred: int = 0
    tp_r: int = 0  # true positives counted against expectations
    n_exp: int = 0

    def add(self, other: Count) -> None:
        self.tp_p += other.tp_p
        self.n_pred += other.n_pred
        self.tp_r += other.tp_r
        self.n_exp += other.n_exp

    @property
    def precision(self) -> float | None:
        return self.tp_p / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_r / self.n_exp if self.n_exp else None

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return 1.0
        p = 1.0 if p is None else p
        r = 1.0 if r is None else r
        return 2 * p * r / (p + r) if p + r else 0.0


def norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("…", "...").strip()
        return canonical(text)
    if isinstance(value, list | tuple):
        return tuple(norm(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def norm_agency(name: str) -> str:
    return str(norm(name.strip().rstrip(".").strip()))


def _multiset(pred: Iterable[Any], exp: Iterable[Any]) -> Count:
    p, e = Counter(pred), Counter(exp)
    overlap = sum((p & e).values())
    return Count(overlap, sum(p.values()), overlap, sum(e.values()))


def _scalar(pred: Any, exp: Any) -> Count:
    hit = int(norm(pred) == norm(exp))
    return Count(hit, 1, hit, 1)


def _align(pred: list[str], exp: list[str]) -> dict[int, int]:
    """expected index → predicted index: equal texts first, then similar (≥ 0.85)."""
    p_norm = [str(norm(x)) for x in pred]
    e_norm = [str(norm(x)) for x in exp]
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for i, e in enumerate(e_norm):
        for j, p in enumerate(p_norm):
            if j not in used and p == e:
                pairs[i] = j
                used.add(j)
                break
    for i, e in enumerate(e_norm):
        if i in pairs:
            continue
        best, best_j = 0.85, None
        for j, p in enumerate(p_norm):
            if j in used:
                continue
            ratio = SequenceMatcher(None, p, e, autojunk=False).ratio()
            if ratio >= best:
                best, best_j = ratio, j
        if best_j is not None:
            pairs[i] = best_j
            used.add(best_j)
    return pairs


def _milestone_key(m: dict[str, Any]) -> tuple[Any, ...]:
    return (
        m.get("year"),
        norm(m.get("value")),
        norm(m.get("value_max")),
        norm(m.get("unit")),
        m.get("baseline_year"),
    )


def _score_all(pred: dict[str, Any], exp: dict[str, Any]) -> dict[str, Count]:
    out: dict[str, Count] = {}
    for field in SCALARS:
        if field in exp:
            out[field] = _scalar(pred.get(field), exp[field])
    for field in ("legal_bases", "budget_sources"):
        if field in exp:
            out[field] = _multiset(
                (norm(x) for x in pred.get(field) or []), (norm(x) for x in exp[field] or [])
            )
    if "targets" in exp:
        p_targets, e_targets = pred.get("targets") or [], exp["targets"] or []
        out["targets"] = _multiset(
            (norm(t["text"]) for t in p_targets), (norm(t["text"]) for t in e_targets)
        )
        pairs = _align([t["text"] for t in p_targets], [t["text"] for t in e_targets])
        ms = Count(n_pred=sum(len(t.get("milestones") or []) for t in p_targets))
        ms.n_exp = sum(len(t.get("milestones") or []) for t in e_targets)
        for i, j in pairs.items():
            c = _multiset(
                (_milestone_key(m) for m in p_targets[j].get("milestones") or []),
                (_milestone_key(m) for m in e_targets[i].get("milestones") or []),
            )
            ms.tp_p += c.tp_p
            ms.tp_r += c.tp_r
        out["milestones"] = ms
    if "tasks" in exp:
        out.update(_score_tasks(pred.get("tasks") or [], exp["tasks"] or []))
    if "responsibilities" in exp:
        p_resp, e_resp = pred.get("responsibilities") or [], exp["responsibilities"] or []
        out["responsibilities"] = _multiset(
            ((norm_agency(r["agency"]), r.get("duties_count")) for r in p_resp),
            ((norm_agency(r["agency"]), r.get("duties_count")) for r in e_resp),
        )
        out["resp_agencies"] = _multiset(
            (norm_agency(r["agency"]) for r in p_resp), (norm_agency(r["agency"]) for r in e_resp)
        )
    return out


def _score_tasks(p_tasks: list[dict[str, Any]], e_tasks: list[dict[str, Any]]) -> dict[str, Count]:
    out = {
        "tasks": _multiset((norm(t["title"]) for t in p_tasks), (norm(t["title"]) for t in e_tasks))
    }
    p_acts = [a for t in p_tasks for a in t.get("activities") or []]
    e_acts = [a for t in e_tasks for a in t.get("activities") or []]
    acts = Count(n_pred=len(p_acts), n_exp=len(e_acts))
    lead = Count(
        n_pred=sum(len(a.get("lead") or []) for a in p_acts),
        n_exp=sum(len(a.get("lead") or []) for a in e_acts),
    )
    partners = Count(
        n_pred=sum(len(a.get("partners") or []) for a in p_acts),
        n_exp=sum(len(a.get("partners") or []) for a in e_acts),
    )
    timing = Count(
        n_pred=sum(1 for a in p_acts if a.get("timing")),
        n_exp=sum(1 for a in e_acts if a.get("timing")),
    )
    for ti, tj in _align([t["title"] for t in p_tasks], [t["title"] for t in e_tasks]).items():
        pa = p_tasks[tj].get("activities") or []
        ea = e_tasks[ti].get("activities") or []
        exact = _multiset((norm(a["title"]) for a in pa), (norm(a["title"]) for a in ea))
        acts.tp_p += exact.tp_p
        acts.tp_r += exact.tp_r
        for ai, aj in _align([a["title"] for a in pa], [a["title"] for a in ea]).items():
            p, e = pa[aj], ea[ai]
            for count, key in ((lead, "lead"), (partners, "partners")):
                c = _multiset(
                    (norm_agency(x) for x in p.get(key) or []),
                    (norm_agency(x) for x in e.get(key) or []),
                )
                count.tp_p += c.tp_p
                count.tp_r += c.tp_r
            if e.get("timing") and norm(p.get("timing")) == norm(e.get("timing")):
                timing.tp_p += 1
                timing.tp_r += 1
    out.update(activities=acts, lead=lead, partners=partners, timing=timing)
    return out


def score(pred: dict[str, Any], exp: dict[str, Any]) -> dict[str, Count]:
    """Counts per field, honouring `exp["alternatives"]` (the best reading per field)."""
    best = _score_all(pred, exp)
    for field, options in (exp.get("alternatives") or {}).items():
        for option in options:
            variant = dict(exp)
            variant[field] = option
            scored = _score_all(pred, variant)
            for name, count in scored.items():
                if name in best and count.f1 > best[name].f1:
                    best[name] = count
    return best
