"""The indicator formula language: a small arithmetic over named sources, parsed (never
`eval`-ed) and validated against the sources the system has.

Grammar::

    expr  := term (("+" | "-") term)*
    term  := unary (("*" | "/") unary)*
    unary := "-" unary | atom
    atom  := NUMBER | "(" expr ")" | FUNC "(" expr ("," expr)* ")" | ref
    ref   := NAME ("." NAME)* ["[" NAME "]"] ["(" NAME "=" value ("," NAME "=" value)* ")"]
    value := NAME ("|" NAME)* | NUMBER

Names (see `sources.py` for what each one counts):

* ``reported.<element>[cell]``: figures of received reports (an element code of
  `reporting.elements`; the cell is a sex or a target group),
* ``registry.media.total|pilot|official``, ``registry.conventions.total|reviewed|
  non_discriminatory``, ``registry.models.active|maintained|replicated``: registry counts,
* ``events.count|items|participants(type=…, channel=…, group=…, sex=…)``: logged
  communication events (``items`` counts the quantity, one when not given),
* ``units.communes|districts|local|provinces``: units in force at the end of the year,
* ``period.quarters``: quarters of the year elapsed (4 for a past year),
* ``survey.awareness|respondents[sex](group=…)``: survey results,
* ``baseline``: the same quantity in the baseline year (only as ``level - baseline``).

Functions: ``share_yes(reported.<yes/no element>)`` (reporters answering yes ÷ reporters,
from 0 to 1), ``first(a, b, …)`` (the first that has a value), ``min(…)``, ``max(…)``.
Division by zero, and any source without data, gives no value (never zero).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

FUNCTIONS = ("share_yes", "first", "min", "max")
NAMESPACES = ("reported", "registry", "events", "units", "period", "survey", "baseline")

REGISTRY_NAMES = {
    "media": ("total", "pilot", "official"),
    "conventions": ("total", "reviewed", "non_discriminatory"),
    "models": ("active", "maintained", "replicated"),
}
EVENT_MEASURES = ("count", "items", "participants")
EVENT_PARAMS = ("type", "channel", "group", "sex", "digital")
UNIT_NAMES = ("communes", "districts", "local", "provinces")
SURVEY_NAMES = ("awareness", "respondents")
SEXES = ("male", "female")


class FormulaError(ValueError):
    """The formula cannot be read or names something that does not exist."""


# ---- syntax tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    """A named source: namespace, the rest of the dotted name, a cell, parameters."""

    namespace: str
    name: str
    cell: str = ""
    params: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def key(self) -> str:
        text = f"{self.namespace}.{self.name}" if self.name else self.namespace
        if self.cell:
            text += f"[{self.cell}]"
        if self.params:
            text += "(" + ", ".join(f"{k}={'|'.join(v)}" for k, v in self.params) + ")"
        return text

    def param(self, name: str) -> tuple[str, ...]:
        return next((v for k, v in self.params if k == name), ())


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node = Num | Ref | BinOp | Neg | Call


# ---- tokens -----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/().,\[\]=|]))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise FormulaError(
                _("Cannot read the formula at “%(text)s”.") % {"text": text[pos : pos + 20]}
            )
        kind = m.lastgroup or ""
        tokens_value = m.group(kind)
        out.append((kind, tokens_value))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None, kind: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise FormulaError(_("The formula ends too early."))
        if (value is not None and tok[1] != value) or (kind is not None and tok[0] != kind):
            raise FormulaError(_("Unexpected “%(tok)s” in the formula.") % {"tok": tok[1]})
        self.i += 1
        return tok

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "op" and tok[1] == value

    def parse(self) -> Node:
        if not self.tokens:
            raise FormulaError(_("The formula is empty."))
        node = self.expr()
        if self.peek() is not None:
            extra = self.tokens[self.i][1]
            raise FormulaError(_("Unexpected “%(tok)s” in the formula.") % {"tok": extra})
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.at("+") or self.at("-"):
            op = self.take()[1]
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("*") or self.at("/"):
            op = self.take()[1]
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.at("-"):
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise FormulaError(_("The formula ends too early."))
        kind, value = tok
        if kind == "num":
            self.take()
            return Num(Decimal(value))
        if self.at("("):
            self.take()
            node = self.expr()
            self.take(")")
            return node
        if kind != "name":
            raise FormulaError(_("Unexpected “%(tok)s” in the formula.") % {"tok": value})
        if value in FUNCTIONS:
            self.take()
            self.take("(")
            args = [self.expr()]
            while self.at(","):
                self.take()
                args.append(self.expr())
            self.take(")")
            return Call(value, tuple(args))
        return self.ref()

    def ref(self) -> Ref:
        parts = [self.take(kind="name")[1]]
        while self.at("."):
            self.take()
            parts.append(self.take(kind="name")[1])
        cell = ""
        if self.at("["):
            self.take()
            cell = self.take(kind="name")[1]
            self.take("]")
        params: list[tuple[str, tuple[str, ...]]] = []
        if self.at("("):
            self.take()
            while True:
                key = self.take(kind="name")[1]
                self.take("=")
                values = [self.take()[1]]
                while self.at("|"):
                    self.take()
                    values.append(self.take()[1])
                params.append((key, tuple(values)))
                if self.at(","):
                    self.take()
                    continue
                self.take(")")
                break
        return Ref(parts[0], ".".join(parts[1:]), cell, tuple(sorted(params)))


# ---- validation -------------------------------------------------------------------------


def parse(text: str, *, proposed: frozenset[str] | set[str] | None = None) -> Node:
    """The syntax tree of `text`, or FormulaError. `proposed`: element codes the formula
    may name although the reporting catalogue does not have them yet (default: the
    catalogue's `PROPOSED_ELEMENTS`)."""
    if proposed is None:
        from binhdang.indicators.catalogue import PROPOSED_ELEMENTS

        proposed = frozenset(PROPOSED_ELEMENTS)
    node = _Parser(text).parse()
    for ref in refs(node):
        _check_ref(ref, proposed)
    for call in _calls(node):
        if call.func == "share_yes":
            arg = call.args[0] if len(call.args) == 1 else None
            if not (isinstance(arg, Ref) and arg.namespace == "reported"):
                raise FormulaError(_("share_yes() takes one reported yes/no figure."))
        elif call.func in ("min", "max", "first") and len(call.args) < 2:
            raise FormulaError(_("%(f)s() needs at least two values.") % {"f": call.func})
    if any(r.namespace == "baseline" for r in refs(node)) and not (
        isinstance(node, BinOp)
        and node.op == "-"
        and node.right == Ref("baseline", "")
        and not any(r.namespace == "baseline" for r in refs(node.left))
    ):
        raise FormulaError(_("“baseline” may only be used as “level - baseline”."))
    return node


def _check_ref(ref: Ref, proposed: frozenset[str] | set[str]) -> None:
    from binhdang.reporting import elements
    from binhdang.reporting.choices import Channel, Disaggregation, EventType, TargetGroup

    def bad(message: str) -> FormulaError:
        return FormulaError(message % {"name": ref.key})

    ns, name = ref.namespace, ref.name
    if ns not in NAMESPACES:
        raise bad(_("Unknown source “%(name)s”."))
    if ns == "reported":
        spec = elements.BY_CODE.get(name)
        if spec is None and name not in proposed:
            raise bad(_("“%(name)s” is not a data element of the reports."))
        if ref.params:
            raise bad(_("“%(name)s” takes no parameters."))
        if ref.cell:
            groups = set(TargetGroup.values)
            if spec is None:
                allowed = set(SEXES) | groups
            elif spec.disaggregation == Disaggregation.TARGET_GROUP:
                allowed = groups
            elif spec.disaggregation == Disaggregation.SEX:
                allowed = set(SEXES)
            else:
                allowed = set()
            if ref.cell not in allowed:
                raise bad(_("“%(name)s”: this element has no such cell."))
        return
    if ref.cell and ns != "survey":
        raise bad(_("“%(name)s” has no cells."))
    if ns == "registry":
        registry, _dot, measure = name.partition(".")
        if measure not in REGISTRY_NAMES.get(registry, ()):
            raise bad(_("Unknown registry count “%(name)s”."))
        if ref.params:
            raise bad(_("“%(name)s” takes no parameters."))
        return
    if ns == "events":
        if name not in EVENT_MEASURES:
            raise bad(_("Unknown event measure “%(name)s”."))
        allowed_values = {
            "type": set(EventType.values),
            "channel": set(Channel.values),
            "group": set(TargetGroup.values),
            "sex": set(SEXES),
            "digital": {"yes", "no"},
        }
        for key, values in ref.params:
            if key not in EVENT_PARAMS:
                raise bad(_("“%(name)s”: unknown parameter."))
            if any(v not in allowed_values[key] for v in values):
                raise bad(_("“%(name)s”: unknown value."))
            if key == "sex" and name != "participants":
                raise bad(_("“%(name)s”: only participants are counted by sex."))
        return
    if ns == "units":
        if name not in UNIT_NAMES or ref.params:
            raise bad(_("Unknown unit count “%(name)s”."))
        return
    if ns == "period":
        if name != "quarters" or ref.params:
            raise bad(_("Unknown period measure “%(name)s”."))
        return
    if ns == "survey":
        if name not in SURVEY_NAMES:
            raise bad(_("Unknown survey measure “%(name)s”."))
        if ref.cell and ref.cell not in SEXES:
            raise bad(_("“%(name)s”: this element has no such cell."))
        for key, values in ref.params:
            if key != "group" or any(v not in TargetGroup.values for v in values):
                raise bad(_("“%(name)s”: unknown parameter."))
        return
    if ns == "baseline" and (name or ref.cell or ref.params):
        raise bad(_("Unknown source “%(name)s”."))


def refs(node: Node) -> Iterator[Ref]:
    """Every source the formula names, in order (repeats included)."""
    if isinstance(node, Ref):
        yield node
    elif isinstance(node, BinOp):
        yield from refs(node.left)
        yield from refs(node.right)
    elif isinstance(node, Neg):
        yield from refs(node.operand)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from refs(arg)


def _calls(node: Node) -> Iterator[Call]:
    if isinstance(node, Call):
        yield node
        for arg in node.args:
            yield from _calls(arg)
    elif isinstance(node, BinOp):
        yield from _calls(node.left)
        yield from _calls(node.right)
    elif isinstance(node, Neg):
        yield from _calls(node.operand)


# ---- evaluation -------------------------------------------------------------------------

Lookup = Callable[[Ref], Decimal | None]
ShareLookup = Callable[[Ref], tuple[Decimal | None, Decimal | None]]


def evaluate(node: Node, lookup: Lookup, share: ShareLookup | None = None) -> Decimal | None:
    """The value of the formula; None when a source has no data or a divisor is zero."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return lookup(node)
    if isinstance(node, Neg):
        v = evaluate(node.operand, lookup, share)
        return None if v is None else -v
    if isinstance(node, Call):
        if node.func == "share_yes":
            num, den = share(node.args[0]) if share else (None, None)  # type: ignore[arg-type]
            return _div(num, den)
        values = [evaluate(a, lookup, share) for a in node.args]
        if node.func == "first":
            return next((v for v in values if v is not None), None)
        if any(v is None for v in values):
            return None
        present = [v for v in values if v is not None]
        return min(present) if node.func == "min" else max(present)
    left = evaluate(node.left, lookup, share)
    right = evaluate(node.right, lookup, share)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return _div(left, right)


def _div(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None or b == 0:
        return None
    try:
        return a / b
    except InvalidOperation:
        return None


def ratio_parts(node: Node) -> tuple[Node, Node | None, Decimal]:
    """(numerator, denominator, factor) of a formula read as factor × num ÷ den: constant
    factors are lifted out and chained divisions multiply the denominator
    (``a / b / c`` → a ÷ (b × c)). A formula that is not a ratio gives (node, None, 1)."""
    factor = Decimal(1)
    while isinstance(node, BinOp) and node.op == "*":
        if isinstance(node.left, Num):
            factor *= node.left.value
            node = node.right
        elif isinstance(node.right, Num):
            factor *= node.right.value
            node = node.left
        else:
            break
    if isinstance(node, BinOp) and node.op == "/":
        dens: list[Node] = []
        num: Node = node
        while isinstance(num, BinOp) and num.op == "/":
            dens.insert(0, num.right)
            num = num.left
        while isinstance(num, BinOp) and num.op == "*":
            if isinstance(num.left, Num):
                factor *= num.left.value
                num = num.right
            elif isinstance(num.right, Num):
                factor *= num.right.value
                num = num.left
            else:
                break
        den = dens[0]
        for d in dens[1:]:
            den = BinOp("*", den, d)
        return num, den, factor
    if isinstance(node, Call) and node.func == "share_yes":
        return node, None, factor
    return node, None, factor
