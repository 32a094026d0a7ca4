"""Recognise the parts of a tjänsteutlåtande in extracted text lines.

Board line, "Remissvar <title>, <referral number>", the standard sections, signature block, Bilagor, motion
authors, diarienummer and dates when present. Hard wraps are re-flowed, page headers/footers and page numbers
removed, hyphenation repaired. What cannot be read from the text stays None and is listed in the report.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from remissarkiv.model.boards import Board, BoardRegistry

SECTIONS = [
    "Förslag till beslut", "Förvaltningens förslag till beslut", "Sammanfattning", "Bakgrund",
    "Ärendets beredning", "Ärendet", "Ärendebeskrivning", "Synpunkter och förslag",
    "Förvaltningens synpunkter och förslag", "Förvaltningens synpunkter", "Förvaltningens bedömning",
    "Beslut", "Bilagor", "Bilaga",
]
_SECTION_KEYS = {s.lower(): s for s in SECTIONS}
ATTACHMENT_SECTIONS = {"Bilagor", "Bilaga"}
PROPOSAL_SECTIONS = {"Förslag till beslut", "Förvaltningens förslag till beslut", "Beslut"}

ROLE_STEMS = ("direktör", "chef", "ordförande", "sekreterare", "handläggare", "strateg", "controller", "utredare",
              "ansvarig", "samordnare", "jurist", "ekonom", "rådgivare", "specialist", "planerare", "administratör",
              "kommunikatör", "analytiker")
ROLE_PREFIXES = {"biträdande", "tf", "tf.", "t.f.", "vice", "tillförordnad", "t f"}
JOINING_WORDS = {"och", "eller", "samt", "respektive", "som", "till"}
REFERRAL_KINDS = {"motion": "motion", "skrivelse": "skrivelse", "sou": "SOU", "ds": "Ds", "promemoria": "promemoria",
                  "program": "program", "detaljplan": "detaljplan", "plan": "plan"}

_PAGE_NUMBER = re.compile(r"^\s*(?:(?:sida|sid|s\.)\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/)\s*\d{1,3})?\s*$", re.I)
_PAGE_DASHED = re.compile(r"^\s*[-–]\s*\d{1,3}\s*[-–]\s*$")
_DATE = r"(\d{4}-\d{2}-\d{2})"
_NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéüß]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüß]+)?$")
_LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[-•–*])\s+(.*)$")
_TITLE = re.compile(r"^Remissvar(?:\s*[:–-])?\s+(?:(?:på|om|avseende|över|angående)\s+)?(?P<title>.+?),\s*"
                    r"(?P<number>(?:Dnr\.?\s*)?[^,]*\d[^,]*)$", re.I)


@dataclass
class Imported:
    values: dict
    body: str
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self) -> list[str]:
        lines = [f"Okänd uppgift (null): {name}" for name in self.unknown]
        return lines + self.notes


# --- cleaning --------------------------------------------------------------------------------------

def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def clean(pages: list[list[str]]) -> list[str]:
    """Join pages, dropping repeated headers/footers and page-number lines."""
    repeated: set[str] = set()
    if len(pages) > 1:
        edges = Counter()
        for page in pages:
            content = [ln for ln in page if ln.strip()]
            edges.update({_shape(ln) for ln in content[:3] + content[-3:]})
        repeated = {shape for shape, n in edges.items() if n >= max(2, (len(pages) + 1) // 2)}
    out: list[str] = []
    for page in pages:
        content = [ln for ln in page if ln.strip()]
        edge = {id(ln) for ln in content[:3] + content[-3:]}
        for ln in page:
            if _PAGE_NUMBER.match(ln) or _PAGE_DASHED.match(ln):
                continue
            if id(ln) in edge and _shape(ln) in repeated:
                continue
            out.append(ln.strip())
    return out


def join_lines(lines: list[str]) -> str:
    """Re-flow hard-wrapped lines into one paragraph, repairing words hyphenated at the line end."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif re.search(r"[a-zåäö]-$", text) and line[:1].islower():
            first = line.split()[0]
            text = text + " " + line if first in JOINING_WORDS else text[:-1] + line
        else:
            text = text + " " + line
    return text.strip()


def _is_heading(line: str) -> str | None:
    key = re.sub(r"^\d{1,2}[.)]?\s+", "", line.strip()).rstrip(":").strip().lower()
    return _SECTION_KEYS.get(key)


# --- header ----------------------------------------------------------------------------------------

def match_board(line: str, boards: BoardRegistry) -> Board | None:
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


def _parse_header(lines: list[str], result: Imported, boards: BoardRegistry) -> dict:
    facts: dict = {}
    for line in lines:
        if not line:
            continue
        if m := re.match(r"^(?:Dnr|Diarienummer)\.?:?\s+(.+)$", line, re.I):
            facts.setdefault("case_number", m.group(1).strip())
        elif m := re.match(rf"^Sammanträde(?:sdatum)?:?\s*{_DATE}$", line, re.I):
            facts.setdefault("decision_date", m.group(1))
        elif m := re.match(rf"^(?:Datum:?\s*)?{_DATE}$", line, re.I):
            facts.setdefault("date", m.group(1))
        elif m := re.match(r"^(§\s*\d+)$", line):
            facts.setdefault("paragraph", m.group(1))
        elif re.match(r"^Tjänsteutlåtande\b", line, re.I):
            facts.setdefault("document_type", "tjänsteutlåtande")
        elif re.match(r"^Protokollsutdrag\b", line, re.I):
            facts.setdefault("document_type", "protokollsutdrag")
        elif "board" not in facts and (board := match_board(line, boards)):
            facts["board"] = board
    return facts


