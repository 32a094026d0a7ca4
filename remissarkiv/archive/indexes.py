"""The archive: published cases and their indexes by board, year, topic and referral."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from remissarkiv.model.boards import Board, BoardRegistry
from remissarkiv.model.swedish import SLUG_LENGTH, case_number_identity, case_number_key, slugify, sort_key
from remissarkiv.reading.casedoc import CaseDoc, RecordDoc


@dataclass
class ReferralGroup:
    """One referral and every board's answer to it. `key` is its address slug; `identity` says which
    referral it is (referral_identity): two referrals whose numbers slugify alike get different keys."""

    key: str
    title: str
    case_number: str
    sender: str
    kind: str | None
    answers: list[CaseDoc] = field(default_factory=list)
    identity: str = ""
    record: RecordDoc | None = None  # its referral record (cases/remisser/), if it has one

    def order(self) -> tuple:
        """Newest first: by the day it was sent, else by its newest answer."""
        day = self.record.record.sent if self.record and self.record.record.sent else None
        if day is None and self.answers:
            day = self.answers[0].case.effective_date()
        return (day is None, -(day.toordinal()) if day else 0, sort_key(self.title))


@dataclass
class Topic:
    slug: str
    name: str
    cases: list[CaseDoc] = field(default_factory=list)


def _newest_first(doc: CaseDoc) -> tuple:
    day = doc.case.effective_date()
    return (day is None, -(day.toordinal()) if day else 0, sort_key(doc.case.title))


class Archive:
    def __init__(self, docs: list[CaseDoc], boards: BoardRegistry, records: list[RecordDoc] = (),
                 withdrawn: list[CaseDoc] = ()):
        self.boards = boards
        self.cases = sorted(docs, key=_newest_first)
        # Withdrawn cases are in no index: only their notices, the feeds and the data files name them.
        self.withdrawn = sorted(withdrawn, key=lambda d: d.id)
        self.by_board: dict[str, list[CaseDoc]] = defaultdict(list)
        self.by_year: dict[int | None, list[CaseDoc]] = defaultdict(list)
        self.topics: dict[str, Topic] = {}
        self._referrals: dict[str, ReferralGroup] = {}  # by identity
        self.referrals: dict[str, ReferralGroup] = {}   # by key (address slug)
        self.by_id: dict[str, CaseDoc] = {}
        self.by_case_number: dict[str, CaseDoc] = {}
        for doc in self.cases:
            self._index(doc)
        for rec in records:  # a record names its referral: its facts win over those of the first answer
            r = rec.record
            identity = referral_identity(r.case_number)
            group = self._referrals.get(identity)
            if group is None:
                group = self._referrals[identity] = ReferralGroup(referral_key(r.case_number), r.title, r.case_number,
                                                                  r.sender, r.kind, identity=identity)
            group.title, group.sender, group.kind, group.record = r.title, r.sender, r.kind or group.kind, rec
        self._key_referrals()

    def _index(self, doc: CaseDoc) -> None:
        c = doc.case
        self.by_id[doc.id] = doc
        self.by_board[c.board].append(doc)
        day = c.effective_date()
        self.by_year[day.year if day else None].append(doc)
        for name in c.topics:
            self.topics.setdefault(slugify(name), Topic(slugify(name), name)).cases.append(doc)
        identity = referral_identity(c.referral.case_number)
        group = self._referrals.get(identity)
        if group is None:
            group = self._referrals[identity] = ReferralGroup(
                referral_key(c.referral.case_number), c.referral.title, c.referral.case_number, c.referral.sender,
                c.referral.kind, identity=identity)
        group.answers.append(doc)
        if c.case_number:
            self.by_case_number[case_number_key(c.case_number)] = doc

    def _key_referrals(self) -> None:
        """Every referral gets its own key. When numbers of different referrals slugify alike, the one whose
        number is written as its slug (else the first in sort order) keeps the plain slug and the others get
        a short suffix from their number, so each keeps its address whichever answer comes first."""
        by_slug: dict[str, list[ReferralGroup]] = defaultdict(list)
        for group in self._referrals.values():
            by_slug[group.key].append(group)
        for slug, groups in by_slug.items():
            groups.sort(key=lambda g: (g.identity != slug, g.identity))
            for group in groups[1:]:
                group.key = f"{slug}-{hashlib.sha1(group.identity.encode('utf-8')).hexdigest()[:8]}"
        self.referrals = {g.key: g for g in self._referrals.values()}

    # --- queries -------------------------------------------------------------------------------------
    def board(self, board_id: str) -> Board:
        found = self.boards.get(board_id)
        assert found is not None, board_id  # the loader rejects unknown boards
        return found

    def boards_in_use(self) -> list[Board]:
        """Boards that have answered, or were asked to answer (a referral record): each has its page."""
        asked = {b for g in self._referrals.values() if g.record for b in g.record.record.asked if b in self.boards}
        return sorted((self.board(b) for b in set(self.by_board) | asked), key=lambda b: sort_key(b.name))

    def years(self) -> list[int | None]:
        known = sorted((y for y in self.by_year if y is not None), reverse=True)
        return known + ([None] if None in self.by_year else [])

    def sorted_topics(self) -> list[Topic]:
        return sorted(self.topics.values(), key=lambda t: sort_key(t.name))

    def sorted_referrals(self) -> list[ReferralGroup]:
        return sorted(self.referrals.values(), key=ReferralGroup.order)

    def records(self) -> list[RecordDoc]:
        """The referral records, in the referrals' order."""
        return [g.record for g in self.sorted_referrals() if g.record]

    def referral_of(self, doc: CaseDoc) -> ReferralGroup:
        return self._referrals[referral_identity(doc.case.referral.case_number)]

    def referral_named(self, case_number: str) -> ReferralGroup | None:
        """The referral a case number names, if the archive has it (a withdrawn case's may be gone)."""
        return self._referrals.get(referral_identity(case_number))

    def find(self, board: str | None = None, year: int | None = None, topic: str | None = None,
             referral: str | None = None) -> list[CaseDoc]:
        docs = self.cases
        if referral is not None:
            group = self._referrals.get(referral_identity(referral))
            docs = group.answers if group else []
        if board is not None:
            docs = [d for d in docs if d.case.board == board]
        if year is not None:
            docs = [d for d in docs if d in self.by_year.get(year, ())]
        if topic is not None:
            wanted = slugify(topic)
            docs = [d for d in docs if wanted in {slugify(t) for t in d.case.topics}]
        return docs

    def lookup(self, number_or_id: str) -> CaseDoc | None:
        return self.by_id.get(number_or_id) or self.by_case_number.get(case_number_key(number_or_id))


def referral_key(case_number: str) -> str:
    """A referral's address slug (unique once the archive has resolved clashes: ReferralGroup.key)."""
    return case_number_key(case_number)[:SLUG_LENGTH].strip("-") or "x"


def referral_identity(case_number: str) -> str:
    """Which referral a case number names: equal numbers, and only those, are one referral."""
    return case_number_identity(case_number)
