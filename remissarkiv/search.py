"""What the search index (Pagefind) learns about a case page, and how the index is built.

The markup is plain HTML with data-pagefind-* attributes, so any generator can emit it; `build_index` runs
the Pagefind binary over a finished site folder.
"""
from __future__ import annotations

import re
import subprocess
import sys
from html import escape
from pathlib import Path

from .schema import position_label
from .swedish import case_number_key

# The filter names below are the facets of the search page (docs/javascripts/sok.js: FACETS).
UNKNOWN_YEAR = "Datum saknas"  # also the year listings' label for cases without a date


class SearchIndexError(Exception):
    pass


def number_tokens(number: str | None) -> list[str]:
    """Search tokens for a diarienummer: 'KS 2019/1899' -> ['ks20191899', '20191899'].
    The search page turns a query that looks like a case number into the same token (sok.js)."""
    if not number:
        return []
    joined = case_number_key(number).replace("-", "")
    digits = re.sub(r"\D", "", joined)
    return [t for t in dict.fromkeys([joined, digits]) if len(t) >= 4]


def case_markup(doc, board_name: str, parts: list[str]) -> str:
    """Hidden blocks that give Pagefind the case's filters, sort key, metadata and extra search terms."""
    c = doc.case
    day = c.effective_date()
    position = position_label(c.decision.position)
    filters = [("nämnd", board_name), ("år", str(day.year) if day else UNKNOWN_YEAR),
               ("ställningstagande", position), ("remittent", c.referral.sender)]
    if c.document_type:
        filters.append(("dokumenttyp", c.document_type))
    filters += [("ämne", t) for t in c.topics]
    meta = [("title", c.title), ("nämnd", board_name), ("diarienummer", c.referral.case_number),
            ("ställningstagande", position)]
    if day:
        meta.append(("datum", day.isoformat()))
    spans = [f'<span data-pagefind-filter="{name}">{escape(value)}</span>' for name, value in filters]
    spans += [f'<span data-pagefind-meta="{name}">{escape(value)}</span>' for name, value in meta]
    if day:
        spans.append(f'<span data-pagefind-sort="datum">{day.isoformat()}</span>')
    numbers = number_tokens(c.referral.case_number) + number_tokens(c.case_number)
    facts = [board_name, c.referral.title, c.referral.case_number, c.case_number or "", c.referral.sender,
             *c.referral.submitters, *(s.name for s in c.signatories), *c.topics]
    return (f'<div class="ra-search-data" hidden data-pagefind-ignore>{"".join(spans)}</div>'
            f'<div class="ra-search-terms" hidden aria-hidden="true">'
            f'<span data-pagefind-weight="10">{escape(" ".join(numbers))}</span> '
            f'<span data-pagefind-weight="2">{escape(". ".join(f for f in facts if f))}</span> '
            f'<span data-pagefind-weight="0.5">{escape(" ".join(parts))}</span></div>')


def build_index(site_dir: Path) -> None:
    """Run Pagefind over a built site; the index lands in site_dir/pagefind."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir",
                             "pagefind", "--exclude-selectors", ".md-content__button, .headerlink", "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"sökindexet kunde inte byggas (Pagefind): {result.stderr.strip() or result.stdout.strip()}")
