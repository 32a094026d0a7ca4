"""Checks that need more than one field, more than one case, the file system or the board registry."""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from remissarkiv.config import Limits
from remissarkiv.model import allowed_html
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.model.problems import ERROR, WARNING, Problem
from remissarkiv.model.swedish import case_number_identity
from remissarkiv.reading import content, tree
from remissarkiv.reading.casedoc import CaseDoc, RecordDoc

# What the archive publishes as attachments: open or common office formats, no active content (no HTML/SVG).
ATTACHMENT_TYPES = {".pdf", ".docx", ".odt", ".xlsx", ".ods", ".csv", ".txt", ".png", ".jpg", ".jpeg"}
MAX_ATTACHMENT_BYTES = 50_000_000


def _problem(doc: CaseDoc, loc: tuple, message: str, severity: str = ERROR) -> Problem:
    return Problem(doc.source, doc.fm.line_of(loc), 1, severity, message)


def check_board(doc: CaseDoc, boards: BoardRegistry) -> Iterable[Problem]:
    board = boards.get(doc.case.board)
    if board is None:
        yield _problem(doc, ("board",), f"okänd nämnd '{doc.case.board}': {boards.suggestion(doc.case.board)}"
                                        "använd ett id ur data/boards.yml eller lägg till nämnden där")
        return
    day = doc.case.effective_date()
    if day is not None and not board.existed_on(day):
        hint = f" – efterträdare: '{board.successor}'" if board.successor and board.valid_to and day > board.valid_to else ""
        yield _problem(doc, ("board",), f"{board.name} fanns inte {day.isoformat()} "
                                        f"(giltig {board.valid_from or '…'}–{board.valid_to or '…'}){hint}")


def check_date_order(doc: CaseDoc, boards: BoardRegistry) -> Iterable[Problem]:
    c = doc.case
    received = c.referral.received
    for loc, day, label in ((("decision", "date"), c.decision.date, "beslutsdatumet"),
                            (("date",), c.date, "dokumentets datum")):
        if received and day and day < received:
            yield _problem(doc, loc, f"{label} {day} ligger före remissens ankomstdatum {received}: kontrollera datumen")
    day = c.effective_date()
    for i, correction in enumerate(c.corrections):
        if day and correction.date < day:
            yield _problem(doc, ("corrections", i, "date"), f"rättelsen {correction.date} ligger före ärendets datum "
                                                            f"{day}: en rättelse görs efter publiceringen")
    if received and c.referral.deadline and c.referral.deadline < received:
        yield _problem(doc, ("referral", "deadline"),
                       f"sista svarsdag {c.referral.deadline} ligger före ankomstdatumet {received}")


def check_attachments(doc: CaseDoc, boards: BoardRegistry, has_folder: Callable[[Path], bool] | None = None
                      ) -> Iterable[Problem]:
    yield from check_files(doc, "attachments", [a.file for a in doc.case.attachments], "bilagan", "ärendets",
                           "publicera den hos nämnden och länka med source_url", has_folder)


def check_files(doc, field_name: str, files: list[str | None], kind: str, owner: str,
                instead: str, has_folder: Callable[[Path], bool] | None = None) -> Iterable[Problem]:
    """The files a case (its attachments) or a referral record (its documents) lists under `field_name`:
    inside its own folder, of a published type, present, not linked, not too large; and a warning for a file
    in the folder that nothing lists. `kind`/`owner`: the words for the messages ('bilagan', 'ärendets');
    `instead`: what to do with a file too large to publish; `has_folder`: whether a folder exists, not linked
    (tree.Tree.has_folder: the scan of cases/ already knows, without a system call a case)."""
    folder = doc.folder
    listed = set()
    for i, file in enumerate(files):
        if file is None:
            continue
        loc = (field_name, i, "file")
        rel = PurePosixPath(file.replace("\\", "/"))
        where = f"{doc.source[:-3]}/"
        if rel.is_absolute() or ".." in rel.parts or ":" in file:
            yield _problem(doc, loc, f"{kind} '{file}' ligger utanför {owner} mapp: ange en sökväg inuti {where}")
            continue
        path = folder / rel
        listed.add(path)
        unsafe = next((part for part in rel.parts if not tree.safe_name(part)), None)
        if unsafe is not None:
            yield _problem(doc, loc, tree.unsafe_name_message(kind, unsafe))
        elif path.suffix.lower() not in ATTACHMENT_TYPES:
            yield _problem(doc, loc, f"filtypen '{path.suffix or '(ingen)'}' publiceras inte: tillåtna typer är "
                                     f"{', '.join(sorted(ATTACHMENT_TYPES))}")
        elif not path.is_file():
            yield _problem(doc, loc, f"{kind} '{file}' finns inte: lägg filen i {where} eller skriv file: null")
        elif _linked(folder, rel) or not _inside(path, folder):
            yield _problem(doc, loc, f"{kind} '{file}' är en symbolisk länk (eller ligger i en länkad mapp): "
                                     "arkivet publicerar bara filer som ligger i själva förrådet – kopiera in filen")
        elif path.stat().st_size > MAX_ATTACHMENT_BYTES:
            yield _problem(doc, loc, f"{kind} '{file}' är större än {MAX_ATTACHMENT_BYTES // 1_000_000} MB: "
                                     f"{instead}")
    if (has_folder or tree.folder_on_disk)(folder):
        present = (Path(d) / n for d, _, names in os.walk(folder) for n in names)
        for extra in sorted(p for p in present if p not in listed and not p.is_symlink()):
            yield Problem(doc.source, doc.fm.line_of((field_name,)), 1, WARNING,
                          f"filen '{extra.relative_to(folder).as_posix()}' ligger i {owner} mapp men står inte "
                          f"under {field_name} och publiceras inte")


