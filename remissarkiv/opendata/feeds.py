"""Atom feeds of newly published and corrected cases (the whole archive, each board, each referral), and in a
referral's feed also the referral record itself, when it comes.

Made with feedgen. Every date comes from the case data (a case's date, its latest correction), never from
the clock, so an unchanged archive gives byte-identical feeds. Dates are days: they are written as midnight
UTC. A case whose document gives no date is dated by the day its file first came into the archive's git
history (CaseDoc.added); without that history it cannot be placed in time and is left out (never given a date).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from feedgen.feed import FeedGenerator

from remissarkiv.archive.indexes import Archive, ReferralGroup
from remissarkiv.model import labels
from remissarkiv.reading.casedoc import CaseDoc
from remissarkiv.site import urls

LIMIT = 50


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Entry:
    """One entry of a feed: a case published or corrected, or a referral record announced."""

    url: str                 # the page's site path
    title: str
    author: str
    updated: dt.date
    published: dt.date | None
    summary: str
    topics: tuple[str, ...] = ()


def _withdrawn_entries(archive: Archive, docs: Iterable[CaseDoc], named: bool) -> list[Entry]:
    """Withdrawals announced (updated on the day of withdrawal, the reason as summary). `named`: a feed that
    names the case (its board's, its referral's) leaves out the full removals, which name nothing."""
    return [Entry(urls.case(d.id), labels.feed_withdrawn(None if d.case.withdrawal.full else d.case.title),
                  labels.FEED_ALL if d.case.withdrawal.full else archive.board(d.case.board).name,
                  d.case.withdrawal.date, None, d.case.withdrawal.reason)
            for d in docs if not (named and d.case.withdrawal.full)]


def _newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda en: (en.updated, en.url), reverse=True)[:LIMIT]


def has_feed(docs: Iterable[CaseDoc]) -> bool:
    """A feed exists when one of its cases has a date: undated cases are left out, and Atom needs a date."""
    return any(doc.updated() for doc in docs)


def referral_has_feed(group: ReferralGroup) -> bool:
    """A referral's feed exists when one of its answers, or its record, has a date."""
    return has_feed(group.answers) or _record_entry(group) is not None


def _summary(doc: CaseDoc) -> str:
    last = doc.case.last_correction()
    text = doc.case.summary or doc.case.referral.title
    return f"{labels.CORRECTION} {last.date.isoformat()}: {last.description}\n\n{text}" if last else text


def _case_entries(archive: Archive, docs: list[CaseDoc]) -> list[Entry]:
    dated = sorted((d for d in docs if d.updated()), key=lambda d: (d.updated(), d.id), reverse=True)[:LIMIT]
    return [Entry(urls.case(d.id), d.case.title, archive.board(d.case.board).name, d.updated(), d.published_on(),
                  _summary(d), tuple(d.case.topics)) for d in dated]


def _record_entry(group: ReferralGroup) -> Entry | None:
    """The referral record announced: on the day it was sent, else the day it came into the archive's history;
    without either it has no date and no entry."""
    rec = group.record
    day = (rec.record.sent or rec.added) if rec else None
    if day is None:
        return None
    deadline = rec.record.deadline
    summary = labels.feed_new_referral(group.sender, group.case_number, deadline.isoformat() if deadline else None)
    return Entry(urls.referral(group.key), labels.referral_title(group.title), group.sender, day, day, summary)


def feed(entries: list[Entry], title: str, url: str, page_url: str, base: str, publisher: str) -> bytes | None:
    """One feed of `entries` (newest first), or None when there are none."""
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
    fg.updated(_when(entries[0].updated))
    for item in entries:
        entry = fg.add_entry(order="append")
        page = urls.absolute(base, item.url)
        entry.id(page)
        entry.title(item.title)
        entry.link(href=page, rel="alternate", type="text/html")
        entry.author({"name": item.author})
        entry.updated(_when(item.updated))
        if item.published:
            entry.published(_when(item.published))
        entry.summary(item.summary)
        for topic in item.topics:
            entry.category(term=topic)
    return fg.atom_str(pretty=True)


@dataclass(frozen=True)
class _Feed:
    path: str
    exists: bool                         # it has a dated entry (cheap to know: no entry is made for it)
    entries: Callable[[], list[Entry]]   # made when the feed is written
    title: str
    page: str


def _feeds(archive: Archive) -> Iterator[_Feed]:
    """The feeds of the archive, each board and each referral."""
    yield _Feed(urls.feed(), has_feed(archive.cases) or bool(archive.withdrawn),
                lambda: _newest(_case_entries(archive, archive.cases)
                                + _withdrawn_entries(archive, archive.withdrawn, named=False)),
                labels.FEED_ALL, "")
    for board_id, docs in archive.by_board.items():
        gone = [d for d in archive.withdrawn if d.case.board == board_id]
        yield _Feed(urls.feed(board_id=board_id), has_feed(docs),
                    lambda docs=docs, gone=gone: _newest(_case_entries(archive, docs)
                                                         + _withdrawn_entries(archive, gone, named=True)),
                    labels.feed_board(archive.board(board_id).name), urls.board(board_id))
    for key, group in archive.referrals.items():
        yield _Feed(urls.feed(referral_key=key), referral_has_feed(group),
                    lambda group=group: _referral_entries(archive, group),
                    labels.feed_referral(group.title, group.case_number), urls.referral(key))


def _referral_entries(archive: Archive, group: ReferralGroup) -> list[Entry]:
    record = _record_entry(group)
    gone = [d for d in archive.withdrawn if archive.referral_named(d.case.referral.case_number) is group]
    return _newest(_case_entries(archive, group.answers) + ([record] if record else [])
                   + _withdrawn_entries(archive, gone, named=True))


def feed_paths(archive: Archive) -> list[str]:
    """The feeds a build publishes: those with a dated entry (as `each_feed` makes them)."""
    return [f.path for f in _feeds(archive) if f.exists]


def each_feed(archive: Archive, base: str, publisher: str) -> Iterator[tuple[str, bytes]]:
    """(site path, feed), made one at a time, for the archive, each board and each referral with a dated entry."""
    for f in _feeds(archive):
        if f.exists:
            yield f.path, feed(f.entries(), f.title, f.path, f.page, base, publisher)
