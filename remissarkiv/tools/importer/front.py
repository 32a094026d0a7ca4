"""The front block of a tjänsteutlåtande: the lines before its title, read as facts.

Layouts differ: the board or förvaltning, "Tjänsteutlåtande", "Dnr …", the document's date ("Datum …" or a
bare date), "Handläggare" with a name and contact lines, "Till <nämnd>" with the date of the meeting the
document goes to, "Sammanträdesdatum …", "§ 12". Each line is either read into a fact or kept in `dropped`,
so the import's report says what did not reach the case file; nothing is thrown away unseen.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from remissarkiv.model.boards import Board, BoardRegistry
from remissarkiv.model.swedish import MONTHS

PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:sida|sid\.?|s\.)\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/)\s*\d{1,3})?\s*$", re.I)
PAGE_DASHED = re.compile(r"^\s*[-–]\s*\d{1,3}\s*[-–]\s*$")
_ISO = r"(\d{4}-\d{2}-\d{2})"
_LONG = rf"(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}})"
_DATE = re.compile(rf"^(?:(?:datum|daterad)\.?:?\s*)?(?:{_ISO}|{_LONG})$", re.I)
_MEETING = re.compile(r"^(?:sammanträde(?:sdatum)?|nämndsammanträde)\.?:?\s*(?:den\s+)?(.*)$", re.I)
_HANDLER = re.compile(r"^handläggare\.?:?\s*(.*)$", re.I)
_CONTACT = re.compile(r"^(?:telefon|tfn|tel|mobil|mobiltelefon|e-post|epost|e-mail|mejl)\.?\s*:?\s*\S", re.I)
_TO = re.compile(rf"^till\s+(.+?)(?:\s+(?:{_ISO}|{_LONG}))?$", re.I)
_TRAILING_DATE = re.compile(rf"\s+(?:{_ISO}|{_LONG})$", re.I)
NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéüß]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüß]+)?$")


def parse_date(text: str) -> str | None:
    """'2021-05-20', 'Datum 2021-05-20' or '20 maj 2021' as ISO text; None if the line is no date."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    if m.group(1):
        return m.group(1)
    day, month, year = int(m.group(2)), MONTHS.index(m.group(3).lower()) + 1, int(m.group(4))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}-{day:02d}"  # reported as invalid by the caller


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(line) or PAGE_DASHED.match(line))


def is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(NAME_WORD.match(w) for w in words)


def match_board(line: str, boards: BoardRegistry) -> Board | None:
    """The board a line names: 'Bromma stadsdelsnämnd', 'Bromma stadsdelsförvaltning', 'Södermalms …'."""
    text = line.strip().lower().replace("förvaltningen", "nämnden").replace("förvaltning", "nämnd")
    for board in boards:
        if board.name.lower() == text:
            return board
    if "stadsdel" not in text:
        return None
    found = None
    for board in boards:
        district = board.name.lower().removesuffix(" stadsdelsnämnd")
        district = district[:-1] if district.endswith("s") else district
        if district != board.name.lower() and re.search(rf"(?<![\wåäö-]){re.escape(district)}(?![\wåäö-])", text):
            if found is None or len(district) > len(found[1]):
                found = (board, district)
    return found[0] if found else None


@dataclass
class Front:
    facts: dict = field(default_factory=dict)        # case_number, date, decision_date, paragraph, …
    board: Board | None = None
    dropped: list[str] = field(default_factory=list)  # lines not read into any fact
    contacts: list[str] = field(default_factory=list)  # the handläggare's phone and e-mail: not published


def read(lines: list[str], boards: BoardRegistry) -> Front:
    """Read front-block lines into facts; a fact given twice keeps its first value."""
    front = Front()
    expect: str | None = None  # what the previous line announced: 'handler' or 'meeting'
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        expect = _read_line(line, expect, front, boards)
    return front


def _set(front: Front, key: str, value) -> None:
    front.facts.setdefault(key, value)


