"""A missive (the letter that sends a referral out) read into a referral record: who sent it, its number, when it
was sent and when the answers are due, which bodies were asked, which documents went with it, and its text.

The same readers as an answer's import (document.py and its formats), the same furniture and labelled facts
(facts.py, vocabulary.yml). The list of bodies asked is found under its heading ("Remissinstanser",
"Sändlista", "Remissen skickas till" …), one body a line, a list item or a table cell, or several on one line
separated by commas or "och". Each name is matched to data/boards.yml (old names too: a board merged away before
the referral was sent stands for its successor); a name that matches no board is kept as free text
(asked_others) and reported. Nothing is invented: what the missive does not say stays null.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from remissarkiv.model.boards import Board, BoardRegistry
from remissarkiv.reading import personnummer
from remissarkiv.tools.importer import facts as facts_module
from remissarkiv.tools.importer import body as body_module
from remissarkiv.tools.importer import furniture, names, vocabulary
from remissarkiv.tools.importer.document import Document, Line

# A heading that starts the list of bodies asked, and one that starts the list of documents sent.
ASKED_HEADING = re.compile(
    r"^(?:remissinstanser|remisslista|sändlista|sändlistan|remissmottagare|mottagare|instanser"
    r"|remissen (?:skickas|sänds|har skickats|har sänts|går) (?:ut )?till|(?:remissen|förslaget) skickas på remiss till"
    r"|för yttrande till|yttrande (?:begärs|inhämtas) från|följande (?:instanser|remissinstanser|nämnder)"
    r"(?: (?:har|ges|får|ombeds|inbjuds)[^:]*)?)(?:\s[^:.]{0,40})?\s*(?::\s*(?P<rest>.*))?$", re.I)
DOCUMENTS_HEADING = re.compile(r"^(?:remisshandlingar|remitterade handlingar|handlingar|bilagor"
                               r"|dokument som remitteras)\s*(?::\s*(?P<rest>.*))?$", re.I)
# The sentence that gives the deadline: "… senast den 15 mars 2024", "Sista svarsdag: 2024-03-15".
DEADLINE_WORDS = re.compile(r"\b(?:senast|sista svarsdag|svarsdatum|svar senast)\b", re.I)
TITLE_START = re.compile(r"^remiss(?:en)?(?:\s+(?:av|avseende|om|angående|gällande|över|rörande))?\s*[:–-]?\s+", re.I)
BULLET = re.compile(r"^\s*(?:[-–•·*▪◦]|\d{1,3}[.)])\s+")
SPLIT = re.compile(r"\s*(?:,|;|\boch\b)\s*", re.I)
MAX_NAME = 120  # a body's name is a line; a longer line is prose and ends the list


@dataclass
class Missive:
    values: dict                                  # the referral record's fields (model/referral.py)
    body: str                                     # the missive's text as Markdown
    report: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # names kept as free text


def read(document: Document, boards: BoardRegistry) -> Missive:
    furn = furniture.find(document)
    lines = [ln for ln in document.lines if ln.number not in furn and ln.text.strip()]
    for line in document.lines:
        if line.number in furn:
            document.place(line, "utelämnad: sidhuvud eller sidfot")
    report: list[str] = []
    taken: set[int] = set()
    found = facts_module.read(lines[:40] + [ln for ln in document.lines if ln.number in furn] + document.furniture,
                              boards)
    case_number = _first(found, "case_number", "referral_number", report, "case_number")
    sent = _date(_first(found, "date", None, report, "sent"))
    deadline = _date(_first(found, "deadline", None, report, "deadline"))
    taken |= {c.line.number for c in found.candidates if c.field in ("case_number", "referral_number", "date",
                                                                       "deadline")}
    taken |= {n for n, name in found.used.items() if name in ("case_number", "referral_number", "date", "deadline",
                                                               "from")}
    if deadline is None:
        deadline = _deadline_in_text(lines, report)
    title_line = _title(lines, taken)
    title = None
    if title_line is not None:
        taken.add(title_line.number)
        title = _title_text(title_line.text, case_number)
        report.append(f"title: {title} – ur {title_line.where}")
    sender = _sender(found, case_number, lines, boards, report)
    every = [ln for ln in document.lines if ln.number not in furn]  # blank lines too: one ends a list
    apart = document.source == "docx"
    asked_lines, names_found = _list_after(every, ASKED_HEADING, taken, paragraphs_apart=apart)
    documents_lines, titles = _list_after(every, DOCUMENTS_HEADING, taken, split=False, paragraphs_apart=apart)
    asked, others, unmatched = _match(names_found, boards, sent, report)
    if not asked_lines:
        report.append("Ingen lista över remissinstanser hittades: asked_complete: false – fyll i vilka som tillfrågades")
    for name, line in unmatched:
        report.append(f"Instansen '{name}' ({line.where}) finns inte i data/boards.yml: sparad i klartext under "
                      "asked_others – byt mot nämndens id om det är en av stadens nämnder")
    start = title_line.number if title_line is not None else 0
    letterhead = [ln for ln in lines if ln.number < start and ln.number not in taken]
    if letterhead:
        report.append("Utelämnat, brevhuvud: " + ", ".join(f"'{ln.text.strip()}'" for ln in letterhead[:6]))
    for line in letterhead:
        document.place(line, "utelämnad: brevhuvud")
    body_lines = [ln for ln in document.lines if ln.number > start and ln.number not in taken
                  and ln.number not in furn]
    for line in body_lines:
        document.place(line, "brödtext")
    for line in lines:
        document.place(line, "fält")
    values = {
        "title": title, "case_number": case_number, "sender": sender,
        "kind": vocabulary.referral_kind(title) if title else None,
        "sent": sent, "deadline": deadline, "decided": None,
        "asked": asked, "asked_others": others, "asked_complete": bool(asked_lines),
        "documents": [{"title": t, "file": None, "url": _url(t)} for t, _ in titles],
    }
    for name in ("title", "case_number", "sender", "sent", "deadline"):
        if values[name] is None:
            report.append(f"Okänd uppgift (null): {name}")
    body = _markdown(body_lines)
    return Missive(values, body, [personnummer.mask(r) for r in report], [n for n, _ in unmatched])


def _first(found, name: str, other: str | None, report: list[str], shown: str):
    candidates = found.of(name) + (found.of(other) if other else [])
    if not candidates:
        return None
    chosen = candidates[0]
    report.append(f"{shown}: {chosen.value} – ur {chosen.line.where} ({chosen.how})")
    return chosen.value


def _date(value):
    import datetime as dt

    text = vocabulary.parse_date(str(value)) if value else None
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _deadline_in_text(lines: list[Line], report: list[str]):
    for line in lines:
        m = DEADLINE_WORDS.search(line.text)
        if m:
            day = _date(line.text[m.start():])
            if day:
                report.append(f"deadline: {day} – ur {line.where} (meningen med '{m.group(0)}')")
                return day
    return None


def _title(lines: list[Line], taken: set[int]) -> Line | None:
    """'Remiss av …' near the top, else a Heading 1 or the largest text, else the first line of some length."""
    top = [ln for ln in lines[:30] if ln.number not in taken and not ASKED_HEADING.match(ln.text.strip())]
    starts = [ln for ln in top if TITLE_START.match(ln.text.strip()) and len(ln.text.strip()) > 12]
    if starts:
        return starts[0]
    headings = [ln for ln in top if ln.heading == 1] or sorted(
        (ln for ln in top if ln.size), key=lambda ln: -ln.size)[:1]
    if headings:
        return headings[0]
    return next((ln for ln in top if len(ln.text.split()) >= 3), None)


def _title_text(text: str, case_number: str | None) -> str:
    title = TITLE_START.sub("", text.strip(), count=1).strip()
    if case_number:
        title = re.sub(r"[\s,(–-]*" + re.escape(case_number) + r"\)?\s*$", "", title).strip()
    return (title[:1].upper() + title[1:]) if title else text.strip()


def _sender(found, case_number: str | None, lines: list[Line], boards: BoardRegistry, report: list[str]):
    for candidate in found.of("from_board") + found.of("from_body"):  # 'Från: Trafikkontoret' (not a person)
        value = candidate.value.name if isinstance(candidate.value, Board) else str(candidate.value)
        report.append(f"sender: {value} – ur {candidate.line.where} ({candidate.how})")
        return value
    by_number = names.sender_of(case_number, boards)
    if by_number:
        report.append(f"sender: {by_number} – ur diarienumret {case_number}")
        return by_number
    for line in lines[:10]:
        named = names.board_named(line.text, boards) or names.departments_in(line.text)
        if named:
            name = named.name if isinstance(named, Board) else named
            report.append(f"sender: {name} – ur brevhuvudet ({line.where})")
            return name
    return None


def _list_after(lines: list[Line], heading: re.Pattern, taken: set[int], split: bool = True,
                paragraphs_apart: bool = False) -> tuple[list[Line], list[tuple[str, Line]]]:
    """The lines of the list under `heading` and the names (or titles) on them: one a line, a list item or a
    cell, or (with `split`) several on one line. The list ends at a heading, a line of prose or the next
    list's heading. `paragraphs_apart`: the format puts a blank line between all paragraphs (Word)."""
    names_of = _names if split else (lambda text: [text.strip()] if text.strip() else [])
    for i, line in enumerate(lines):
        m = heading.match(line.text.strip())
        if not m or line.number in taken:
            continue
        used, items = [line], []
        rest = (m.group("rest") or "").strip()
        if rest:
            items += [(name, line) for name in names_of(rest)]
        rest_lines = lines[i + 1:]
        for k, nxt in enumerate(rest_lines):
            text = BULLET.sub("", nxt.text.strip())
            if not text:
                if items and not paragraphs_apart and not _item_next(rest_lines[k + 1:]):
                    break  # in text and PDF a blank line ends a list that has begun, unless an item follows
                continue
            if (vocabulary.load().closing.match(text) or nxt.number in taken or ASKED_HEADING.match(text) or DOCUMENTS_HEADING.match(text)
                    or _is_prose(text) or (nxt.heading and not nxt.list_kind)):
                break
            used.append(nxt)
            items += [(name, nxt) for name in names_of(text)]
        taken.update(ln.number for ln in used)
        return used, items
    return [], []