def _linked(folder: Path, rel: PurePosixPath) -> bool:
    """The attachment, its case folder or a folder between them is a symbolic link."""
    steps = [folder] + [folder.joinpath(*rel.parts[:i + 1]) for i in range(len(rel.parts))]
    return any(step.is_symlink() for step in steps)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def check_images(doc: CaseDoc, boards: BoardRegistry) -> Iterable[Problem]:
    """Images only from the case's own attachments: any other source is a request to another host (or a
    file the archive does not publish)."""
    if "![" not in doc.body and ("<" not in doc.body or "<img" not in doc.body.lower()):
        return
    text = content.blank_code(doc.body)
    files = {a.file for a in doc.case.attachments if a.file}
    for offset, src in content.image_sources(text):
        if allowed_html.local_file(src) not in files:
            line = doc.body_line + text.count("\n", 0, offset)
            yield Problem(doc.source, line, 1, ERROR, f"bilden '{src}' finns inte bland ärendets bilagor: bilder "
                          f"får bara visas från ärendets egna filer – lägg bilden i {doc.source[:-3]}/ och under "
                          "attachments (bilder från andra webbplatser visas aldrig)")


PER_CASE: list[Callable[[CaseDoc, BoardRegistry], Iterable[Problem]]] = [
    check_board, check_date_order, check_images]


def check_duplicates(docs: list[CaseDoc]) -> Iterable[Problem]:
    by_referral: dict[tuple, list[CaseDoc]] = defaultdict(list)
    by_number: dict[tuple, list[CaseDoc]] = defaultdict(list)
    for doc in docs:
        by_referral[(doc.case.board, case_number_identity(doc.case.referral.case_number))].append(doc)
        if doc.case.case_number:
            by_number[(doc.case.board, case_number_identity(doc.case.case_number))].append(doc)
    for group in by_referral.values():
        for doc, others in _each_with_others(group):
            yield _problem(doc, ("referral", "case_number"),
                           f"nämnden har redan ett svar på remissen {doc.case.referral.case_number} i {others}: "
                           "slå ihop filerna eller rätta diarienumret")
    for group in by_number.values():
        for doc, others in _each_with_others(group):
            yield _problem(doc, ("case_number",), f"diarienumret {doc.case.case_number} används redan i "
                                                  f"{others}: varje ärende ska ha ett eget diarienummer")


def _each_with_others(group: list[CaseDoc]):
    """Every member of a duplicate group, with the others' paths: each file gets the error it must fix."""
    if len(group) > 1:
        for doc in group:
            yield doc, ", ".join(d.source for d in group if d is not doc)


# A case field and its limit share a name (config.Limits).
_LIMITED = (("topics", "ämnen", "varje ämne blir en egen sida"),
            ("aliases", "tidigare adresser", "varje adress blir en egen sida"),
            ("attachments", "bilagor", "varje bilaga blir en egen fil"))


