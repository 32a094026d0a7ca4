"""Checks that need more than one field, or more than one case, or the board registry."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from .boards import BoardRegistry
from .problems import ERROR, Problem

if TYPE_CHECKING:
    from .loader import CaseDoc


def _problem(doc: "CaseDoc", loc: tuple, message: str, severity: str = ERROR) -> Problem:
    return Problem(doc.source, doc.fm.line_of(loc), 1, severity, message)


def check_board(doc: "CaseDoc", boards: BoardRegistry) -> Iterable[Problem]:
    board = boards.get(doc.case.board)
    if board is None:
        yield _problem(doc, ("board",), f"okänd nämnd '{doc.case.board}': använd ett id ur data/boards.yml "
                                        "eller lägg till nämnden där")
        return
    day = doc.case.effective_date()
    if day is not None and not board.existed_on(day):
        hint = f" – efterträdare: '{board.successor}'" if board.successor and board.valid_to and day > board.valid_to else ""
        yield _problem(doc, ("board",), f"{board.name} fanns inte {day.isoformat()} "
                                        f"(giltig {board.valid_from or '…'}–{board.valid_to or '…'}){hint}")


def check_date_order(doc: "CaseDoc", boards: BoardRegistry) -> Iterable[Problem]:
    c = doc.case
    received = c.referral.received
    for loc, day, label in ((("decision", "date"), c.decision.date, "beslutsdatumet"),
                            (("date",), c.date, "dokumentets datum")):
        if received and day and day < received:
            yield _problem(doc, loc, f"{label} {day} ligger före remissens ankomstdatum {received}: kontrollera datumen")
    if received and c.referral.deadline and c.referral.deadline < received:
        yield _problem(doc, ("referral", "deadline"),
                       f"sista svarsdag {c.referral.deadline} ligger före ankomstdatumet {received}")


PER_CASE: list[Callable[["CaseDoc", BoardRegistry], Iterable[Problem]]] = [check_board, check_date_order]


def run(docs: list["CaseDoc"], boards: BoardRegistry) -> list[Problem]:
    return [p for doc in docs for check in PER_CASE for p in check(doc, boards)]
