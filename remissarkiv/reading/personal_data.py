"""Personal data a reviewer should look at before a case is published, besides identity numbers (those are a
hard stop: personnummer.py): e-mail addresses, phone numbers other than the organisation's own, street
addresses with a postcode, and in the body, names of people who are not the case's officials.

Heuristic on purpose, and said so in the staff guide: it finds what has the shape of these, and a reviewer
decides. Names are two capitalised words whose first is a common Swedish first name (first_names.txt), so an
uncommon first name is missed and a place named after a person ("Gustav Adolfs torg") may be found. Every
pattern is a regular expression without nested repetition, run once over the text: linear in its length.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from remissarkiv.model.problems import WARNING, Problem

EMAIL = "e-postadress"
PHONE = "telefonnummer"
ADDRESS = "gatuadress"
NAME = "namn"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,24}\b")
# 0 or +46, then 7–10 digits in groups separated by a space or '-' (08-508 08 508, 070-123 45 67, +46 8 508 085 08).
_PHONE = re.compile(r"(?<![\w/.-])(?:\+46[ -]?(?:\(0\)[ -]?)?[1-9]|0[1-9])[0-9]{0,3}(?:[ -]?[0-9]{2,4}){1,4}"
                    r"(?![\w/]|[.,][0-9])")
# A street and number, then a postcode and a town: "Storgatan 12, 123 45 Bromma", "Box 8014, 104 20 Stockholm".
_ADDRESS = re.compile(r"\b[A-ZÅÄÖ][A-Za-zÅÄÖåäöéü.-]{1,40}(?: [A-Za-zÅÄÖåäöéü.-]{1,40}){0,2} [0-9]{1,5}[A-Za-z]?"
                      r"(?: ?[A-Za-z],? | ?, ?| )[0-9]{3} ?[0-9]{2} [A-ZÅÄÖ][a-zåäöé]{1,30}\b")
# A capitalised word followed by another (looked ahead, so "Enligt Anna Andersson" still tries "Anna").
_NAME = re.compile(r"\b([A-ZÅÄÖ][a-zåäöéü]{1,20}(?:-[A-ZÅÄÖ][a-zåäöéü]{1,20})?)(?= (?:af |von |de )?"
                   r"([A-ZÅÄÖ][a-zåäöéü]{1,30}(?:-[A-ZÅÄÖ][a-zåäöéü]{1,30})?)\b)")
_WORD = re.compile(r"[A-Za-zÅÄÖåäöéü]+")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    text = (Path(__file__).with_name("first_names.txt")).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def digits(text: str) -> str:
    """A phone number's digits as dialled from Sweden: '+46 8 508 085 08' and '08-508 085 08' are equal."""
    only = re.sub(r"\D", "", text)
    return "0" + only[2:] if text.lstrip().startswith("+46") else only


def find(text: str, own_phones: frozenset[str] = frozenset(), officials: frozenset[str] = frozenset()
         ) -> list[Finding]:
    """Personal data in `text`. `own_phones`: the organisation's numbers (digits()), never reported;
    `officials`: the words of the names of the case's officials (handler, signatories, submitters …), whose
    names are published on purpose."""
    found = [Finding(EMAIL, m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text)]
    for m in _PHONE.finditer(text):
        number = digits(m.group(0))
        if 8 <= len(number) <= 11 and number not in own_phones:
            found.append(Finding(PHONE, m.start(), m.end(), m.group(0).strip()))
    found += [Finding(ADDRESS, m.start(), m.end(), m.group(0)) for m in _ADDRESS.finditer(text)]
    known = first_names()
    for m in _NAME.finditer(text):
        first, last = m.group(1), m.group(2)
        given = first.split("-")[0]  # Per-Olof, Lars-Erik: the first part is enough
        if (first in known or given in known) and not {first, last} <= officials and last not in known | officials:
            end = text.index(last, m.end()) + len(last)
            found.append(Finding(NAME, m.start(), end, text[m.start():end]))
    return sorted(found, key=lambda f: f.start)


def official_words(*names: str | None) -> frozenset[str]:
    """The words of the officials' names ('Anna Lind-Berg' -> Anna, Lind, Berg, Lind-Berg)."""
    words: set[str] = set()
    for name in names:
        for word in (name or "").split():
            words |= {word.strip(",."), *_WORD.findall(word)}
    return frozenset(words)


# --- what `remissarkiv check` says -----------------------------------------------------------------------------
_WHAT = {EMAIL: "en e-postadress", PHONE: "ett telefonnummer", ADDRESS: "en gatuadress med postnummer",
         NAME: "ett namn"}
# Prose fields where a person may be named by the way; the officials' own fields are officials by their nature.
PROSE_FIELDS = (("summary",), ("decision", "proposal"))


_PREFIX = "personuppgift att granska: "


def finding_text(problem: Problem) -> str:
    """A warning's finding without its heading (the changes page lists them under one)."""
    return problem.message.removeprefix(_PREFIX)


def _message(finding: Finding) -> str:
    if finding.kind == NAME:
        return (f"{_PREFIX}namnet '{finding.text}' står i texten men hör inte till ärendets "
                "handläggare, undertecknare eller förslagsställare – kontrollera att det får publiceras")
    return (f"{_PREFIX}{_WHAT[finding.kind]}, '{finding.text}' – kontrollera att den får "
            "publiceras (en tjänsteperson i tjänsten går bra; en privatperson tas bort)")


def officials_of(case) -> frozenset[str]:
    return official_words(case.handler, case.prepared_by, *(s.name for s in case.signatories),
                          *case.referral.submitters)


def problems(doc, own_phones: frozenset[str] = frozenset()) -> list[Problem]:
    """Warnings with path:line:column for what a reviewer should look at in one case (never errors: the
    finder guesses, a person decides)."""
    officials = officials_of(doc.case)
    out = []
    for f in find(doc.body, own_phones, officials):
        line = doc.body_line + doc.body.count("\n", 0, f.start)
        column = f.start - (doc.body.rfind("\n", 0, f.start) + 1) + 1
        out.append(Problem(doc.source, line, column, WARNING, _message(f)))
    for path in PROSE_FIELDS:
        value = doc.case
        for step in path:
            value = getattr(value, step, None)
        for f in find(value or "", own_phones, officials):
            out.append(Problem(doc.source, doc.fm.line_of(path), 1, WARNING, _message(f)))
    return out


def phone_setting(text: str) -> frozenset[str]:
    """The organisation's own numbers from the setting (comma-separated), as digits()."""
    return frozenset(digits(part) for part in text.split(",") if part.strip())
