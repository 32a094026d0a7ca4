"""The importer's words (vocabulary.yml), read once and compiled: every rule that reads a document asks here."""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from remissarkiv.model.swedish import MONTHS

FILE = Path(__file__).with_name("vocabulary.yml")
MAX_FACT_LINE = 300  # characters: no label line is longer, and no pattern meets a longer line

_ISO = r"(?P<iso>\d{4}-\d{2}-\d{2})"
# "17 nov. 2022", "3 sept 2021": a month's first three letters (four for sept) stand for it
_ABBREVIATED = {m[:3]: i for i, m in enumerate(MONTHS, start=1)} | {"sept": 9}
_MONTH = "|".join(MONTHS + sorted(_ABBREVIATED, key=len, reverse=True))
_LONG = rf"(?:den\s+)?(?P<day>\d{{1,2}})(?::e|:a)?\s+(?P<month>(?:{_MONTH})(?<!\.)\.?)\s+(?P<year>\d{{4}})"
_NUMERIC = r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"
ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december"]
# Outlook in English writes "Thursday, November 17, 2022 2:32 PM"
_ENGLISH = rf"(?P<emonth>{'|'.join(ENGLISH_MONTHS)})\s+(?P<eday>\d{{1,2}}),\s+(?P<eyear>\d{{4}})"
DATE = re.compile(rf"(?<![\d-])(?:{_ISO}|{_LONG}|{_NUMERIC}|{_ENGLISH})(?![\d-])", re.I)
# A case number: "KS 2019/1899", "SÖ 2024/0123", "Fi2023/01234", "1.2-345/2021", "BRO-2021-12" is not one.
CASE_NUMBER = re.compile(
    r"(?<![\w/])(?:[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,5}[ -]?\d{4}/\d{1,6}(?:[:/-]\d{1,4})?(?:/[A-Z]{1,4})?"
    r"|\d{1,2}(?:\.\d{1,3}){0,3}-\d{1,6}/\d{4}|\d{4}/\d{2,6}(?::\d+)?|[A-ZÅÄÖ]{0,4}\d{4}-\d{4,6})(?![\w/-])")
PARAGRAPH = re.compile(r"§\s*(\d{1,4})\b")
NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéüß]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüß]+)?$")


@dataclass(frozen=True)
class Vocabulary:
    raw: dict
    label: re.Pattern            # "<label>[:.] value" at a line's start; group 'label', 'value'
    label_field: dict            # lower-case label → field
    signature_label: re.Pattern
    title_start: re.Pattern
    title_end: re.Pattern
    sections: dict               # lower-case heading → (heading, group)
    positions: list              # (position, pattern)
    kinds: list                  # (kind, pattern)
    contact: list
    closing: re.Pattern
    document_type: re.Pattern
    document_type_word: re.Pattern  # a type's word inside a line ("Bromma stadsdelsförvaltning  Tjänsteutlåtande")
    document_types: dict         # lower-case word → type

    def field_of(self, label: str) -> str:
        return self.label_field[_norm(label)]

    def role_words(self) -> tuple[list[str], set[str]]:
        return [s.lower() for s in self.raw["role_stems"]], {p.lower() for p in self.raw["role_prefixes"]}


def _norm(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().rstrip(":.").lower())


