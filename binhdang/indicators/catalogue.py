"""The indicators the targets of the sample plans need, and how a target's wording picks
its indicator.

Decision 1790/QĐ-TTg's five targets (DOMAIN.md §1.2) and the 2019 Cần Thơ targets of
seed 004. Texts are English msgids (translated in this app's catalogue); formulas use the
language of `formula.py`. `indicators_sync()` writes this list to `Indicator`;
`targets_link()` links each target to its indicators with `LINK_RULES`.

Where a denominator is not a figure the system holds yet, the formula names an element
listed in `PROPOSED_ELEMENTS` (to be added to `reporting/elements.py`); until it exists
the value is empty and the definition says why: no number is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from binhdang.core.text import clean, fold
from binhdang.indicators.choices import (
    Breakdown,
    Direction,
    Frequency,
    MeasureUnit,
    TimeAggregation,
    UnitAggregation,
)

# Elements the formulas need that `reporting.elements` does not have yet (code → name).
PROPOSED_ELEMENTS: dict[str, Promise] = {
    "population.officials_pupils": _(
        "Officials, civil servants, public employees, workers, armed-forces members and "
        "pupils and students in the area"
    ),
    "population.residents": _("People living in the residential clusters of the area"),
    "women_leaders.total": _(
        "Women deputies, women managers and leaders, and women in the leadership "
        "pipeline (from head of division up)"
    ),
}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: Promise
    definition: Promise
    numerator: Promise
    denominator: Promise | str
    formula: str
    fallback_formula: str = ""
    measure: str = MeasureUnit.PERCENT
    direction: str = Direction.INCREASE
    unit_aggregation: str = UnitAggregation.RATIO
    time_aggregation: str = TimeAggregation.SUM
    cumulative: bool = False
    data_source: Promise | str = ""
    disaggregations: tuple[str, ...] = ()
    frequency: str = Frequency.ANNUAL
    baseline_year: int | None = None


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "comm-sessions",
        _("Communication sessions on gender-equality law and policy per commune per year"),
        _(
            "In-person communication sessions (conferences, talks, trainings, contests, "
            "club meetings…) held in the year, per commune of the area. Decision 1790 "
            "asks that agencies, organisations, businesses and citizens be reached at "
            "least twice a year; people are not registered one by one, so the system "
            "counts the sessions a commune's people could attend, and shows them by the "
            "target group each session reached. Sessions of provincial departments count "
            "in the province's total."
        ),
        _("In-person communication events logged in the year (Decree 09 year)"),
        _("Communes in force in the area at the end of the year"),
        "events.count(channel=in_person) / units.communes",
        measure=MeasureUnit.PER_UNIT_YEAR,
        direction=Direction.MAINTAIN,
        unit_aggregation=UnitAggregation.RATIO_AREA,
        data_source=_("Communication events logged by the agencies"),
        disaggregations=(Breakdown.TARGET_GROUP, Breakdown.UNIT, Breakdown.AGENCY),
    ),
    IndicatorSpec(
        "action-month-plans",
        _("Share of agencies and localities that made an Action Month plan"),
        _(
            "Agencies and localities that answered “yes” to “Action Month plan made this "
            "year”, out of those that answered (Action Month reports and annual reports). "
            "Reporters that owe the answer and have not given it are listed as missing, "
            "not counted as “no”."
        ),
        _("Reporters that made an Action Month plan"),
        _("Reporters that answered the question"),
        "100 * share_yes(reported.action_month.plan_made)",
        frequency=Frequency.ACTION_MONTH,
        data_source=_("Action Month reports (“Action Month plan made this year”)"),
        disaggregations=(Breakdown.UNIT, Breakdown.AGENCY),
    ),
    IndicatorSpec(
        "awareness-change",
        _("Change in gender-equality awareness since the baseline (percentage points)"),
        _(
            "Share of people with correct knowledge of gender equality in the year's "
            "surveys minus the same share in the baseline year (2025). Shares are combined "
            "through the number of people who answered correctly, never averaged. The "
            "targets' “increase by 10–15%” is read as percentage points. Until surveys "
            "are entered, the share reported by a single agency is used; shares of "
            "several agencies cannot be combined without the number of people asked."
        ),
        _("Share with correct knowledge in the year minus the share in the baseline year"),
        "",
        "survey.awareness - baseline",
        fallback_formula="reported.awareness.share - baseline",
        measure=MeasureUnit.POINTS,
        unit_aggregation=UnitAggregation.RATIO_AREA,
        time_aggregation=TimeAggregation.LAST,
        frequency=Frequency.SURVEY,
        baseline_year=2025,
        data_source=_("Awareness survey results (entered), else reported survey shares"),
        disaggregations=(Breakdown.SEX, Breakdown.TARGET_GROUP, Breakdown.UNIT),
    ),
    IndicatorSpec(
        "media-pilot",
        _("Share of media agencies applying the gender indicator set in media (pilot or official)"),
        _(
            "Media agencies that apply the Gender Indicator Set in Media on a pilot basis "
            "or officially, out of the media agencies in the registry. When the registry "
            "has no media agencies for the area, the figures reported by the agencies are "
            "used."
        ),
        _("Media agencies applying the set (pilot or official)"),
        _("Media agencies"),
        "100 * registry.media.pilot / registry.media.total",
        fallback_formula="100 * reported.media.pilot / reported.media.agencies_total",
        time_aggregation=TimeAggregation.LAST,
        frequency=Frequency.CONTINUOUS,
        data_source=_("Media agency registry; else reported media figures"),
        disaggregations=(Breakdown.UNIT,),
    ),
    IndicatorSpec(
        "media-official",
        _("Share of media agencies applying the gender indicator set in media officially"),
        _(
            "Media agencies that apply the Gender Indicator Set in Media officially, out of "
            "the media agencies in the registry. When the registry has no media agencies "
            "for the area, the figures reported by the agencies are used."
        ),
        _("Media agencies applying the set officially"),
        _("Media agencies"),
        "100 * registry.media.official / registry.media.total",
        fallback_formula="100 * reported.media.official / reported.media.agencies_total",
        time_aggregation=TimeAggregation.LAST,
        frequency=Frequency.CONTINUOUS,
        data_source=_("Media agency registry; else reported media figures"),
        disaggregations=(Breakdown.UNIT,),
    ),
    IndicatorSpec(
        "conventions-ok",
        _("Share of adopted village conventions without gender discrimination"),
        _(
            "Village and community conventions (hương ước, quy ước) in force that were "
            "found free of gender discrimination, out of the conventions in force. From the "
            "convention registry; when it has none for the area, from the conventions "
            "figures of the reports (summed over the reporters that gave both)."
        ),
        _("Conventions without gender discrimination"),
        _("Conventions in force"),
        "100 * registry.conventions.non_discriminatory / registry.conventions.total",
        fallback_formula=(
            "100 * reported.conventions.non_discriminatory / reported.conventions.total"
        ),
        time_aggregation=TimeAggregation.LAST,
        frequency=Frequency.CONTINUOUS,
        data_source=_("Convention registry; else reported conventions figures"),
        disaggregations=(Breakdown.UNIT, Breakdown.AGENCY),
    ),
    IndicatorSpec(
        "radio-news",
        _("News items on local radio per district or commune per quarter"),
        _(
            "News items, articles and reports on gender equality broadcast on district and "
            "commune radio and loudspeakers (events of type news item or broadcast on the "
            "radio channel; the quantity when given, else one per event), per district "
            "and commune in force, per quarter of the year elapsed. The drill-down shows "
            "the communes below four."
        ),
        _("Radio news items logged in the year"),
        _("Districts and communes in force × quarters elapsed"),
        "events.items(type=news_item|broadcast, channel=radio) / units.local / period.quarters",
        fallback_formula="reported.radio.local_news / units.local / period.quarters",
        measure=MeasureUnit.PER_UNIT_QUARTER,
        direction=Direction.MAINTAIN,
        unit_aggregation=UnitAggregation.RATIO_AREA,
        frequency=Frequency.QUARTERLY,
        data_source=_("Communication events on the radio channel; else reported figures"),
        disaggregations=(Breakdown.UNIT, Breakdown.AGENCY),
    ),
    IndicatorSpec(
        "reach-officials",
        _("Share of officials, workers, armed forces and pupils reached by communication"),
        _(
            "People of the officials and the pupils target groups reached by communication "
            "events (attendances, as reported: one person at two events counts twice, so "
            "the share can exceed 100%), out of the number of officials, civil servants, "
            "public employees, workers, armed-forces members and pupils in the area. The "
            "system does not hold that number yet: it must be reported as the element "
            "“population.officials_pupils”; until then only the numerator is shown."
        ),
        _("Attendances of the officials and pupils groups"),
        _("Officials, workers, armed forces and pupils in the area (to be reported)"),
        "100 * (reported.reach.by_group[officials] + reported.reach.by_group[children])"
        " / reported.population.officials_pupils",
        unit_aggregation=UnitAggregation.RATIO_AREA,
        data_source=_("Reported reach by target group; population figure to be reported"),
        disaggregations=(Breakdown.UNIT,),
    ),
    IndicatorSpec(
        "reach-residents",
        _("Share of residents reached by communication"),
        _(
            "People of the general public reached by communication events (attendances, as "
            "reported), out of the people living in the area's residential clusters. The "
            "system does not hold that number yet: it must be reported as the element "
            "“population.residents”; until then only the numerator is shown."
        ),
        _("Attendances of the general public"),
        _("People living in the residential clusters (to be reported)"),
        "100 * reported.reach.by_group[general] / reported.population.residents",
        unit_aggregation=UnitAggregation.RATIO_AREA,
        data_source=_("Reported reach by target group; population figure to be reported"),
        disaggregations=(Breakdown.UNIT,),
    ),
    IndicatorSpec(
        "ge-officers-trained",
        _("Share of gender-equality officers trained"),
        _(
            "Officers working on gender equality and the advancement of women who were "
            "trained in the year, out of those officers, summed over the reporters that "
            "gave both figures. Policy-making officials named by some targets are not "
            "counted separately."
        ),
        _("Gender-equality officers trained"),
        _("Gender-equality officers"),
        "100 * reported.ge_officers.trained / reported.ge_officers.total",
        data_source=_("Annual reports (gender-equality officers)"),
        disaggregations=(Breakdown.UNIT, Breakdown.AGENCY),
    ),
    IndicatorSpec(
        "women-leaders-trained",
        _("Share of women leaders and managers trained in gender equality and leadership"),
        _(
            "Women officials trained in gender equality (the female cell of “officials "
            "trained”), out of the women deputies, managers, leaders and women in the "
            "leadership pipeline. The denominator is not held yet: it must be reported as "
            "the element “women_leaders.total”; until then only the numerator is shown. "
            "Trained women who are not leaders are counted in the numerator."
        ),
        _("Women officials trained"),
        _("Women leaders, managers and women in the pipeline (to be reported)"),
        "100 * reported.officials.trained[female] / reported.women_leaders.total",
        unit_aggregation=UnitAggregation.RATIO_AREA,
        data_source=_("Annual reports (officials trained, by sex)"),
        disaggregations=(Breakdown.UNIT, Breakdown.AGENCY),
    ),
    IndicatorSpec(
        "support-served",
        _("Share of people needing gender-equality support who got at least one service"),
        _(
            "People who received at least one gender-equality counselling or support "
            "service, out of the people who needed support, summed over the reporters that "
            "gave both figures; by sex."
        ),
        _("People who received at least one service"),
        _("People who needed support"),
        "100 * reported.support.served / reported.support.needed",
        data_source=_("Annual reports (support needed and served, by sex)"),
        disaggregations=(Breakdown.SEX, Breakdown.UNIT, Breakdown.AGENCY),
    ),
    IndicatorSpec(
        "model-sites",
        _("Gender-equality model sites maintained or replicated"),
        _("Model sites in the registry that are maintained or were replicated in the year."),
        _("Model sites maintained plus model sites replicated"),
        "",
        "registry.models.maintained + registry.models.replicated",
        measure=MeasureUnit.COUNT,
        unit_aggregation=UnitAggregation.SUM,
        time_aggregation=TimeAggregation.LAST,
        frequency=Frequency.CONTINUOUS,
        data_source=_("Model-site registry"),
        disaggregations=(Breakdown.UNIT,),
    ),
)

BY_CODE: dict[str, IndicatorSpec] = {s.code: s for s in INDICATORS}


# ---- linking targets --------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRule:
    """A target whose folded wording matches `pattern` is measured by `indicators`.

    With several indicators the milestones are shared out by `split`:
    "year" — the earliest milestone to the first indicator, later ones to the second
    (“70% pilot by 2025, 90% official by 2030”), unless the wording names only one of
    `only` (pattern → indicator); "segment" — the target's text is cut at “;” and each
    milestone goes to the indicator whose `segments` pattern matches the part that holds
    its value (“80% officials…; 60% residents…”).
    """

    pattern: str
    indicators: tuple[str, ...]
    split: str = ""
    segments: tuple[str, ...] = ()
    only: tuple[tuple[str, str], ...] = field(default_factory=tuple)


LINK_RULES: tuple[LinkRule, ...] = (
    LinkRule(r"huong uoc|quy uoc", ("conventions-ok",)),
    LinkRule(
        r"bo chi so ve gioi|co quan (truyen thong|thong tin)[^.]{0,60}ap dung",
        ("media-pilot", "media-official"),
        split="year",
        only=((r"thi diem", "media-pilot"), (r"chinh thuc", "media-official")),
    ),
    LinkRule(r"thang hanh dong", ("action-month-plans",)),
    LinkRule(r"tin bai|phong su|phat thanh", ("radio-news",)),
    LinkRule(
        r"can bo cong chuc|cum dan cu",
        ("reach-officials", "reach-residents"),
        split="segment",
        segments=(r"can bo|cong chuc|hoc sinh|sinh vien", r"nguoi dan|dan cu"),
    ),
    LinkRule(r"nhan thuc", ("awareness-change",)),
    LinkRule(r"it nhat 0?2 (luot|cuoc|lan)|duoc truyen thong", ("comm-sessions",)),
    LinkRule(r"can bo lam cong tac binh dang gioi", ("ge-officers-trained",)),
    LinkRule(r"nu dai bieu|nu can bo|nu lanh dao", ("women-leaders-trained",)),
    LinkRule(r"nhu cau ho tro|dich vu tu van", ("support-served",)),
)


@dataclass
class LinkPlan:
    """What a target's wording links: indicator code → indices of its milestones (None:
    every milestone)."""

    rule: LinkRule | None
    links: dict[str, list[int] | None]


def rule_for(text: str) -> LinkRule | None:
    folded = fold(text)
    return next((r for r in LINK_RULES if re.search(r.pattern, folded)), None)


def plan_links(text: str, milestones: list[tuple[int | None, object]]) -> LinkPlan:
    """The indicators of a target (its wording) and the milestones each measures.

    `milestones`: (year, value) in the target's order."""
    rule = rule_for(text)
    if rule is None:
        return LinkPlan(None, _by_elements(text))
    if len(rule.indicators) == 1:
        return LinkPlan(rule, {rule.indicators[0]: None})
    folded = fold(text)
    if rule.split == "year":
        named = [code for pattern, code in rule.only if re.search(pattern, folded)]
        if len(named) == 1:
            return LinkPlan(rule, {named[0]: None})
        if len(milestones) < 2:
            return LinkPlan(rule, {rule.indicators[0]: None})
        order = sorted(range(len(milestones)), key=lambda i: (milestones[i][0] or 9999, i))
        first, rest = order[0], order[1:]
        return LinkPlan(rule, {rule.indicators[0]: [first], rule.indicators[1]: rest})
    if rule.split == "segment":
        parts = [fold(p) for p in re.split(r";", clean(text))]
        out: dict[str, list[int] | None] = {}
        for i, (_year, value) in enumerate(milestones):
            code = _segment_indicator(rule, parts, value)
            current = out.setdefault(code, [])
            assert current is not None
            current.append(i)
        return LinkPlan(rule, out or {rule.indicators[0]: None})
    return LinkPlan(rule, {rule.indicators[0]: None})


