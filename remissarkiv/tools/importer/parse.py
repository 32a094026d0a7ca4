"""A Document (document.py) read into a case: furniture set aside, the title, the facts of the head, the body's
sections with lists and tables, the signatures, the position – every choice shown and every line placed.

What cannot be read from the text stays None and is named in the report; each field that was chosen says from
which line, and candidates not chosen are listed (two dates: which is the document's, which the meeting's).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading import personnummer
from remissarkiv.tools.importer import body as body_module
from remissarkiv.tools.importer import facts as facts_module
from remissarkiv.tools.importer import furniture, names, organisations, prose, signatures, title, vocabulary
from remissarkiv.tools.importer.document import Document, Line

PROSE_WORDS = 9  # a line of this many words ending mid-sentence is running text, not a fact
_QUOTED = re.compile(r"^(?:-{2,}\s*(?:ursprungligt meddelande|original message|vidarebefordrat)|>)", re.I)


@dataclass
class Choice:
    field: str
    value: object
    where: str           # "rad 4", "s. 2, rad 1", "tabell 1, rad 1, kolumn 2"
    how: str
    others: list[str] = field(default_factory=list)  # candidates not chosen, "2021-05-20 (rad 9, sammanträde)"
    reason: str | None = None  # what the archive already knew that supports it (knowledge.py)


@dataclass
class Imported:
    values: dict
    body: str
    document: Document | None = None
    choices: list[Choice] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    left_out: list[tuple[Line, str]] = field(default_factory=list)  # (line, why) not in the case file
    warnings: list[str] = field(default_factory=list)
    foreign: str | None = None  # the other organisation whose document this seems to be
    needs_person: list[str] = field(default_factory=list)  # why the text itself cannot be trusted (quality.py)

    def left_out_texts(self) -> list[tuple[str, str]]:
        return [(ln.text.strip(), why) for ln, why in self.left_out]

    @property
    def dropped(self) -> list[str]:
        return [ln.text.strip() for ln, why in self.left_out if why.startswith("okänd")]

    def report(self) -> list[str]:
        lines = [f"{c.field}: {_shown(c.value)} – ur {c.where} ({c.how})"
                 + (f"; stöd i arkivet: {c.reason}" if c.reason else "")
                 + (f"; valdes inte: {', '.join(c.others)}" if c.others else "") for c in self.choices]
        lines += [f"Okänd uppgift (null): {name}" for name in self.unknown] + self.notes + self.warnings
        groups: dict[str, list[Line]] = {}
        for line, why in self.left_out:
            groups.setdefault(why, []).append(line)
        for why, group in groups.items():
            shown = [f"'{ln.text.strip()}' ({ln.where})" for ln in group[:8]]
            more = f" … (+{len(group) - 8})" if len(group) > 8 else ""
            lines.append(f"Utelämnat, {why} ({len(group)} rader): " + ", ".join(shown) + more)
        return [personnummer.mask(line) for line in lines]  # a report quotes the document: never a number


def _shown(value) -> str:
    if isinstance(value, list):
        return "; ".join(f"{v['name']} ({v['role']})" if isinstance(v, dict) else str(v) for v in value)
    return str(value)


# --- the whole document ----------------------------------------------------------------------------

def parse(document: Document, boards: BoardRegistry, knowledge=None) -> Imported:
    """`knowledge`: what the archive already holds (knowledge.Knowledge), or None."""
    result = Imported(values={}, body="", document=document)
    furn = furniture.find(document)
    lines = [ln for ln in document.lines if ln.number not in furn]
    for line in document.lines:
        if line.number in furn:
            _leave(result, line, furn[line.number])
    if document.source == "e-post":
        lines = _forwarded(lines, result)
    head, found_title, rest = _split_head(lines, document)
    if found_title:
        for line in lines[found_title.start:found_title.end]:
            document.place(line, "fält: title")
    if document.source == "pdf":
        body_module.pdf_tables(rest)
    tables, rest = _fact_tables(rest, boards)
    head_facts = facts_module.read(head + tables, boards)
    edge_lines = [ln for ln in document.lines if ln.number in furn] + document.furniture
    edge_facts = facts_module.read(edge_lines, boards, how="sidhuvud/sidfot, ")
    for line in document.furniture:
        _leave(result, line, "sidhuvud eller sidfot i Word")
    sections, signed, extra = _sections(rest, document, result, boards)
    _place_facts(result, head_facts, head)
    values = _values(result, document, boards, found_title, head_facts, edge_facts, sections, signed, extra)
    if knowledge is not None:
        _known(result, values, knowledge, boards)
    result.values = values
    result.body = _body(sections, signed, result, document)
    result.unknown = _unknown(values)
    for line in document.lines:
        if line.text.strip() and line.number not in document.fate:
            _leave(result, line, "okänd rad")  # a safety net: every line is accounted for
    result.warnings += lost_values(result)
    result.left_out.sort(key=lambda pair: pair[0].number)
    from remissarkiv.tools.importer import batch, quality

    text = "\n".join(ln.text for ln in document.lines)
    result.needs_person = quality.problems(text, batch.found_fields(values))
    result.warnings[:0] = [f"Behöver en person: {why}" for why in result.needs_person]
    return result


def _leave(result: Imported, line: Line, why: str) -> None:
    if line.number not in result.document.fate:
        result.document.place(line, "utelämnad: " + why)
        result.left_out.append((line, why))


def _is_prose(text: str) -> bool:
    words = text.split()
    return len(words) >= PROSE_WORDS or (len(words) >= 3 and text.rstrip().endswith(".")
                                          and not vocabulary.load().label.match(text))


def _split_head(lines: list[Line], document: Document) -> tuple[list[Line], title.Title | None, list[Line]]:
    """(head lines, title, the rest). The head is what precedes the title and the fact lines after it, up to the
    first heading or running text; an e-mail's head is its header block."""
    if document.source == "e-post":
        head, found, rest = _mail_head(lines)
        # a letter pasted as the message: its own head (office, handler, Dnr, addressee) before its title
        inner_head, inner_title, inner_rest = _letter_head(rest, document)
        if inner_title and inner_title.start <= LETTER_HEAD_LINES:
            # the letter's own title is the document's: the subject line often only repeats it, or shortens it
            return head + inner_head, inner_title, inner_rest
        return head, found, rest
    return _letter_head(lines, document)


