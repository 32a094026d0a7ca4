"""Bodies Python-Markdown would take too long on: the rule, the time budgets and the message, in one place.

Python-Markdown takes time that grows with the square of the markup in a paragraph (a run of '[' or of unclosed
tags, fence lines …), some of it inside one regular-expression call, where no signal gets a word in. Measured on
2 cores: 2,000 of these characters convert in at most 0.6 s, whatever their pattern, and a 1 MB body of plain
text in 0.4 s. A body with more, or longer than RISKY_LENGTH, is converted in a process of its own that is
stopped after its time budget (parallel.isolated): `check` refuses it after CHECK_BUDGET, the build after
BUILD_BUDGET, naming the case. Light on purpose: the loader asks `risky` of every body without loading Markdown.
"""
from __future__ import annotations

from remissarkiv import parallel

RISKY_CHARACTERS = "[<`>!\\"
RISKY_COUNT = 2000
RISKY_LENGTH = 100_000
CHECK_BUDGET = 1.5
BUILD_BUDGET = 4.0


def risky(body: str) -> bool:
    return len(body) > RISKY_LENGTH or sum(body.count(ch) for ch in RISKY_CHARACTERS) > RISKY_COUNT


def too_heavy(seconds: float) -> str:
    """The message for a body that did not convert within its budget."""
    limit = f"{seconds:g}".replace(".", ",")
    return (f"texten gick inte att göra om till en webbsida på {limit} sekunder och publiceras inte: den innehåller "
            "mycket upprepad markering (t.ex. många '[', '<', '`' eller '>' i rad, eller taggar som aldrig "
            "avslutas) – ta bort upprepningarna eller dela upp texten")


class HeavyBody(Exception):
    """A case's body did not convert within BUILD_BUDGET: nothing is published."""

    def __init__(self, source: str, line: int, seconds: float):
        super().__init__(source)
        self.source, self.line, self.seconds = source, line, seconds


def trial(body: str) -> bool:
    """Convert a risky body as the build would (for `check`); True when it converts within CHECK_BUDGET."""
    from remissarkiv.site import render  # Markdown is loaded only for the few bodies that need a trial

    try:
        parallel.isolated(render.convert_for_trial, body, CHECK_BUDGET)
    except parallel.OverBudget:
        return False
    return True
