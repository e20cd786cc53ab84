"""Read plan documents (.txt, .docx, .pdf, .html or pasted text) into `ParsedPlan`.

    from binhdang.plans.importers import parse_plan_file, parse_plan_text

    parsed = parse_plan_file("ke-hoach.docx")            # or (bytes, "ke-hoach.docx")
    parsed.to_dict()                                      # the interchange format

No ORM here (STYLE.md §3.12): `plans/services.py` saves what a person has reviewed.
"""

from .errors import PlanImportError
from .extract import MAX_BYTES, Source, extract_text
from .parser import parse_plan_text
from .types import Activity, LegalBasis, Milestone, ParsedPlan, Responsibility, Target, Task, Timing

__all__ = [
    "MAX_BYTES",
    "Activity",
    "LegalBasis",
    "Milestone",
    "ParsedPlan",
    "PlanImportError",
    "Responsibility",
    "Target",
    "Task",
    "Timing",
    "extract_text",
    "parse_plan_file",
    "parse_plan_text",
]


def parse_plan_file(source: Source, filename: str | None = None) -> ParsedPlan:
    """Read a file (a path, bytes or a binary file object) into a ParsedPlan.

    `filename` gives the type (.txt, .docx, .pdf, .html) when `source` is not a path.
    """
    text = extract_text(source, filename)
    return parse_plan_text(text)
