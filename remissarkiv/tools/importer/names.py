"""Names of boards, offices and departments in a document's text, matched to data/boards.yml.

A board is named as itself ("Bromma stadsdelsnämnd", "Kulturnämnden"), by its office ("Bromma
stadsdelsförvaltning", "Trafikkontoret", "Stadsledningskontoret" from the registry), or in the genitive
("Skarpnäcks stadsdelsförvaltning"). Historical boards are in the registry too, so old names find their board.
Offices and other names come from the registry only (Board.offices, Board.names): the vocabulary is language.
"""
from __future__ import annotations

import functools
import re

from remissarkiv.model.boards import Board, BoardRegistry
from remissarkiv.tools.importer import vocabulary

_EDGE_L = r"(?<![\wåäöÅÄÖéü-])"
_EDGE_R = r"(?![\wåäöÅÄÖéü-])"


def _forms(board: Board) -> list[str]:
    name = board.name.lower()
    forms = {name}
    if name.endswith(" stadsdelsnämnd"):
        district = name.removesuffix(" stadsdelsnämnd")
        stems = {district, district[:-1] if district.endswith("s") else district}
        for stem in stems:
            for office in ("stadsdelsnämnd", "stadsdelsnämnden", "stadsdelsförvaltning", "stadsdelsförvaltningen",
                           "stadsdelsområde"):
                forms |= {f"{stem} {office}", f"{stem}s {office}"}
    elif name.endswith("nämnden"):
        stem = name.removesuffix("nämnden")
        forms |= {f"{stem}förvaltningen", f"{stem}kontoret", f"{stem}nämnd"}
    elif name.endswith("styrelsen"):
        forms |= {name[:-1]}  # "Jämtlands läns landstingsstyrelse", "kommunstyrelse"
    forms |= {f"{form}s" for form in forms if form.endswith(("nämnden", "styrelsen", "fullmäktige"))}
    return sorted(forms, key=len, reverse=True)


@functools.lru_cache(maxsize=8)
def _pattern(boards: BoardRegistry) -> tuple[re.Pattern, dict[str, Board]]:
    by_form: dict[str, Board] = {}
    for board in boards:
        for form in _forms(board):
            by_form.setdefault(form, board)
    for board in boards:  # the registry's own offices and other names ("Stadsledningskontoret", "KS")
        for form in (*board.offices, *board.names):
            by_form.setdefault(form.lower(), board)
    forms = sorted(by_form, key=len, reverse=True)
    return re.compile(_EDGE_L + "(" + "|".join(re.escape(f) for f in forms) + ")" + _EDGE_R, re.I), by_form


def boards_in(text: str, boards: BoardRegistry) -> list[Board]:
    """Boards a line names, in order (a line is at most a few hundred characters where this is asked)."""
    pattern, by_form = _pattern(boards)
    return [by_form[m.group(1).lower()] for m in pattern.finditer(text[:vocabulary.MAX_FACT_LINE])]


def board_named(text: str, boards: BoardRegistry) -> Board | None:
    """The board a line is the name of, and nothing else ('Bromma stadsdelsförvaltning', 'Till' aside)."""
    pattern, by_form = _pattern(boards)
    m = pattern.fullmatch(text.strip().strip(" ,.:;–-"))
    return by_form[m.group(1).lower()] if m else None


def department(number: str | None) -> str | None:
    """The Government Offices' department a case number belongs to: 'Fi2023/01234' → Finansdepartementet."""
    m = re.match(r"^([A-ZÅÄÖ][a-zåäöA-ZÅÄÖ]?)\s?\d{4}/", number or "")
    return (vocabulary.load().raw.get("departments") or {}).get(m.group(1)) if m else None


def departments_in(text: str) -> str | None:
    for name in (vocabulary.load().raw.get("departments") or {}).values():
        if name.lower() in text.lower():
            return name
    if re.search(r"\bregeringskansliet\b", text, re.I):
        return "Regeringskansliet"
    return None


def sender_of(number: str | None, boards: BoardRegistry) -> str | None:
    """The referral's sender from its case number: a board's prefix (KS → Kommunstyrelsen) or a department's."""
    m = re.match(r"^([A-ZÅÄÖa-zåäö]+)[\s/-]?\d", number or "")
    if m:
        for board in boards:
            if m.group(1).upper() in board.prefixes:
                return board.name
    return department(number)
