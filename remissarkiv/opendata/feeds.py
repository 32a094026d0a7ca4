"""Atom feeds of newly published and corrected cases: the whole archive, each board, each referral.

Made with feedgen. Every date comes from the case data (a case's date, its latest correction), never from
the clock, so an unchanged archive gives byte-identical feeds. Dates are days: they are written as midnight
UTC. A case whose document gives no date is dated by the day its file first came into the archive's git
history (CaseDoc.added); without that history it cannot be placed in time and is left out (never given a date).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from feedgen.feed import FeedGenerator

from remissarkiv.archive.indexes import Archive
from remissarkiv.model import labels
from remissarkiv.reading.casedoc import CaseDoc
from remissarkiv.site import urls

LIMIT = 50


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=dt.timezone.utc)


def has_feed(docs: Iterable[CaseDoc]) -> bool:
    """A feed exists when one of its cases has a date: undated cases are left out, and Atom needs a date."""
    return any(doc.updated() for doc in docs)


def _latest(docs: list[CaseDoc]) -> list[CaseDoc]:
    dated = [d for d in docs if d.updated()]
    return sorted(dated, key=lambda d: (d.updated(), d.id), reverse=True)[:LIMIT]


def _summary(doc: CaseDoc) -> str:
    last = doc.case.last_correction()
    text = doc.case.summary or doc.case.referral.title
    return f"{labels.CORRECTION} {last.date.isoformat()}: {last.description}\n\n{text}" if last else text


def feed(archive: Archive, docs: list[CaseDoc], title: str, url: str, page_url: str, base: str,
         publisher: str) -> bytes | None:
    """One feed of the latest dated cases among `docs`, or None when none has a date."""
    entries = _latest(docs)
    if not entries:
        return None
    fg = FeedGenerator()
    fg.id(urls.absolute(base, url))
    fg.title(title)
    fg.author({"name": publisher or labels.FEED_ALL})
    fg.link(href=urls.absolute(base, url), rel="self", type="application/atom+xml")
    fg.link(href=urls.absolute(base, page_url), rel="alternate", type="text/html")
    fg.language("sv")
    fg.generator("Remissarkivet")
    fg.updated(_when(entries[0].updated()))
    for doc in entries:
        entry = fg.add_entry(order="append")
        page = urls.absolute(base, urls.case(doc.id))
        entry.id(page)
        entry.title(doc.case.title)
        entry.link(href=page, rel="alternate", type="text/html")
        entry.author({"name": archive.board(doc.case.board).name})
        entry.updated(_when(doc.updated()))
        if doc.published_on():
            entry.published(_when(doc.published_on()))
        entry.summary(_summary(doc))
        for topic in doc.case.topics:
            entry.category(term=topic)
    return fg.atom_str(pretty=True)


def _feeds(archive: Archive) -> Iterator[tuple[str, list[CaseDoc], str, str]]:
    """(feed path, its cases, title, page) for the archive, each board and each referral."""
    yield urls.feed(), archive.cases, labels.FEED_ALL, ""
    for board_id, docs in archive.by_board.items():
        yield (urls.feed(board_id=board_id), docs, labels.feed_board(archive.board(board_id).name),
               urls.board(board_id))
    for key, group in archive.referrals.items():
        yield (urls.feed(referral_key=key), group.answers, labels.feed_referral(group.title, group.case_number),
               urls.referral(key))


def feed_paths(archive: Archive) -> list[str]:
    """The feeds a build publishes: those with a dated case (as `each_feed` makes them)."""
    return [path for path, docs, _, _ in _feeds(archive) if has_feed(docs)]


def each_feed(archive: Archive, base: str, publisher: str) -> Iterator[tuple[str, bytes]]:
    """(site path, feed), made one at a time, for the archive, each board and each referral with a dated case."""
    for path, docs, title, page in _feeds(archive):
        data = feed(archive, docs, title, path, page, base, publisher)
        if data is not None:
            yield path, data
