"""Find Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Text is first read as a person would read it (`normalise`): entities decoded, Unicode NFKC (full-width digits
are digits), soft hyphens, zero-width characters, HTML tags and Markdown emphasis removed, every kind of dash
read as '-', a number broken over a line joined, spaces around the separator dropped. A candidate then counts
only when its date is real (day + 60 for a coordination number) and its Luhn check digit is right, so case
numbers, phone numbers and dates raise no false alarms.

Ten digits without a separator that begin with 07 read as a mobile number as well as an identity number
(0701234567): such a hit is marked `ambiguous`, and the checker asks staff to look rather than stopping.
"""
from __future__ import annotations

import calendar
import html
import re
import unicodedata
from dataclasses import dataclass

# 10 or 12 digits, optionally '-', '+' or a space before the last four; not part of a longer run of digits
# (a prefix such as 'id-' does not protect it).
_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})([-+]|[^\S\n]+)?([0-9]{3})([0-9])"
                        r"(?![0-9]|[.,/][0-9])")

# Each step is a regular expression that starts only where it can apply: a build reads some 300 MB this way.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_IGNORED = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff*_~`\\\\]")  # invisible; Markdown emphasis, code
_TAG = re.compile(r"<[^<>\n]{0,200}>")
_LINE_BREAK = re.compile(r"([0-9-])[ \t]*\n[ \t>]*(?=[0-9-])")
_AROUND_SEPARATOR = re.compile(r"([0-9])[^\S\n]*([-+])[^\S\n]*(?=[0-9])")


# A cheap first pass: almost no text has six digits in a row, and the full pattern is slow to scan with.
_QUICK = re.compile("[0-9]" * 6)  # spelled out: several times faster than \d{6} in CPython's re

# Before the last steps, the six digits every number begins with can only be apart by what those steps
# remove: tags, ignored characters and one line break (spaces or tabs, a newline, spaces, tabs or '>').
# Where no six digits are that close, no step can bring them together, and the text is done after one pass
# (a built page rarely is not: its digits stand alone). `tests/test_personnummer.py` holds this to the steps.
_REMOVED = "(?:" + _TAG.pattern + "|" + _IGNORED.pattern + ")"
_GAP = f"(?:{_REMOVED}*|(?:{_REMOVED}|[ \t])*\n(?:{_REMOVED}|[ \t>])*)"
_CLOSE_DIGITS = re.compile(f"[0-9](?:(?=[0-9<\n \t{_IGNORED.pattern[1:-1]}]){_GAP}[0-9]){{5}}")


@dataclass(frozen=True)
class Hit:
    start: int         # where the number begins in the text as given (not the normalised text)
    end: int
    text: str          # the number as read
    coordination: bool
    ambiguous: bool = False  # ten digits from 07…, no separator: may be a mobile number

    @property
    def masked(self) -> str:
        """Shown in messages instead of the number itself: date part only."""
        return self.text[: len(self.text) - 4] + "****"


