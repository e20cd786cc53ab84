"""Target groups of an event as a bit set (one integer column instead of a join table).

An event reaches several groups at once; at national scale (millions of events) a
many-to-many table would double the rows. Bit `i` is `TargetGroup` number `i`; the order
of `TargetGroup` is therefore fixed: add new groups at the end only.
"""

from binhdang.reporting.choices import TargetGroup

GROUP_BITS: dict[str, int] = {code: 1 << i for i, code in enumerate(TargetGroup.values)}


def groups_to_mask(codes) -> int:
    mask = 0
    for code in codes:
        try:
            mask |= GROUP_BITS[code]
        except KeyError:
            raise ValueError(code) from None
    return mask


def mask_to_groups(mask: int) -> list[str]:
    return [code for code, bit in GROUP_BITS.items() if mask & bit]


def group_labels(mask: int) -> list[str]:
    labels = dict(TargetGroup.choices)
    return [str(labels[code]) for code in mask_to_groups(mask)]