LETTER_HEAD_LINES = 20  # lines of an e-mail's text in which a pasted letter's head and title stand


def _letter_head(lines: list[Line], document: Document) -> tuple[list[Line], title.Title | None, list[Line]]:
    found = title.find(lines, document)
    start = found.start if found else 0
    after = found.end if found else 0
    before = lines[:start]
    end = after
    while end < len(lines):
        line = lines[end]
        text = line.text.strip()
        if text and (body_module.heading(line, document) or _is_prose(text) or line.list_kind
                     or body_module._LIST_ITEM.match(text)):
            break
        if text and not vocabulary.load().label.match(text) and not found:
            break
        end += 1
    if not found:  # no title: the head is what comes before the first heading or text
        end = 0
        while end < len(lines) and not (lines[end].text.strip() and (
                body_module.heading(lines[end], document) or _is_prose(lines[end].text.strip()))):
            end += 1
        return lines[:end], None, lines[end:]
    return before + lines[after:end], found, lines[end:]


# "Yttrande över …", "Säffle kommuns yttrande över …": a title that names the document an yttrande. "Remissvar …"
# does not: a tjänsteutlåtande is headed so as often as the answer itself.
_ANSWER_TITLE = re.compile(r"^(?:(?:[\wåäö-]+\s+){0,3}[\wåäö-]*s\s+(?:yttrande|remissyttrande)|remissyttrande|"
                           r"remisyttrande|yttrande|samrådssvar)\b", re.I)
FORWARD_NOTE_WORDS = 40  # a registrar's "För diariet." over a forwarded answer is a line or two, not a letter


