"""Facts by label, anywhere in a document's head, its page furniture or a table: "Dnr BRO 2021/12" on one line,
"Till" over "Hässelby-Vällingby stadsdelsnämnd" over "2022-11-17" in a column, "Dnr" | "SÖ 2024/0123" in two
table cells, "Datum 2021-04-28 Dnr BRO 2021/12 Sida 1 (2)" in a running header.

Every reading is a Candidate with the line it came from; choose() picks one per field by a stated rule and the
report shows the others, so two dates are never mixed up silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.tools.importer import furniture, names, vocabulary
from remissarkiv.tools.importer.document import Line

MAX_COLUMNS = 12        # parts a line is split into: no head has more columns
COLUMN_TOLERANCE = 18.0  # points (PDF) or characters (text): a value under its label starts about where it does
_PARTS = re.compile(r"\t+|\s{3,}| {2}(?=\S)")
PLACE_DATE = re.compile(r"^[A-ZÅÄÖ][\wåäöé-]{1,30}\s+(?:den\s+)?(?=\d)(?P<date>.{6,30})$")
_CONTACT_TAIL = re.compile(r"\s*,?\s+(?=(?:telefon|tfn|tel|mobil|e-post|epost|mejl)\b)", re.I)


@dataclass
class Unit:
    """A line or one column of it: the text a label or value is."""
    text: str
    line: Line
    x: float


@dataclass
class Candidate:
    field: str
    value: object
    line: Line
    how: str  # in Swedish: "etikett 'Dnr'", "ensam rad", "sidhuvud", …


@dataclass
class Facts:
    candidates: list[Candidate] = field(default_factory=list)
    used: dict[int, str] = field(default_factory=dict)  # line number → why (the field it gave)

    def add(self, name: str, value, line: Line, how: str) -> None:
        if value not in (None, "", []):
            self.candidates.append(Candidate(name, value, line, how))
        self.used.setdefault(line.number, name)

    def of(self, name: str) -> list[Candidate]:
        return [c for c in self.candidates if c.field == name]


def units(lines: list[Line]) -> list[Unit]:
    """Lines split into their columns: a PDF line already is one; text and Word split at tabs or wide spaces."""
    out = []
    for line in lines:
        if not line.text.strip():
            continue
        if line.x or line.cell:
            out.append(Unit(line.text.strip(), line, line.x))
            continue
        start = 0
        gaps = []
        for m in _PARTS.finditer(line.text):  # at most MAX_COLUMNS: the rest of a longer line stays one part
            if len(gaps) == MAX_COLUMNS - 1:
                break
            gaps.append(m)
        for m in [*gaps, None]:
            end = m.start() if m else len(line.text)
            part = line.text[start:end]
            if part.strip():
                out.append(Unit(part.strip(), line, float(start + len(part) - len(part.lstrip()))))
            start = m.end() if m else end
    return out


def read(head: list[Line], boards: BoardRegistry, *, how: str = "") -> Facts:
    """Facts from lines: labelled values first, then lines that are a fact by themselves."""
    facts = Facts()
    pieces = [part for unit in units(head) for part in _split_at_label(unit)]
    index = _Index.of(pieces)
    taken: set[int] = set()
    for i, unit in enumerate(pieces):
        if i in taken:
            continue
        pairs = _labelled(unit.text)
        if not pairs:
            continue
        taken.add(i)
        for label, value in pairs:
            name = vocabulary.load().field_of(label)
            where = f"{how}etikett '{label}'"
            if value:
                _value(facts, name, value, unit.line, where, boards)
                if name == "to" and not vocabulary.parse_date(value):
                    # "Till Bromma stadsdelsnämnd" over the date of the meeting it goes to
                    for j in _below(pieces, i, taken, "to", index)[:1]:
                        if vocabulary.parse_date(pieces[j].text) and len(pieces[j].text) < 40:
                            taken.add(j)
                            _value(facts, "to", pieces[j].text, pieces[j].line, where, boards)
            else:
                for j in _below(pieces, i, taken, name, index):
                    taken.add(j)
                    _value(facts, name, pieces[j].text, pieces[j].line, where, boards)
                facts.used.setdefault(unit.line.number, name)
    for i, unit in enumerate(pieces):
        if i not in taken:
            _alone(facts, unit, boards, how)
    _contact_people(facts, pieces, taken, how)
    return facts


_PERSON = re.compile(r"^(?P<name>[^,\d]{4,60}?)(?:\s*,\s*(?P<title>[a-zåäö][\wåäö /-]{2,40}))?"
                     r"(?:[\s,]+(?:tfn|tel|telefon|direkt)?\.?:?\s*(?P<phone>\+?[\d][\d \-()]{5,}\d))?$", re.I)


_CONTACT_LABEL = re.compile(r"^(?:tfn|tel|telefon|mobil|direkt|e-post|epost|e-mail|mejl)\b\.?\s*:?", re.I)


def _contact_people(facts: Facts, pieces: list[Unit], taken: set[int], how: str) -> None:
    """People in a contact block without a label: 'Jenny Antonsson 0346-885033', 'Göran Forss, regionjurist',
    or a name over a telephone number or e-mail address. The block's shape says it is the writer's contact."""
    if how:
        return  # a running header or footer names no handler
    for i, unit in enumerate(pieces):
        if i in taken:
            continue
        m = _PERSON.match(unit.text.strip())
        if not m or not vocabulary.is_name(m.group("name").strip()):
            continue
        below = pieces[i + 1].text.strip() if i + 1 < len(pieces) else ""
        shaped = m.group("phone") or (m.group("title") and vocabulary.is_role_word(m.group("title").split()[-1])) \
            or (below and (vocabulary.is_contact(below) or _CONTACT_LABEL.match(below)))
        if shaped:
            facts.add("contact_person", m.group("name").strip(), unit.line, "namn i kontaktuppgifterna")


def _split_at_label(unit: Unit) -> list[Unit]:
    """'Telefon: 08-508 18 000 Dnr: FA 2023/211' – two columns a PDF set close – as two units, so the label
    inside is read and the contact part stays contact."""
    text = unit.text
    if len(text) > vocabulary.MAX_FACT_LINE or vocabulary.load().label.match(text):
        return [unit]
    for m in re.finditer(r"(?<=\s)[A-ZÅÄÖ]\S*", text):
        rest = text[m.start():]
        if vocabulary.load().label.match(rest) and _is_label_here(rest):
            head = text[:m.start()].rstrip()
            return [Unit(head, unit.line, unit.x), Unit(rest, unit.line, unit.x + m.start())]
    return [unit]


def _labelled(text: str) -> list[tuple[str, str]]:
    """[(label, value)] for a line that starts with a label; a later label in it (capitalised, as in a running
    header "Datum 2021-04-28 Dnr BRO 2021/12") starts another pair."""
    if len(text) > vocabulary.MAX_FACT_LINE:
        return []
    vocab = vocabulary.load()
    m = vocab.label.match(text)
    if not m:
        return []
    pairs = []
    label, rest = m.group("label"), m.group("value")
    while True:
        later = [n for n in re.finditer(r"(?<=\s)[A-ZÅÄÖ]\S*", rest) if vocab.label.match(rest[n.start():])
                 and _is_label_here(rest[n.start():])]
        if not later:
            pairs.append((label, rest.strip()))
            return pairs
        cut = later[0].start()
        pairs.append((label, rest[:cut].strip()))
        n = vocab.label.match(rest[cut:])
        label, rest = n.group("label"), n.group("value")


def _is_label_here(text: str) -> bool:
    """A capitalised label inside a line counts only when a value of its kind follows (not 'Till' in a name)."""
    m = vocabulary.load().label.match(text)
    name = vocabulary.load().field_of(m.group("label"))
    value = m.group("value")
    if name in ("date", "decision_date", "deadline", "received", "adjusted"):
        return bool(vocabulary.parse_date(value[:40]))
    if name in ("case_number", "referral_number"):
        return bool(vocabulary.CASE_NUMBER.match(value.strip()) or re.match(r"\S*\d", value.strip()))
    return False


MAX_ROWS_BELOW = 4  # rows under a label looked at for its value: the scan stays linear in the document


@dataclass
class _Index:
    """Where to look from a unit, found once: the unit in each table cell, the first unit of the next row."""
    by_cell: dict
    next_row: list[int]

    @classmethod
    def of(cls, pieces: list[Unit]) -> "_Index":
        by_cell: dict = {}
        next_row = [len(pieces)] * len(pieces)
        for j, unit in enumerate(pieces):
            if unit.line.cell:
                by_cell.setdefault(unit.line.cell, []).append(j)
        start = len(pieces)
        for j in range(len(pieces) - 1, -1, -1):
            next_row[j] = start
            if j == 0 or pieces[j - 1].line.row != pieces[j].line.row:
                start = j
        return cls(by_cell, next_row)


def _below(pieces: list[Unit], i: int, taken: set[int], name: str, index: _Index) -> list[int]:
    """The value of a label alone: the next table cell to the right or below, else the lines under it in its
    column (a name and contact lines under "Handläggare"; a board and a date under "Till")."""
    label = pieces[i]
    if label.line.cell:
        t, r, c = label.line.cell
        for target in ((t, r, c + 1), (t, r + 1, c)):
            # a header row of labels ("Datum | Dnr | Handläggare") has its values in the row below
            found = [j for j in index.by_cell.get(target, []) if j not in taken and not _labelled(pieces[j].text)]
            if found:
                return found
        return []
    wanted = 3 if name in ("to", "handler", "from") else 1
    right = i + 1
    if right < len(pieces) and pieces[right].line.row == label.line.row and right not in taken and \
            not _labelled(pieces[right].text):
        return [right]  # "Datum        2023-01-02": the value in the next column of the same row
    out: list[int] = []
    j, rows = index.next_row[i], 0
    while j < len(pieces) and rows < MAX_ROWS_BELOW and len(out) < wanted:
        row_end = index.next_row[j]
        column = [k for k in range(j, row_end) if k not in taken and abs(pieces[k].x - label.x) <= COLUMN_TOLERANCE]
        if column:
            unit = pieces[column[0]]
            if _labelled(unit.text) or (out and not _continues(name, unit.text)):
                break
            out.append(column[0])
        j, rows = row_end, rows + 1
    return out


def _continues(name: str, text: str) -> bool:
    """A second or third line under a label belongs to it: a date under the board, contact under a name."""
    if name == "to":
        return bool(vocabulary.parse_date(text)) and len(text) < 40
    return vocabulary.is_contact(text)


def _value(facts: Facts, name: str, value: str, line: Line, how: str, boards: BoardRegistry) -> None:
    value = value.strip().strip(" ,;")
    if name not in ("case_number", "referral_number", "paragraph") and vocabulary.is_contact(value):
        facts.add("contact", value, line, how)
    elif name in ("date", "decision_date", "deadline", "received", "adjusted"):
        facts.add(name, vocabulary.parse_date(value), line, how)
    elif name in ("case_number", "referral_number"):
        found = list(vocabulary.CASE_NUMBER.finditer(value))
        number = found[0].group(0) if found else (value if len(value) <= 30 and re.search(r"\d", value) else None)
        if name == "case_number" and names.department(number):
            name = "referral_number"  # "Dnr Fi2016/02568/K" is the Government Offices' number: the referral's
        facts.add(name, number, line, how)
        for m in found[1:]:
            # "Dnr RK 2019/321, remiss KS 2019/500": the referral's number beside the board's own
            if re.search(r"\b(?:remiss(?:ens)?|er|ert|remittentens)\b\W*(?:dnr|beteckning|diarienummer)?\W*$",
                         value[:m.start()], re.I):
                facts.add("referral_number", m.group(0), line, how)
    elif name == "paragraph":
        m = re.search(r"\d{1,4}", value)
        facts.add(name, f"§ {m.group(0)}" if m else None, line, how)
    elif name == "handler":
        _handler(facts, value, line, how)
    elif name in ("to", "from", "board", "copy"):
        _party(facts, name, value, line, how, boards)
    elif name == "subject":
        facts.add("subject", value, line, how)


def _handler(facts: Facts, value: str, line: Line, how: str) -> None:
    person, *contact = _CONTACT_TAIL.split(value, maxsplit=1)
    name, comma, title = person.partition(",")
    if vocabulary.is_name(name.strip()):
        facts.add("handler", name.strip(), line, how)
        if comma and title.strip():
            facts.add("handler_title", title.strip(), line, how)
    for part in contact:
        facts.add("contact", part.strip(), line, how)


def _party(facts: Facts, name: str, value: str, line: Line, how: str, boards: BoardRegistry) -> None:
    """'Till Bromma stadsdelsnämnd 2022-11-17', 'Från: Anna Berg <anna.berg@…>', 'Till: Finansdepartementet'."""
    address = re.search(r"<([^<>\s]+@[^<>\s]+)>", value)
    text = re.sub(r"<[^<>]*>|\[mailto:[^\]]*\]|\"", " ", value).strip()
    day = vocabulary.parse_date(text)
    found = names.boards_in(text, boards)
    if found:
        facts.add(f"{name}_board", found[0], line, how)
    elif re.fullmatch(r"(?:stadsdels)?nämnden|styrelsen|stadsdelsnämnden", text.split(" 20")[0].strip(" ,"), re.I):
        facts.add(f"{name}_own", text, line, how)  # "Till Stadsdelsnämnden": the board's own meeting
    elif department := names.departments_in(text):
        facts.add(f"{name}_body", department, line, how)
    elif vocabulary.is_name(text.split(",")[0].strip()):
        facts.add(f"{name}_person", text.split(",")[0].strip(), line, how)
    elif text and not day:
        facts.add(f"{name}_body", text, line, how)
    if day and name == "to":
        facts.add("to_date", day, line, how)
    if address:
        facts.add("contact", address.group(1), line, how)
    facts.used.setdefault(line.number, name)


_PARAGRAPH_LINE = re.compile(r"^(?:[A-ZÅÄÖ]{1,6}(?:\s?AU)?\s*)?§\s*(?P<number>\d{1,4})(?:/\d{4})?\.?"
                             r"(?:\s+(?P<rest>(?:Dnr|Diarienummer)\b.*))?$")


def _alone(facts: Facts, unit: Unit, boards: BoardRegistry, how: str) -> None:
    """A line that is a fact by itself: a document type, a board or office, a date, '§ 12', page furniture."""
    vocab = vocabulary.load()
    text = unit.text.strip()
    where = f"{how}ensam rad" if not how else how.rstrip(", ")
    if len(text) > vocabulary.MAX_FACT_LINE or len(text.split()) > 12:
        return
    if m := vocab.document_type.match(text):
        facts.add("document_type", vocab.document_types[re.sub(r"\s+", " ", m.group("type").lower())], unit.line,
                  where)
    elif board := names.board_named(text, boards):
        facts.add("letterhead_board", board, unit.line, where)
    elif (day := vocabulary.parse_date(text)) and len(vocabulary.DATE.sub("", text).strip(" ,.")) == 0:
        facts.add("bare_date", day, unit.line, where)
    elif m := _PARAGRAPH_LINE.match(text):
        # "KS § 136", "§ 139/2016  Dnr 2016/0166 KS-2": the paragraph, and what follows it on the line
        facts.add("paragraph", f"§ {m.group('number')}", unit.line, where)
        for label, value in _labelled(m.group("rest") or ""):
            _value(facts, vocabulary.load().field_of(label), value, unit.line, where, boards)
    elif vocabulary.CASE_NUMBER.fullmatch(text) and names.department(text):
        facts.add("referral_number", text, unit.line, where)  # "S2014/4386/FS" alone: the department's number
    elif vocabulary.CASE_NUMBER.fullmatch(text):
        facts.add("bare_number", text, unit.line, where)  # "ÄN 2021/40" under the title: a number, whose?
    elif vocabulary.is_contact(text):
        facts.add("contact", text, unit.line, where)
    elif (department := names.departments_in(text)) and len(text.split()) <= 3:
        facts.add("to_body", department, unit.line, where)  # "Regeringskansliet / Socialdepartementet"
    elif how or furniture.is_running_header(text):
        _embedded(facts, text, unit.line, where, boards)


def _embedded(facts: Facts, text: str, line: Line, where: str, boards: BoardRegistry) -> None:
    """A running header's parts: 'Bromma stadsdelsförvaltning  Tjänsteutlåtande  2021-04-28'."""
    for board in names.boards_in(text, boards)[:1]:
        facts.add("letterhead_board", board, line, where)
    vocab = vocabulary.load()
    if m := vocab.document_type_word.search(text):
        facts.add("document_type", vocab.document_types[re.sub(r"\s+", " ", m.group("type").lower())], line, where)
    if day := vocabulary.parse_date(text):
        facts.add("bare_date", day, line, where)
