"""Each annotated document parsed and compared field by field with its annotation.

The seeds are the five real plans of shared/seeds (annotations copied unchanged, plus
fixtures/seed_extras.json); the unseen ones are synthetic plans in other layouts,
provinces and years. Every scored field must reach precision and recall ≥ 0.95 (they
are at 1.00 today): a regression fails here. bench/plan_parse.py prints the table.
"""

from __future__ import annotations

import pytest

from binhdang.plans.importers import parse_plan_file
from binhdang.plans.importers.evaluate import score
from binhdang.plans.tests.corpus import Document, documents, seeds, unseen

THRESHOLD = 0.95


def _failures(doc: Document) -> list[str]:
    parsed = parse_plan_file(doc.path).to_dict()
    problems = []
    for field, count in score(parsed, doc.expected()).items():
        for label, value in (("precision", count.precision), ("recall", count.recall)):
            if value is not None and value < THRESHOLD:
                problems.append(
                    f"{field} {label} {value:.2f} ({count.tp_p}/{count.n_pred} predicted, "
                    f"{count.tp_r}/{count.n_exp} expected)"
                )
    return problems


@pytest.mark.parametrize("doc", documents(), ids=lambda d: f"{d.group}-{d.name}")
def test_document_matches_annotation(doc: Document) -> None:
    assert not _failures(doc)


def test_corpus_is_complete() -> None:
    assert len(seeds()) == 5
    assert len(unseen()) >= 3


@pytest.mark.parametrize("doc", seeds(), ids=lambda d: d.name)
def test_seed_counts_match_the_notes(doc: Document) -> None:
    """The counts of NOTES.md's table: targets, tasks, activities, responsibilities."""
    expected_counts = {
        "000": (5, 7, 21, 8),
        "001": (6, 5, 0, 1),
        "002": (0, 6, 18, 19),
        "003": (5, 6, 0, 7),
        "004": (4, 11, 12, 18),
    }[doc.name]
    parsed = parse_plan_file(doc.path)
    activities = sum(len(t.activities) for t in parsed.tasks)
    got = (len(parsed.targets), len(parsed.tasks), activities, len(parsed.responsibilities))
    assert got == expected_counts


def test_output_has_the_interchange_keys() -> None:
    parsed = parse_plan_file(seeds()[0].path).to_dict()
    for key in (
        "doc_number", "issued_date", "issuer", "place", "title", "period", "legal_bases",
        "legal_basis_details", "objectives", "targets", "tasks", "responsibilities",
        "budget_sources", "report_deadline", "action_month",
    ):  # fmt: skip
        assert key in parsed
    activity = parsed["tasks"][0]["activities"][0]
    assert set(activity) >= {"title", "lead", "partners", "timing", "timing_parsed"}
    assert activity["timing_parsed"] == {"kind": "yearly", "years": [], "window": None}
    responsibility = parsed["responsibilities"][0]
    assert set(responsibility) == {"agency", "duties", "duties_count"}
    assert responsibility["duties"]


def test_seed_000_details() -> None:
    parsed = parse_plan_file(seeds()[0].path).to_dict()
    details = parsed["legal_basis_details"]
    assert details[0]["kind"] == "decision"
    assert details[0]["date"] == "2021-10-23"
    assert details[0]["issuer"] == "Thủ tướng Chính phủ"
    task7 = parsed["tasks"][6]["activities"]
    assert task7[0]["timing_parsed"] == {"kind": "years", "years": [2025, 2030], "window": None}
    third = parsed["targets"][2]["milestones"][0]
    assert third["comparison"] == "increase"
    assert parsed["targets"][0]["milestones"][0]["comparison"] == ">="


def test_seed_002_references_are_the_body_documents() -> None:
    parsed = parse_plan_file(seeds()[2].path).to_dict()
    assert parsed["references"] == [
        "70/2008/NĐ-CP", "48/2009/NĐ-CP", "125/NĐ-CP", "4247/QĐ-BGDĐT", "2282/QĐ-TTg",
    ]  # fmt: skip


def test_seed_004_duties_are_the_lettered_items() -> None:
    parsed = parse_plan_file(seeds()[4].path)
    dolisa = parsed.responsibilities[0]
    assert dolisa.duties_count == 7
    assert dolisa.duties[4].startswith("Xây dựng Kế hoạch thực hiện Chương trình mục tiêu")