def _alternatives(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def load() -> Vocabulary:
    raw = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    label_field = {_norm(w): name for name, words in raw["labels"].items() for w in words}
    label = re.compile(rf"^(?P<label>{_alternatives(w.rstrip('.') for w in label_field)})\.?(?:\s*:\s*|\s+|$)"
                       r"(?P<value>.*)$", re.I)
    signature_label = re.compile(rf"^(?P<label>{_alternatives(raw['signature_labels'])})\b\s*:?\s*(?P<value>.*)$",
                                 re.I)
    title_start = re.compile(rf"^(?:§\s*\d{{1,4}}\.?\s+)?(?P<start>{_alternatives(raw['title_starts'])})"
                             r"(?:\s*[:–-]\s*|\s+)(?P<rest>\S.*)$", re.I)
    title_end = re.compile(rf"^(?P<rest>.+?)\s*[–:-]+\s*(?:{_alternatives(raw['title_ends'])})\s*$", re.I)
    sections = {}
    for group, headings in raw["sections"].items():
        for heading in headings:
            sections.setdefault(heading.lower(), (heading, group))
    types = {w.lower(): kind for kind, words in raw["document_types"].items() for w in words}
    return Vocabulary(
        raw=raw, label=label, label_field=label_field, signature_label=signature_label, title_start=title_start,
        title_end=title_end, sections=sections,
        positions=[(p, re.compile(rx)) for p, rx in raw["positions"]],
        kinds=[(k, re.compile(rx, re.I)) for k, rx in raw["referral_kinds"]],
        contact=[re.compile(rx, re.I) for rx in raw["contact"]],
        closing=re.compile(rf"^(?:{_alternatives(raw['closings'])})\W*$", re.I),
        # "Protokoll 5/2021", "YTTRANDE 1(5)", "Tjänsteskrivelse Sida 1 av 3": a type and a number or page
        document_type=re.compile(rf"^(?P<type>{_alternatives(types)})(?:\s+(?:nr\s*)?[\d/:.-]+|\s+(?:sida\s+|sid\s+)?"
                                 r"\d{1,3}\s?(?:\(\d{1,3}\)|av\s+\d{1,3}))?$", re.I),
        document_type_word=re.compile(r"\b(?P<type>" + "|".join(re.escape(t) for t in sorted(types, key=len, reverse=True))
                                      + r")\b", re.I),
        document_types=types)


def parse_date(text: str) -> str | None:
    """The first date in text as ISO text ('2021-05-20', '20 maj 2021', 'den 3:e mars 2022', '3.3.2022')."""
    m = DATE.search(text[:MAX_FACT_LINE])
    if not m:
        return None
    if m.group("iso"):
        return m.group("iso")
    if m.group("month"):
        name = m.group("month").lower().rstrip(".")
        month = MONTHS.index(name) + 1 if name in MONTHS else _ABBREVIATED[name]
        day, year = int(m.group("day")), int(m.group("year"))
    elif m.group("emonth"):
        day, month = int(m.group("eday")), ENGLISH_MONTHS.index(m.group("emonth").lower()) + 1
        year = int(m.group("eyear"))
    else:
        day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}-{day:02d}"  # reported as invalid where it is used


def is_contact(text: str) -> bool:
    line = text.strip()
    if len(line) > MAX_FACT_LINE or not DATE.sub("", line).strip(" ,.–-"):
        return False  # a date alone is no phone number
    return any(p.search(line) for p in load().contact)


def is_name(text: str) -> bool:
    """A person's name: two to four capitalised words, none of them a role or a month."""
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(NAME_WORD.match(w) for w in words):
        return False
    low = {w.lower() for w in words}
    return not low & set(MONTHS) and not any(is_role_word(w) for w in words) and not low & _NOT_NAMES


_NOT_NAMES = {"stockholms", "stad", "stadsdelsförvaltning", "stadsdelsnämnd", "kommun", "region", "med", "vänliga",
              "hälsningar", "förslag", "till", "beslut", "bilagor", "bilaga", "sida", "dnr", "datum"}


def is_role_word(word: str) -> bool:
    stems, _ = load().role_words()
    low = word.lower().strip(",.")
    return any(stem in low for stem in stems)


def position_in(text: str) -> tuple[str | None, list[str]]:
    """The position a proposal states, and every position its words name (two different ones: mixed)."""
    low = text.lower()
    found = [position for position, pattern in load().positions if pattern.search(low)]
    explicit = [p for p in found if p != "synpunkter"]
    if "delvis" in found:
        return "delvis", found
    if "tillstyrker" in explicit and "avstyrker" in explicit:
        return "delvis", found  # some parts for, some against
    return (explicit[0] if explicit else (found[0] if found else None)), found


def referral_kind(title: str) -> str | None:
    for kind, pattern in load().kinds:
        if pattern.search(title.strip()):
            return kind
    return None
