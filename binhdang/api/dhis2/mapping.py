"""binhdang keys ↔ DHIS2 identifiers, with default codes when the mapping table is silent.

| DHIS2 | binhdang key (`Dhis2Mapping.local`) | default code |
| --- | --- | --- |
| dataElement | element code `comm.events` | the same |
| categoryOptionCombo | `total`, `sex:male`, `group:youth` | `default`, `SEX_MALE`, `TG_YOUTH` |
| attributeOptionCombo | `plan:12:actual` (plan and kind of figure) | `P12_ACTUAL` |
| orgUnit | `agency:345` (the reporting agency) | `AG345` |
| period | `2025`, `2025Q4`, `2025AM` | `2025`, `2025Q4`, `202511` (Action Month: November) |

With idScheme=uid, every identifier must come from a mapping row that has a UID.
"""

from dataclasses import dataclass, field

from binhdang.api.dhis2.models import Dhis2Mapping, MappingKind
from binhdang.reporting.choices import ValueKind

K = MappingKind
KINDS: dict[str, str] = {
    ValueKind.ACTUAL.value: "ACTUAL",
    ValueKind.ESTIMATE.value: "ESTIMATE",
    ValueKind.FINAL.value: "FINAL",
}
KIND_OF = {v: k for k, v in KINDS.items()}


def default_code(kind: str, local: str) -> str:
    if kind == K.DATA_ELEMENT:
        return local
    if kind == K.CATEGORY_OPTION_COMBO:
        if local == "total":
            return "default"
        dim, _sep, value = local.partition(":")
        return ("SEX_" if dim == "sex" else "TG_") + value.upper()
    if kind == K.ATTRIBUTE_OPTION_COMBO:
        _p, plan_id, value_kind = local.split(":")
        return f"P{plan_id}_{KINDS.get(value_kind, value_kind.upper())}"
    if kind == K.ORG_UNIT:
        return "AG" + local.partition(":")[2]
    if kind == K.PERIOD:
        if local.endswith("AM"):
            return local[:-2] + "11"
        return local
    raise ValueError(kind)


def parse_default(kind: str, code: str) -> str | None:
    """The binhdang key a default code stands for (None: not a default code)."""
    code = code.strip()
    if kind == K.DATA_ELEMENT:
        return code or None
    if kind == K.CATEGORY_OPTION_COMBO:
        if code in ("default", ""):
            return "total"
        if code.startswith("SEX_"):
            return "sex:" + code[4:].lower()
        if code.startswith("TG_"):
            return "group:" + code[3:].lower()
        return None
    if kind == K.ATTRIBUTE_OPTION_COMBO:
        head, _sep, tail = code.partition("_")
        if head[:1] == "P" and head[1:].isdigit() and tail in KIND_OF:
            return f"plan:{head[1:]}:{KIND_OF[tail]}"
        return None
    if kind == K.ORG_UNIT:
        return f"agency:{code[2:]}" if code[:2] == "AG" and code[2:].isdigit() else None
    if kind == K.PERIOD:
        if len(code) == 6 and code.isdigit() and code.endswith("11"):
            return code[:4] + "AM"
        return code or None
    raise ValueError(kind)


def cell_key(sex: str, target_group: str) -> str:
    if target_group:
        return f"group:{target_group}"
    if sex:
        return f"sex:{sex}"
    return "total"


def cell_fields(key: str) -> tuple[str, str]:
    """(sex, target_group) of a disaggregation key."""
    if key == "total":
        return "", ""
    dim, _sep, value = key.partition(":")
    return (value, "") if dim == "sex" else ("", value)


@dataclass
class Mapper:
    """Turns keys into identifiers and back for one request (the table is read once)."""

    id_scheme: str = "code"  # "code" or "uid"
    out: dict[tuple[str, str], str] = field(default_factory=dict)
    back: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, id_scheme: str = "code") -> "Mapper":
        mapper = cls(id_scheme=id_scheme)
        for kind, local, uid, code in Dhis2Mapping.objects.values_list(
            "kind", "local", "uid", "code"
        ):
            ident = uid if id_scheme == "uid" else code
            if ident:
                mapper.out[(kind, local)] = ident
            for value in (uid, code):
                if value:
                    mapper.back[(kind, value)] = local
        return mapper

    def to_dhis2(self, kind: str, local: str) -> str | None:
        found = self.out.get((kind, local))
        if found is not None:
            return found
        if self.id_scheme == "uid":
            return None
        return default_code(kind, local)

    def to_local(self, kind: str, ident: str) -> str | None:
        ident = (ident or "").strip()
        found = self.back.get((kind, ident))
        if found is not None:
            return found
        return parse_default(kind, ident)
