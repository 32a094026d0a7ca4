"""api/cases.csv and api/referrals.csv: one row per case, one per referral, for spreadsheets. The columns and how
a value becomes a cell live here.

UTF-8 with a byte-order mark (Excel reads UTF-8 only with it; LibreOffice accepts it), comma-separated, every
cell in double quotes, CRLF line ends, a header row of field paths (the page "Öppna data" lists them with their
Swedish labels). A list is one cell, its items joined by " | " (a "|" inside an item is written "\\|").

No spreadsheet ever runs case text as a formula, whatever separator it splits on: Excel with Swedish settings
splits on ';' and may then read a comma file's cells from the middle of a quoted value. So a formula start
(=, +, -, @, tab, CR) gets an apostrophe before it at the start of a cell and wherever it follows a ',' or ';'
or a line break, spaces between them included ('a;=1+1' is written 'a;'=1+1').
"""
from __future__ import annotations

import csv
import io
import re

from remissarkiv.model import labels
from remissarkiv.model.case import UNPUBLISHED

ARCHIVE_COLUMNS = ["id", "url", "board_name", "updated"]
NESTED = {"referral"}  # objects whose fields are columns of their own ("referral.title" …)
SEPARATOR = " | "
# A formula start at the start of the cell or after anything a reader may split a cell at.
_FORMULA = re.compile(r"(?<![^,;\r\n])([ ]*)([=+\-@\t\r])")


def columns() -> list[str]:
    return ARCHIVE_COLUMNS + [path for path in labels.FIELDS
                              if path not in NESTED and path.split(".")[0] not in UNPUBLISHED]


def _item(value) -> str:
    if isinstance(value, dict) and "state" in value:  # a body asked, with its state
        return f"{value['name']} ({value['state']})"
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
    return _FORMULA.sub(r"\1'\2", text)


def _value(record: dict, path: str):
    if path in ARCHIVE_COLUMNS:
        return record[path]
    value = record["front_matter"]
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def cases_csv(records: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    names = columns()
    writer.writerow(names)
    for record in records:
        writer.writerow([cell(_value(record, name)) for name in names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


REFERRAL_COLUMNS = ["case_number", "title", "sender", "kind", "sent", "deadline", "decided", "asked_complete", "asked",
                    "answered", "missing", "url", "data_url"]


def referrals_csv(records: list[dict], positions: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    names = REFERRAL_COLUMNS + [f"positions.{p}" for p in positions]
    writer.writerow(names)
    for record in records:
        writer.writerow([cell(_bool(_get(record, name))) for name in names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _get(record: dict, path: str):
    value = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _bool(value):
    return ("true" if value else "false") if isinstance(value, bool) else value
