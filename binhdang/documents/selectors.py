"""Reads for documents: plans as the plain data the builders print."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch, QuerySet

from binhdang.documents import conventions as c
from binhdang.documents.builders.plan_docx import (
    TYPE_ABBREVIATION,
    ActivityDoc,
    LegalBasis,
    PlanDocData,
    ResponsibilityDoc,
    TaskDoc,
)
from binhdang.plans.models import Plan, PlanReference
from binhdang.plans.selectors import plan_content, plan_detail_queryset

# AgencyKind values (binhdang.agencies.choices) the header and signature depend on.
PEOPLES_COMMITTEE = "peoples_committee"
DEPARTMENT = "department"
COUNCIL = "council"

_REFERENCE_WORDS = {
    "decision": "Quyết định",
    "plan": "Kế hoạch",
    "letter": "Công văn",
    "resolution": "Nghị quyết",
    "directive": "Chỉ thị",
    "law": "Luật",
    "other": "Văn bản",
}
# How a citation names what a programme document did to the programme.
_PROGRAMME_VERBS = {"decision": "phê duyệt", "resolution": "ban hành"}
_PLACE_SUFFIX = re.compile(r"\s((?:tỉnh|thành phố)\s+\S.*)$", re.IGNORECASE)
_COLLECTS = re.compile(r"\btổng hợp\b", re.IGNORECASE)


def plan_document_queryset(*, user) -> QuerySet[Plan]:
    """The plans `user` may print (starts from `Plan.objects.visible_to(user)`), with what
    the document reads."""
    return plan_detail_queryset(user=user).select_related("issuer__unit", "issuer__parent")


def plan_document_get(*, plan_id: int) -> Plan:
    """One plan for the console (no user scope: the operator runs it). Plan.DoesNotExist."""
    references = PlanReference.objects.select_related("cited_programme", "cited_plan")
    return (
        Plan.objects.select_related("unit", "issuer__unit", "issuer__parent")
        .prefetch_related(Prefetch("references", queryset=references))
        .get(pk=plan_id)
    )


def _kind_from_name(name: str) -> str:
    low = name.lower()
    if low.startswith(("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd")):
        return PEOPLES_COMMITTEE
    if low.startswith(("hội đồng nhân dân", "hđnd")):
        return COUNCIL
    if low.startswith("sở "):
        return DEPARTMENT
    return ""


def _split_department(full_name: str) -> tuple[str, str]:
    """("Sở Y tế", "Ủy ban nhân dân thành phố Hải Phòng") for "Sở Y tế thành phố Hải Phòng".

    A department's direct parent is the People's Committee of the province its name ends
    with; without a place in the name there is nothing to read, so no parent.
    """
    match = _PLACE_SUFFIX.search(full_name)
    if not match:
        return full_name, ""
    return full_name[: match.start()].strip(), f"Ủy ban nhân dân {match[1].strip()}"


def agency_issuer(agency) -> dict[str, Any]:
    """How an agency heads a document: header name, parent body, abbreviation, place."""
    full_name = agency.full_name or agency.name
    kind = agency.kind
    abbreviation = agency.abbreviation
    unit_name = agency.unit.name if agency.unit_id and agency.unit else ""
    if agency.parent_id and agency.parent is not None:
        header_name = agency.name
        parent_name = agency.parent.full_name or agency.parent.name
    elif kind == DEPARTMENT:
        header_name, parent_name = _split_department(full_name)
    else:
        header_name, parent_name = full_name, ""
    if not abbreviation and kind == PEOPLES_COMMITTEE:
        abbreviation = "UBND"
    return {
        "kind": kind,
        "full_name": full_name,
        "header_name": header_name,
        "parent_name": parent_name,
        "abbreviation": abbreviation,
        "unit_name": unit_name,
    }


def _issuer(plan: Plan) -> dict[str, Any]:
    agency = plan.issuer
    if agency is not None:
        return agency_issuer(agency)
    full_name = c.strip_end(plan.issuer_text)
    kind = _kind_from_name(full_name)
    abbreviation = ""
    unit_name = ""
    if kind == DEPARTMENT:
        header_name, parent_name = _split_department(full_name)
    else:
        header_name, parent_name = full_name, ""
    if not abbreviation and kind == PEOPLES_COMMITTEE:
        abbreviation = "UBND"  # every People's Committee's symbol (the catalogue's too)
    return {
        "kind": kind,
        "full_name": full_name,
        "header_name": header_name,
        "parent_name": parent_name,
        "abbreviation": abbreviation,
        "unit_name": unit_name,
    }


def _citation(reference: PlanReference) -> LegalBasis:
    word = _REFERENCE_WORDS.get(reference.kind, "Văn bản")
    parts = [f"{word} số {reference.number}"]
    programme = reference.cited_programme
    cited = reference.cited_plan
    day = reference.date or (programme.issued_date if programme else None)
    if day is None and cited is not None:
        day = cited.issued_date
    if day is not None:
        parts.append(c.long_date(day))
    issuer = (programme.issuer if programme else "") or (cited.issuer_text if cited else "")
    if issuer:
        parts.append(f"của {issuer}")
    if programme is not None and programme.title:
        parts.append(f"{_PROGRAMME_VERBS.get(reference.kind, 'về')} {programme.title}")
    return LegalBasis(citation=" ".join(parts), is_law=reference.kind == "law")


def _report_recipient(responsibilities: list[dict[str, Any]]) -> str:
    """The body whose duties say it collects (tổng hợp) the results; "" when none does."""
    for responsibility in responsibilities:
        if any(_COLLECTS.search(duty) for duty in responsibility.get("duties") or []):
            return responsibility["agency"]
    return ""


def plan_doc_data(plan: Plan) -> PlanDocData:
    """What the printed plan shows, from `plan_content(plan)` and the plan's own fields."""
    content = plan_content(plan)
    issuer = _issuer(plan)
    number, doc_symbol = c.split_doc_number(plan.doc_number)
    if not doc_symbol:
        doc_symbol = c.symbol(TYPE_ABBREVIATION, issuer["abbreviation"])
    place_source = issuer["unit_name"] or plan.place_text
    references = sorted(plan.references.all(), key=lambda r: r.order)  # prefetched by callers
    responsibilities = content["responsibilities"]
    return PlanDocData(
        title=plan.title,
        issuer_name=issuer["header_name"],
        issuer_full_name=issuer["full_name"],
        parent_name=issuer["parent_name"],
        number=number,
        doc_symbol=doc_symbol,
        place=c.place_for_date_line(place_source) if place_source else "",
        issued_date=plan.issued_date,
        legal_bases=tuple(_citation(r) for r in references),
        objectives=tuple(content["objectives"]),
        targets=tuple(t["text"] for t in content["targets"]),
        tasks=tuple(
            TaskDoc(
                title=task["title"],
                activities=tuple(
                    ActivityDoc(
                        title=a["title"],
                        lead=tuple(a["lead"]),
                        partners=tuple(a["partners"]),
                        timing=a["timing"] or "",
                    )
                    for a in task["activities"]
                ),
            )
            for task in content["tasks"]
        ),
        budget_sources=tuple(content["budget_sources"]),
        responsibilities=tuple(
            ResponsibilityDoc(agency=r["agency"], duties=tuple(r["duties"] or ()))
            for r in responsibilities
        ),
        report_deadline=content["report_deadline"] or "",
        report_recipient=_report_recipient(responsibilities),
        recipients=tuple(r["agency"] for r in responsibilities),
        signature=c.signature_lines(issuer["kind"], issuer["header_name"]),
        plan_id=plan.pk,
    )
