"""What the archive already knows, for the importer (issue 36, point 6): who signed and handled for which board in
which year, the referral numbers on record with their titles and senders, and how each board writes its own Dnr.

A match raises or settles a field, and the report says why ("Lisa Kinnari undertecknade för Bromma stadsdelsnämnd
2019"). Nothing is taken from here that the document does not point to: a known name found in the document, a
referral number the document gives, a case number the document prints.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.model.swedish import case_number_key

_PREFIX = re.compile(r"^([A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,5})[\s-]?\d")


@dataclass
class Knowledge:
    people: dict[str, list[tuple[str, int | None, str]]] = field(default_factory=lambda: defaultdict(list))
    referrals: dict[str, dict] = field(default_factory=dict)     # case_number_key → title, sender, kind
    prefixes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # "BRO" → {"bromma"}

    @classmethod
    def of(cls, cases) -> "Knowledge":
        """From the archive's cases (model.case.Case, drafts included: they are the organisation's own)."""
        known = cls()
        for case in cases:
            year = (case.date or case.decision.date).year if (case.date or case.decision.date) else None
            for person in case.signatories:
                known.people[person.name.lower()].append((case.board, year, "undertecknade"))
            if case.handler:
                for name in case.handler.split(","):
                    if name.strip():
                        known.people[name.strip().lower()].append((case.board, year, "handlade"))
            ref = case.referral
            known.referrals.setdefault(case_number_key(ref.case_number),
                                       {"title": ref.title, "sender": ref.sender, "kind": ref.kind,
                                        "number": ref.case_number})
            if case.case_number and (m := _PREFIX.match(case.case_number)):
                known.prefixes[m.group(1).upper()].add(case.board)
        return known

    def board_of_people(self, names: list[str], boards: BoardRegistry) -> tuple[str, str] | None:
        """The one board the named people signed or handled for, with the reason; None when none or several."""
        found: dict[str, str] = {}
        for name in names:
            for board_id, year, what in self.people.get(name.lower(), []):
                board = boards.get(board_id)
                if board is not None:
                    found.setdefault(board_id, f"{name} {what} för {board.name}" + (f" {year}" if year else ""))
        if len(found) == 1:
            (board_id, reason), = found.items()
            return board_id, reason
        return None

    def board_of_number(self, number: str | None) -> tuple[str, str] | None:
        """The board whose earlier cases carry this Dnr prefix ("BRO 2021/12" → bromma), when only one does."""
        m = _PREFIX.match(number or "")
        boards = self.prefixes.get(m.group(1).upper(), set()) if m else set()
        if len(boards) == 1:
            board = next(iter(boards))
            return board, f"nämndens tidigare ärenden har diarienummer som börjar med {m.group(1).upper()}"
        return None

    def referral(self, number: str | None) -> dict | None:
        return self.referrals.get(case_number_key(number)) if number else None


def load(cases_dir, root) -> Knowledge:
    """The knowledge of the archive in cases_dir: each case file read as `check` reads it, but none of check's
    rules across cases (duplicates, attachments, referral records), which the importer does not need. An
    unreadable case is simply not known (check reports it)."""
    from remissarkiv.reading import loader

    if not cases_dir.is_dir():
        return Knowledge()
    read = loader.FileCache().read_all(loader.case_files(cases_dir), cases_dir, root)
    return Knowledge.of(doc.case for doc, _ in read if doc is not None)
