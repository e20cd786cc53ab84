"""The working definitions of pilot and official application (DOMAIN.md §2.4).

Decision 1790/QĐ-TTg sets ≥ 70 % of media agencies applying the gender indicator set in
media "on a pilot basis" (áp dụng thí điểm) by 2025 and 90 % applying it "officially"
(chính thức áp dụng) by 2030, but no text defines either term. Until the Ministry of Home
Affairs or the Press Department confirms them, binhdang uses this working definition:

* **Pilot (thí điểm)**: the agency applies a subset of the indicators and has made at
  least one self-assessment against the set in the year.
* **Official (chính thức)**: the agency has formally adopted the set in an internal
  decision or regulation, covers all applicable A and B sub-areas and reports on it at
  least once a year.

A year's status is the one **recorded** for the agency (an `Adoption` row: what the agency
or the focal office decided, with its decision) or, when none is recorded, the one
**derived** from the year's self-assessments (`Assessment`):

* an assessment covering at least `BINHDANG_GSIM_PILOT_MIN_INDICATORS` sub-areas
  (default 1) → pilot;
* an assessment covering at least `BINHDANG_GSIM_OFFICIAL_MIN_INDICATORS` sub-areas
  (default 7: all of A1–A5, B1, B2) and naming the decision that adopted the set
  (`BINHDANG_GSIM_OFFICIAL_REQUIRES_DECISION`, default on) → official;
* otherwise → not applied.

A single assessment must meet a rule on its own (sub-areas of two assessments are not
added up). An agency for which a sub-area does not apply (a commune radio carries no
advertising: B2) records its status explicitly. The thresholds are settings because the
definition is provisional (DOMAIN.md, "Implications" §C and §H.2); they are read when
used, never at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from binhdang.media.choices import AdoptionStatus, SubArea

ALL_AREAS = len(SubArea.values)


@dataclass(frozen=True)
class Thresholds:
    pilot_min: int
    official_min: int
    official_needs_decision: bool


def thresholds() -> Thresholds:
    """The rule's settings, clamped to 1…7 (and official never below pilot)."""
    pilot = int(getattr(settings, "BINHDANG_GSIM_PILOT_MIN_INDICATORS", 1))
    official = int(getattr(settings, "BINHDANG_GSIM_OFFICIAL_MIN_INDICATORS", ALL_AREAS))
    pilot = min(max(pilot, 1), ALL_AREAS)
    official = min(max(official, pilot), ALL_AREAS)
    needs_decision = bool(getattr(settings, "BINHDANG_GSIM_OFFICIAL_REQUIRES_DECISION", True))
    return Thresholds(pilot, official, needs_decision)


def derive_status(*, areas: int, has_decision: bool, rules: Thresholds | None = None) -> str:
    """The status one self-assessment shows: `areas` sub-areas applied, a decision named
    or not."""
    rules = rules or thresholds()
    if areas >= rules.official_min and (has_decision or not rules.official_needs_decision):
        return AdoptionStatus.OFFICIAL
    if areas >= rules.pilot_min:
        return AdoptionStatus.PILOT
    return AdoptionStatus.NONE
