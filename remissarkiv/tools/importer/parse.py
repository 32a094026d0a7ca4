"""Recognise the parts of a tjänsteutlåtande in extracted text lines.

Page furniture is set aside (layout.py) and the front block read into facts (front.py); then the title
"Remissvar <title>, <referral number>", the sections, the signature block, Bilagor and the motion's authors.
Hard wraps are re-flowed and hyphenation repaired. What cannot be read from the text stays None and is listed
in the report, and so is every line of the document that did not reach the case file (`account`).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.tools.importer import front, layout
from remissarkiv.tools.importer.extract import HEADING_MARK

# Headings as they are written in tjänsteutlåtanden (a DOCX heading style counts as a heading whatever it says).
SECTIONS = [
    "Förslag till beslut", "Förvaltningens förslag till beslut", "Förvaltningens förslag", "Beslutsförslag",
    "Sammanfattning", "Sammanfattning av ärendet", "Bakgrund", "Ärendets beredning", "Beredning", "Ärendet",
    "Ärendebeskrivning", "Remissen", "Remissens innehåll", "Motionen", "Motionens innehåll",
    "Synpunkter och förslag", "Förvaltningens synpunkter och förslag", "Förvaltningens synpunkter",
    "Förvaltningens bedömning", "Bedömning", "Ekonomiska konsekvenser", "Konsekvenser", "Beslut",
    "Bilagor", "Bilaga", "Bilageförteckning",
]
_SECTION_KEYS = {s.lower(): s for s in SECTIONS}
ATTACHMENT_SECTIONS = {"Bilagor", "Bilaga", "Bilageförteckning"}
PROPOSAL_SECTIONS = ["Förslag till beslut", "Förvaltningens förslag till beslut", "Förvaltningens förslag",
                     "Beslutsförslag", "Beslut"]

ROLE_STEMS = ("direktör", "chef", "ordförande", "sekreterare", "handläggare", "strateg", "controller", "utredare",
              "ansvarig", "samordnare", "jurist", "ekonom", "rådgivare", "specialist", "planerare", "administratör",
              "kommunikatör", "analytiker")
ROLE_PREFIXES = {"biträdande", "tf", "tf.", "t.f.", "vice", "tillförordnad", "t f"}
JOINING_WORDS = {"och", "eller", "samt", "respektive", "som", "till"}
REFERRAL_KINDS = {"motion": "motion", "skrivelse": "skrivelse", "sou": "SOU", "ds": "Ds", "promemoria": "promemoria",
                  "program": "program", "detaljplan": "detaljplan", "plan": "plan"}

_TITLE_START = re.compile(r"^(?:Remissvar|Svar på remiss(?:en)?|Yttrande (?:över|om|angående|avseende))\b", re.I)
_LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[-•–*])\s+(.*)$")
_TITLE = re.compile(r"^(?:Remissvar|Svar på remiss(?:en)?|Yttrande)(?:\s*[:–-])?\s+"
                    r"(?:(?:på|om|avseende|över|angående)\s+)?(?:remiss(?:en)?\s+(?:av|om|över|angående)\s+)?"
                    # the referral number after a comma, a dash, a full stop or in parentheses
                    r"(?P<title>.+?)(?:\s*,\s*|\s*\(\s*|\s+[–-]\s+|\.\s+)"
                    r"(?P<number>(?:Dnr\.?:?\s*)?[^,()]*\d[^,()]*?)\)?\.?$", re.I)
_WORD = re.compile(r"[\wåäöÅÄÖéü§]+")


@dataclass
class Imported:
    values: dict
    body: str
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)    # lines of the document that are not in the case file
    contacts: list[str] = field(default_factory=list)   # the handläggare's phone and e-mail, never published
    furniture: list[str] = field(default_factory=list)  # running headers, footers and page numbers
    missing_words: list[str] = field(default_factory=list)  # words of the text found nowhere in the result

    def report(self) -> list[str]:
        lines = [f"Okänd uppgift (null): {name}" for name in self.unknown] + self.notes
        lines += [f"Kom inte med i ärendefilen: '{line}'" for line in self.dropped]
        lines += [f"Kontaktuppgift, publiceras inte: '{line}'" for line in self.contacts]
        if self.furniture:
            shown = list(dict.fromkeys(self.furniture))
            more = f" … (+{len(shown) - 6})" if len(shown) > 6 else ""
            lines.append(f"Sidhuvuden, sidfötter och sidnummer borttagna ({len(self.furniture)} rader): "
                         + ", ".join(f"'{s}'" for s in shown[:6]) + more)
        if self.missing_words:
            lines.append("Ord ur dokumentet som inte kom med (kontrollera texten): " + " ".join(self.missing_words))
        return lines


# --- text ------------------------------------------------------------------------------------------

def join_lines(lines: list[str]) -> str:
    """Re-flow hard-wrapped lines into one paragraph, repairing words hyphenated at the line end. Only the end
    of the text so far is looked at, so the work is linear in the paragraph's length."""
    parts: list[str] = []
    empty = True
    for line in lines:
        if empty:
            parts, empty = [line], not line
        elif _HYPHENATED.search(parts[-1][-2:]) and line[:1].islower() and line.split()[0] not in JOINING_WORDS:
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        else:
            parts.append(" " + line)
    return "".join(parts).strip()


