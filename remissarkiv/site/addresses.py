"""Every address the site will have, and the problems among them: one rule for `check` and the build.

A case, its attachments, its earlier addresses (aliases), its data file and the listings it appears in all
become files in the built site. Two of them at one path, or a file where another needs a folder of the same
name ('api/cases.json' and 'api/cases.json/index.html'), would overwrite one with the other or stop the
build half-way; a path outside the site's own rule (model.slugs) could write anywhere. `check` finds these
from the archive alone (`plan`), before anything is built; the build checks the exact list of what it writes.
"""
from __future__ import annotations

import math
import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from remissarkiv.archive.indexes import Archive
from remissarkiv.model import slugs
from remissarkiv.model.problems import ERROR, Problem
from remissarkiv.opendata import records
from remissarkiv.site import pages, urls

# Top-level folders that are the site's own: an earlier address of a case never lies in one of them.
RESERVED = {urls.BOARDS, urls.YEARS, urls.TOPICS, urls.REFERRALS, urls.OPEN_REFERRALS, urls.FEEDS, "api", "schema", "assets",
            "pagefind", "search", "sok", "stylesheets", "javascripts"}
# Files the theme writes at the top of every site (MkDocs' templates): no source claims them.
THEME_FILES = ["404.html", "sitemap.xml", "sitemap.xml.gz"]


@dataclass(frozen=True)
class Origin:
    """Where an address comes from, as staff see it: a file, its line, what in it."""

    path: str
    line: int = 1
    what: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line} ({self.what})" if self.what else self.path


def plan(archive: Archive) -> list[tuple[str, Origin]]:
    """(output path in the site, origin) of everything the archive's cases add to the site."""
    out: list[tuple[str, Origin]] = []
    for doc in archive.cases:
        here = Origin(doc.source)
        out.append((urls.output_path(urls.source_path(urls.case(doc.id))), here))
        out.append((records.case_data(doc.id), Origin(doc.source, 1, "datafil")))
        for i, att in enumerate(doc.case.attachments):
            if att.file and slugs.safe_path(att.file):  # an unsafe name: checks.check_attachments explains it
                out.append((urls.attachment(doc.id, att.file),
                            Origin(doc.source, doc.fm.line_of(("attachments", i, "file")), f"attachments: {att.file}")))
        for i, alias in enumerate(doc.earlier_addresses):
            out.append((f"{alias}index.html",
                        Origin(doc.source, doc.fm.line_of(("aliases", i)), f"aliases: {alias}")))
    for doc in archive.withdrawn:  # the notice answers at the address and the earlier ones
        out.append((urls.output_path(urls.source_path(urls.case(doc.id))), Origin(doc.source)))
        out += [(f"{alias}index.html", Origin(doc.source, doc.fm.line_of(("aliases", i)), f"aliases: {alias}"))
                for i, alias in enumerate(doc.earlier_addresses)]
    out += _site_pages(archive)
    for board in archive.boards_in_use():
        board_id, docs = board.id, archive.by_board.get(board.id, ())
        out += _listing(urls.board(board_id), len(docs), f"nämnden {board_id} (data/boards.yml)")
        out.append((urls.feed(board_id=board_id), Origin("data/boards.yml", 1, f"flödet för nämnden {board_id}")))
    for year, docs in archive.by_year.items():
        out += _listing(urls.year(year), len(docs), f"året {year or urls.UNKNOWN_YEAR}")
    for topic in archive.topics.values():
        first = topic.cases[0]
        out += _listing(urls.topic(topic.slug), len(topic.cases), f"ämnet {topic.name}", first.source)
    for group in archive.referrals.values():
        source = group.record.source if group.record else group.answers[0].source
        out += _listing(urls.referral(group.key), 1, f"remissen {group.case_number}", source)
        out.append((records.referral_data(group.key),
                    Origin(source, 1, f"datafilen för remissen {group.case_number}")))
        out.append((urls.feed(referral_key=group.key),
                    Origin(source, 1, f"flödet för remissen {group.case_number}")))
        rec = group.record
        for i, sent in enumerate(rec.record.documents if rec else ()):
            if sent.file and slugs.safe_path(sent.file):  # an unsafe name: checks.check_files explains it
                out.append((urls.referral_file(group.key, sent.file),
                            Origin(rec.source, rec.fm.line_of(("documents", i, "file")), f"documents: {sent.file}")))
    return out


