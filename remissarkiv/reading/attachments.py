"""The text of a case's attachments (and a referral record's documents), read to look for identity numbers
before they are published.

Text and CSV as they are; DOCX, XLSX, ODT and ODS through the XML they are made of (every part: body,
headers, footers, comments, cells); PDF through its text and its metadata (author, title …). Images are not
read, and the staff guide says so. Reading is bounded: a file that cannot be read, or is too large to read,
gets a warning that asks staff to check it themselves, never a traceback.
"""
from __future__ import annotations

import html
import re
import time
import zipfile
from pathlib import Path

from remissarkiv import parallel
from remissarkiv.model.problems import WARNING, Problem
from remissarkiv.reading import content, tree

MAX_PDF_PAGES = 500
OFFICE = {".docx", ".xlsx", ".odt", ".ods"}
READABLE = {".txt", ".csv", ".pdf"} | OFFICE
# What reading one attachment may cost. A zip's directory may declare 3 KB for a part that inflates to 1.5 GB,
# so the bytes actually inflated are counted, per part and per file, and reading stops at the limit: a few
# dozen times the file's size (office XML packs about ten to one), never less than 8 MB nor more than 64 MB.
INFLATE_FACTOR = 40
INFLATE_MIN = 8 * 2**20
INFLATE_CAP = 64 * 2**20
# A PDF's text is read in a process of its own, stopped at a time limit, in a capped address space, and
# counting the content-stream operators each page runs (form XObjects drawn inside each other multiply them:
# 5 KB of nested forms run 500,000 operators, 8 s of pypdf, and a case may carry 100 attachments). A dense
# page of text runs a few thousand.
SECONDS_PER_FILE = 8.0
SECONDS_PER_CASE = 30.0
MAX_OPERATIONS = 60_000  # per page
# Figures drawn per page (`Do`): pypdf stops at 5,000 form XObjects and silently skips the rest of the text,
# which would then go unchecked; we stop first and say so.
MAX_FIGURES = 2_000
PDF_MEMORY = 1 << 30
# In office XML every element ends a line, except the runs of text inside a paragraph: a number may be
# split over several runs and must be read whole, while two fields side by side must not join into one.
_BREAKS = re.compile(r"</(?!(?:w:t|w:r|a:t|a:r|text:span|t|r)>)[^>]*>|<(?:w:br|w:tab|text:tab|text:line-break)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


class Unreadable(Exception):
    """An attachment whose text could not be read within its budget: the Swedish reason."""


def text_of(path: Path, seconds: float = SECONDS_PER_FILE) -> str:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".csv"):
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    if suffix in OFFICE:
        return _office(path)
    if suffix == ".pdf":
        return _pdf(path, seconds)
    return ""


def inflate_limit(size: int) -> int:
    return min(INFLATE_CAP, max(INFLATE_MIN, INFLATE_FACTOR * size))


def _office(path: Path) -> str:
    limit = inflate_limit(path.stat().st_size)
    left = limit
    texts = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".xml"):
                continue
            data = _inflate(archive, info, left, limit)
            left -= len(data)
            texts.append(data.decode("utf-8", errors="replace"))
    # "|" between elements: a line break alone would let two numbers in neighbouring fields read as one.
    return "\n".join(html.unescape(_TAGS.sub("", _BREAKS.sub("\n|\n", text))) for text in texts)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int, limit: int) -> bytes:
    """A part's bytes as inflated, read in pieces and stopped once more than `left` have come out."""
    chunks, total = [], 0
    with archive.open(info) as part:
        while chunk := part.read(min(1 << 20, left - total + 1)):
            total += len(chunk)
            if total > left:
                raise Unreadable(f"packar upp till mer än {limit // 2**20} MB text, långt mer än filens storlek")
            chunks.append(chunk)
    return b"".join(chunks)


