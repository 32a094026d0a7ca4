"""Facts the running text states when the head does not: who sent the referral ("Finansdepartementet har genom
remiss bjudit in …", "… på remiss från Arbetsmarknadsdepartementet", "… översändes till Näringsdepartementet"),
which board decides ("Regionstyrelsen beslutar …", "I kommunstyrelsen:", "… till landstingsfullmäktiges beslut")
and the document's date where only the text gives it ("tjänsteutlåtande daterat den 10 oktober 2018").

Each pattern is tried on a bounded stretch of text (TEXT_LIMIT), so the work stays linear in the document.
"""
from __future__ import annotations

import re

from remissarkiv.model.boards import Board, BoardRegistry
from remissarkiv.tools.importer import names, vocabulary

TEXT_LIMIT = 20_000
_NAME = r"(?P<who>[A-ZÅÄÖ][\wåäöé-]+(?:\s+(?:i|för)\s+[A-ZÅÄÖ][\wåäöé-]+(?:\s+[\wåäöé-]+){0,2})?)"
_STOP = {"har", "att", "som", "med", "den", "det", "samt", "enligt", "till", "om", "inom", "senast", "och", "på",
         "över", "vilket", "där", "genom", "avseende", "gällande", "angående", "rörande", "m.fl", "mfl"}
SENDER_PATTERNS = [
    re.compile(rf"{_NAME}\s+har\s+(?:genom\s+remiss\s+)?(?:bjudit\s+in|inbjudit|berett|gett|givit|anmodat|"
               rf"begärt|skickat|översänt|remitterat)"),
    re.compile(rf"\b(?:på\s+remiss|remitterats?|remitterat|skickats?\s+på\s+remiss|remiss)\s+(?:från|av)\s+{_NAME}"),
    re.compile(rf"\b(?:översänd(?:e)?s|överlämnas|lämnas|skickas|avge\s+yttrande|yttra\s+sig|svar)\s+till\s+{_NAME}"),
]
_DATED = re.compile(r"\b(?:tjänsteutlåtande|tjänsteskrivelse|yttrande|skrivelse)\s+daterad[et]?\s+(?:den\s+)?"
                    r"(?P<date>\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2})", re.I)


def _trim(who: str) -> str:
    words = who.split()
    while len(words) > 1 and words[-1].lower().strip(",.") in _STOP:
        words.pop()
    return " ".join(words).strip(" ,.")


def _is_sender(who: str, own: Board | None, boards: BoardRegistry) -> bool:
    """A body that sends referrals: a department or authority, another board; not the answering board, not a
    pronoun or a common word that happens to be capitalised at a sentence's start."""
    if names.departments_in(who):
        return True
    found = names.boards_in(who, boards)
    if found:
        return own is None or found[0] != own
    return bool(re.search(r"(?:departementet|myndighete[nr]|verket|styrelsen|inspektionen|nämnden|kommittén|"
                          r"länsstyrelsen|regeringskansliet|regeringen|rådet|kommunförbund|region)", who, re.I)) \
        and not re.match(r"^(?:Kommunen|Regionen|Landstinget|Förvaltningen|Nämnden|Styrelsen)$", who)


def sender(texts: list[str], own: Board | None, boards: BoardRegistry) -> tuple[str, str] | None:
    """(the referral's sender as written, the sentence it was read from)."""
    budget = TEXT_LIMIT
    for text in texts:
        chunk = text[:budget]
        budget -= len(chunk)
        for pattern in SENDER_PATTERNS:
            for m in pattern.finditer(chunk):
                who = _trim(m.group("who"))
                if _is_sender(who, own, boards):
                    department = names.departments_in(who)
                    return (department if department and department.lower() == who.lower() else who,
                            chunk[max(0, m.start() - 20):m.end() + 20])
        if budget <= 0:
            break
    return None


_DECIDES = re.compile(r"(?:^|[.:]\s+)(?:I\s+)?(?P<board>[A-ZÅÄÖ][\wåäö -]{2,60}?)(?:\s+(?:beslutar|föreslås\s+besluta|"
                      r"beslutade|föreslår\s+(?P<other>[\wåäö -]{3,60}?)\s+(?:att\s+)?besluta|tillstyrker|avstyrker|"
                      r"lämnar|antar|överlämnar|godkänner)\b|\s*:\s*$)")
_TO_DECIDE = re.compile(r"\btill\s+(?P<board>[\wåäö-]+?)s\s+beslut\b", re.I)
_IN_BOARD = re.compile(r"(?:^|[.:]\s+)I\s+(?P<board>[\wåäö -]{3,60}?)\s*:")  # "I kommunstyrelsen:"


def deciding_board(proposal: str | None, boards: BoardRegistry) -> tuple[Board, str] | None:
    """The board a proposal names as deciding: 'Regionstyrelsen beslutar', 'I kommunstyrelsen:', 'Landstings-
    styrelsen föreslår landstingsfullmäktige besluta', 'Landstingsstyrelsens förslag till landstingsfullmäktiges
    beslut' (the last two: fullmäktige decides)."""
    if not proposal:
        return None
    text = proposal[:2000]
    for m in [*_IN_BOARD.finditer(text), *_TO_DECIDE.finditer(text)]:
        found = names.board_named(m.group("board"), boards)
        if found:
            return found, m.group(0)
    for m in _DECIDES.finditer(text):
        for part in (m.group("other"), m.group("board")):
            if part:
                found = names.board_named(part.strip(), boards) or next(iter(names.boards_in(part, boards)), None)
                if found:
                    return found, m.group(0).strip(" .:")
    return None


def dated(texts: list[str]) -> tuple[str, str] | None:
    """The document's own date where only its text says it: 'tjänsteutlåtande daterat den 10 oktober 2018'."""
    for text in texts:
        m = _DATED.search(text[:TEXT_LIMIT])
        if m and (day := vocabulary.parse_date(m.group("date"))):
            return day, m.group(0)
    return None
