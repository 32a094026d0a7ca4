"""Text recognition for scanned PDFs: each page rendered (pypdfium2) and read by Tesseract's Swedish model, whose
TSV output gives every word with its box.

The words, not a re-extracted text layer, are what the importer reads: a text layer that OCRmyPDF writes comes
back from pdfplumber letter-spaced ("S T O C K H O L M S"), and every fact is lost. From the boxes the page's skew
is measured (the slope of Tesseract's own lines) and taken out, so that pdf.py groups the words into rows and
columns exactly as it does a PDF with text.

Tesseract is a Debian package, not a Python one: `make install` installs it where it can (as root, as in CI);
elsewhere `require` refuses with the one command that does.
"""
from __future__ import annotations

import math
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-swe"
TIMEOUT = 600        # seconds for a whole document: a page takes a few
PAGE_TIMEOUT = 120   # seconds for one page
DPI = 300            # pages are rendered at this resolution: a 150 dpi scan is read better enlarged
MIN_CONFIDENCE = 10  # Tesseract's confidence (0–100) under which a "word" is speckle or a stamp's frame
KEEP_ALONE = set("–—-§&•*()+=/%")  # signs that stand alone in text; any other sign alone is dust
MAX_SKEW = 5.0       # degrees: a larger slope is a column of text or a stamp, not the page's skew


def available() -> bool:
    if not shutil.which("tesseract"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "swe" in langs.split()


def require(why: str) -> None:
    from remissarkiv.tools.importer.extract import ExtractError

    if not available():
        raise ExtractError(f"{why}, och textigenkänning (OCR) behövs för att läsa den, men Tesseract med svenska "
                           f"saknas på den här datorn. Installera det med: {INSTALL} – och importera igen")


def words_of(path: Path) -> list[list[dict]]:
    """Each page's words as pdfplumber gives them (text, x0, x1, top, bottom in points; size; fontname), read by
    Tesseract, the page's skew taken out."""
    import time

    import pypdfium2
    from PIL import ImageFilter

    from remissarkiv.tools.importer.extract import ExtractError

    started = time.monotonic()
    out = []
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 – a PDF pdfplumber read but pdfium cannot render
        raise ExtractError(f"textigenkänningen (OCR) kunde inte öppna sidorna ({type(exc).__name__}): spara filen "
                           "på nytt ur skanningsprogrammet") from None
    with pdf, tempfile.TemporaryDirectory(prefix="remissarkiv-ocr-") as tmp:
        for number in range(len(pdf)):
            if time.monotonic() - started > TIMEOUT:
                raise ExtractError(f"textigenkänningen (OCR) tog mer än {TIMEOUT // 60} minuter: dela upp filen och "
                                   "importera delarna var för sig")
            image = pdf[number].render(scale=DPI / 72, grayscale=True).to_pil()
            # dust and speckles of a scanner glass are single dots: a 3×3 median takes them out, strokes stay
            image = image.filter(ImageFilter.MedianFilter(3))
            png = Path(tmp) / f"{number}.png"
            image.save(png)
            out.append(_deskewed(_tesseract(png)))
    return out


def _tesseract(png: Path) -> list[dict]:
    from remissarkiv.tools.importer.extract import ExtractError

    try:
        done = subprocess.run(["tesseract", str(png), "stdout", "-l", "swe", "--psm", "3", "tsv"],
                              capture_output=True, timeout=PAGE_TIMEOUT, check=True)
    except subprocess.TimeoutExpired:
        raise ExtractError(f"textigenkänningen (OCR) av en sida tog mer än {PAGE_TIMEOUT} sekunder: skanna sidan "
                           "på nytt (rak, 300 dpi) och importera igen") from None
    except (OSError, subprocess.CalledProcessError) as exc:
        raise ExtractError(f"textigenkänningen (OCR) misslyckades ({type(exc).__name__}): kontrollera att "
                           "filen öppnas i en PDF-läsare") from None
    return _words(done.stdout.decode("utf-8", "replace"))


def _words(tsv: str) -> list[dict]:
    """Tesseract's TSV rows of level 5 (words), in points, with the line they belong to."""
    scale = 72 / DPI
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        text = cols[11].strip()
        if conf < MIN_CONFIDENCE or (not any(c.isalnum() for c in text) and not set(text) <= KEEP_ALONE):
            continue  # speckles read as "|", "'" or "." (a dash, § or bullet alone is text)
        words.append({"text": text, "x0": left * scale, "x1": (left + width) * scale,
                      "top": top * scale, "bottom": (top + height) * scale, "line": tuple(cols[2:5]),
                      "size": 0.0, "fontname": ""})
    return words


def skew(words: list[dict]) -> float:
    """The page's slope (radians): the median slope of Tesseract's lines of four words or more, measured on the
    words' bottoms. Letters with descenders move a bottom a little; the median of many lines does not move."""
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault(w["line"], []).append(w)
    slopes = []
    for line in lines.values():
        if len(line) < 4:
            continue
        xs = [(w["x0"] + w["x1"]) / 2 for w in line]
        ys = [w["bottom"] for w in line]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        spread = sum((x - mx) ** 2 for x in xs)
        if spread:
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / spread
            if abs(math.degrees(math.atan(slope))) <= MAX_SKEW:
                slopes.append(slope)
    return math.atan(statistics.median(slopes)) if slopes else 0.0


def _deskewed(words: list[dict]) -> list[dict]:
    """Words turned back by the page's skew; the words of one Tesseract line share its middle and height, so a
    line is one row to pdf.py (a word's own box is glyph-tight: "om" sits lower than "Promemoria")."""
    angle = skew(words)
    cos, sin = math.cos(-angle), math.sin(-angle)
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        cx, cy = w["x0"], (w["top"] + w["bottom"]) / 2
        w["x1"], w["x0"] = cx * cos - cy * sin + (w["x1"] - w["x0"]), cx * cos - cy * sin
        w["middle"] = cx * sin + cy * cos
        lines.setdefault(w["line"], []).append(w)
    for line in lines.values():
        middle = statistics.median(w["middle"] for w in line)
        height = max(w["bottom"] - w["top"] for w in line)
        for w in line:
            w["top"], w["bottom"] = middle - height / 2, middle + height / 2
            # a line's tallest word is about as tall as its font: enough for the gaps that part columns
            w["size"] = round(height, 1)
    return words