def _site_pages(archive: Archive) -> list[tuple[str, Origin]]:
    """The pages the site has whatever its cases: the indexes, every referral list with its pages (by sender
    and by state too), the open referrals, the archive's feed and data files. A case's or a referral's own
    address may not take one of these (a referral numbered 'Sida 2' would be the list's second page)."""
    out = []
    for url, what in ((urls.board(), "nämndernas förteckning"), (urls.year(index=True), "årens förteckning"),
                      (urls.topic(), "ämnenas förteckning"), (urls.open_referrals(), "öppna remisser")):
        out += _listing(url, 1, what)
    for base, count in pages.referral_list_addresses(archive):
        out += _listing(base, count, f"remisslistan {base}")
    out += [(path, Origin("(genererad)", 1, "arkivets datafil eller flöde"))
            for path in (urls.feed(), *records.ARCHIVE_FILES)]
    return out


def _listing(base: str, count: int, what: str, source: str = "") -> list[tuple[str, Origin]]:
    pages = max(1, math.ceil(count / urls.PAGE_SIZE))
    return [(urls.output_path(urls.source_path(urls.paged(base, n))), Origin(source or "(genererad)", 1, what))
            for n in range(1, pages + 1)]


def _handwritten(docs_dir: Path) -> list[tuple[str, Origin]]:
    if not docs_dir.is_dir():
        return []
    return [(urls.output_path(p.relative_to(docs_dir).as_posix()), Origin(f"docs/{p.relative_to(docs_dir).as_posix()}"))
            for p in docs_dir.rglob("*") if p.is_file()]


class Checker:
    """`problems`, remembering its last answer: a `mkdocs serve` rebuild after an edit that moved no address
    hands it the same sources (some 30,000 at 10,000 cases) and gets the answer without the work."""

    def __init__(self) -> None:
        self._last: tuple[tuple, list[Problem]] | None = None

    def problems(self, sources: list[tuple[str, Origin | str]], docs_dir: Path) -> list[Problem]:
        # In any order (a rebuild may list the pages in another), each as often as given (two alike clash).
        key = (frozenset(Counter(sources).items()), tuple(_handwritten(docs_dir)))
        if self._last is None or self._last[0] != key:
            self._last = (key, problems(sources, docs_dir))
        return list(self._last[1])


def problems(sources: list[tuple[str, Origin | str]], docs_dir: Path) -> list[Problem]:
    """Unsafe paths, two sources at one path, and a file where a folder is needed. `sources`: (path in the
    site, Markdown pages by their source path; origin); the hand-written pages in docs_dir are added here."""
    found: list[Problem] = []
    claimed: dict[str, list[Origin]] = {}
    handwritten = _handwritten(docs_dir) + [(name, Origin("(temat)", 1, name)) for name in THEME_FILES]
    for src, origin in [*sources, *handwritten]:
        origin = origin if isinstance(origin, Origin) else Origin(origin)
        path = urls.output_path(src)
        if not slugs.safe_output_path(path) and not origin.path.startswith(("docs/", "(temat)")):
            found.append(_problem(origin, f"adressen '{path[:200]}' är ingen säker sökväg på webbplatsen: "
                                          f"använd bara {slugs.rule_text()} i varje del"))
            continue
        if origin.what.startswith("aliases:") and path.split("/", 1)[0] in RESERVED:
            found.append(_problem(origin, f"den tidigare adressen '{path[:-len('index.html')]}' ligger bland "
                                          "webbplatsens egna sidor och kan inte leda till ett remissvar: ta bort den"))
            continue
        claimed.setdefault(path, []).append(origin)
    for path, origins in sorted(claimed.items()):
        if len(origins) > 1:
            names = ", ".join(map(str, origins))
            found += [_problem(o, f"{len(origins)} källor ger samma adress '{path}' på webbplatsen: {names} – "
                                  "byt namn på den ena eller ta bort den tidigare adressen") for o in origins]
    for path, origins in sorted(claimed.items()):
        folder = posixpath.dirname(path)
        while folder:
            if folder in claimed:
                names = f"{claimed[folder][0]} och {origins[0]}"
                found.append(_problem(origins[0], f"'{folder}' blir en fil på webbplatsen men '{path}' behöver en "
                                                  f"mapp med samma namn ({names}): byt namn på den ena"))
                break
            folder = posixpath.dirname(folder)
    return found


def _problem(origin: Origin, message: str) -> Problem:
    return Problem(origin.path, origin.line, 1, ERROR, message)