def check_limits(doc: CaseDoc, limits: Limits) -> Iterable[Problem]:
    """What one case may add to the site is bounded (config.Limits, from mkdocs.yml)."""
    for field_name, noun, why in _LIMITED:
        count, limit = len(getattr(doc.case, field_name)), getattr(limits, field_name)
        if count > limit:
            yield _problem(doc, (field_name,), f"{count} {noun} i ett ärende är fler än de högst {limit} som "
                                               f"tillåts ({why}): ta bort några, eller höj gränsen max_{field_name} "
                                               "i mkdocs.yml om arkivet verkligen behöver det")


LEFTOVER_FILES = "bilagefilerna i ärendets mapp"  # what a full removal may leave (the form removes them: editor/)


def _has_files(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))
    except OSError:
        return False


def check_publishing(doc: CaseDoc, limits: Limits) -> Iterable[Problem]:
    """A published case was reviewed (when the organisation requires it); a withdrawn one says when and why."""
    c = doc.case
    if doc.published and c.review is None and limits.review_required:
        yield _problem(doc, ("status",), "remissvaret publiceras men saknar granskning: någon ska ha läst det före "
                                         "publiceringen (personuppgifter, se ”Granska före publicering” i "
                                         "personalhandboken) – lägg till review: med by: (granskarens namn) och "
                                         "date: (ÅÅÅÅ-MM-DD), eller sätt status: utkast")
    if doc.withdrawn and c.withdrawal is None:
        yield _problem(doc, ("status",), "status: avpublicerad behöver ett datum och ett skäl: lägg till "
                                         "withdrawal: med date: (ÅÅÅÅ-MM-DD) och reason: (skälet som läsaren ser)")
    if c.withdrawal is not None and not doc.withdrawn:
        yield _problem(doc, ("withdrawal",), f"withdrawal finns men status är '{c.status}': sätt status: "
                                             "avpublicerad för att avpublicera, eller ta bort withdrawal")
    if c.withdrawal is not None and c.review and c.withdrawal.date < c.review.date:
        yield _problem(doc, ("withdrawal", "date"), f"avpubliceringen {c.withdrawal.date} ligger före granskningen "
                                                    f"{c.review.date}: kontrollera datumen")
    if c.withdrawal is not None and c.withdrawal.full:
        # a full removal keeps nothing of the document: what is left in the repository is still handed out
        # (a running preview served the PDF), so a leftover is an error, not a warning (issue 37)
        left = [what for what, there in (("texten", doc.body.strip()), ("bilagelistan", c.attachments),
                                         (LEFTOVER_FILES, _has_files(doc.folder))) if there]
        if left:
            yield _problem(doc, ("withdrawal", "full"), f"fullständig borttagning, men {' och '.join(left)} finns "
                                                        "kvar: ta bort dem (formuläret gör det när du sparar), och "
                                                        "rensa Git-historiken som personalhandboken beskriver under "
                                                        "”Avpublicera”")


def check_links_to_withdrawn(docs: list[CaseDoc]) -> Iterable[Problem]:
    """A published case that links to a withdrawn one would send readers to a notice: say which link."""
    gone = {}
    for doc in docs:
        if doc.withdrawn:
            for address in (doc.id, *(a.strip("/") for a in doc.case.aliases)):
                gone["/".join(address.split("/")[-2:])] = doc
    if not gone:
        return
    for doc in docs:
        if doc.withdrawn or ("](" not in doc.body and "]:" not in doc.body and "<a" not in doc.body.lower()):
            continue
        text = content.blank_code(doc.body)
        for offset, target in content.link_targets(text):
            path = target.split("#", 1)[0].split("?", 1)[0].removesuffix("index.html").strip("/")
            hit = gone.get("/".join(path.split("/")[-2:]))
            if hit is not None and hit is not doc:
                yield Problem(doc.source, doc.body_line + text.count("\n", 0, offset), 1, ERROR,
                              f"länken '{target[:200]}' leder till ett avpublicerat remissvar ({hit.source}): ta bort "
                              "länken eller ersätt den med en hänvisning i text")


def own_findings(doc: CaseDoc, boards: BoardRegistry, limits: Limits) -> list[Problem]:
    """The checks that read only the case itself, the boards and the limits."""
    return ([p for check in PER_CASE for p in check(doc, boards)]
            + [*check_limits(doc, limits), *check_publishing(doc, limits)])


