"""The search index (Pagefind): what it learns about each case and each referral, and how it is built.

Pagefind does not read the finished site. Each case and each referral's page gets a small HTML document of its
own, made from the same model as its page: the title, the facts as a sentence, the body (a referral's missive),
search-only terms, and the filters, metadata and sort key of the search page. Pagefind indexes those documents
in a child process while the site generator renders the site, so indexing costs little extra time;
`IndexBuild.finish` moves the index into the site.

Pagefind's memory grows with the text it indexes (about 300 KB a case) and has no bound of its own. For an
archive past some 20,000 cases the index can be split by year (`search_shards`): parts of whole years, one
Pagefind run per part, one after another, each into pagefind/<years>/; the search page merges the parts a query
needs (sok.js).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from remissarkiv.model import labels
from remissarkiv.model.swedish import case_number_token
from remissarkiv.site import pagefind_meta, urls, vendor
from remissarkiv.site.facets import RESULT_META, SORT_KEY, filters, referral_filters, year_of

INDEX_DIR = "pagefind"         # below the site root
# Pagefind's ready-made interfaces: the search page uses its JavaScript API only (docs/javascripts/sok.js).
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    pass




def engine(choice: str = "", root: Path | None = None) -> list[str]:
    """The Pagefind command. "" : the exact version package-lock.json pins (npm's `pagefind`, 1.6.0), found in
    the project's or this checkout's node_modules, else PyPI's `pagefind[bin]` (1.5.2); "pypi": PyPI's, for
    comparing the two (make bench). When PyPI offers the pinned version, CONTRIBUTING.md says how to switch."""
    if choice not in ("", "pypi"):
        raise SearchIndexError(f"okänd Pagefind-version '{choice}': skriv \"\" eller \"pypi\"")
    if choice == "":
        for folder in vendor.folders(root):
            found = sorted((folder / "@pagefind").glob("*/bin/pagefind_extended"))
            if found:
                return [str(found[0])]
    return [sys.executable, "-m", "pagefind"]


def number_tokens(number: str | None) -> list[str]:
    """Search tokens for a diarienummer: 'KS 2019/1899' -> ['ks20191899', '20191899'].
    The search page turns a query that looks like a case number into the same token (the rule is
    swedish.CASE_NUMBER_RULE, which sok.js receives as data)."""
    if not number:
        return []
    joined = case_number_token(number)
    digits = re.sub(r"\D", "", joined)
    return [t for t in dict.fromkeys([joined, digits]) if len(t) >= 4]


def case_number_terms(doc) -> list[str]:
    """The case-number tokens a case's search document holds: its referral's number and its own."""
    return number_tokens(doc.case.referral.case_number) + number_tokens(doc.case.case_number)


def _meta(doc, board_name: str) -> tuple[list[tuple[str, str]], str | None]:
    """(metadata, sort date) of a case for the search page's results."""
    c = doc.case
    day = c.effective_date()
    meta = [("title", c.title), (RESULT_META["board"], board_name), (RESULT_META["number"], c.referral.case_number),
            (RESULT_META["position"], labels.position(c.decision.position))]
    if day:
        meta.append((RESULT_META["date"], day.isoformat()))
    return meta, day.isoformat() if day else None


def _facts(doc, board_name: str) -> str:
    """The facts a searcher may type, as a sentence: shown in excerpts, so it must read well."""
    c = doc.case
    r = c.referral
    parts = [f"{board_name}.", f"{labels.field('referral')} {r.case_number} från {r.sender}: {r.title}."]
    if c.case_number:
        parts.append(f"{labels.field('case_number')} {c.case_number}.")
    for path, values in (("referral.submitters", r.submitters), ("signatories", [s.name for s in c.signatories]),
                         ("topics", c.topics)):
        if values:
            parts.append(f"{labels.field(path)}: {', '.join(values)}.")
    return " ".join(parts)


def document(doc, board_name: str, body_html: str, parts: list[str]) -> str:
    """The HTML document Pagefind indexes for one case page (all case text escaped or already rendered)."""
    meta, day = _meta(doc, board_name)
    spans = [f'<span data-pagefind-filter="{name}">{escape(value)}</span>' for name, value in filters(doc, board_name)]
    spans += [f'<span data-pagefind-meta="{name}">{escape(value)}</span>' for name, value in meta]
    if day:
        spans.append(f'<span data-pagefind-sort="{SORT_KEY}">{day}</span>')
    numbers = case_number_terms(doc)
    # Case-number tokens and compound parts: found by search, seen only when an excerpt reaches them.
    terms = (f'<p>{labels.SEARCH_TERMS}: <span data-pagefind-weight="10">{escape(" ".join(numbers))}</span> '
             f'<span data-pagefind-weight="0.5">{escape(" ".join(parts))}</span></p>') if numbers or parts else ""
    title = escape(doc.case.title)
    return (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body data-pagefind-body><h1>{title}</h1>'
            f'<p data-pagefind-weight="2">{escape(_facts(doc, board_name))}</p>{body_html}{terms}'
            f'<div data-pagefind-ignore>{"".join(spans)}</div></body></html>')


def referral_day(group):
    """The day a referral's page is found and sorted under: the day it was sent, else that of its first dated
    answer (the nearest known day to its sending); None when neither is known."""
    sent = group.record.record.sent if group.record else None
    days = [d.case.effective_date() for d in group.answers if d.case.effective_date()]
    return sent or (min(days) if days else None)


def referral_year(group) -> int | None:
    day = referral_day(group)
    return day.year if day else None


def referral_document(archive, group, missive_html: str) -> str:
    """The document Pagefind indexes for a referral's page: its case number counts twice at the answers'
    weight (Pagefind's weights stop at 10), so a search for the number shows the referral first; its missive
    is its text."""
    record = group.record.record if group.record else None
    day = referral_day(group)
    year = day.year if day else None
    meta = [("title", labels.referral_title(group.title)), (RESULT_META["board"], group.sender),
            (RESULT_META["number"], group.case_number)] + ([(RESULT_META["date"], day.isoformat())] if day else [])
    spans = [f'<span data-pagefind-filter="{name}">{escape(value)}</span>'
             for name, value in referral_filters(group.sender, year)]
    spans += [f'<span data-pagefind-meta="{name}">{escape(value)}</span>' for name, value in meta]
    if day:
        spans.append(f'<span data-pagefind-sort="{SORT_KEY}">{day.isoformat()}</span>')
    asked = [archive.boards.get(b).name if archive.boards.get(b) else b for b in (record.asked if record else [])]
    asked += list(record.asked_others) if record else []
    facts = f"{labels.KIND_REFERRAL} {group.case_number} från {group.sender}."
    facts += f" {labels.DEADLINE} {record.deadline.isoformat()}." if record and record.deadline else ""
    facts += f" {labels.ASKED}: {', '.join(asked)}." if asked else ""
    numbers = " ".join(number_tokens(group.case_number) * 2)
    title = escape(labels.referral_title(group.title))
    return (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body data-pagefind-body><h1>{title}</h1><p data-pagefind-weight="2">{escape(facts)}</p>'
            f'{missive_html}<p>{labels.SEARCH_TERMS}: <span data-pagefind-weight="10">{escape(numbers)}</span></p>'
            f'<div data-pagefind-ignore>{"".join(spans)}</div></body></html>')


def documents(archive, bodies, missives: dict | None = None) -> dict[str, str]:
    """{page URL: HTML document to index} for every case and every referral in the archive. `missives`: the
    referral records' bodies converted, by record id."""
    out = {urls.case(d.id): document(d, archive.board(d.case.board).name, bodies[d.id].html, bodies[d.id].parts)
           for d in archive.cases}
    missives = missives or {}
    for group in archive.sorted_referrals():
        missive = missives.get(group.record.id) if group.record else None
        out[urls.referral(group.key)] = referral_document(archive, group, missive.html if missive else "")
    return out


def parts(archive, size: int) -> list[tuple[str, list[int | None]]]:
    """The parts of an index split by year, newest first, as (folder below pagefind/, years): whole years, at
    most `size` cases each (a larger year alone), the cases without a date in a part of their own, last."""
    counts = Counter(year_of(d) for d in archive.cases)
    groups: list[list[int]] = []
    total = 0
    for year in sorted((y for y in counts if y is not None), reverse=True):
        if not groups or total + counts[year] > size:
            groups.append([])
            total = 0
        groups[-1].append(year)
        total += counts[year]
    found = [(str(g[0]) if len(g) == 1 else f"{g[-1]}-{g[0]}", list(g)) for g in groups]
    return found + ([(urls.UNKNOWN_YEAR, [None])] if None in counts else [])


# `search_shards` not set (AUTO): one index up to AUTO_LIMIT cases, beyond that parts of at most AUTO_PART cases.
# Measured (CONTRIBUTING.md, "Build stages"): the build needs about 0.085 GB per 1,000 cases without its index
# and Pagefind about 0.3 GB per 1,000 cases of the part it indexes, so one index stays under 5 GB up to 12,000
# cases, and parts of 10,000 keep 30,000 cases at 5.5 GB: within a 7 GB runner up to about 35,000 cases.
AUTO = -1
AUTO_LIMIT = 12_000
AUTO_PART = 10_000


def shard_size(setting: int, cases: int) -> int:
    """The parts' size for an archive of `cases`: the setting when it is given (0: one index), else the rule."""
    if setting != AUTO:
        return setting
    return AUTO_PART if cases > AUTO_LIMIT else 0


def shards(archive, size: int) -> dict[str, str]:
    """{page URL: its part's folder} for an index split by year. A referral's page goes with its year's
    cases, or into the newest part when no part holds its year."""
    found = parts(archive, size)
    folder = {year: path for path, years in found for year in years}
    out = {urls.case(d.id): folder[year_of(d)] for d in archive.cases}
    newest = found[0][0] if found else ""
    out.update({urls.referral(g.key): folder.get(referral_year(g), newest) for g in archive.referrals.values()})
    return out


def shard_list(archive, size: int) -> list[dict]:
    """What the search page needs of a split index: each part's folder and år values, newest first (the order
    of a search sorted newest first)."""
    return [{"path": path, "years": [labels.year(y) for y in years]} for path, years in parts(archive, size)]


# A split index's case numbers, routed: which parts hold each case-number token, in files named by the token's
# first ROUTE_DIGITS digits (ASCII), about a tenth of a year's numbers each. A case-number query fetches one
# file and searches only the parts that hold a token it begins (sok.js: numberParts); every token that begins
# with the query has the query's first digits, so one file holds all of them.
ROUTE_DIR = "sok/nummer"
ROUTE_DIGITS = 5


def route_key(token: str) -> str | None:
    digits = re.sub(r"[^0-9]", "", token)
    return digits[:ROUTE_DIGITS] if len(digits) >= ROUTE_DIGITS else None


def number_routes(archive, size: int) -> dict[str, dict[str, list[int]]]:
    """{route key: {token: the parts holding it, as indexes into shard_list}} for an index split into parts of
    `size`: the tokens of every case (case_number_terms) and referral page, under the part their page is in."""
    order = {path: i for i, (path, _) in enumerate(parts(archive, size))}
    folder = shards(archive, size)
    found: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    pages = [(urls.case(d.id), case_number_terms(d)) for d in archive.cases]
    pages += [(urls.referral(g.key), number_tokens(g.case_number)) for g in archive.referrals.values()]
    for url, tokens in pages:
        for token in tokens:
            key = route_key(token)
            if key is not None:
                found[key][token].add(order[folder[url]])
    return {key: {token: sorted(held) for token, held in sorted(tokens.items())} for key, tokens in sorted(found.items())}


def route_files(routes: dict[str, dict[str, list[int]]]) -> dict[str, str]:
    """The routes as the site's files: {path below the site root: JSON}."""
    return {f"{ROUTE_DIR}/{key}.json": json.dumps(tokens, separators=(",", ":")) for key, tokens in routes.items()}


class IndexBuild:
    """Pagefind indexing the documents in child processes that run while the site is rendered: one, or one per
    shard (`shards`: {URL: shard folder}), one after another so that only one holds its index in memory."""

    def __init__(self, docs: dict[str, str], work_parent: Path, command: list[str] | None = None,
                 shards: dict[str, str] | None = None):
        # Next to the site, so that finish() moves the index with a rename instead of a copy.
        work_parent.mkdir(parents=True, exist_ok=True)
        self._work = Path(tempfile.mkdtemp(prefix=".sokindex-", dir=work_parent))
        self._out = self._work / INDEX_DIR
        source = self._work / "sidor"
        # Written before the site generator starts: a writer thread would wait for the GIL after every file.
        for url, html in docs.items():
            # Pagefind derives each result's URL from the file's path below the folder it indexes.
            folder = os.path.join(source, shards[url], url) if shards else os.path.join(source, url)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
                f.write(html)
        parts = sorted(set(shards.values())) if shards else [""]
        self._runs = [[*(command or engine()), "--site", str(source / part), "--output-path", str(self._out / part),
                       "--exclude-selectors", ".headerlink", "--silent"] for part in parts]
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._cancelled = False
        self._error: str | None = None
        self._runner = threading.Thread(target=self._run_all, daemon=True)
        self._runner.start()

    def _run_all(self) -> None:
        for run in self._runs:
            with self._lock:
                if self._cancelled:
                    return
                # Lower priority: the site generator's own work comes first, Pagefind takes the idle core.
                self._process = subprocess.Popen(run, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                                 preexec_fn=lambda: os.nice(10))
            output, _ = self._process.communicate()
            if self._process.returncode != 0:
                self._error = output.strip() or f"avslutades med kod {self._process.returncode}"
                return

    def finish(self, site_dir: Path) -> None:
        """Wait for Pagefind and put the index into site_dir; the site gets no index unless it is complete."""
        try:
            self._runner.join()
            if self._error is not None or self._cancelled:
                raise SearchIndexError(f"sökindexet kunde inte byggas (Pagefind): {self._error or 'avbrutet'}")
            for unused in UNUSED_FILES:
                for path in self._out.rglob(unused):
                    path.unlink()
            pagefind_meta.patch_bundle(self._out)  # a query fetches only the word chunks that can answer it
            target = site_dir / INDEX_DIR
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(self._out), str(target))
        finally:
            self.cancel()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._runner.join()
        shutil.rmtree(self._work, ignore_errors=True)
