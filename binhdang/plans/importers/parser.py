"""Text → ParsedPlan: the steps in order (see the modules for each step's rules)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from binhdang.core.text import clean

from .deadlines import action_month, report_deadline
from .errors import PlanImportError
from .header import identity, locate, period, resolve_issuer
from .normalize import flat, paragraphs
from .outline import Node, build_tree, heading_text, section_of
from .references import find_references, unique
from .responsibilities import responsibilities_from, responsibilities_from_prose
from .targets import find_target_lists, targets_from, targets_from_prose
from .tasks import tasks_from, tasks_from_prose
from .types import ParsedPlan

_OBJECTIVE_HEADS = re.compile(r"muc dich|muc tieu chung|muc tieu tong quat")


def _sections(root: Node) -> list[tuple[str, Node]]:
    out = []
    for child in root.children:
        if not child.marked:
            continue
        name = section_of(child)
        if name:
            out.append((name, child))
    return out


def _texts(node: Node) -> list[str]:
    items = node.items()
    if items:
        return [i.text.strip() for i in items]
    paras = [p.text.strip() for p in node.paras() if not p.text.rstrip().endswith(":")]
    if paras:
        return paras
    _head, inline = heading_text(node)
    return [inline] if inline else []


def _objectives(sections: list[tuple[str, Node]]) -> list[str]:
    out: list[str] = []
    for name, section in sections:
        if name not in ("objectives", "goals"):
            continue
        found = [
            n
            for n in section.walk()
            if n.marked and _OBJECTIVE_HEADS.search(flat(heading_text(n)[0])) and section_of(n)
        ]
        if found:
            for node in found:
                out.extend(_texts(node))
        elif name == "objectives" and _OBJECTIVE_HEADS.search(flat(section.text)):
            out.extend(_texts(section))
    return out


_DUTY = re.compile(r"co trach nhiem|can cu chuc nang")


def _budget(sections: list[tuple[str, Node]]) -> list[str]:
    """The sources of money the "Kinh phí" section lists (not the duties it also gives)."""
    out: list[str] = []
    for name, section in sections:
        if name == "budget":
            out.extend(t for t in _texts(section) if not _DUTY.search(flat(t)))
    return out


def _reporting_texts(root: Node) -> list[str]:
    out = []
    for node in root.walk():
        if node.marked and "bao cao" in flat(heading_text(node)[0]) and section_of(node):
            out.append(node.text)
            out.extend(n.text for n in node.walk())
    return out


def parse_plan_text(text: str) -> ParsedPlan:
    """Read the text of a plan (pasted or extracted from a file) into a ParsedPlan."""
    if not text or not text.strip():
        raise PlanImportError(_("The document is empty."), code="empty")
    norm = paragraphs(text)
    paras = norm.paragraphs
    if not paras:
        raise PlanImportError(_("The document is empty."), code="empty")
    head = locate(paras)
    root = build_tree(paras, head.body_start)
    sections = _sections(root)
    first_marked = next((c.index for c in root.children if c.marked), len(paras))
    preamble = paras[head.body_start : first_marked]
    body_text = "\n".join(paras[head.body_start :])
    plan = ParsedPlan(title=head.title, source_text=text)

    ident = identity(head.header, preamble, norm.tail)
    plan.doc_number = ident.doc_number
    plan.issued_date = ident.issued_date
    all_text = "\n".join(paras)
    plan.issuer, plan.place = resolve_issuer(
        head.header, preamble, norm.tail, all_text, ident.date_place
    )
    issued_year = int(plan.issued_date[:4]) if plan.issued_date else None
    plan.period = period(head.title, body_text, issued_year)

    own = {plan.doc_number.upper()} if plan.doc_number else set()
    cited = [r for p in [head.title or "", *preamble] for r in find_references(p)]
    plan.legal_bases = unique(cited, own)
    rest = [r for p in paras[first_marked:] for r in find_references(p)]
    plan.references = unique(rest, own | {b.number.upper() for b in plan.legal_bases})

    all_nodes = list(root.walk())
    target_lists = [
        node for name, s in sections if name in ("goals", "targets", "objectives")
        for node in find_target_lists(s, name)
    ]  # fmt: skip
    plan.targets = targets_from(target_lists) if target_lists else targets_from_prose(all_nodes)
    plan.objectives = _objectives(sections)

    task_sections = [s for name, s in sections if name == "tasks"]
    if task_sections:
        plan.tasks = [t for s in task_sections for t in tasks_from(s)]
    else:
        plan.tasks = tasks_from_prose(all_nodes)

    resp_sections = [s for name, s in sections if name == "responsibilities"]
    if resp_sections:
        plan.responsibilities = [r for s in resp_sections for r in responsibilities_from(s)]
    else:
        plan.responsibilities = responsibilities_from_prose(all_nodes)

    plan.budget_sources = _budget(sections)
    body_paras = paras[head.body_start :]
    plan.report_deadline = report_deadline(body_paras, _reporting_texts(root))
    plan.action_month = action_month(body_paras, head.title)

    if "ke hoach" not in flat(all_text) or not (
        plan.targets or plan.tasks or plan.responsibilities
    ):
        raise PlanImportError(
            _(
                "No plan found in this text: a plan has the word “Kế hoạch” and at least "
                "one list of targets (Mục tiêu), tasks (Nhiệm vụ) or responsibilities "
                "(Tổ chức thực hiện)."
            ),
            code="not_a_plan",
        )
    if not sections:
        plan.warnings.append(
            _("The text has no numbered sections; lists were read from its sentences.")
        )
    plan.title = clean(plan.title) if plan.title else None
    return plan