def _forwarded(lines: list[Line], result: Imported) -> list[Line]:
    """A forwarded e-mail (subject 'VB:', 'FW:', or a short note over '-----Ursprungligt meddelande-----'): the
    forwarded message is the document; the forwarding note and its header are left out, and said so."""
    marker = next((i for i, ln in enumerate(lines) if _QUOTED.match(ln.text.strip())
                   and not ln.text.strip().startswith(">")), None)
    if marker is None:
        return lines
    head_end = next((i for i, ln in enumerate(lines) if not ln.text.strip()), marker)
    subject = next((ln.text for ln in lines[:head_end] if re.match(r"^\s*(?:ämne|subject)\s*:", ln.text, re.I)), "")
    prefixes = "|".join(p for p in vocabulary.load().raw["subject_prefixes"] if p.upper() in ("VB", "FW", "FWD", "VS"))
    forward = re.match(rf"^\s*(?:ämne|subject)\s*:\s*(?:{prefixes})\s*:", subject, re.I)
    note = sum(len(ln.text.split()) for ln in lines[head_end:marker])
    if not forward and note > FORWARD_NOTE_WORDS:
        return lines  # a reply above a quoted message: the reply is the document
    for line in lines[:marker + 1]:
        _leave(result, line, "vidarebefordrande meddelande")
    inner = lines[marker + 1:]
    while inner and not inner[0].text.strip():
        inner = inner[1:]
    return inner


def _mail_head(lines: list[Line]) -> tuple[list[Line], title.Title | None, list[Line]]:
    end = 0
    while end < len(lines) and not lines[end].text.strip():
        end += 1
    while end < len(lines) and lines[end].text.strip():
        end += 1
    head = lines[:end]
    subject = next((ln for ln in head if re.match(r"^(?:ämne|subject)\s*:", ln.text.strip(), re.I)), None)
    found = None
    if subject is not None:
        text = re.sub(r"^(?:ämne|subject)\s*:\s*", "", subject.text.strip(), flags=re.I)
        prefixes = "|".join(vocabulary.load().raw["subject_prefixes"])
        text = re.sub(rf"^(?:(?:{prefixes})\s*:\s*)+", "", text)
        found = title.split(text, how="ämnesraden")
        found.where = subject.where
        head = [ln for ln in head if ln is not subject]
        found.start, found.end = lines.index(subject), lines.index(subject) + 1
    return head, found, lines[end:]


def _fact_tables(lines: list[Line], boards: BoardRegistry) -> tuple[list[Line], list[Line]]:
    """Tables whose first column is labels ("Dnr" | "SÖ 2024/0123") hold facts, not body text."""
    vocab = vocabulary.load()
    by_table: dict[int, list[Line]] = {}
    for line in lines:
        if line.cell:
            by_table.setdefault(line.cell[0], []).append(line)
    facts_lines: list[Line] = []
    for cells in by_table.values():
        first = [ln for ln in cells if ln.cell[2] == 1]
        header = [ln for ln in cells if ln.cell[1] == 1]
        labels = sum(bool(vocab.label.fullmatch(ln.text.strip())) or bool(vocab.label.match(ln.text.strip()))
                     for ln in first)
        across = sum(bool(vocab.label.fullmatch(ln.text.strip())) for ln in header)
        if first and (labels * 2 >= len(first) or across * 2 >= len(header) and len(header) > 1):
            facts_lines += cells
    kept = set(id(ln) for ln in facts_lines)
    return facts_lines, [ln for ln in lines if id(ln) not in kept]


# --- sections, signatures and the body --------------------------------------------------------------

@dataclass
class Section:
    heading: body_module.Heading | None
    lines: list[Line]
    signatories: list[dict] = field(default_factory=list)


