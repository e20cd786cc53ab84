"""The parsed plan as dataclasses; `to_dict()` gives the interchange format (DESIGN.md §5).

The keys of `ParsedPlan.to_dict()` are those of DESIGN.md §5 and of the hand annotations
in `shared/seeds/expected/`, plus a few richer keys that the annotations do not use
(`legal_basis_details`, `references`, `timing_parsed`, `comparison`, `duties`,
`warnings`), so that a comparison against the annotations is unaffected by them.
Unknown values are `None` or empty lists, never invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Milestone:
    """A value a target must reach: by `year` (None: no year of its own, e.g. yearly)."""

    year: int | None
    value: float | int | None
    unit: str | None
    value_max: float | int | None = None
    baseline_year: int | None = None
    # ">=" ("ít nhất", "từ"), ">" ("trên", "hơn"), "<=" ("không quá", "dưới"),
    # "increase"/"decrease" ("tăng/giảm … so với năm …"); None: "đạt N".
    comparison: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"year": self.year, "value": self.value, "unit": self.unit}
        if self.value_max is not None:
            out["value_max"] = self.value_max
        if self.baseline_year is not None:
            out["baseline_year"] = self.baseline_year
        if self.comparison is not None:
            out["comparison"] = self.comparison
        return out


@dataclass
class Target:
    text: str
    milestones: list[Milestone] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "milestones": [m.to_dict() for m in self.milestones]}


@dataclass
class Timing:
    """Structured reading of a timing text ("Hằng năm", "Năm 2025, 2030", "15/11–15/12")."""

    kind: str | None  # "yearly" | "years" | "window" | "once" | None
    years: list[int] = field(default_factory=list)
    window: list[str] | None = None  # ["15/11", "15/12"]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "years": list(self.years), "window": self.window}


@dataclass
class Activity:
    title: str
    lead: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    timing: str | None = None
    timing_parsed: Timing | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "lead": list(self.lead),
            "partners": list(self.partners),
            "timing": self.timing,
            "timing_parsed": self.timing_parsed.to_dict() if self.timing_parsed else None,
        }


@dataclass
class Task:
    title: str
    activities: list[Activity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "activities": [a.to_dict() for a in self.activities]}


@dataclass
class Responsibility:
    agency: str
    duties: list[str] = field(default_factory=list)
    duties_count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "duties": list(self.duties),
            "duties_count": self.duties_count,
        }


@dataclass
class LegalBasis:
    """A cited document: "Quyết định số 1790/QĐ-TTg ngày 23/10/2021 của Thủ tướng Chính phủ"."""

    number: str
    kind: str | None = None  # "decision" | "plan" | "letter" | "resolution" | "decree" | …
    date: str | None = None  # ISO
    issuer: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "text": self.text,
        }


@dataclass
class ParsedPlan:
    doc_number: str | None = None
    issued_date: str | None = None  # ISO yyyy-mm-dd
    issuer: str | None = None
    place: str | None = None
    title: str | None = None
    period: list[int | None] | None = None  # [start, end]
    legal_bases: list[LegalBasis] = field(default_factory=list)
    references: list[LegalBasis] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    budget_sources: list[str] = field(default_factory=list)
    report_deadline: str | None = None  # "10/12"
    action_month: list[str] | None = None  # ["15/11", "15/12"]
    warnings: list[str] = field(default_factory=list)
    source_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_number": self.doc_number,
            "issued_date": self.issued_date,
            "issuer": self.issuer,
            "place": self.place,
            "title": self.title,
            "period": list(self.period) if self.period else None,
            "legal_bases": [b.number for b in self.legal_bases],
            "legal_basis_details": [b.to_dict() for b in self.legal_bases],
            "references": [b.number for b in self.references],
            "objectives": list(self.objectives),
            "targets": [t.to_dict() for t in self.targets],
            "tasks": [t.to_dict() for t in self.tasks],
            "responsibilities": [r.to_dict() for r in self.responsibilities],
            "budget_sources": list(self.budget_sources),
            "report_deadline": self.report_deadline,
            "action_month": list(self.action_month) if self.action_month else None,
            "warnings": list(self.warnings),
        }