class Remembered:
    """own_findings kept by case object between the loads of one process: the loader gives an unchanged file
    the same CaseDoc (and FileCache.boards the same registry), so a `mkdocs serve` rebuild checks again only
    the cases that changed. What reads the disk or compares cases is checked every time (run)."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[CaseDoc, BoardRegistry, Limits, list[Problem]]] = {}

    def findings(self, docs: list[CaseDoc], boards: BoardRegistry, limits: Limits) -> list[Problem]:
        kept, self._found = self._found, {}  # only this load's cases stay remembered
        out: list[Problem] = []
        for doc in docs:
            hit = kept.get(id(doc))  # the kept object keeps its id from being reused
            if hit is None or hit[0] is not doc or hit[1] is not boards or hit[2] != limits:
                hit = (doc, boards, limits, own_findings(doc, boards, limits))
            self._found[id(doc)] = hit
            out.extend(hit[3])
        return out


def run(docs: list[CaseDoc], boards: BoardRegistry, limits: Limits | None = None,
        has_folder: Callable[[Path], bool] | None = None, remembered: Remembered | None = None) -> list[Problem]:
    """Every check of the cases. `has_folder`: as in check_files; `remembered`: findings of earlier loads."""
    limits = limits or Limits()
    found = (remembered or Remembered()).findings(docs, boards, limits)
    found += [p for doc in docs for p in check_attachments(doc, boards, has_folder)]
    return found + list(check_duplicates(docs)) + list(check_links_to_withdrawn(docs))


# --- referral records (cases/remisser/) --------------------------------------------------------------------

def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").lower().split()) == " ".join((b or "").lower().split())


def check_records(records: list[RecordDoc], docs: list[CaseDoc], boards: BoardRegistry,
                  has_folder: Callable[[Path], bool] | None = None) -> Iterable[Problem]:
    """Asked boards exist, one record per referral, and an answer's referral facts agree with the record.
    A board that answers without being asked is allowed: the referral page shows it as such."""
    first: dict[str, RecordDoc] = {}
    for rec in records:
        r = rec.record
        for i, board_id in enumerate(r.asked):
            if board_id not in boards:
                yield Problem(rec.source, rec.fm.line_of(("asked", i)), 1, ERROR,
                              f"okänd nämnd '{board_id}' bland remissinstanserna: {boards.suggestion(board_id)}"
                              "använd ett id ur data/boards.yml, eller skriv instansen i klartext under asked_others")
            elif r.sent and not (board := boards.get(board_id)).existed_on(r.sent):
                # a referral cannot ask a board that was gone (or not yet there) the day it was sent
                heir = boards.get(board.successor) if board.successor else None
                when = (f"fanns bara till {board.valid_to}" if board.valid_to and board.valid_to < r.sent
                        else f"fanns först från {board.valid_from}")
                yield Problem(rec.source, rec.fm.line_of(("asked", i)), 1, ERROR,
                              f"{board.name} {when}, men remissen skickades {r.sent}: "
                              + (f"den som tillfrågades var troligen {heir.name} ('{heir.id}')" if heir else
                                 "rätta nämnden eller datumet under sent"))
        yield from check_files(rec, "documents", [d.file for d in r.documents], "dokumentet", "remissens",
                               "lägg den på remittentens webbplats och ange dess adress under url", has_folder)
        if len(set(r.asked)) < len(r.asked):
            yield Problem(rec.source, rec.fm.key_line(("asked",)), 1, ERROR,
                          "samma nämnd står flera gånger under asked: ta bort dubbletten")
        if r.sent and r.deadline and r.deadline < r.sent:
            yield Problem(rec.source, rec.fm.line_of(("deadline",)), 1, ERROR,
                          f"sista svarsdag {r.deadline} ligger före dagen remissen skickades {r.sent}")
        identity = case_number_identity(r.case_number)
        if identity in first:
            yield Problem(rec.source, rec.fm.line_of(("case_number",)), 1, ERROR,
                          f"remissen {r.case_number} har redan en remissfil, {first[identity].source}: en remiss, "
                          "en fil")
        first.setdefault(identity, rec)
    for doc in docs:
        rec = first.get(case_number_identity(doc.case.referral.case_number))
        if rec is None:
            continue
        for field_name, label in (("title", "titel"), ("sender", "remittent")):
            mine, theirs = getattr(doc.case.referral, field_name), getattr(rec.record, field_name)
            if not _same(mine, theirs):
                yield _problem(doc, ("referral", field_name),
                               f"remissens {label} '{mine}' skiljer sig från remissfilen {rec.source} "
                               f"('{theirs}'): rätta den som är fel", WARNING)