def _sections(lines: list[Line], document: Document, result: Imported, boards: BoardRegistry):
    """Sections by heading; signature blocks taken out of them; contact lines and quoted mail set aside."""
    sections = [Section(None, [])]
    extra = facts_module.Facts()
    quoted = False
    closing_at = None
    for line in lines:
        text = line.text.strip()
        if quoted or (text and _QUOTED.match(text) and document.source == "e-post"):
            quoted = True
            _leave(result, line, "citerat tidigare meddelande")
            continue
        if text and vocabulary.is_contact(text):
            _leave(result, line, "kontaktuppgift")
            continue
        if text and (m := facts_module.PLACE_DATE.match(text)) and vocabulary.parse_date(m.group("date")) and \
                not vocabulary.DATE.sub("", m.group("date")).strip(" ,.") and not vocabulary.load().label.match(text) \
                and not vocabulary.load().signature_label.match(text):
            # "Stockholm den 30 september 2021" before a yttrande's signature: its date
            extra.add("place_date", vocabulary.parse_date(m.group("date")), line, "ort och datum")
            result.document.place(line, "fält: date")
            continue
        if text and vocabulary.load().closing.match(text):
            closing_at = (len(sections) - 1, len(sections[-1].lines))
            _leave(result, line, "hälsningsfras")
            continue
        h = body_module.heading(line, document) if text else None
        if h:
            document.place(line, "brödtext (rubrik)")
            sections.append(Section(h, []))
        else:
            sections[-1].lines.append(line)
    found: list[tuple[int, list[dict]]] = []  # (first line, signatories) of each block, put in document order
    if closing_at:
        at = sections[closing_at[0]].lines[closing_at[1]:closing_at[1] + 1]
        found.append((at[0].number if at else 0,
                      _mail_signature(sections[closing_at[0]], closing_at[1], result, boards, extra)))
    for section in sections:
        blocks = signatures.labelled(section.lines)
        taken = {i for start, end, _ in blocks for i in range(start, end)}
        section.lines = [ln for i, ln in enumerate(section.lines) if i not in taken]
        for _, _, block in blocks:
            _take_block(block, section, result)
            found.append((block.lines[0].number, block.signatories))
            for day, line in block.dates:
                result.notes.append(f"Datum som inte används: {day} ({line.where}) – justeringsdag")
    content = [s for s in sections if not (s.heading and s.heading.group == "attachments")]
    if content:
        last = content[-1]
        trailing = signatures.trailing(last.lines)
        if trailing:
            start, block = trailing
            if block.problem:
                result.notes.append(f"Underskrifterna ({block.problem}) står kvar i texten – fyll i signatories")
            else:
                last.lines[start:] = []
                _take_block(block, last, result)
                found.append((block.lines[0].number, block.signatories))
    signed = [person for _, people in sorted(found, key=lambda pair: pair[0]) for person in people]
    return sections, signed, extra


def _take_block(block: signatures.Block, section: Section, result: Imported) -> None:
    for line in block.lines:
        if line.number:
            result.document.place(line, "fält: signatories")
    section.signatories += block.signatories


def _mail_signature(section: Section, at: int, result: Imported, boards: BoardRegistry,
                    extra: facts_module.Facts) -> list[dict]:
    """After an e-mail's closing: the writer's name, title and förvaltning (contact lines are already aside)."""
    tail = section.lines[at:]
    section.lines[at:] = []
    rows = signatures.rows_of(tail)
    signed: list[dict] = []
    name_rows = [r for r in rows if signatures._kind(signatures._cells(r)) in ("names", "roles", "both")]
    block = signatures.read_block(name_rows)
    for line in block.lines:
        result.document.place(line, "fält: signatories")
    signed += block.signatories
    section.signatories += block.signatories
    for row in rows:
        if row in name_rows:
            continue
        for line in row:
            found = names.boards_in(line.text, boards)
            if found:
                extra.add("letterhead_board", found[0], line, "e-postsignaturen")
                result.document.place(line, "fält: board")
            else:
                _leave(result, line, "e-postsignatur")
    return signed


def _body(sections: list[Section], signed: list[dict], result: Imported, document: Document) -> str:
    parts = []
    for section in sections:
        items = body_module.blocks(section.lines)
        for line in section.lines:
            if line.text.strip():
                document.place(line, "brödtext")
        text = body_module.markdown(items)
        if section.signatories:
            text += "\n\n" + "\n\n".join(_signatory(s) for s in section.signatories)
        if section.heading:
            text = f"{'#' * section.heading.level} {body_module.heading_literal(section.heading.text)}\n\n{text}"
        if text.strip():
            parts.append(text.strip())
    return "\n\n".join(parts)


def _signatory(person: dict) -> str:
    """A name, and its role as a definition (the site shows them as a signature); both text, never markup."""
    name = body_module.literal(person["name"])
    return f"{name}\n: {body_module.literal(person['role'])}" if person["role"] else name