def _read_line(line: str, expect: str | None, front: Front, boards: BoardRegistry) -> str | None:
    """Read one line; returns what the next line is expected to be. Text set side by side (a front page laid
    out as a table: "Tjänsteutlåtande    Dnr 1.2-345/2021") is read part by part."""
    parts = [part for part in re.split(r"\s{2,}|\t", line) if part]
    if len(parts) > 1:
        for part in parts:
            expect = _read_line(part, expect, front, boards)
        return expect
    if is_page_number(line):  # "Sida 1 (2)" beside the front page's facts: page furniture
        return expect
    if expect == "handler" and is_name(line):
        _set(front, "handler", line)
        return None
    if expect == "meeting" and (day := parse_date(line)):
        _set(front, "decision_date", day)
        return None
    if _CONTACT.match(line):
        front.contacts.append(line)
        return None
    if m := _HANDLER.match(line):
        name, *contact = re.split(r"\s+(?=(?:telefon|tfn|tel|mobil|e-post)\b)", m.group(1), maxsplit=1,
                                  flags=re.I)
        if not name:
            return "handler"
        person, comma, title = name.partition(",")
        if comma and is_name(person.strip()):  # "Anna Berg, enhetschef": the title has no field, so it is reported
            name = person.strip()
            front.dropped.append(title.strip())
        if is_name(name):
            _set(front, "handler", name)
            front.contacts += contact
            return None
    if m := _TO.match(line):
        board = match_board(m.group(1), boards) or _board_by_name(m.group(1), boards)
        if board is not None or re.search(r"nämnd|styrelse|sammanträde", m.group(1), re.I):
            if board is not None and front.board is None:
                front.board = board
            trailing = _TRAILING_DATE.search(line)
            if trailing:
                _set(front, "decision_date", parse_date(trailing.group(0).strip()))
                return None
            return "meeting"
    if m := _MEETING.match(line):
        if day := parse_date(m.group(1)):
            _set(front, "decision_date", day)
            return None
        if not m.group(1):
            return "meeting"
    if not _read_facts(line, front, boards):
        front.dropped.append(line)
    return None


# Facts a front-page line or a running header may hold side by side, in the order they are looked for:
# "Bromma stadsdelsförvaltning Tjänsteutlåtande", "Datum 2021-04-28 Dnr BRO 2021/12 Sida 1 (2)".
EMBEDDED = [
    ("case_number", re.compile(r"\b(?:dnr|diarienummer|diarienr)\.?:?\s*((?:[A-ZÅÄÖ]{1,8}\s)?[\w./:-]*\d[\w./:-]*)",
                               re.I)),
    ("date", re.compile(rf"(?:\b(?:datum|daterad)\.?:?\s*)?\b({_ISO}|{_LONG})\b", re.I)),
    ("document_type", re.compile(r"\b(tjänsteutlåtande|protokollsutdrag|yttrande|skrivelse)\b", re.I)),
    ("paragraph", re.compile(r"(§\s*\d+)")),
    ("page", re.compile(r"\b(?:sida|sid\.?)\s*(\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/)\s*\d{1,3})?)", re.I)),
    ("board", re.compile(r"([\wåäöÅÄÖéü-]+\s+stadsdels(?:förvaltning|nämnd)(?:en)?)", re.I)),
]


def _read_facts(line: str, front: Front, boards: BoardRegistry) -> bool:
    """Read the facts a line holds; True when nothing else is left on it (else the line is reported)."""
    rest = line
    for key, pattern in EMBEDDED:
        for m in pattern.finditer(rest):
            value = m.group(1).strip()
            if key == "date":
                value = parse_date(value)
            elif key == "document_type":
                value = value.lower()
            elif key == "board":
                board = match_board(value, boards)
                if board is None:
                    continue
                front.board = front.board or board
            if key not in ("page", "board"):
                _set(front, key, value)
        rest = pattern.sub(lambda m: " " if key != "board" or match_board(m.group(1), boards) else m.group(0), rest)
    board = _board_by_name(rest, boards) or match_board(rest, boards)
    if board is not None:
        front.board = front.board or board
        rest = ""
    return not rest.strip(" \t,.:;|–-")


def _board_by_name(text: str, boards: BoardRegistry) -> Board | None:
    wanted = text.strip().lower()
    return next((b for b in boards if b.name.lower() == wanted), None)
