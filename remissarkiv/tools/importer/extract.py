"""Read a file into a Document: the format is told by its content, checked against its name, within limits.

Each refusal is a Swedish sentence (ExtractError) naming what is wrong and what to do; nothing is written.
Heavy libraries (pdfplumber, python-docx, OCRmyPDF) are imported only when a file of their kind comes.
"""
from __future__ import annotations

from pathlib import Path

from remissarkiv.tools.importer.document import Document

MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 100_000_000  # what a DOCX may unpack to
MAX_ZIP_ENTRIES = 5_000
MAX_PAGES = 500
# Lines of one document: 500 full pages are some 30,000. Reading and parsing cost some 30 µs a line (a text of
# 300,000 short lines, 3 MB, took 13 s and 540 MB); past this bound a document is refused before, or while, its
# lines are made.
MAX_LINES = 100_000
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".text": "text", ".eml": "eml", "": "text"}


class ExtractError(Exception):
    pass


def refuse_long(lines: int) -> None:
    """Refuse a document of more lines than MAX_LINES (counted before, or while, they are made)."""
    if lines > MAX_LINES:
        shown = f"{MAX_LINES:,}".replace(",", " ")
        raise ExtractError(f"dokumentet har fler än {shown} rader: ett remissvar är kortare – dela upp filen eller "
                           "importera bara själva svaret")


def refuse_pages(pages: int) -> None:
    """Refuse a PDF of more pages than MAX_PAGES (pdfbounds counts them in the page tree, pdf.py as read)."""
    if pages > MAX_PAGES:
        raise ExtractError(f"PDF-filen har {pages} sidor, fler än {MAX_PAGES}: ett remissvar är kortare – dela upp "
                           "filen eller importera bara svaret")


def sniff(head: bytes) -> str:
    """What the first bytes say the file is."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # an encrypted Office file, or an old binary .doc
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return "text"


_REAL_NAMES = {"pdf": "en PDF-fil", "zip": "ett Word-dokument (DOCX) eller annat zip-arkiv",
               "ole": "ett krypterat eller gammalt Office-dokument", "rtf": "ett RTF-dokument", "text": "en textfil"}


def read(path: Path, *, ocr: bool = True) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExtractError(f"filtypen '{suffix}' kan inte importeras: använd .pdf, .docx, .txt eller .eml")
    size = path.stat().st_size
    if size == 0:
        raise ExtractError("filen är tom (0 byte): spara om dokumentet och försök igen")
    if size > MAX_FILE_BYTES:
        raise ExtractError(f"filen är större än {MAX_FILE_BYTES // 1_000_000} MB: ett remissvar är mindre")
    with path.open("rb") as handle:
        head = handle.read(2048)
    kind, real = SUFFIXES[suffix], sniff(head)
    if kind == "docx" and real == "ole":
        raise ExtractError("Word-filen är lösenordsskyddad (krypterad) eller en gammal .doc: ta bort lösenordet "
                           "eller spara den som .docx i Word och importera igen")
    expected = {"pdf": "pdf", "docx": "zip", "text": "text", "eml": "text"}[kind]
    if real != expected:
        raise ExtractError(f"filen heter {path.name} men är {_REAL_NAMES[real]}: byt filändelse så att den "
                           "stämmer med innehållet, eller spara om dokumentet i rätt format")
    if kind == "pdf":
        from remissarkiv.tools.importer import pdf

        return pdf.read(path, ocr=ocr)
    if kind == "docx":
        from remissarkiv.tools.importer import word

        return word.read(path)
    from remissarkiv.tools.importer import mail, text

    data = path.read_bytes()
    if kind == "eml":
        return mail.read_eml(data)
    return text.read(data)
