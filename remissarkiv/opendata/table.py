"""api/cases.csv: one row per case for spreadsheets. The columns and how a value becomes a cell live here.

UTF-8 with a byte-order mark (Excel reads UTF-8 only with it; LibreOffice accepts it), comma-separated,
CRLF line ends, a header row of field paths (the page "Öppna data" lists them with their Swedish labels).
A list is one cell, its items joined by " | " (a "|" inside an item is written "\\|"). A cell that would start
with =, +, -, @ or a tab is prefixed with an apostrophe, so a spreadsheet never runs case text as a formula.
"""
from __future__ import annotations

import csv
import io

from remissarkiv.model import labels

ARCHIVE_COLUMNS = ["id", "url", "board_name", "updated"]
NESTED = {"referral"}  # objects whose fields are columns of their own ("referral.title" …)
SEPARATOR = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns() -> list[str]:
    return ARCHIVE_COLUMNS + [path for path in labels.FIELDS if path not in NESTED]


def _item(value) -> str:
    if isinstance(value, dict):
        if "name" in value:                       # a signatory
            return value["name"] + (f" ({value['role']})" if value.get("role") else "")
        if "description" in value:               # a correction
            return f"{value['date']}: {value['description']}"
        return value.get("title", "")             # an attachment
    return str(value)


def cell(value) -> str:
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = SEPARATOR.join(_item(v).replace("|", "\\|") for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _value(record: dict, path: str):
    if path in ARCHIVE_COLUMNS:
        return record[path]
    value = record["front_matter"]
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def cases_csv(records: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = columns()
    writer.writerow(names)
    for record in records:
        writer.writerow([cell(_value(record, name)) for name in names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