def _segment_indicator(rule: LinkRule, parts: list[str], value: object) -> str:
    number = _number_text(value)
    for part in parts:
        if number and not re.search(rf"(^|\D){re.escape(number)}(\D|$)", part):
            continue
        for pattern, code in zip(rule.segments, rule.indicators, strict=False):
            if re.search(pattern, part):
                return code
    return rule.indicators[0]


def _number_text(value: object) -> str:
    if value is None:
        return ""
    try:
        f = float(str(value))
    except ValueError:
        return ""
    return str(int(f)) if f == int(f) else str(f)


def _by_elements(text: str) -> dict[str, list[int] | None]:
    """No rule matched: the indicator whose reported figures the wording needs most
    (`reporting.elements.TARGET_RULES`), if any."""
    from binhdang.indicators.formula import parse, refs
    from binhdang.reporting.elements import elements_for_target_text

    wanted = set(elements_for_target_text(text))
    if not wanted:
        return {}
    best, best_n = "", 0
    for spec in INDICATORS:
        used: set[str] = set()
        for formula in (spec.formula, spec.fallback_formula):
            if formula:
                node = parse(formula, proposed=set(PROPOSED_ELEMENTS))
                used |= {r.name for r in refs(node) if r.namespace == "reported"}
        n = len(used & wanted)
        if n > best_n:
            best, best_n = spec.code, n
    return {best: None} if best else {}
