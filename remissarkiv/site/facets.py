"""The search page's facets and what the page needs to know about the index, defined once, here.

The search documents (remissarkiv.site.search) get their filters from `filters`; the search page gets the same
list, its labels and the case-number rule as JSON (`browser_config`, put into docs/sok.md by the macro
`search_config`), the way Datasette hands facets to its templates as data instead of keeping a second list in
the browser.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from remissarkiv.model import labels
from remissarkiv.model.swedish import CASE_NUMBER_RULE
from remissarkiv.reading.casedoc import CaseDoc


@dataclass(frozen=True)
class Facet:
    key: str                                      # filter name in the index and parameter in the page's URL
    values: Callable[[CaseDoc, str], list[str]]   # (case, its board's name) -> the case's values
    newest_first: bool = False                    # order of values: years newest first, the rest A–Ö

    @property
    def label(self) -> str:
        return labels.FACETS[self.key]


def year_of(doc: CaseDoc) -> int | None:
    """The year a case is found under (the år facet, and the search index's shard when it is split by year)."""
    day = doc.case.effective_date()
    return day.year if day else None


def _year(doc: CaseDoc, board: str) -> list[str]:
    return [labels.year(year_of(doc))]


YEAR_FACET = "år"  # also what a search index split by year is split by

TYPE_FACET = "typ"  # a case ('Remissvar') or a referral's page ('Remiss')

FACETS: list[Facet] = [
    Facet(TYPE_FACET, lambda doc, board: [labels.KIND_ANSWER]),
    Facet("nämnd", lambda doc, board: [board]),
    Facet(YEAR_FACET, _year, newest_first=True),
    Facet("ställningstagande", lambda doc, board: [labels.position(doc.case.decision.position)]),
    Facet("remittent", lambda doc, board: [doc.case.referral.sender]),
    Facet("dokumenttyp", lambda doc, board: [doc.case.document_type] if doc.case.document_type else []),
    Facet("ämne", lambda doc, board: list(doc.case.topics)),
]


def filters(doc: CaseDoc, board_name: str) -> list[tuple[str, str]]:
    """(facet key, value) pairs of one case, in facet order."""
    return [(f.key, value) for f in FACETS for value in f.values(doc, board_name)]


def referral_filters(sender: str, year: int | None) -> list[tuple[str, str]]:
    """(facet key, value) pairs of a referral's page: its type, its sender and its year (or 'Datum saknas', as
    an undated case)."""
    return [(TYPE_FACET, labels.KIND_REFERRAL), (YEAR_FACET, labels.year(year)), ("remittent", sender)]


SORT_KEY = "datum"  # the search documents' sort key: the case's date

# What a search result shows besides its title (metadata keys of the search documents).
RESULT_META = {
    "board": "nämnd",
    "date": "datum",
    "number": "diarienummer",
    "position": "ställningstagande",
}


def browser_config(shards: list[dict] | None = None, numbers: dict | None = None,
                   boards: list[dict] | None = None, referrals: str = "") -> dict:
    """`shards`: the parts of a search index split by year (remissarkiv.site.search.shard_list), or None;
    `numbers`: where its case numbers are routed (search.number_routes: digits, folder, the files' keys);
    `boards`: each board with answers, its name and page (a query naming one leads there first); `referrals`:
    the referral pages' folder, seen from the search page (a case number leads to its referral's page)."""
    return {
        "shards": shards,
        "numbers": numbers,
        "boards": boards or [],
        "referrals": referrals,
        "yearFacet": YEAR_FACET,
        "facets": [{"key": f.key, "label": f.label, "newestFirst": f.newest_first} for f in FACETS],
        "caseNumber": CASE_NUMBER_RULE,
        "sortKey": SORT_KEY,
        "meta": RESULT_META,
        "labels": {
            "unknownDate": labels.UNKNOWN_DATE,
            "number": labels.field("case_number"),
            "position": labels.field("decision.position"),
            "hit": list(labels.NOUNS["hit"]),
            "noHits": labels.NO_HITS,
            "searchTerms": labels.SEARCH_TERMS,
            "board": labels.field("board"),
            "referral": labels.REFERRAL,
            "direct": labels.DIRECT_HITS,
        },
    }


def browser_config_script(shards: list[dict] | None = None, numbers: dict | None = None,
                          boards: list[dict] | None = None, referrals: str = "") -> str:
    """The configuration as a JSON data block for the search page (safe inside <script>: no '<')."""
    data = json.dumps(browser_config(shards, numbers, boards, referrals), ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="ra-search-config">{data}</script>'
