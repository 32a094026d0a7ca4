"""Page furniture: running headers, footers and page numbers, found by position and likeness across pages.

A line is furniture when it sits in the top or bottom rows of a page and a line of the same shape (digits
counted as one) sits there on most pages; or it is a page number; or, on a later page's top or any page's
bottom, it is made only of what running headers and footers hold (a förvaltning's name, a document type,
"Dnr …", a date, "Sida N (M)", an address, org.nr, växel, e-post, web). The first page's top is the
document's own head, not furniture. Furniture is kept aside, not thrown away: a fact only the running header
gives (the Dnr, the date) is still read from it.
"""
from __future__ import annotations

import re
from collections import Counter

from remissarkiv.tools.importer import vocabulary
from remissarkiv.tools.importer.document import Document, Line

PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:sida|sid\.?|s\.|page)\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/|of)\s*\d{1,3})?\s*$", re.I)
PAGE_DASHED = re.compile(r"^\s*[-–]\s*\d{1,3}\s*[-–]\s*$")
_PAGE_IN_LINE = re.compile(r"\b(?:sida|sid\.?)\s*\d{1,3}(?:\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/)\s*\d{1,3}))?", re.I)
_HEADER_PARTS = [
    re.compile(r"\bstockholms stad\b", re.I),
    # "Spånga-Tensta stadsdelsförvaltning", "Norra innerstadens stadsdelsnämnd", "Trafikkontoret"
    re.compile(r"(?:\b[A-ZÅÄÖ][\wåäöéü-]{0,40}\s+){0,3}[\wåäöÅÄÖéü-]{0,60}"
               r"(?:förvaltning|förvaltningen|nämnd|nämnden|kontoret|styrelsen)\b", re.I),
    re.compile(r"\b(?:datum|dnr|diarienummer|sida|sid)\b\.?:?", re.I),
    re.compile(r"(?<![\w/])\d{1,3}\s*\(\s*\d{1,3}\s*\)"),
    re.compile(r"\b(?:tjänsteutlåtande|protokollsutdrag|yttrande|skrivelse|protokoll|remissvar)\b", re.I),
    vocabulary.CASE_NUMBER, vocabulary.DATE, vocabulary.PARAGRAPH,
]
MAX_HEADER = 300  # characters: no running header is longer
TOP_ROWS = 4      # rows at a page's top that may be furniture
BOTTOM_ROWS = 4


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text) or PAGE_DASHED.match(text))


def is_running_header(text: str) -> bool:
    """Made only of what running headers hold (and at least one such part). Bounded in length, so the patterns
    never meet an unbounded line."""
    if len(text) > MAX_HEADER:
        return False
    rest = text
    for part in _HEADER_PARTS:
        rest = part.sub(" ", rest)
    return rest != text and not rest.strip(" \t-–|,.:;/")


def shape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.strip().lower()))


def _edge_rows(page: list[Line]) -> tuple[list[list[Line]], list[list[Line]]]:
    rows: list[list[Line]] = []
    for line in page:
        if not line.text.strip():
            continue
        if rows and rows[-1][0].row == line.row:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows[:TOP_ROWS], rows[-BOTTOM_ROWS:] if len(rows) > TOP_ROWS else rows[TOP_ROWS:]


def find(document: Document) -> dict[int, str]:
    """Line number → why it is furniture ('sidhuvud', 'sidfot', 'sidnummer')."""
    pages: dict[int, list[Line]] = {}
    for line in document.lines:
        pages.setdefault(line.page, []).append(line)
    edges = {number: _edge_rows(page) for number, page in pages.items()}
    repeated = _repeated(edges) if len(pages) > 1 else set()
    found: dict[int, str] = {}
    big = document.body_size + 0.5 if document.body_size else None
    for number, (top, bottom) in edges.items():
        # On the first page a line larger than the text (the title, repeated small in later headers) stays.
        _run(top, found, "sidhuvud", lambda ln, first=number == 1: _furniture(ln, repeated, header=not first)
             and not (first and big and ln.size > big))
        _run(list(reversed(bottom)), found, "sidfot", lambda ln: _furniture(ln, repeated, header=True, foot=True))
    for line in document.lines:
        if line.number not in found and line.text.strip() and is_page_number(line.text) and line.cell is None:
            found[line.number] = "sidnummer"
    return found


def _repeated(edges) -> set[str]:
    count: Counter = Counter()
    for top, bottom in edges.values():
        count.update({shape(ln.text) for row in top + bottom for ln in row})
    need = max(2, (len(edges) + 1) // 2)
    return {s for s, n in count.items() if n >= need}


def _furniture(line: Line, repeated: set[str], header: bool, foot: bool = False) -> bool:
    text = line.text.strip()
    if line.cell is not None or line.heading:
        return False
    return (is_page_number(text) or shape(text) in repeated or (header and is_running_header(text))
            or (foot and vocabulary.is_contact(text)))


def _run(rows: list[list[Line]], found: dict[int, str], why: str, test) -> None:
    """Rows from a page's edge inward, as long as every line of the row is furniture."""
    for row in rows:
        if not all(test(ln) for ln in row):
            return
        for line in row:
            found[line.number] = "sidnummer" if is_page_number(line.text) else why
