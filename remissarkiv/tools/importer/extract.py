"""Text out of a document, page by page: plain text (pages split at form feeds), PDF and DOCX."""
from __future__ import annotations

from pathlib import Path


class ExtractError(Exception):
    pass


def pages(path: Path) -> list[list[str]]:
    """The document's lines, grouped by page (a DOCX has no pages: one group)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf(path)
    if suffix == ".docx":
        return [_docx(path)]
    if suffix in (".txt", ".text", ""):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_text(encoding="cp1252")
        return [page.split("\n") for page in text.split("\f")]
    raise ExtractError(f"filtypen '{suffix}' kan inte importeras: använd .txt, .pdf eller .docx")


def _pdf(path: Path) -> list[list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        return [(page.extract_text() or "").split("\n") for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise ExtractError(f"PDF-filen kunde inte läsas ({exc})") from None


def _docx(path: Path) -> list[str]:
    import zipfile

    from docx import Document

    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractError(f"DOCX-filen kunde inte läsas ({exc})") from None
    lines: list[str] = []
    for para in doc.paragraphs:
        # Paragraphs are not hard-wrapped in DOCX; a blank line keeps them apart, soft breaks become lines.
        lines.extend(para.text.split("\n"))
        lines.append("")
    return lines