_HYPHENATED = re.compile(r"[a-zåäö]-$")


def _is_heading(line: str) -> str | None:
    marked = line.startswith(HEADING_MARK)
    text = re.sub(r"^\d{1,2}[.)]?\s+", "", line.removeprefix(HEADING_MARK).strip()).rstrip(":").strip()
    return _SECTION_KEYS.get(text.lower()) or (text if marked and text else None)


# --- title -----------------------------------------------------------------------------------------

def _split_title(lines: list[str]) -> tuple[int, int] | None:
    """(start, end) of the title lines: from 'Remissvar …' until the title ends in its referral number, a blank
    line or a heading (text from a PDF often has no blank lines, so the number is what ends it)."""
    for i, line in enumerate(lines):
        if _TITLE_START.match(line):
            end = i + 1
            while (end < len(lines) and lines[end] and not _is_heading(lines[end]) and end - i < 4
                   and not _TITLE.match(join_lines(lines[i:end]))):
                end += 1
            return i, end
    return None


# --- signatures and lists --------------------------------------------------------------------------

def _is_role_word(word: str) -> bool:
    return any(stem in word.lower() for stem in ROLE_STEMS)


def _is_name_line(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(front.NAME_WORD.match(w) and not _is_role_word(w) for w in words)


def _is_role_line(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 8 and any(_is_role_word(w) for w in words) and not line.endswith(".")


def _split_roles(line: str) -> list[str]:
    roles: list[list[str]] = []
    for word in line.split():
        starts = _is_role_word(word) and not (roles and roles[-1][-1].lower() in ROLE_PREFIXES)
        if word.lower() in ROLE_PREFIXES or starts or not roles:
            if roles and roles[-1][-1].lower() in ROLE_PREFIXES:
                roles[-1].append(word)
            else:
                roles.append([word])
        else:
            roles[-1].append(word)
    return [" ".join(r) for r in roles]


def _columns(line: str) -> list[str]:
    """Text set side by side (two or more spaces apart, as PDF and DOCX tables give it) as separate parts."""
    return [part for part in re.split(r"\s{2,}|\t", line.strip()) if part]


def _pair(names: list[str], roles: list[str]) -> list[dict] | None:
    """Names with their titles, however the columns came out: one per line, side by side, or run together."""
    people = [p for ln in names for p in _columns(ln)]
    titles = [r for ln in roles for r in _columns(ln)]
    if len(titles) < len(people) or len(titles) == 1:
        # Titles run together on one line: "Stadsdelsdirektör Avdelningschef Administration".
        split = [r for ln in roles for r in _split_roles(ln)]
        titles = split if len(split) > len(titles) else titles
    if len(people) < len(titles) and len(names) == 1:
        # Names run together on one line: "Lisa Kinnari Peter Dacke", split evenly by the number of titles.
        words = names[0].split()
        size = len(words) // len(titles)
        if size in (2, 3) and len(words) % len(titles) == 0:
            people = [" ".join(words[i:i + size]) for i in range(0, len(words), size)]
    if people and len(people) == len(titles):
        return [{"name": n, "role": r} for n, r in zip(people, titles)]
    return None


def _name_and_role(line: str) -> tuple[str, str] | None:
    name, comma, role = line.partition(",")
    if comma and _is_name_line(name.strip()) and _is_role_line(role.strip()):
        return name.strip(), role.strip()
    return None


def take_signatures(lines: list[str], result: Imported) -> tuple[list[str], list[dict]]:
    """Remove a trailing signature block from a section's lines; return (rest, signatories). A block that
    cannot be read stays in the text, and the report says so."""
    content = [i for i, ln in enumerate(lines) if ln]
    start = None
    for pos in range(len(content) - 1, max(-1, len(content) - 9), -1):
        line = lines[content[pos]]
        if _is_name_line(line) or _is_role_line(line):
            start = pos
        else:
            break
    if start is None:
        return lines, []
    block = [lines[i] for i in content[start:]]
    together = [_name_and_role(ln) for ln in block]
    if all(together):  # "Lisa Kinnari, stadsdelsdirektör" on each line
        return lines[: content[start]], [{"name": n, "role": _capitalise(r)} for n, r in together]
    names = [ln for ln in block if _is_name_line(ln)]
    roles = [ln for ln in block if not _is_name_line(ln)]
    if not names or not roles:
        return lines, []
    signatories = _pair(names, roles)
    if signatories is None:
        result.notes.append(f"Underskrifterna ({' / '.join(block)}) kunde inte paras ihop med titlar: de står kvar "
                            "i texten – fyll i signatories")
        return lines, []
    return lines[: content[start]], signatories


def blocks(lines: list[str]) -> list[tuple[str, str]]:
    """Paragraphs and list items as ('p' | 'li' | 'ol', text)."""
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line:
            out.append(("", []))
            continue
        m = _LIST_ITEM.match(line)
        if m:
            out.append(("ol" if m.group(1)[0].isdigit() else "li", [m.group(2)]))
        elif out and out[-1][0]:
            out[-1][1].append(line)
        else:
            out.append(("p", [line]))
    return [(kind, join_lines(parts)) for kind, parts in out if kind and parts]


def _markdown(items: list[tuple[str, str]]) -> str:
    chunks, n = [], 0
    for kind, text in items:
        if kind == "ol":
            n += 1
            chunks.append(f"{n}. {text}")
        elif kind == "li":
            chunks.append(f"- {text}")
        else:
            n = 0
            chunks.append(text)
    out = ""
    for i, chunk in enumerate(chunks):
        same_list = i and items[i][0] in ("ol", "li") and items[i - 1][0] == items[i][0]
        out += ("\n" if same_list else "\n\n") + chunk if out else chunk
    return out


# --- facts from the text ---------------------------------------------------------------------------

def _motion_authors(text: str, result: Imported) -> list[str]:
    m = re.search(r"[Mm]otion(?:en)? (?:från|av) (?P<names>.+?)(?:,\s*(?:samtliga|båda|alla)\b|\s*\(|\s+om\b|"
                  r"\s+har\b|\.)", text)
    if not m:
        return []
    names = [n.strip() for n in re.split(r",\s*|\s+och\s+", m.group("names")) if n.strip()]
    if all(2 <= len(n.split()) <= 4 and all(front.NAME_WORD.match(w) for w in n.split()) for n in names):
        return names
    result.notes.append(f"Motionärerna kunde inte läsas ut ur '{m.group(0)}': fyll i referral.submitters")
    return []


# What a proposal says in so many words, and the position it states. Anything less explicit (such as
# "överlämnar tjänsteutlåtandet som svar") stays unknown: staff decide, the importer never guesses.
_POSITIONS = [(r"\btillstyrker\b[^.]*\bdelvis\b|\bdelvis\b[^.]*\btillstyrk", "delvis"),
              (r"\blämnar synpunkter\b", "synpunkter"), (r"\bavstår från att\b", "avstår"),
              (r"\btillstyrker\b", "tillstyrker"), (r"\bavstyrker\b", "avstyrker")]


def _position(proposal: str | None) -> str | None:
    if not proposal:
        return None
    low = proposal.lower()
    found = []
    for pattern, position in _POSITIONS:
        if re.search(pattern, low):
            found.append(position)
            low = re.sub(pattern, " ", low)
    return found[0] if len(found) == 1 else None


def _kind(title: str) -> str | None:
    first = re.split(r"[\s:]", title.strip(), maxsplit=1)[0].lower()
    return REFERRAL_KINDS.get(first)


def _date(value: str | None, name: str, result: Imported) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        result.notes.append(f"{name}: '{value}' är inget giltigt datum och lämnades tomt")
        return None


# --- the whole document ----------------------------------------------------------------------------

def parse(pages: list[list[str]], boards: BoardRegistry) -> Imported:
    cleaned = layout.clean(pages)
    lines = cleaned.lines
    result = Imported(values={}, body="", furniture=cleaned.furniture)
    span = _split_title(lines)
    if span is None:
        result.notes.append("Ingen rubrik på formen 'Remissvar <remissens titel>, <diarienummer>' hittades")
        head, title_text, rest = lines[:0], "", lines
    else:
        head, title_text, rest = lines[: span[0]], join_lines(lines[span[0]: span[1]]), lines[span[1]:]
    # The front block first; a fact only the running header gives (its Dnr, its date) is read from there.
    facts = front.read(head, boards)
    furniture_facts = front.read(cleaned.furniture, boards)
    for key, value in furniture_facts.facts.items():
        facts.facts.setdefault(key, value)
    facts.board = facts.board or furniture_facts.board
    result.dropped, result.contacts = facts.dropped, facts.contacts

    sections = _sections(rest)
    body_sections = [i for i, (name, _) in enumerate(sections) if name not in ATTACHMENT_SECTIONS]
    signatories: list[dict] = []
    if body_sections:
        last = body_sections[-1]
        name, sec_lines = sections[last]
        rest_lines, signatories = take_signatures(sec_lines, result)
        sections[last] = (name, rest_lines)

    attachments: list[dict] = []
    md: list[str] = []
    texts: dict[str, str] = {}
    for i, (name, sec_lines) in enumerate(sections):
        items = blocks(sec_lines)
        if name in ATTACHMENT_SECTIONS:
            attachments += [{"title": text, "file": None} for _, text in items]
        if not items and name is None:
            continue
        texts.setdefault(name or "", "\n\n".join(text for _, text in items))
        md.append((f"## {name}\n\n" if name else "") + _markdown(items))
        if signatories and body_sections and i == body_sections[-1]:
            md[-1] += "\n\n" + "\n\n".join(f"{s['name']}\n: {s['role']}" for s in signatories)
    result.body = "\n\n".join(part.strip() for part in md if part.strip())

    m = _TITLE.match(title_text) if title_text else None
    ref_title = m.group("title").strip() if m else None
    ref_number = re.sub(r"^Dnr\.?:?\s*", "", m.group("number").strip(), flags=re.I) if m else None
    if title_text and not m:
        result.notes.append(f"Rubriken '{title_text}' kunde inte delas i titel och diarienummer")
        result.dropped.append(title_text)
    full_text = " ".join(texts.values())
    proposal = next((texts[s] for s in PROPOSAL_SECTIONS if s in texts), None)
    prepared = re.search(r"Ärendet har beretts (?:av|inom) (.+?)\.", full_text)
    sender = _sender(ref_number, boards, result)
    board = facts.board
    known = facts.facts

    values = {
        "title": f"Remissvar: {ref_title}" if ref_title else None,
        "board": board.id if board else None,
        "case_number": known.get("case_number"),
        "document_type": known.get("document_type") or ("tjänsteutlåtande" if "Ärendets beredning" in texts else None),
        "date": _date(known.get("date"), "date", result),
        "status": "utkast",
        "referral": {
            "title": ref_title, "case_number": ref_number, "sender": sender,
            "kind": _kind(ref_title) if ref_title else None,
            "submitters": _motion_authors(full_text, result), "received": None, "deadline": None,
        },
        "decision": {"proposal": proposal, "date": _date(known.get("decision_date"), "decision.date", result),
                     "paragraph": known.get("paragraph"), "position": _position(proposal)},
        "prepared_by": _capitalise(prepared.group(1)) if prepared else None,
        "handler": known.get("handler"),
        "signatories": signatories,
        "topics": [],
        "attachments": attachments,
        "summary": None,
        "source_url": None,
    }
    result.values = values
    result.unknown = _unknown(values)
    if board:
        result.notes.append(f"Nämnd: {board.name} ('{board.id}')")
    result.missing_words = account(lines, head + [title_text] + result.dropped + result.contacts, result)
    return result


def _sections(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        heading = _is_heading(line)
        if heading:
            sections.append((heading, []))
        else:
            sections[-1][1].append(line)
    return sections


def _words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def account(lines: list[str], read_or_reported: list[str], result: Imported) -> list[str]:
    """Words of the document's text (page furniture aside) found neither in the case file nor among the lines
    read as facts or reported: a safety net under the parser, so that no text is lost without a word."""
    source = _words(join_lines([ln.removeprefix(HEADING_MARK) for ln in lines if ln]))
    found = _words(join_lines([ln for ln in read_or_reported if ln])) + _words(result.body)
    found += _words(" ".join(str(v) for v in _flat(result.values)))
    return sorted((source - found).elements())


def _flat(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _flat(v)
    elif isinstance(value, list):
        for v in value:
            yield from _flat(v)
    elif value is not None:
        yield value


def _sender(number: str | None, boards: BoardRegistry, result: Imported) -> str | None:
    prefix = re.match(r"^([A-ZÅÄÖa-zåäö]+)[\s/]", number or "")
    if prefix:
        for board in boards:
            if prefix.group(1).upper() in board.prefixes:
                result.notes.append(f"Remittent härledd ur diarienumrets prefix '{prefix.group(1)}': {board.name}")
                return board.name
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
