"""PDF with layout (pdfplumber, MIT): words grouped into rows by position, rows split into columns where a
wide gap parts them, each part a Line with its position, font size and weight.

A page is a scan when its text covers almost none of it while an image covers most of it: a registrar's stamp
over a scanned letter is such a page, though it has a text layer. A document with scanned pages is read again
after OCR (ocr.py); without Tesseract it is refused, never imported from the stamp alone.
"""
from __future__ import annotations

import contextlib
import re
import statistics
from pathlib import Path

from remissarkiv.tools.importer.document import Document, Line

ROW_TOLERANCE = 2.5      # points: words whose tops differ less are on one row
COLUMN_GAP = 2.2         # × font size: a wider gap between words parts two columns
PARAGRAPH_GAP = 0.75     # × font size: a wider space between rows is a paragraph break
SCAN_TEXT_COVER = 0.03   # a page whose words cover less than this share of it …
SCAN_IMAGE_COVER = 0.5   # … while an image covers at least this share is a scan


def read(path: Path, *, ocr: bool = True) -> Document:
    import warnings

    # pypdf's and pdfminer's warnings about a broken file are English: staff get one Swedish sentence instead
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read(path, ocr)


def _read(path: Path, ocr: bool) -> Document:
    from remissarkiv.tools.importer import ocr as ocr_module
    from remissarkiv.tools.importer.extract import ExtractError

    _check(path)
    pages, scanned = _pages(path)
    if not scanned:
        return _document(pages)
    if not ocr:
        raise ExtractError(_scan_message(scanned, len(pages)) + " – kör importen utan --utan-ocr för att tolka dem")
    ocr_module.require(_scan_message(scanned, len(pages)))
    pages = [_rows(words, number) for number, words in enumerate(ocr_module.words_of(path), start=1)]
    _ocr_sizes([ln for page in pages for ln in page])
    document = _document(pages)
    document.ocr = True
    return document


OCR_BIG = 1.3  # × the usual line height: a line this much taller is set in a larger font (a title)


