"""Who was asked, who answered what, what is still open: a referral's state on a given day.

Computed from its referral record (cases/remisser/) and the answers in the archive; a referral without a
record has only its answers, and every "asked" question is unknown.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from remissarkiv.archive.indexes import Archive, ReferralGroup
from remissarkiv.model.case import Position
from remissarkiv.model.referral import ReferralRecord
from remissarkiv.reading.casedoc import CaseDoc

ANSWERED, LATE, MISSING, OPEN, UNKNOWN = "besvarad", "sen", "saknas", "öppen", "okänt"
POSITIONS: tuple[str, ...] = Position.__args__  # type: ignore[attr-defined]


@dataclass
class Asked:
    name: str                  # the board's name, or the external body as written
    board: str | None          # board id, None for an external body
    state: str                 # ANSWERED, LATE, MISSING (deadline passed), OPEN (not yet), UNKNOWN
    answer: CaseDoc | None = None


@dataclass
class ReferralState:
    group: ReferralGroup
    today: dt.date
    asked: list[Asked] = field(default_factory=list)
    unasked: list[CaseDoc] = field(default_factory=list)  # answers from boards not on the list
    complete: bool = False                                # the list of bodies asked is complete
    tally: dict[str | None, int] = field(default_factory=dict)  # position (None: not given) → answers

    @property
    def open(self) -> bool:
        deadline = self.deadline
        return bool(deadline and deadline >= self.today)

    @property
    def deadline(self) -> dt.date | None:
        if self.group.record:
            return self.group.record.record.deadline
        return next((d.case.referral.deadline for d in self.group.answers if d.case.referral.deadline), None)

    def count(self, *states: str) -> int:
        return sum(a.state in states for a in self.asked)

    @property
    def boards(self) -> list[Asked]:
        """The boards asked (the archive holds only boards' answers; other bodies' state is unknown)."""
        return [a for a in self.asked if a.board]

    @property
    def answered(self) -> int:
        return sum(a.answer is not None for a in self.boards)


def state(archive: Archive, group: ReferralGroup, today: dt.date) -> ReferralState:
    out = ReferralState(group, today)
    counts = Counter(d.case.decision.position for d in group.answers)
    out.tally = {**{p: counts.get(p, 0) for p in POSITIONS}, None: counts.get(None, 0)}
    if group.record is None:
        out.unasked = sorted(group.answers, key=lambda d: archive.board(d.case.board).name)
        return out
    record = group.record.record
    out.complete = record.asked_complete
    first = _first_answers(group)
    for board_id in record.asked:
        board = archive.boards.get(board_id)
        doc = first.get(board_id)
        out.asked.append(Asked(board.name if board else board_id, board_id, _board_state(record, doc, today), doc))
    out.asked += [Asked(name, None, UNKNOWN) for name in record.asked_others]
    asked = set(record.asked)
    out.unasked = sorted((d for d in group.answers if d.case.board not in asked),
                         key=lambda d: archive.board(d.case.board).name)
    return out


def _first_answers(group: ReferralGroup) -> dict[str, CaseDoc]:
    """Each board's first answer to the referral (the earliest dated; undated ones last)."""
    first: dict[str, CaseDoc] = {}
    for doc in sorted(group.answers, key=lambda d: d.case.effective_date() or dt.date.max):
        first.setdefault(doc.case.board, doc)
    return first


def _board_state(record: ReferralRecord, answer: CaseDoc | None, today: dt.date) -> str:
    """An asked board's state: its first answer in time or late; without one, missing once the deadline passed."""
    if answer is not None:
        return LATE if record.late(answer.case.effective_date()) else ANSWERED
    return MISSING if record.deadline and record.deadline < today else OPEN


def answered_count(group: ReferralGroup) -> tuple[int, int]:
    """(asked boards that have answered, boards asked) of a referral with a record, as state(…).answered and
    len(state(…).boards) count them: no day changes it, so the lists need not work out the whole state."""
    record = group.record.record
    answering = {d.case.board for d in group.answers}
    return sum(board in answering for board in record.asked), len(record.asked)


def is_open(group: ReferralGroup, today: dt.date) -> bool:
    """state(…).open, without working out the rest of the state (who answered): the deadline alone decides."""
    return ReferralState(group, today).open


def list_state(archive: Archive, group: ReferralGroup, today: dt.date) -> str:
    """A referral's state for the referral list's filter: open, its deadline passed, or no deadline known."""
    now = ReferralState(group, today)  # the deadline alone decides
    if now.deadline is None:
        return "utan-svarsdag"
    return "oppna" if now.open else "passerade"


@dataclass
class YearRecord:
    """One year of a board's record: its answers and their positions, and how the referrals it was asked to
    answer (by the year of their deadline) went."""

    year: int | None
    answers: int = 0
    positions: Counter = field(default_factory=Counter)  # position (None: not given) → answers
    asked: int = 0       # referrals whose deadline has passed (or that it has answered)
    in_time: int = 0
    late: int = 0
    missing: int = 0


def board_records(archive: Archive, today: dt.date) -> dict[str, list[YearRecord]]:
    """Each board's record, newest year first: answers per year and positions over time, and of the referrals
    it was asked to answer, how many it answered by the deadline, late, or not at all. A referral still open
    on `today` and not yet answered counts nowhere yet."""
    years: dict[str, dict[int | None, YearRecord]] = {}

    def row(board: str, year: int | None) -> YearRecord:
        rows = years.setdefault(board, {})
        found = rows.get(year)
        if found is None:  # made only when missing: a YearRecord (and its Counter) for every case adds up
            found = rows[year] = YearRecord(year)
        return found

    for doc in archive.cases:
        day = doc.case.effective_date()
        r = row(doc.case.board, day.year if day else None)
        r.answers += 1
        r.positions[doc.case.decision.position] += 1
    for group in archive.referrals.values():
        record = group.record.record if group.record else None
        if record is None or record.deadline is None:
            continue  # without a deadline nothing is in time or late
        first = _first_answers(group)
        for board_id in record.asked:
            now = _board_state(record, first.get(board_id), today)
            if now == OPEN:
                continue
            r = row(board_id, record.deadline.year)
            r.asked += 1
            r.in_time += now == ANSWERED
            r.late += now == LATE
            r.missing += now == MISSING
    return {board: sorted(rows.values(), key=lambda r: (r.year is None, -(r.year or 0)))
            for board, rows in years.items()}
