"""Text recognition for scanned PDFs: OCRmyPDF with Tesseract's Swedish model, into a temporary file.

Tesseract is a Debian package, not a Python one: `make install` installs it where it can (as root, as in CI);
elsewhere `require` refuses with the one command that does.
"""
from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-swe ghostscript"
TIMEOUT = 600  # seconds for a whole document: a page takes a few


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


@contextlib.contextmanager
def recognised(path: Path):
    """The PDF with a text layer from OCR; every page is rasterised, so a stamp's text is read with the rest."""
    import logging

    import ocrmypdf

    from remissarkiv.tools.importer.extract import ExtractError

    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="remissarkiv-ocr-") as tmp:
        out = Path(tmp) / "ocr.pdf"
        try:
            ocrmypdf.ocr(str(path), str(out), language=["swe"], force_ocr=True, output_type="pdf",
                         progress_bar=False, jobs=2, optimize=0, tesseract_timeout=120)
        except Exception as exc:  # noqa: BLE001 – OCRmyPDF and its tools fail in many ways on a broken file
            raise ExtractError(f"textigenkänningen (OCR) misslyckades ({type(exc).__name__}): kontrollera att "
                               "filen öppnas i en PDF-läsare") from None
        yield out
