"""Find Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

A candidate counts only when its date is real (day + 60 for a coordination number) and its Luhn check digit
is right, so case numbers, phone numbers and dates raise no false alarms.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# 10 or 12 digits, optionally '-' or '+' before the last four; not part of a longer run of digits.
_CANDIDATE = re.compile(r"(?<![0-9.,/-])([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{3})([0-9])(?![0-9]|[.,/-][0-9])")


# A cheap first pass: almost no text has six digits in a row, and the full pattern is slow to scan with.
_QUICK = re.compile("[0-9]" * 6)  # spelled out: several times faster than \d{6} in CPython's re


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    coordination: bool

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


def find(text: str) -> list[Hit]:
    hits: list[Hit] = []
    if not _QUICK.search(text):
        return hits
    for m in _CANDIDATE.finditer(text):
        century, yy, mm, dd, _sep, serial, check = m.groups()
        if century and century not in ("18", "19", "20"):
            continue
        valid, coordination = _date_ok(century, yy, mm, dd)
        if valid and luhn_ok(yy + mm + dd + serial, check):
            hits.append(Hit(m.start(), m.end(), m.group(0), coordination))
    return hits
