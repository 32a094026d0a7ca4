"""Swedish text conventions: collation, dates in running text, URL slugs."""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_FOLD = {"é": "e", "è": "e", "à": "a", "ü": "y", "æ": "ä", "ø": "ö", "w": "v"}

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]


@functools.lru_cache(maxsize=65536)  # every listing sorts the same titles again
def sort_key(text: str) -> tuple:
    """Swedish collation: å, ä, ö after z; v and w sort together, as in Swedish dictionaries."""
    out = []
    for ch in text.lower():
        ch = _FOLD.get(ch, ch)
        out.append(_RANK.get(ch, len(_ALPHABET) + ord(ch)) if ch.strip() else -1)
    return (tuple(out), text)


def long_date(day: dt.date | None) -> str:
    """'17 mars 2020' for running text."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """ASCII slug for URLs: 'Hägersten-Älvsjö' -> 'hagersten-alvsjo'; at most SLUG_LENGTH characters, so that
    with a suffix it stays one safe file name (model.slugs)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:SLUG_LENGTH].strip("-") or "x"


SLUG_LENGTH = 80


# How a diarienummer is normalised, as data: this module applies it to case files, and the search page applies
# the same rule (handed over as JSON by remissarkiv.site.facets) to what a searcher types.
CASE_NUMBER_RULE = {
    "prefix": r"^\s*dnr\.?\s*",   # "Dnr KS 2019/1899" is "KS 2019/1899"
    "normalize": "NFKD",          # then accents come off: "Ä" is "a", as in URLs
    "drop": r"[^a-z0-9]+",        # and what remains apart from letters and digits separates parts
}
# What a diarienummer may look like (the formats vary: KS 2019/1899, KS/2019/0001/0009, 2016-000003,
# Dnr 260-2012-2.6, A2026/00542): at least one digit; letters, digits, spaces and / - – . : _ only; at most 100
# characters. One pattern, valid in Python and in a browser (the form editor checks it as `check` does).
CASE_NUMBER_PATTERN = r"^(?=[^0-9]*[0-9])[0-9A-Za-zÀ-ÖØ-öø-ÿ ./:_–-]{1,100}$"
CASE_NUMBER_HINT = ("ett diarienummer har minst en siffra och bara bokstäver, siffror, mellanslag och tecknen "
                    "/ - – . : _ (högst 100 tecken), t.ex. KS 2019/1899")
_PREFIX = re.compile(CASE_NUMBER_RULE["prefix"])
_DROP = re.compile(CASE_NUMBER_RULE["drop"])


def _case_number_parts(number: str) -> list[str]:
    text = unicodedata.normalize(CASE_NUMBER_RULE["normalize"], _PREFIX.sub("", number.lower(), count=1))
    return [part for part in _DROP.split(text) if part]


@functools.lru_cache(maxsize=65536)
def case_number_key(number: str) -> str:
    """Lenient key for diarienummer: 'Dnr KS 2019/1899', 'ks 2019-1899' and 'KS 2019/1899' are equal."""
    return "-".join(_case_number_parts(number)) or "x"


def case_number_token(number: str) -> str:
    """The key without separators, one search token: 'KS 2019/1899' -> 'ks20191899'."""
    return "".join(_case_number_parts(number))


_IDENTITY_DROP = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def case_number_identity(number: str) -> str:
    """When two diarienummer are the same number: case, a 'Dnr' prefix and separators do not count, every
    letter does ('ÄN 2019/1' is not 'AN 2019/1', though both give the address slug 'an-2019-1')."""
    text = unicodedata.normalize("NFKC", _PREFIX.sub("", number.lower(), count=1)).casefold()
    return "-".join(part for part in _IDENTITY_DROP.split(text) if part) or "x"