def luhn_ok(nine_digits: str, check: str) -> bool:
    total = 0
    for i, ch in enumerate(nine_digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10 == int(check)


def _date_ok(century: str | None, yy: str, mm: str, dd: str) -> tuple[bool, bool]:
    """(valid, is_coordination_number)."""
    month, day = int(mm), int(dd)
    coordination = day > 60
    if coordination:
        day -= 60
    if not 1 <= month <= 12 or day < 1:
        return False, coordination
    # Without the century, allow 29 February (some century makes it a leap year).
    year = int((century or "20") + yy) if century else 2000 + int(yy)
    last = calendar.monthrange(year, month)[1] if century else max(calendar.monthrange(2000, month)[1],
                                                                  calendar.monthrange(2001, month)[1])
    return day <= last, coordination


def normalise(text: str) -> str:
    """The text as a reader sees it, for matching."""
    return _layout(_characters(text))


def _characters(text: str) -> str:
    """The first steps: entities decoded, Unicode NFKC."""
    if "&" in text:
        text = html.unescape(text)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _layout(text: str) -> str:
    """The other steps: dashes read as '-'; tags, ignored characters, line breaks, spaces around '-' gone."""
    if not text.isascii():
        text = _DASHES.sub("-", text)
    if "<" in text:
        text = _TAG.sub("", text)
    text = _IGNORED.sub("", text)
    text = _LINE_BREAK.sub(r"\1", text)
    return _AROUND_SEPARATOR.sub(r"\1\2", text)


def _matches(normalised: str) -> list[tuple[str, bool, bool]]:
    """(number, coordination, ambiguous) for each identity number in already normalised text."""
    return [hit for hit in map(_hit, _candidates(normalised)) if hit is not None]


def _candidates(normalised: str):
    """_CANDIDATE.finditer(normalised), tried only where six digits begin after a non-digit: every candidate
    begins so, and the pattern, which opens with a look-behind, would otherwise be tried at every character."""
    end = 0
    for run in _QUICK.finditer(normalised):
        start = run.start()
        if start < end or (start and "0" <= normalised[start - 1] <= "9"):
            continue
        m = _CANDIDATE.match(normalised, start)
        if m is not None:
            end = m.end()
            yield m


def find(text: str) -> list[Hit]:
    characters = _characters(text)
    if not _CLOSE_DIGITS.search(characters):
        return []
    hits = _matches(_layout(characters))
    if not hits:
        return []
    # Only texts with hits pay for the positions: the same steps again, each character remembering where it
    # came from, in one linear pass per step (never a rescan per hit).
    tracked, origin = _normalise_tracked(text)
    found = []
    for m in _candidates(tracked):
        hit = _hit(m)
        if hit is not None:
            start, end = origin[m.start()], origin[m.end() - 1] + 1
            found.append(Hit(start, end, *hit))
    return found


def mask(text: str) -> str:
    """The text with each identity number shown by its date part only (for reports that quote a document)."""
    out, last = [], 0
    for hit in find(text):
        out += [text[last:hit.start], hit.masked]
        last = hit.end
    return "".join(out) + text[last:]


def _hit(m: re.Match) -> tuple[str, bool, bool] | None:
    century, yy, mm, dd, sep, serial, check = m.groups()
    if century and century not in ("18", "19", "20"):
        return None
    valid, coordination = _date_ok(century, yy, mm, dd)
    if valid and luhn_ok(yy + mm + dd + serial, check):
        return m.group(0), coordination, not century and sep is None and yy == "07"
    return None


# html.unescape's own pattern: each match is decoded by html.unescape itself, so both agree.
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _normalise_tracked(text: str) -> tuple[str, list[int]]:
    """`normalise`, step by step, with the original offset of every character of the result."""
    origin = list(range(len(text)))
    steps = [
        (_CHARREF, lambda m: [(html.unescape(m.group(0)), m.start())]),
        (_NON_ASCII, lambda m: [(_DASHES.sub("-", unicodedata.normalize("NFKC", m.group(0))), m.start())]),
        (_TAG, lambda m: []),
        (_IGNORED, lambda m: []),
        (_LINE_BREAK, lambda m: [(m.group(1), m.start(1))]),
        (_AROUND_SEPARATOR, lambda m: [(m.group(1), m.start(1)), (m.group(2), m.start(2))]),
    ]
    for pattern, replace in steps:
        text, origin = _tracked_sub(pattern, replace, text, origin)
    return text, origin


def _tracked_sub(pattern: re.Pattern, replace, text: str, origin: list[int]) -> tuple[str, list[int]]:
    """pattern.sub with offsets: `replace(m)` gives (text, offset in `text`) pieces, each character of a piece
    keeping the origin of the character it replaces."""
    out, where, last = [], [], 0
    for m in pattern.finditer(text):
        out.append(text[last:m.start()])
        where.extend(origin[last:m.start()])
        for piece, at in replace(m):
            out.append(piece)
            where.extend([origin[at]] * len(piece))
        last = m.end()
    if last == 0:
        return text, origin
    out.append(text[last:])
    where.extend(origin[last:])
    return "".join(out), where


def rule() -> dict:
    """The finder's patterns as data, for the form editor, which applies the same steps in the browser before
    it saves (docs/admin/remissarkiv-cms.js; tests/test_cms.py runs both on one corpus and compares)."""
    return {"candidate": _CANDIDATE.pattern, "dashes": _DASHES.pattern, "ignored": _IGNORED.pattern,
            "tag": _TAG.pattern, "lineBreak": _LINE_BREAK.pattern, "aroundSeparator": _AROUND_SEPARATOR.pattern,
            "centuries": ["18", "19", "20"], "ambiguous": "07"}