def _ocr_sizes(lines: list[Line]) -> None:
    """OCR knows a line's height, not its font: a line's letters (ascenders, capitals) move its height by a
    tenth or so. So only a clearly taller line keeps a size of its own (a title); every other line gets the
    body's size 1.0, and no line is bold."""
    heights = sorted(ln.size for ln in lines if ln.text.strip() and ln.size)
    usual = heights[len(heights) // 2] if heights else 0.0
    for line in lines:
        big = usual and line.size >= OCR_BIG * usual
        line.size, line.bold = (round(line.size / usual, 1) if big else 1.0) if usual else 0.0, False


def _scan_message(scanned: list[int], total: int) -> str:
    which = "alla sidor" if len(scanned) == total else "sidorna " + ", ".join(map(str, scanned))
    return f"PDF-filen är inskannad ({which} är bilder med lite eller ingen text)"


def _check(path: Path) -> None:
    """Refuse an encrypted PDF, and one whose page tree or drawing is beyond bounds (pdfbounds), before
    pdfplumber reads it; pypdf reads lazily, so only what is checked is parsed."""
    import logging

    from remissarkiv.tools.importer import pdfbounds

    for name in ("pypdf", "pdfminer", "pdfplumber"):  # their log lines about a broken file are for developers
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    with pdfbounds.pypdf_limits():
        reader = _open(path)
        pdfbounds.check(reader)


def _open(path: Path):
    from pypdf import PdfReader

    from remissarkiv.tools.importer.extract import ExtractError

    try:
        reader = PdfReader(str(path))
        encrypted = reader.is_encrypted
        if encrypted and reader.decrypt("") != 0:
            encrypted = False  # only an owner password (printing, copying): the text can be read
    except Exception as exc:  # noqa: BLE001 – pypdf raises many kinds on a broken file
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            encrypted = True
        else:
            raise ExtractError(f"PDF-filen kunde inte läsas – den verkar skadad eller avkortad "
                               f"({type(exc).__name__}): spara den på nytt ur ursprungsprogrammet") from None
    if encrypted:
        raise ExtractError("PDF-filen är lösenordsskyddad: ta bort lösenordet (spara en kopia utan skydd) och "
                           "importera kopian")
    return reader


def _pages(path: Path) -> tuple[list[list[Line]], list[int]]:
    """Each page's lines, and the numbers of the pages that are scans. Each page has PAGE_SECONDS."""
    import pdfplumber

    from remissarkiv.tools.importer.extract import ExtractError, refuse_long, refuse_pages
    from remissarkiv.tools.importer.pdfbounds import PAGE_SECONDS, OverTime, time_limit

    number = 0
    try:
        with contextlib.ExitStack() as stack:
            with time_limit(PAGE_SECONDS):  # opening walks the page tree
                pdf = stack.enter_context(pdfplumber.open(str(path)))
                count = len(pdf.pages)
            refuse_pages(count)
            pages, scanned, total = [], [], 0
            for number, page in enumerate(pdf.pages, start=1):
                with time_limit(PAGE_SECONDS):
                    lines, scan = _page(page, number)
                pages.append(lines)
                scanned += [number] if scan else []
                total += len(lines)
                refuse_long(total)
    except OverTime:
        where = f"sidan {number}" if number else "att öppna PDF-filen"
        raise ExtractError(f"{where} tog mer än {PAGE_SECONDS:.0f} sekunder: filen är skadad eller ovanligt tung "
                           "– spara den på nytt ur ursprungsprogrammet (eller skriv ut den som PDF)") from None
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 – pdfminer raises many kinds (and RecursionError on deep nesting)
        raise ExtractError(f"PDF-filen kunde inte läsas – den verkar skadad eller avkortad ({type(exc).__name__}):"
                           " spara den på nytt ur ursprungsprogrammet") from None
    if not scanned and not any(ln.text.strip() for page in pages for ln in page):
        scanned = list(range(1, len(pages) + 1))
    return pages, scanned


def _page(page, number: int) -> tuple[list[Line], bool]:
    """One page's lines in reading order, and whether it is a scan."""
    words = page.extract_words(extra_attrs=["size", "fontname"], x_tolerance=1.5, y_tolerance=2)
    scan = _is_scan(page, words)
    cells, words = _ruled_tables(page, words, number)
    lines = sorted(_rows(words, number) + cells, key=lambda ln: ln.top)
    page.flush_cache()
    return lines, scan


MAX_RULES = 2000  # lines and rectangles on a page beyond which its tables are not looked for (bounded work)


def _ruled_tables(page, words: list[dict], number: int) -> tuple[list[Line], list[dict]]:
    """Tables drawn with rules (pdfplumber's find_tables): a Line per text line of each cell, with the cell's
    place, and the words outside every table. A cell's text may be centred or wrapped: the rules decide."""
    rules = len(page.lines) + len(page.rects)
    if not rules or rules > MAX_RULES:
        return [], words
    try:
        tables = page.find_tables()
    except Exception:  # noqa: BLE001 – a page whose rules pdfplumber cannot read is read as text
        return [], words
    taken: set[int] = set()
    out: list[Line] = []
    for t, table in enumerate(tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, box in enumerate(row.cells, start=1):
                if box is None:
                    continue
                x0, top, x1, bottom = box
                inside = [i for i, w in enumerate(words) if i not in taken
                          and x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
                taken.update(inside)
                for line in _rows([words[i] for i in inside], number):
                    if line.text.strip():
                        line.cell = (100_000 + number * 100 + t, r, c)
                        line.row = number * 10_000 + 5_000 + t * 200 + r
                        line.top = top + line.top / 1000  # the row's lines together, in order
                        out.append(line)
    return out, [w for i, w in enumerate(words) if i not in taken]


def _is_scan(page, words) -> bool:
    area = float(page.width * page.height) or 1.0
    text = sum((w["x1"] - w["x0"]) * (w["bottom"] - w["top"]) for w in words) / area
    images = sum(max(0.0, min(i["x1"], page.width) - max(i["x0"], 0)) *
                 max(0.0, min(i["bottom"], page.height) - max(i["top"], 0)) for i in page.images) / area
    return text < SCAN_TEXT_COVER and images >= SCAN_IMAGE_COVER


def _rows(words: list[dict], page: int) -> list[Line]:
    """Words in rows top to bottom; a row's words left to right, split where a gap is as wide as a column's."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= ROW_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[Line] = []
    # A paragraph break is a gap clearly wider than the page's usual space between lines (OCR's rows and a
    # word processor's spacing differ, so the page's own median is the measure).
    gaps = [b[0]["top"] - max(w["bottom"] for w in a) for a, b in zip(rows, rows[1:])]
    usual = statistics.median(gaps) if gaps else 0.0
    previous_bottom = None
    for index, row in enumerate(rows):
        row.sort(key=lambda w: w["x0"])
        size = statistics.median(w["size"] for w in row)
        gap = row[0]["top"] - previous_bottom if previous_bottom is not None else 0.0
        if previous_bottom is not None and gap > PARAGRAPH_GAP * size and gap > usual + 0.6 * size:
            lines.append(Line("", page=page, top=previous_bottom, bottom=row[0]["top"], row=-1))
        previous_bottom = max(w["bottom"] for w in row)
        for part in _columns(row):
            text = _CAMEL.sub(" ", " ".join(w["text"] for w in part))
            lines.append(Line(text, page=page, x=part[0]["x0"], top=part[0]["top"],
                              bottom=max(w["bottom"] for w in part), size=round(max(w["size"] for w in part), 1),
                              bold=all(_bold(w["fontname"]) for w in part), row=page * 10_000 + index))
    return lines


# Two words a narrow tab stop set together come out as one ("stadsdelsförvaltningTjänsteutlåtande"); a
# Swedish word has no capital inside it, so one there starts a new word.
_CAMEL = re.compile(r"(?<=[a-zåäöé])(?=[A-ZÅÄÖ][a-zåäö])")


def _columns(row: list[dict]) -> list[list[dict]]:
    from remissarkiv.tools.importer.facts import MAX_COLUMNS

    parts = [[row[0]]]
    for word in row[1:]:
        if word["x0"] - parts[-1][-1]["x1"] > COLUMN_GAP * word["size"] and len(parts) < MAX_COLUMNS:
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def _bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(mark in name for mark in ("bold", "black", "heavy", "semibold", ",b"))


def _document(pages: list[list[Line]]) -> Document:
    lines = [ln for page in pages for ln in page]
    sizes = [ln.size for ln in lines if ln.text.strip() and ln.size]
    document = Document(lines, source="pdf", pages=len(pages))
    document.body_size = statistics.mode(sizes) if sizes else 0.0
    return document
