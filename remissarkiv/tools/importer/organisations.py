"""Whose document is it: the organisations a document names in its letterhead, running header and first lines,
matched against the archive's own (data/boards.yml, `organisation:`).

An archive belongs to one organisation. Göteborg has a Stadsledningskontoret too, so a board found by an office's
name is Stockholm's only if the document is: one that names another organisation where a letterhead stands, and
not the archive's own, gets no board, and the report says whose it seems to be.
"""
from __future__ import annotations

import re
from collections import Counter

from remissarkiv.model.boards import Organisation

FIRST_LINES = 25        # a letterhead, a header table and the opening sentence are within these
_WORD = r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"  # a place name as written: "Sörmland", not "TJÄNSTEUTLÅTANDE"
# "Huddinge kommun(s)", "Malmö stad", "Göteborgs Stad", "Region Skåne", "Landstinget Sörmland", "Stockholms läns
# landsting", "Västra Götalandsregionen", "Göteborgsregionens kommunalförbund", "Räddningstjänsten Storgöteborg",
# "Södertörns brandförsvarsförbund"
NAMED = re.compile(
    rf"(?<![\wåäö])(?:(?:Region|Landstinget)\s+{_WORD}(?:\s+{_WORD})?"
    rf"|(?:{_WORD}\s)?{_WORD}\s+(?:kommun|stad|Stad|läns\s+landsting|kommunalförbund)s?"
    rf"|(?:{_WORD}\s)?{_WORD}(?:regionen|förbundet|brandförsvarsförbund|räddningstjänstförbund)s?"
    rf"|Räddningstjänsten\s+{_WORD})(?![\wåäö])")
_NOT_PLACES = {"den", "denna", "varje", "en", "ett", "vår", "er", "vilken", "annan", "samma", "hela", "egen", "berörd",
               "aktuell", "respektive", "enskild", "större", "mindre", "liten", "stor", "berörda", "alla", "flera"}


def key(name: str) -> str:
    """One key for the forms of a name: 'Huddinge kommuns' and 'Huddinge kommun', 'Stockholms stad' and
    'Stockholm stad', 'Göteborgs Stad' and 'Göteborgs stad'."""
    words = [w.lower() for w in name.split()]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def named(text: str) -> list[str]:
    """The organisations a line names, as written."""
    found = []
    for m in NAMED.finditer(text[:2000]):
        name = re.sub(r"\s+", " ", m.group(0))
        if name.split()[0].lower() in _NOT_PLACES:
            continue
        found.append(name[:-1] if re.search(r"(?:kommun|stad|landsting|förbund|regionen)s$", name, re.I) else name)
    return found


def ours(name: str, organisation: Organisation) -> bool:
    """The archive's own name, or the start of it ("Region Jämtland" for "Region Jämtland Härjedalen")."""
    found = key(name)
    return any(k == found or k.startswith(found + " ") for k in (key(n) for n in organisation.all_names))


def foreign(lines: list[str], organisation: Organisation | None) -> str | None:
    """The other organisation a document's first lines name, when they never name the archive's own; else None.
    Without an organisation in the registry nothing can be told, and nothing is claimed."""
    if organisation is None:
        return None
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for text in lines:
        for name in named(text):
            if ours(name, organisation):
                return None
            counts[key(name)] += 1
            first.setdefault(key(name), name)
    if not counts:
        return None
    return first[counts.most_common(1)[0][0]]
