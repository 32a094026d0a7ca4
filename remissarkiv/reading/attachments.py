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
import zipfile
from pathlib import Path

from remissarkiv.model.problems import WARNING, Problem
from remissarkiv.reading import content, tree

MAX_PDF_PAGES = 500
MAX_UNPACKED_BYTES = 100_000_000  # what a DOCX may unpack to (a zip bomb would be far more)
OFFICE = {".docx", ".xlsx", ".odt", ".ods"}
READABLE = {".txt", ".csv", ".pdf"} | OFFICE
# In office XML every element ends a line, except the runs of text inside a paragraph: a number may be
# split over several runs and must be read whole, while two fields side by side must not join into one.
_BREAKS = re.compile(r"</(?!(?:w:t|w:r|a:t|a:r|text:span|t|r)>)[^>]*>|<(?:w:br|w:tab|text:tab|text:line-break)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


class Unreadable(Exception):
    pass


def text_of(path: Path) -> str:
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
        return _pdf(path)
    return ""


def _office(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        parts = [info for info in archive.infolist() if info.filename.endswith(".xml")]
        if sum(info.file_size for info in parts) > MAX_UNPACKED_BYTES:
            raise Unreadable("packar upp till mer än 100 MB")
        texts = [archive.read(info).decode("utf-8", errors="replace") for info in parts]
    # "|" between elements: a line break alone would let two numbers in neighbouring fields read as one.
    return "\n".join(html.unescape(_TAGS.sub("", _BREAKS.sub("\n|\n", text))) for text in texts)


def _pdf(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if len(reader.pages) > MAX_PDF_PAGES:
        raise Unreadable(f"har fler än {MAX_PDF_PAGES} sidor")
    metadata = [str(value) for value in (reader.metadata or {}).values()]
    return "\n".join(metadata + [page.extract_text() or "" for page in reader.pages])


def scan(doc) -> list[Problem]:
    """Identity numbers in the attachments a case lists, and in their names (they become addresses)."""
    return scan_files(doc, "attachments", [(a.file, a.title) for a in doc.case.attachments], "bilagan",
                      "bilagans filnamn: ")


def scan_files(doc, field_name: str, items: list[tuple[str | None, str]], kind: str, name_prefix: str
               ) -> list[Problem]:
    """Identity numbers in the files a case (its attachments) or a referral record (its documents sent) lists
    under `field_name`, and in their names. `items`: (file or None, title); `kind`: the word for messages."""
    problems = []
    for i, (file, _) in enumerate(items):
        line = doc.fm.line_of((field_name, i, "file" if file else "title"))
        problems += content.identity_problems(doc.source, file or "", line, name_prefix)
        path = doc.folder / (file or "")
        if not file or path.suffix.lower() not in READABLE or not _plain_file(path, doc.folder):
            continue  # missing, linked or of another type: checks.check_files says what is wrong
        try:
            text = text_of(path)
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