def _split_title(lines: list[str]) -> tuple[int, int] | None:
    """(start, end) of the title lines: from 'Remissvar …' to the blank line or heading after it."""
    for i, line in enumerate(lines):
        if re.match(r"^Remissvar\b", line, re.I):
            end = i + 1
            while end < len(lines) and lines[end] and not _is_heading(lines[end]) and end - i < 4:
                end += 1
            return i, end
    return None


# --- signatures and lists --------------------------------------------------------------------------

def _is_role_word(word: str) -> bool:
    return any(stem in word.lower() for stem in ROLE_STEMS)


def _is_name_line(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 6 and all(_NAME_WORD.match(w) and not _is_role_word(w) for w in words)


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


def take_signatures(lines: list[str], result: Imported) -> tuple[list[str], list[dict]]:
    """Remove a trailing signature block from a section's lines; return (rest, signatories)."""
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
    names = [ln for ln in block if _is_name_line(ln)]
    roles = [ln for ln in block if not _is_name_line(ln)]
    if not names or not roles:
        return lines, []
    if len(names) == 1 and len(roles) == 1:
        role_parts = _split_roles(roles[0])
        words = names[0].split()
        if len(words) % len(role_parts) or len(words) // len(role_parts) not in (2, 3):
            result.notes.append(f"Underskrifterna '{names[0]}' kunde inte delas upp i namn: fyll i signatories")
            return lines[: content[start]], []
        size = len(words) // len(role_parts)
        people = [" ".join(words[i:i + size]) for i in range(0, len(words), size)]
        signatories = [{"name": n, "role": r} for n, r in zip(people, role_parts)]
    elif len(names) == len(roles):
        signatories = [{"name": n, "role": r} for n, r in zip(names, roles)]
    else:
        result.notes.append("Underskrifterna kunde inte paras ihop med titlar: fyll i signatories")
        return lines[: content[start]], []
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
    if all(2 <= len(n.split()) <= 4 and all(_NAME_WORD.match(w) for w in n.split()) for n in names):
        return names
    result.notes.append(f"Motionärerna kunde inte läsas ut ur '{m.group(0)}': fyll i referral.submitters")
    return []


def _position(proposal: str | None) -> str | None:
    if not proposal:
        return None
    low = proposal.lower()
    found = {p for p in ("tillstyrker", "avstyrker") if re.search(rf"\b{p}\b", low)}
    return found.pop() if len(found) == 1 else None


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
    lines = clean(pages)
    result = Imported(values={}, body="")
    span = _split_title(lines)
    if span is None:
        result.notes.append("Ingen rubrik på formen 'Remissvar <remissens titel>, <diarienummer>' hittades")
        head, title_text, rest = lines[:0], "", lines
    else:
        head, title_text, rest = lines[: span[0]], join_lines(lines[span[0]: span[1]]), lines[span[1]:]
    facts = _parse_header(head, result, boards)

    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in rest:
        heading = _is_heading(line)
        if heading:
            sections.append((heading, []))
        else:
            sections[-1][1].append(line)

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
    for name, sec_lines in sections:
        items = blocks(sec_lines)
        if name in ATTACHMENT_SECTIONS:
            attachments += [{"title": text, "file": None} for _, text in items]
        if not items and name is None:
            continue
        texts[name or ""] = "\n\n".join(text for _, text in items)
        md.append((f"## {name}\n\n" if name else "") + _markdown(items))
        if name is not None and name == sections[body_sections[-1]][0] and signatories and name not in ATTACHMENT_SECTIONS:
            md[-1] += "\n\n" + "\n\n".join(f"{s['name']}\n: {s['role']}" for s in signatories)
    result.body = "\n\n".join(part.strip() for part in md if part.strip())

    m = _TITLE.match(title_text) if title_text else None
    ref_title = m.group("title").strip() if m else None
    ref_number = re.sub(r"^Dnr\.?\s*", "", m.group("number").strip(), flags=re.I) if m else None
    if title_text and not m:
        result.notes.append(f"Rubriken '{title_text}' kunde inte delas i titel och diarienummer")
    full_text = " ".join(texts.values())
    proposal = next((texts[s] for s in PROPOSAL_SECTIONS if s in texts), None)
    prepared = re.search(r"Ärendet har beretts (?:av|inom) (.+?)\.", full_text)
    sender = _sender(ref_number, boards, result)
    board = facts.get("board")

    values = {
        "title": f"Remissvar: {ref_title}" if ref_title else None,
        "board": board.id if board else None,
        "case_number": facts.get("case_number"),
        "document_type": facts.get("document_type") or ("tjänsteutlåtande" if "Ärendets beredning" in texts else None),
        "date": _date(facts.get("date"), "date", result),
        "status": "utkast",
        "referral": {
            "title": ref_title, "case_number": ref_number, "sender": sender,
            "kind": _kind(ref_title) if ref_title else None,
            "submitters": _motion_authors(full_text, result), "received": None, "deadline": None,
        },
        "decision": {"proposal": proposal, "date": _date(facts.get("decision_date"), "decision.date", result),
                     "paragraph": facts.get("paragraph"), "position": _position(proposal)},
        "prepared_by": _capitalise(prepared.group(1)) if prepared else None,
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
    return result


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