# --- the facts ----------------------------------------------------------------------------------------

def _place_facts(result: Imported, facts: facts_module.Facts, head: list[Line]) -> None:
    for line in head:
        if not line.text.strip():
            continue
        why = facts.used.get(line.number)
        if why == "contact":
            _leave(result, line, "kontaktuppgift")
        elif why:
            result.document.place(line, f"fält: {why}")
        else:
            _leave(result, line, "okänd rad i dokumentets huvud")


class _Chooser:
    """Picks one candidate per field, in the order of the sources given, and records the choice."""

    def __init__(self, result: Imported):
        self.result = result

    def pick(self, name: str, *sources: list[facts_module.Candidate], convert=None, skip=()):
        pool = [c for group in sources for c in group if c.value is not None]
        pool = [c for c in pool if c.line.number not in skip] or pool
        if not pool:
            return None
        chosen = pool[0]
        value = convert(chosen.value) if convert else chosen.value
        others = []
        for c in pool[1:]:
            shown = _shown(convert(c.value) if convert else c.value)
            if shown != _shown(value) and shown not in [o.split(" (")[0] for o in others]:
                others.append(f"{shown} ({c.line.where}, {c.how})")
        self.result.choices.append(Choice(name, _shown(value), chosen.line.where, chosen.how, others))
        return value


