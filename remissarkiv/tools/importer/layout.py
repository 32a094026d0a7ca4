"""Page furniture: running headers, footers and page numbers, told apart from the document's own text.

A line is furniture when it sits at the edge of a page and is either repeated at the edges of most pages, or
made only of what running headers hold (the förvaltning or board, the document type, "Dnr …", a date,
"Sida N (M)"). The first page's top is the document's front block, not furniture: its facts are read by
front.py. Furniture is kept aside, not thrown away: a fact that only the running header gives (the Dnr, the
date) is still read from it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from remissarkiv.tools.importer.front import EMBEDDED, is_page_number

# What a running header is made of besides the facts front.py reads (Dnr, date, document type, page, a
# district's förvaltning): the name of any förvaltning or nämnd, and the city's. A line of nothing else is
# furniture.
_HEADER_PARTS = [pattern for _, pattern in EMBEDDED] + [
    re.compile(r"\bstockholms stad\b", re.I),
    re.compile(r"[\wåäöÅÄÖéü-]*(?:förvaltning|förvaltningen|nämnd|nämnden|kontoret)\b", re.I),
    re.compile(r"\bdatum\b", re.I),
    re.compile(r"(?<![\w/])\d{1,3}\s*\(\s*\d{1,3}\s*\)"),  # "2 (3)" without "Sida"
]
MAX_HEADER = 300  # characters: no running header is longer
EDGE = 3        # lines at each edge of a page that may be furniture
TOP_OF_PAGE = 5  # a running header may take a few more lines at the top of a later page


@dataclass
class Cleaned:
    lines: list[str]                                   # the document's text, pages joined, lines stripped
    furniture: list[str] = field(default_factory=list)  # what was taken out, in order


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def is_running_header(line: str) -> bool:
    """Made only of what running headers hold (and at least one such part). A running header is short: a longer
    line is text, and the patterns never meet an unbounded line (linear work whatever a document holds)."""
    if len(line) > MAX_HEADER:
        return False
    rest = line
    for part in _HEADER_PARTS:
        rest = part.sub(" ", rest)
    return rest != line and not rest.strip(" \t-–|,.:;")


def _repeated(pages: list[list[str]]) -> set[str]:
    """Shapes of lines found at the edges of most pages (digits count as one: 'Sida 2 (3)' = 'Sida 3 (3)')."""
    if len(pages) < 2:
        return set()
    edges: Counter = Counter()
    for page in pages:
        content = [ln for ln in page if ln.strip()]
        edges.update({_shape(ln) for ln in content[:EDGE] + content[-EDGE:]})
    return {shape for shape, n in edges.items() if n >= max(2, (len(pages) + 1) // 2)}


def _edge_run(content: list[str], furniture) -> int:
    """How many lines from the start of content are furniture (blank lines do not end the run)."""
    n = 0
    for line in content:
        if not furniture(line):
            break
        n += 1
    return n


def clean(pages: list[list[str]]) -> Cleaned:
    repeated = _repeated(pages)
    out = Cleaned([])
    for number, page in enumerate(pages):
        content = [ln.strip() for ln in page]
        filled = [i for i, ln in enumerate(content) if ln]

        def furniture(line: str) -> bool:
            return is_page_number(line) or _shape(line) in repeated or (number > 0 and is_running_header(line))

        top = _edge_run([content[i] for i in filled[:TOP_OF_PAGE]], furniture)
        # The first page's top is the front block: only repeated lines and page numbers are furniture there.
        if number == 0:
            top = _edge_run([content[i] for i in filled[:EDGE]],
                            lambda ln: is_page_number(ln) or _shape(ln) in repeated)
        bottom = _edge_run([content[i] for i in reversed(filled[-EDGE:])],
                           lambda ln: is_page_number(ln) or _shape(ln) in repeated or is_running_header(ln))
        drop = set(filled[:top]) | set(filled[len(filled) - bottom:] if bottom else [])
        for i, line in enumerate(content):
            if i in drop:
                out.furniture.append(line)
            elif is_page_number(line) and line:
                out.furniture.append(line)  # a page number in the middle: a page break the extractor moved
            else:
                out.lines.append(line)
    return out
