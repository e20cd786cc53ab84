"""The data elements a report form asks for, the rules that check them, and which
targets need which elements.

DHIS2 keeps data elements, category combos and validation rules as metadata; here the
catalogue is code (reviewed, translated, versioned with the project) and `elements_sync`
writes it to the `DataElement` table the figures point at. A figure is never a
percentage typed in: percentages are computed from their numerator and denominator.
"""

import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from binhdang.core.text import fold
from binhdang.reporting.choices import Disaggregation, EventType, ValueType


@dataclass(frozen=True)
class ElementSpec:
    code: str
    name: Promise
    value_type: str = ValueType.COUNT
    disaggregation: str = Disaggregation.NONE
    # Filled from the reporter's logged events, not typed in.
    from_events: bool = False
    # For percentages: computed from these two elements, never entered.
    numerator: str = ""
    denominator: str = ""
    description: Promise | str = ""

    @property
    def computed(self) -> bool:
        return bool(self.numerator and self.denominator)


_EVENT_NAMES: dict[str, Promise] = {
    EventType.LAUNCH: _("Launch ceremonies held"),
    EventType.CONFERENCE: _("Conferences and workshops held"),
    EventType.TRAINING: _("Training courses held"),
    EventType.TALK: _("Topical talks held"),
    EventType.CONTEST: _("Contests held"),
    EventType.TALK_SHOW: _("Talk shows held"),
    EventType.BROADCAST: _("Radio and TV broadcasts"),
    EventType.NEWS_ITEM: _("News items and articles"),
    EventType.SOCIAL_MEDIA: _("Social-media posts"),
    EventType.PRINTED: _("Print runs of leaflets, posters, banners"),
    EventType.CLUB_MEETING: _("Club meetings"),
    EventType.CAMPAIGN: _("Campaigns"),
    EventType.SUPPORT: _("Gift and support activities"),
    EventType.INTEGRATED: _("Routine meetings with gender-equality content"),
}

ELEMENTS: tuple[ElementSpec, ...] = (
    *(ElementSpec(f"events.{code}", name, from_events=True) for code, name in _EVENT_NAMES.items()),
    ElementSpec(
        "reach.participants",
        _("People reached by events"),
        disaggregation=Disaggregation.SEX,
        from_events=True,
    ),
    ElementSpec(
        "reach.by_group",
        _("People reached, by target group"),
        disaggregation=Disaggregation.TARGET_GROUP,
        from_events=True,
    ),
    ElementSpec("products.items", _("Communication products distributed"), from_events=True),
    ElementSpec("budget.spent", _("Money spent on the events"), ValueType.MONEY, from_events=True),
    ElementSpec(
        "radio.local_news",
        _("News items on local radio and loudspeakers"),
        from_events=True,
        description=_("Events of type news item or broadcast on the radio channel."),
    ),
    ElementSpec(
        "action_month.plan_made",
        _("Action Month plan made this year"),
        ValueType.BOOLEAN,
    ),
    ElementSpec("conventions.total", _("Village conventions in force")),
    ElementSpec(
        "conventions.reviewed", _("Village conventions reviewed for gender discrimination")
    ),
    ElementSpec(
        "conventions.non_discriminatory",
        _("Village conventions adopted without gender discrimination"),
    ),
    ElementSpec("media.agencies_total", _("Media agencies")),
    ElementSpec("media.pilot", _("Media agencies piloting the gender indicator set in media")),
    ElementSpec("media.official", _("Media agencies applying the gender indicator set officially")),
    ElementSpec(
        "officials.trained",
        _("Officials trained in gender equality"),
        disaggregation=Disaggregation.SEX,
    ),
    ElementSpec("ge_officers.total", _("Officers working on gender equality")),
    ElementSpec("ge_officers.trained", _("Officers working on gender equality who were trained")),
    ElementSpec(
        "support.needed",
        _("People who needed gender-equality support"),
        disaggregation=Disaggregation.SEX,
    ),
    ElementSpec(
        "support.served",
        _("People who received at least one support service"),
        disaggregation=Disaggregation.SEX,
    ),
    ElementSpec("population.officials_pupils", _("Officials, armed forces, pupils and students")),
    ElementSpec("population.residents", _("Residents of the residential clusters")),
    ElementSpec("women_leaders.total", _("Women deputies, managers and leaders")),
    ElementSpec(
        "awareness.share",
        _("People with correct knowledge of gender equality (survey)"),
        ValueType.PERCENT,
        disaggregation=Disaggregation.SEX,
        description=_("Entered from survey results until surveys are held in binhdang."),
    ),
    # Computed percentages: never entered, recomputed from summed parts at every level.
    ElementSpec(
        "pct.conventions_ok",
        _("Share of village conventions without gender discrimination"),
        ValueType.PERCENT,
        numerator="conventions.non_discriminatory",
        denominator="conventions.total",
    ),
    ElementSpec(
        "pct.media_pilot",
        _("Share of media agencies piloting the indicator set"),
        ValueType.PERCENT,
        numerator="media.pilot",
        denominator="media.agencies_total",
    ),
    ElementSpec(
        "pct.media_official",
        _("Share of media agencies applying the indicator set officially"),
        ValueType.PERCENT,
        numerator="media.official",
        denominator="media.agencies_total",
    ),
    ElementSpec(
        "pct.ge_officers_trained",
        _("Share of gender-equality officers trained"),
        ValueType.PERCENT,
        numerator="ge_officers.trained",
        denominator="ge_officers.total",
    ),
    ElementSpec(
        "pct.support_served",
        _("Share of people needing support who got a service"),
        ValueType.PERCENT,
        numerator="support.served",
        denominator="support.needed",
    ),
)