def _values(result, document, boards, found_title, head, edge, sections, signed, extra) -> dict:
    vocab = vocabulary.load()
    choose = _Chooser(result)
    texts = {}
    for section in sections:
        key = section.heading.text if section.heading else ""
        texts.setdefault(key, " ".join(t for _, _, t in body_module.blocks(section.lines)))
    proposal_section = next((s for s in sections if s.heading and s.heading.group == "proposal"), None)
    proposal = texts.get(proposal_section.heading.text) if proposal_section else None
    full_text = " ".join(texts.values())

    ref_title = found_title.referral_title if found_title else None
    ref_number = found_title.referral_number if found_title else None
    if found_title:
        result.choices.append(Choice("referral.title", ref_title, found_title.where, found_title.how))
        if ref_number:
            result.choices.append(Choice("referral.case_number", ref_number, found_title.where, "rubriken"))
    else:
        result.notes.append("Ingen rubrik hittades (t.ex. 'Remissvar <remissens titel>, <diarienummer>')")
    if not ref_number:
        ref_number = choose.pick("referral.case_number", head.of("referral_number"), edge.of("referral_number"))

    doc_type = choose.pick("document_type", head.of("document_type"), edge.of("document_type"))
    if doc_type is None and "Ärendets beredning" in texts:
        doc_type = "tjänsteutlåtande"
        result.choices.append(Choice("document_type", doc_type, "avsnittet Ärendets beredning", "härledd"))
    if doc_type is None and found_title and found_title.how != "ämnesraden" and \
            _ANSWER_TITLE.match(found_title.text.strip()):
        doc_type = "yttrande"  # "Yttrande över …", "Säffle kommuns yttrande över …"
        result.choices.append(Choice("document_type", doc_type, found_title.where, "härledd ur rubriken"))

    letterhead = head.of("letterhead_board") + head.of("board_board") + edge.of("letterhead_board") + \
        extra.of("letterhead_board") + head.of("from_board")
    sender_by_number = names.sender_of(ref_number, boards)
    to_boards = head.of("to_board")
    # A letter's "Till" is its own board only in a tjänsteutlåtande's head; an e-mail goes to the sender
    own_to = [c for c in to_boards if (not letterhead or c.value == letterhead[0].value)
              and document.source != "e-post"]
    own_to = [c for c in own_to if c.value.name != sender_by_number and c.value.kind != "styrelse"]
    board = choose.pick("board", own_to, letterhead, convert=lambda b: b.name)
    if board is None and document.source == "e-post":
        board = _board_in_text(sections, boards, result)
    if board is None and (decides := prose.deciding_board(proposal or full_text[:1500], boards)):
        board = decides[0].name
        result.choices.append(Choice("board", board, "förslaget till beslut" if proposal else "texten",
                                     f"'{decides[1][:60]}'"))
    if board is None and (signed_board := _board_of_signatures(sections, boards)):
        board = signed_board.name
        result.choices.append(Choice("board", board, "underskriftsblocket", "nämndens namn över underskrifterna"))
    other = organisations.foreign([ln.text for ln in document.furniture + document.lines[:organisations.FIRST_LINES]],
                                  boards.organisation)
    if other:
        result.foreign = other
        result.warnings.insert(0, f"Dokumentet verkar komma från {other}, inte från {boards.organisation.name}: "
                                  "ingen nämnd valdes. Importera det i rätt arkiv, eller välj nämnd själv om det "
                                  "ändå hör hit.")
        if board:
            result.choices = [c for c in result.choices if c.field != "board"]
            board = None
    board_obj = next((b for b in boards if b.name == board), None)

    sender = found_title.sender if found_title and found_title.sender else None
    if sender:
        result.choices.append(Choice("referral.sender", sender, "rubriken", "'Remiss från …'"))
    elif sender_by_number:
        sender = sender_by_number
        result.choices.append(Choice("referral.sender", sender, "remissens diarienummer",
                                     f"prefixet i {ref_number}"))
    else:
        recipients = [c for c in to_boards if board_obj is None or c.value != board_obj] + head.of("to_body")
        recipients = [c for c in recipients if not isinstance(c.value, str) or names.departments_in(c.value)
                      or names.boards_in(c.value, boards)]
        sender = choose.pick("referral.sender", recipients, convert=lambda v: getattr(v, "name", v))
    if sender is None:
        found = prose.sender([proposal or ""] + list(texts.values()), board_obj, boards)
        if found:
            sender = found[0]
            result.choices.append(Choice("referral.sender", sender, "texten", f"'…{found[1].strip()}…'"))

    own_numbers = [c for c in head.of("bare_number") if c.value != ref_number]
    case_number = choose.pick("case_number", head.of("case_number"), edge.of("case_number"), own_numbers)
    date_labels = head.of("date") + edge.of("date")
    # A date with "Till <the board>" is the meeting it goes to; with "Till <the sender>" it is no fact of ours.
    to_dates = head.of("to_date") if own_to or head.of("to_own") else []
    not_ours = {c.line.number for c in head.of("to_date")}
    bare = [c for c in head.of("bare_date") + edge.of("bare_date") if c.line.number not in not_ours]
    decision_date = choose.pick("decision.date", head.of("decision_date"), edge.of("decision_date"), to_dates)
    if doc_type == "protokollsutdrag" and not date_labels and not bare and decision_date:
        date_labels = head.of("decision_date") + edge.of("decision_date")
    date = choose.pick("date", date_labels, bare, extra.of("place_date"),
                       skip={c.line.number for c in head.of("decision_date")})
    if doc_type == "protokollsutdrag" and decision_date is None and date:
        decision_date = date  # a protocol is dated by its meeting
        result.choices.append(Choice("decision.date", date, "protokollets datum", "sammanträdets dag"))
    if date is None and (said := prose.dated([proposal or ""] + list(texts.values()))):
        date = said[0]
        result.choices.append(Choice("date", date, "texten", f"'{said[1]}'"))
    for c in head.of("to_date"):
        if not to_dates:
            result.notes.append(f"Datum som inte används: {c.value} ({c.line.where}) – står vid mottagaren")
    for label in ("adjusted", "received", "deadline"):
        for c in head.of(label) + edge.of(label):
            if label == "deadline":
                continue
            result.notes.append(f"Datum som inte används: {c.value} ({c.line.where}, {c.how}) – "
                                + ("justeringsdag" if label == "adjusted" else "inkom-stämpel"))
    deadline = choose.pick("referral.deadline", head.of("deadline"), edge.of("deadline"))
    paragraph = choose.pick("decision.paragraph", head.of("paragraph"), edge.of("paragraph"))
    if paragraph is None and found_title and found_title.paragraph:
        paragraph = found_title.paragraph
        result.choices.append(Choice("decision.paragraph", paragraph, "rubriken", "'§' före rubriken"))
    handler = choose.pick("handler", head.of("handler"), head.of("from_person"))
    if handler is None and (people := list(dict.fromkeys(c.value for c in head.of("contact_person")))):
        handler = ", ".join(people)  # the writers in a contact block without a label, in their order
        first = head.of("contact_person")[0]
        result.choices.append(Choice("handler", handler, first.line.where, first.how))
    for c in head.of("handler_title"):
        result.notes.append(f"Handläggarens titel '{c.value}' ({c.line.where}) har inget fält och kom inte med")
    position = _position(proposal, sections, result)
    prepared = re.search(r"Ärendet har beretts (?:av|inom) (.+?)\.", full_text)
    attachments = [{"title": text, "file": None} for s in sections if s.heading and s.heading.group == "attachments"
                   for _, _, text in body_module.blocks(s.lines)]
    # the kind from the title as the archive writes it, else as the document did ("Promemorian …" → promemoria)
    kind = (vocabulary.referral_kind(ref_title) or vocabulary.referral_kind(found_title.text)) if ref_title else None
    values = {
        "title": f"Remissvar: {ref_title}" if ref_title else None,
        "board": board_obj.id if board_obj else None,
        "case_number": case_number,
        "document_type": doc_type,
        "date": _date(date, "date", result),
        "status": "utkast",
        "referral": {
            "title": ref_title, "case_number": ref_number, "sender": sender, "kind": kind,
            "submitters": _motion_authors(full_text, result), "received": None,
            "deadline": _date(deadline, "referral.deadline", result),
        },
        "decision": {"proposal": proposal, "date": _date(decision_date, "decision.date", result),
                     "paragraph": paragraph, "position": position},
        "prepared_by": _capitalise(prepared.group(1)) if prepared else None,
        "handler": handler,
        "signatories": signed,
        "topics": [],
        "attachments": attachments,
        "summary": None,
        "source_url": None,
    }
    if signed:
        result.choices.append(Choice("signatories", _shown(signed), "underskriftsblocket", "namn och titlar"))
    if document.ocr:
        result.warnings.append("Texten är tolkad med textigenkänning (OCR): jämför varje uppgift och hela texten "
                               "med originalet innan ärendet publiceras.")
    return values


