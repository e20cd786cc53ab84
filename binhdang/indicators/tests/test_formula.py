"""The formula language: parsed and validated, never eval-ed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from binhdang.indicators.formula import (
    BinOp,
    Call,
    FormulaError,
    Num,
    Ref,
    evaluate,
    parse,
    ratio_parts,
    refs,
)
from binhdang.indicators.models import Indicator

BRIEF_EXAMPLES = [
    "100 * registry.media.pilot / registry.media.total",
    "reported.conventions.non_discriminatory / reported.conventions.total * 100",
    "100 * share_yes(reported.action_month.plan_made)",
    "events.count(type=news_item, channel=radio) / units.communes / 4",
    "survey.awareness - baseline",
]


@pytest.mark.parametrize("text", BRIEF_EXAMPLES)
def test_the_briefs_formulas_parse(text):
    node = parse(text)
    assert list(refs(node))


def test_a_reference_keeps_its_cell_and_parameters():
    node = parse(
        "events.items(type=news_item|broadcast, channel=radio) + reported.reach.by_group[officials]"
    )
    first, second = list(refs(node))
    assert first == Ref(
        "events", "items", "", (("channel", ("radio",)), ("type", ("news_item", "broadcast")))
    )
    assert second == Ref("reported", "reach.by_group", "officials")
    assert first.key == "events.items(channel=radio, type=news_item|broadcast)"


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "registry.media.everything",
        "reported.no_such.element",
        "reported.conventions.total[female]",
        "reported.reach.by_group[martians]",
        "events.count(type=parade)",
        "events.count(colour=red)",
        "events.items(sex=female)",
        "units.villages",
        "survey.awareness[other]",
        "baseline - survey.awareness",
        "2 * (survey.awareness - baseline)",
        "share_yes(registry.media.total)",
        "first(units.communes)",
        "100 *",
        "(units.communes",
        "units.communes units.districts",
        "",
        "1; 2",
    ],
)
def test_bad_formulas_are_refused(text):
    with pytest.raises(FormulaError):
        parse(text)


def test_unknown_elements_are_refused():
    parse("100 * reported.officials.trained[female] / reported.women_leaders.total")
    with pytest.raises(FormulaError):
        parse("reported.no_such.element", proposed=set())


def _values(**named):
    def lookup(ref):
        return named.get(ref.key)

    return lookup


def test_arithmetic_and_precedence():
    node = parse("2 + 3 * 4 - -1")
    assert evaluate(node, _values()) == Decimal(15)
    assert evaluate(parse("(2 + 3) * 4 / 5"), _values()) == Decimal(4)


def test_no_data_or_division_by_zero_gives_no_value_never_zero():
    node = parse("100 * registry.media.pilot / registry.media.total")
    assert evaluate(node, _values(**{"registry.media.pilot": Decimal(3)})) is None
    both = {"registry.media.pilot": Decimal(3), "registry.media.total": Decimal(0)}
    assert evaluate(node, _values(**both)) is None


def test_first_min_max_and_share_yes():
    lookup = _values(**{"units.communes": Decimal(4), "units.districts": Decimal(2)})
    assert evaluate(parse("first(units.provinces, units.communes)"), lookup) == 4
    assert evaluate(parse("min(units.communes, units.districts)"), lookup) == 2
    assert evaluate(parse("max(units.communes, units.districts)"), lookup) == 4
    node = parse("100 * share_yes(reported.action_month.plan_made)")
    assert evaluate(node, lookup, lambda ref: (Decimal(3), Decimal(4))) == 75


def test_ratio_parts_lift_factors_and_chain_divisions():
    num, den, factor = ratio_parts(
        parse("reported.conventions.non_discriminatory / reported.conventions.total * 100")
    )
    assert factor == 100 and num == Ref("reported", "conventions.non_discriminatory")
    assert den == Ref("reported", "conventions.total")
    num, den, factor = ratio_parts(parse("events.count(channel=radio) / units.communes / 4"))
    assert isinstance(den, BinOp) and den.op == "*" and den.right == Num(Decimal(4))
    num, den, factor = ratio_parts(parse("100 * share_yes(reported.action_month.plan_made)"))
    assert isinstance(num, Call) and den is None and factor == 100


@pytest.mark.django_db
def test_an_indicator_with_a_bad_formula_does_not_validate():
    indicator = Indicator(code="x", name="X", formula="registry.media.nothing")
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert "formula" in caught.value.message_dict