BY_CODE: dict[str, ElementSpec] = {e.code: e for e in ELEMENTS}
EVENT_ELEMENTS = tuple(e.code for e in ELEMENTS if e.from_events)


@dataclass(frozen=True)
class PartRule:
    """A DHIS2-style validation rule: the part may not exceed the whole."""

    part: str
    whole: str
    message: Promise


RULES: tuple[PartRule, ...] = (
    PartRule(
        "conventions.reviewed",
        "conventions.total",
        _("More conventions reviewed than conventions in force."),
    ),
    PartRule(
        "conventions.non_discriminatory",
        "conventions.total",
        _("More conventions without discrimination than conventions in force."),
    ),
    PartRule(
        "media.pilot",
        "media.agencies_total",
        _("More media agencies piloting than media agencies."),
    ),
    PartRule(
        "media.official",
        "media.agencies_total",
        _("More media agencies applying the set than media agencies."),
    ),
    PartRule(
        "ge_officers.trained",
        "ge_officers.total",
        _("More officers trained than officers working on gender equality."),
    ),
    PartRule(
        "support.served",
        "support.needed",
        _("More people served than people who needed support."),
    ),
)


@dataclass(frozen=True)
class TargetRule:
    """Target text (folded, no diacritics) matching `pattern` needs `elements`."""

    pattern: str
    elements: tuple[str, ...] = field(default_factory=tuple)


TARGET_RULES: tuple[TargetRule, ...] = (
    TargetRule(r"huong uoc|quy uoc", ("conventions.total", "conventions.reviewed", "conventions.non_discriminatory")),
    TargetRule(r"bo chi so ve gioi|co quan (truyen thong|thong tin)[^.]{0,60}ap dung", ("media.agencies_total", "media.pilot", "media.official")),
    TargetRule(r"thang hanh dong", ("action_month.plan_made",)),
    TargetRule(r"tin,? bai|phong su|phat thanh", ("radio.local_news",)),
    TargetRule(r"it nhat 0?2 (luot|cuoc|lan)|duoc truyen thong", ("reach.participants", "reach.by_group")),
    TargetRule(r"nhan thuc", ("awareness.share",)),
    TargetRule(r"can bo lam cong tac binh dang gioi", ("ge_officers.total", "ge_officers.trained")),
    TargetRule(r"tap huan|trang bi kien thuc", ("officials.trained",)),
    TargetRule(r"nhu cau ho tro|dich vu tu van", ("support.needed", "support.served")),
    TargetRule(r"can bo cong chuc|cum dan cu", ("reach.by_group", "population.officials_pupils", "population.residents")),
    TargetRule(r"nu dai bieu|nu can bo|nu lanh dao", ("officials.trained", "women_leaders.total")),
)  # fmt: skip


def elements_for_target_text(text: str) -> list[str]:
    """The element codes a target's wording needs, in catalogue order."""
    folded = fold(text)
    found: set[str] = set()
    for rule in TARGET_RULES:
        if re.search(rule.pattern, folded):
            found.update(rule.elements)
    return [e.code for e in ELEMENTS if e.code in found]