def _known(result: Imported, values: dict, knowledge, boards: BoardRegistry) -> None:
    """What the archive already knows raises or settles a field the document points to (knowledge.py)."""
    named = [p["name"] for p in values["signatories"]] + \
        [n.strip() for n in (values["handler"] or "").split(",") if n.strip()]
    people = knowledge.board_of_people(named, boards)
    choice = next((c for c in result.choices if c.field == "board"), None)
    if values["board"] is None and result.foreign is None:
        found = people or knowledge.board_of_number(values["case_number"])
        if found:
            values["board"] = found[0]
            result.choices.append(Choice("board", boards.get(found[0]).name, "arkivets tidigare ärenden",
                                         "känd från arkivet", reason=found[1]))
    elif choice and people and people[0] == values["board"]:
        choice.reason = people[1]
    ref = values["referral"]
    record = knowledge.referral(ref["case_number"])
    if record:
        why = f"remissen {record['number']} finns redan i arkivet"
        for key in ("title", "sender", "kind"):
            if ref[key] is None and record[key]:
                ref[key] = record[key]
                result.choices.append(Choice(f"referral.{key}", record[key], "arkivets tidigare ärenden",
                                             "känd från arkivet", reason=why))
            elif ref[key] is not None and ref[key] == record[key]:
                for c in result.choices:
                    if c.field == f"referral.{key}":
                        c.reason = why
        if values["title"] is None and ref["title"]:
            values["title"] = f"Remissvar: {ref['title']}"


SIGNATURE_LOOK = 12  # lines at a document's end where a board's name may head the signatures


def _board_of_signatures(sections: list, boards: BoardRegistry):
    """'JÄMTLANDS LÄNS LANDSTINGSSTYRELSE' over the signatures: the board that answers (its organisation's
    name before it is left aside)."""
    content = [s for s in sections if not (s.heading and s.heading.group == "attachments")]
    if not content:
        return None
    for line in content[-1].lines[-SIGNATURE_LOOK:]:
        words = line.text.split()
        if not 1 <= len(words) <= 6:
            continue
        for k in range(len(words)):
            found = names.board_named(" ".join(words[k:]), boards)
            if found:
                return found
    return None