def _pdf(path: Path, seconds: float) -> str:
    try:
        kind, value = parallel.isolated(_pdf_text, str(path), seconds, PDF_MEMORY)
    except parallel.OverBudget:
        raise Unreadable(f"texten tog mer än {seconds:g} s att läsa") from None
    except RuntimeError as exc:
        reason = "texten krävde mer minne än 1 GB" if "MemoryError" in str(exc) else "filen kunde inte läsas"
        raise Unreadable(reason) from None
    if kind != "text":
        raise Unreadable(value)
    return value


class _Operations:
    """Counts the content-stream operators a page's text extraction runs, XObjects' included, and the figures
    it draws; stops at either limit."""

    def __init__(self) -> None:
        self.left, self.figures = MAX_OPERATIONS, MAX_FIGURES

    def __call__(self, operator, *_) -> None:
        self.left -= 1
        if operator == b"Do":
            self.figures -= 1
        if self.left < 0 or self.figures < 0:
            raise _TooMuch


class _TooMuch(BaseException):
    """Not an Exception: pypdf catches those around each form XObject and goes on with the next."""


def _pdf_text(path: str) -> tuple[str, str]:
    """("text", the PDF's text) or ("unreadable", why), in the isolated child; pypdf's own warnings (English,
    about the file's damage) are silenced: staff get one Swedish line at the attachment, nothing more."""
    import logging
    import warnings

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    reader = PdfReader(path)
    if len(reader.pages) > MAX_PDF_PAGES:
        return "unreadable", f"har fler än {MAX_PDF_PAGES} sidor"
    metadata = [str(value) for value in (reader.metadata or {}).values()]
    try:
        pages = [page.extract_text(visitor_operand_before=_Operations()) or "" for page in reader.pages]
    except _TooMuch:
        steps, figures = (f"{n:,}".replace(",", " ") for n in (MAX_OPERATIONS, MAX_FIGURES))
        return "unreadable", (f"en sida kräver mer än {steps} steg eller {figures} figurer att läsa, t.ex. "
                              "figurer som ritar varandra")
    return "text", "\n".join(metadata + pages)


def scan(doc) -> list[Problem]:
    """Identity numbers in the attachments a case lists, and in their names (they become addresses)."""
    return scan_files(doc, "attachments", [(a.file, a.title) for a in doc.case.attachments], "bilagan",
                      "bilagans filnamn: ")


def scan_files(doc, field_name: str, items: list[tuple[str | None, str]], kind: str, name_prefix: str
               ) -> list[Problem]:
    """Identity numbers in the files a case (its attachments) or a referral record (its documents sent) lists
    under `field_name`, and in their names. `items`: (file or None, title); `kind`: the word for messages."""
    problems = []
    deadline = time.monotonic() + SECONDS_PER_CASE  # all the files of one case or record together
    for i, (file, _) in enumerate(items):
        line = doc.fm.line_of((field_name, i, "file" if file else "title"))
        problems += content.identity_problems(doc.source, file or "", line, name_prefix)
        path = doc.folder / (file or "")
        if not file or path.suffix.lower() not in READABLE or not _plain_file(path, doc.folder):
            continue  # missing, linked or of another type: checks.check_files says what is wrong
        left = deadline - time.monotonic()
        try:
            if left <= 0:
                raise Unreadable(f"filerna tog tillsammans mer än {SECONDS_PER_CASE:g} s att läsa")
            text = text_of(path, min(SECONDS_PER_FILE, left))
        except Exception as exc:  # noqa: BLE001 – damaged files are common; say so, never a traceback
            reason = str(exc) if isinstance(exc, Unreadable) else "filen kunde inte läsas"
            problems.append(Problem(doc.source, line, 1, WARNING, f"{kind} '{file}' kunde inte "
                                    f"kontrolleras för personnummer ({reason}): kontrollera den själv"))
            continue
        problems += content.identity_problems(doc.source, text, line, f"{kind} '{file}': ")
    return problems


def _plain_file(path: Path, folder: Path) -> bool:
    rel = path.relative_to(folder) if path.is_relative_to(folder) else None
    return (rel is not None and ".." not in rel.parts and all(tree.safe_name(p) for p in rel.parts)
            and path.is_file() and not path.is_symlink() and not folder.is_symlink())
