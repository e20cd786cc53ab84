"""DHIS2 dataValueSets (JSON, CSV) and ADX (XML): writing rows out, reading them in.

A row is a dict with DHIS2's names: dataElement, period, orgUnit, categoryOptionCombo,
attributeOptionCombo, value, comment (+ `_row`: where it was in the file, for errors).
Pure functions: no database.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree

ADX_NS = "urn:ihe:qrph:adx:2015"
CSV_HEADER = [
    "dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo",
    "value", "storedby", "lastupdated", "comment", "followup", "deleted",
]  # fmt: skip
FIELDS = (
    "dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo",
    "value", "storedBy", "lastUpdated", "comment", "followup", "deleted",
)  # fmt: skip
CSV_ALIASES = {
    "catoptcombo": "categoryoptioncombo",
    "attroptcombo": "attributeoptioncombo",
    "timestamp": "lastupdated",
}


class FormatError(ValueError):
    """The body cannot be read as the format it claims."""


# ---- writing ---------------------------------------------------------------------------


def write_json(rows: Iterable[dict[str, Any]], **header: Any) -> bytes:
    body = {**{k: v for k, v in header.items() if v}, "dataValues": list(rows)}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def write_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [row.get(f, "") if row.get(f) is not None else "" for f in FIELDS[:8]]
            + [row.get("comment", ""), "false", "false"]
        )
    return out.getvalue().encode()


def adx_period(period: str) -> str:
    """A binhdang period as ADX wants it: an ISO 8601 start and duration."""
    if period.endswith("AM"):
        return f"{period[:-2]}-11-15/P1M"
    if "Q" in period:
        year, quarter = period.split("Q")
        return f"{year}-{(int(quarter) - 1) * 3 + 1:02d}-01/P3M"
    return f"{period}-01-01/P1Y"


def period_from_adx(text: str) -> str:
    start, _sep, duration = text.strip().partition("/")
    year, month, day = start[:4], start[5:7], start[8:10]
    if duration == "P1Y" and month == "01" and day == "01":
        return year
    if duration == "P3M" and month in ("01", "04", "07", "10") and day == "01":
        return f"{year}Q{(int(month) - 1) // 3 + 1}"
    if duration == "P1M" and month == "11" and day == "15":
        return f"{year}AM"
    raise FormatError(text)


def write_adx(groups: Iterable[dict[str, Any]], *, exported: str) -> bytes:
    """`groups`: dicts with the group attributes and `values` (dicts of dataValue
    attributes). Attribute names are DHIS2 category codes (SEX, TARGET_GROUP, KIND, PLAN)."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<adx xmlns="{ADX_NS}" exported="{exported}">\n'
    ]
    for group in groups:
        attrs = " ".join(
            f"{k}={quoteattr(str(v))}" for k, v in group.items() if k != "values" and v
        )
        parts.append(f"  <group {attrs}>\n")
        for value in group["values"]:
            attrs = " ".join(f"{k}={quoteattr(str(v))}" for k, v in value.items() if v != "")
            parts.append(f"    <dataValue {attrs}/>\n")
        parts.append("  </group>\n")
    parts.append("</adx>\n")
    return "".join(parts).encode()


# ---- reading ---------------------------------------------------------------------------


def read_json(data: bytes) -> Iterator[dict[str, Any]]:
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(str(exc)) from None
    if not isinstance(body, dict) or not isinstance(body.get("dataValues", []), list):
        raise FormatError("dataValues")
    defaults = {k: body.get(k) for k in ("period", "orgUnit", "attributeOptionCombo")}
    for number, item in enumerate(body.get("dataValues") or [], start=1):
        if not isinstance(item, dict):
            raise FormatError(f"dataValues[{number}]")
        row: dict[str, Any] = {k: _text(item.get(k, defaults.get(k))) for k in FIELDS}
        row["_row"] = number
        yield row


def read_csv(data: bytes) -> Iterator[dict[str, Any]]:
    """DHIS2 CSV: the columns by position; a first row naming them is skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("encoding") from None
    reader = csv.reader(io.StringIO(text))
    for number, cells in enumerate(reader, start=1):
        if not cells or all(not c.strip() for c in cells):
            continue
        if number == 1 and cells[0].strip().lower() in ("dataelement", "de"):
            continue
        row: dict[str, Any] = {
            f: (cells[i].strip() if i < len(cells) else "") for i, f in enumerate(FIELDS)
        }
        row["_row"] = number
        yield row


def read_xlsx(data: bytes) -> Iterator[dict[str, Any]]:
    """The CSV's columns in the first sheet of a workbook (header in row 1)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FormatError("xlsx") from None
    sheet = book.worksheets[0]
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = ["" if c is None else str(c).strip() for c in cells]
        if not any(values):
            continue
        if number == 1 and values[0].lower() in ("dataelement", "de"):
            continue
        row: dict[str, Any] = {
            f: (values[i] if i < len(values) else "") for i, f in enumerate(FIELDS)
        }
        row["_row"] = number
        yield row
    book.close()


def read_adx(data: bytes) -> Iterator[dict[str, Any]]:
    """ADX: each dataValue with its group's orgUnit, period, PLAN and KIND; SEX or
    TARGET_GROUP on the dataValue give the disaggregation."""
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:
        raise FormatError(str(exc)) from None
    ns = f"{{{ADX_NS}}}"
    if root.tag not in (f"{ns}adx", "adx"):
        raise FormatError("adx")
    number = 0
    for group in root:
        if group.tag not in (f"{ns}group", "group"):
            continue
        try:
            period = period_from_adx(group.get("period", ""))
        except (FormatError, ValueError):
            period = group.get("period", "")
        plan, kind = group.get("PLAN", ""), group.get("KIND", "")
        for value in group:
            if value.tag not in (f"{ns}dataValue", "dataValue"):
                continue
            number += 1
            sex, tg = value.get("SEX", ""), value.get("TARGET_GROUP", "")
            coc = f"SEX_{sex}" if sex else (f"TG_{tg}" if tg else "default")
            annotation = value.find(f"{ns}annotation")
            yield {
                "dataElement": value.get("dataElement", ""),
                "period": period,
                "orgUnit": group.get("orgUnit", ""),
                "categoryOptionCombo": coc,
                "attributeOptionCombo": f"{plan}_{kind}" if plan and kind else "",
                "value": value.get("value", ""),
                "comment": (annotation.text or "") if annotation is not None else "",
                "_row": number,
            }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()
