"""The archive: published cases and their indexes by board, year, topic and referral."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from remissarkiv.model.boards import Board, BoardRegistry
from remissarkiv.model.swedish import case_number_key, slugify, sort_key
from remissarkiv.reading.casedoc import CaseDoc


@dataclass
class ReferralGroup:
    """One referral and every board's answer to it."""

    key: str
    title: str
    case_number: str
    sender: str
    kind: str | None
    answers: list[CaseDoc] = field(default_factory=list)


@dataclass
class Topic:
    slug: str
    name: str
    cases: list[CaseDoc] = field(default_factory=list)


def _newest_first(doc: CaseDoc) -> tuple:
    day = doc.case.effective_date()
    return (day is None, -(day.toordinal()) if day else 0, sort_key(doc.case.title))


class Archive:
    def __init__(self, docs: list[CaseDoc], boards: BoardRegistry):
        self.boards = boards
        self.cases = sorted(docs, key=_newest_first)
        self.by_board: dict[str, list[CaseDoc]] = defaultdict(list)
        self.by_year: dict[int | None, list[CaseDoc]] = defaultdict(list)
        self.topics: dict[str, Topic] = {}
        self.referrals: dict[str, ReferralGroup] = {}
        self.by_id: dict[str, CaseDoc] = {}
        self.by_case_number: dict[str, CaseDoc] = {}
        for doc in self.cases:
            self._index(doc)

    def _index(self, doc: CaseDoc) -> None:
        c = doc.case
        self.by_id[doc.id] = doc
        self.by_board[c.board].append(doc)
        day = c.effective_date()
        self.by_year[day.year if day else None].append(doc)
        for name in c.topics:
            self.topics.setdefault(slugify(name), Topic(slugify(name), name)).cases.append(doc)
        key = referral_key(c.referral.case_number)
        group = self.referrals.setdefault(key, ReferralGroup(
            key, c.referral.title, c.referral.case_number, c.referral.sender, c.referral.kind))
        group.answers.append(doc)
        if c.case_number:
            self.by_case_number[case_number_key(c.case_number)] = doc

    # --- queries -------------------------------------------------------------------------------------
    def board(self, board_id: str) -> Board:
        found = self.boards.get(board_id)
        assert found is not None, board_id  # the loader rejects unknown boards
        return found

    def boards_in_use(self) -> list[Board]:
        return sorted((self.board(b) for b in self.by_board), key=lambda b: sort_key(b.name))

    def years(self) -> list[int | None]:
        known = sorted((y for y in self.by_year if y is not None), reverse=True)
        return known + ([None] if None in self.by_year else [])

    def sorted_topics(self) -> list[Topic]:
        return sorted(self.topics.values(), key=lambda t: sort_key(t.name))

    def sorted_referrals(self) -> list[ReferralGroup]:
        return sorted(self.referrals.values(), key=lambda g: _newest_first(g.answers[0]))

    def referral_of(self, doc: CaseDoc) -> ReferralGroup:
        return self.referrals[referral_key(doc.case.referral.case_number)]

    def find(self, board: str | None = None, year: int | None = None, topic: str | None = None,
             referral: str | None = None) -> list[CaseDoc]:
        docs = self.cases
        if referral is not None:
            group = self.referrals.get(referral_key(referral))
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
    return case_number_key(case_number)