def _item_next(lines: list[Line]) -> bool:
    following = next((ln for ln in lines if ln.text.strip()), None)
    return following is not None and bool(following.list_kind or BULLET.match(following.text) or following.cell)


def _is_prose(text: str) -> bool:
    return len(text) > MAX_NAME or (text.endswith(".") and len(text.split()) > 8) or bool(DEADLINE_WORDS.search(text))


def _names(text: str) -> list[str]:
    """'Bromma stadsdelsnämnd, Kulturnämnden och Region Stockholm' → three names; a name with 'och' inside
    that is one board ('Idrotts- och fritidsnämnden') stays whole (the caller matches the whole line first)."""
    text = text.strip().strip(".;")
    if not text:
        return []
    parts = [p.strip(" .") for p in SPLIT.split(text) if p.strip(" .")]
    return parts if len(parts) > 1 and not re.search(r"-\s+och\b", text) else [text]


def _match(items: list[tuple[str, Line]], boards: BoardRegistry, sent, report: list[str]):
    asked: list[str] = []
    others: list[str] = []
    unmatched: list[tuple[str, Line]] = []
    for name, line in items:
        board = names.board_named(name, boards)
        if board is None:
            if name not in others:
                others.append(name)
                unmatched.append((name, line))
            continue
        if sent and board.valid_to and board.valid_to < sent and board.successor in boards:
            report.append(f"'{name}' upphörde {board.valid_to}, före remissen: dess efterträdare "
                          f"{boards.get(board.successor).name} står som tillfrågad")
            board = boards.get(board.successor)
        if board.id not in asked:
            asked.append(board.id)
    if asked:
        report.append(f"asked: {', '.join(asked)} ({len(asked)} nämnder)")
    return asked, others, unmatched


def _url(text: str) -> str | None:
    m = re.search(r"https?://\S+", text)
    return m.group(0).rstrip(".,)") if m else None


def _markdown(lines: list[Line]) -> str:
    """The missive's text: paragraphs re-flowed, lists kept, a heading as a Markdown heading (below the page's
    own headings)."""
    parts, run = [], []
    for line in lines:
        if line.heading and line.text.strip():
            parts.append(body_module.markdown(body_module.blocks(run)))
            parts.append("#" * min(line.heading + 1, 4) + " " + line.text.strip())
            run = []
        else:
            run.append(line)
    parts.append(body_module.markdown(body_module.blocks(run)))
    return "\n\n".join(p for p in parts if p.strip())
