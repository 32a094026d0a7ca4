"""Text out of a document, page by page: plain text (pages split at form feeds), PDF and DOCX."""
from __future__ import annotations

from pathlib import Path

HEADING_MARK = "## "  # parse.HEADING_MARK: a paragraph in a heading style


MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 100_000_000  # what a DOCX may unpack to
MAX_PAGES = 500


class ExtractError(Exception):
    pass


def pages(path: Path) -> list[list[str]]:
    """The document's lines, grouped by page (a DOCX has no pages: one group)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ExtractError(f"filen är större än {MAX_FILE_BYTES // 1_000_000} MB: ett tjänsteutlåtande är mindre")
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

    try:
        reader = PdfReader(str(path))
        if len(reader.pages) > MAX_PAGES:
            raise ExtractError(f"PDF-filen har fler än {MAX_PAGES} sidor: dela upp den")
        texts = [page.extract_text() or "" for page in reader.pages]
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 – pypdf raises many kinds (and RecursionError on deep nesting)
        raise ExtractError(f"PDF-filen kunde inte läsas – den verkar skadad ({type(exc).__name__})") from None
    if not "".join(texts).strip():
        raise ExtractError("PDF-filen innehåller ingen text, bara bilder: den är troligen inskannad – kör "
                           "textigenkänning (OCR) på den först, eller importera en DOCX- eller textversion")
    return [text.split("\n") for text in texts]


def _docx(path: Path) -> list[str]:
    import zipfile

    from docx import Document

    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ExtractError(f"DOCX-filen packar upp till mer än {MAX_UNPACKED_BYTES // 1_000_000} MB")
        doc = Document(str(path))
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 – a truncated or foreign file fails in zipfile, lxml or python-docx
        raise ExtractError(f"DOCX-filen kunde inte läsas – den verkar skadad eller är ingen DOCX "
                           f"({type(exc).__name__})") from None
    lines: list[str] = []
    # In document order, tables included (signatures side by side are often a table). Headers and footers
    # are page furniture and are not read.
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            lines += _docx_table(block)
        else:
            lines += _docx_paragraph(block)
    return lines


def _docx_paragraph(para) -> list[str]:
    # Paragraphs are not hard-wrapped in DOCX; a blank line keeps them apart, soft breaks become lines.
    text = para.text
    style = (para.style.name if para.style is not None else "").lower()
    if text.strip() and (style.startswith("heading") or style.startswith("rubrik")):
        return [HEADING_MARK + text.strip(), ""]  # a heading whatever its words (parse.py)
    return [*text.split("\n"), ""]


def _docx_table(table) -> list[str]:
    """A table's text: column by column when it is a signature block (names over titles), else row by row
    with the cells side by side."""
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    width = max((len(r) for r in rows), default=0)
    if 1 < len(rows) <= 4 and all(len(c.split()) <= 5 for r in rows for c in r):
        columns = [[r[i] for r in rows if i < len(r) and r[i]] for i in range(width)]
        return [line for column in columns for line in [*column, ""]]
    return [line for r in rows for line in ["  ".join(c for c in r if c), ""]]