def _board_in_text(sections: list, boards: BoardRegistry, result: Imported) -> str | None:
    """An e-mail that names no board in its headers or signature: the board its text says answers
    ("Bromma stadsdelsnämnd tillstyrker motionen"), when the text names exactly one."""
    for section in sections:
        for kind, _, text in body_module.blocks(section.lines):
            found = {b.name for b in names.boards_in(text[:vocabulary.MAX_FACT_LINE], boards)}
            if len(found) == 1 and vocabulary.position_in(text)[0]:
                name = found.pop()
                result.choices.append(Choice("board", name, "texten", f"'{text[:60]}…'"))
                return name
    return None


def _position(proposal: str | None, sections: list, result: Imported) -> str | None:
    """The position the proposal states; without a proposal section, the first paragraph that states one."""
    sources = [("förslaget till beslut", proposal)] if proposal else []
    if not proposal or not vocabulary.position_in(proposal)[0]:
        # "Vidtagen åtgärd godkänns" states none: the text may ("föreslagit att kommunen avstår från yttrande")
        for section in sections:
            for kind, _, text in body_module.blocks(section.lines):
                if kind == "p" and re.search(r"nämnd|förvaltning|styrelse|kommun|landsting|region|förbund|\bvi\b",
                                             text, re.I):
                    sources.append(("texten", text))
    for where, text in sources:
        position, found = vocabulary.position_in(text)
        if position:
            shown = f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
            note = f"; orden pekar på {', '.join(found)}" if len(set(found)) > 1 else ""
            result.choices.append(Choice("decision.position", position, where, shown + note))
            return position
    return None


def lost_values(result: Imported) -> list[str]:
    """Dates and case numbers on lines read as facts that appear nowhere in the result or its report: a line
    can be placed while a second value on it is lost, which counting lines would not notice."""
    shown = " ".join(result.report()) + " " + " ".join(_shown(v) for v in _flat(result.values))
    lost = []
    for line in result.document.lines:
        if not result.document.fate.get(line.number, "").startswith("fält"):
            continue
        text = line.text[:vocabulary.MAX_FACT_LINE]
        for m in vocabulary.DATE.finditer(text):
            if vocabulary.parse_date(m.group(0)) not in shown and m.group(0) not in shown:
                lost.append(f"Datumet '{m.group(0)}' ({line.where}) kom inte med: kontrollera vad det är")
        for m in vocabulary.CASE_NUMBER.finditer(text):
            if m.group(0) not in shown:
                lost.append(f"Diarienumret '{m.group(0)}' ({line.where}) kom inte med: kontrollera vad det är")
    return lost


def _flat(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _flat(v)
    elif isinstance(value, list):
        for v in value:
            yield from _flat(v)
    elif value is not None:
        yield value


# --- small readings -------------------------------------------------------------------------------------

def _motion_authors(text: str, result: Imported) -> list[str]:
    m = re.search(r"[Mm]otion(?:en)? (?:från|av) (?P<names>.+?)(?:,\s*(?:samtliga|båda|alla)\b|\s*\(|\s+om\b|"
                  r"\s+har\b|\.)", text[:20_000])
    if not m:
        return []
    found = [n.strip() for n in re.split(r",\s*|\s+och\s+", m.group("names")) if n.strip()]
    if all(vocabulary.is_name(n) for n in found):
        return found
    result.notes.append(f"Motionärerna kunde inte läsas ut ur '{m.group(0)}': fyll i referral.submitters")
    return []


def _date(value: str | None, name: str, result: Imported) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        result.notes.append(f"{name}: '{value}' är inget giltigt datum och lämnades tomt")
        return None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unknown(values: dict, prefix: str = "") -> list[str]:
    missing = []
    for key, value in values.items():
        if isinstance(value, dict):
            missing += _unknown(value, f"{prefix}{key}.")
        elif value is None or (value == [] and key in ("signatories", "submitters")):
            missing.append(prefix + key)
    return missing
