"""Field accuracy of `remissarkiv import` on the test corpus (tests/import_corpus.py): per field, per document,
and the time each document takes. Run with `make bench-import`; scans count only where Tesseract is installed.

    python bench/import_accuracy.py [--only TEXT] [--show]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from remissarkiv.model.boards import BoardRegistry  # noqa: E402
from remissarkiv.tools.importer import batch, extract, ocr, parse  # noqa: E402
from tests import import_corpus  # noqa: E402


def score(folder: Path, boards, only: str | None = None, show: bool = False):
    per_field: dict[str, Counter] = {}
    rows = []
    for document in import_corpus.CORPUS:
        if only and only not in document.name:
            continue
        if document.ocr and not ocr.available():
            rows.append((document.name, None, None, 0.0, "hoppades över: Tesseract saknas"))
            continue
        path, expected = document.write(folder)
        start = time.perf_counter()
        result = parse.parse(extract.read(path), boards)
        seconds = time.perf_counter() - start
        misses = []
        for name, want in expected.items():
            got = batch.field_value(result.values, name)
            ok = got == want
            per_field.setdefault(name, Counter())["right" if ok else "wrong"] += 1
            if not ok:
                misses.append(f"{name}: {got!r} ≠ {want!r}")
        unaccounted = len(result.document.unaccounted())
        rows.append((document.name, len(expected) - len(misses), len(expected), seconds,
                     "; ".join(misses) + (f"; {unaccounted} rader utan plats" if unaccounted else "")))
        if show:
            print("\n".join(result.report()))
    return per_field, rows


def via_libreoffice(folder: Path, boards) -> list[str]:
    """The Word documents of the corpus printed to PDF by LibreOffice (when `soffice` is installed): PDFs the
    importer's tests never see, with a word processor's own spacing, tab stops, headers and footers."""
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        return ["LibreOffice saknas: PDF:er ur Word-dokumenten mättes inte (apt-get install libreoffice-writer-nogui)"]
    expected = {}
    for document in import_corpus.CORPUS:
        if document.name.endswith(".docx"):
            path, fields = document.write(folder)
            expected[path.with_suffix(".pdf")] = fields
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    *[str(p.with_suffix(".docx")) for p in expected]], capture_output=True, check=False)
    right = total = 0
    lines = []
    for path, fields in expected.items():
        result = parse.parse(extract.read(path), boards)
        misses = [f"{n}: {batch.field_value(result.values, n)!r} ≠ {w!r}" for n, w in fields.items()
                  if batch.field_value(result.values, n) != w]
        right, total = right + len(fields) - len(misses), total + len(fields)
        if misses:
            lines.append(f"  {path.name}: " + "; ".join(misses))
    return [f"PDF ur Word via LibreOffice: {right}/{total} fält rätt = {100 * right / max(total, 1):.1f} %", *lines]


def command_times(folder: Path) -> list[str]:
    """Wall time of the command itself: start-up (--help), one text document, one scanned page by OCR."""
    import subprocess

    def timed(*args: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "remissarkiv", *args], cwd=ROOT, capture_output=True, check=False)
        return time.perf_counter() - start

    startup = min(timed("--help") for _ in range(3))
    lines = [f"Kommandots start: {startup:.2f} s (bäst av 3)"]
    for name in ("farsta-skrivelse.docx", "spanga-tva-kolumner.pdf", "norra-outlook.txt", "kultur-inskannad.pdf"):
        document = next(d for d in import_corpus.CORPUS if d.name == name)
        if document.ocr and not ocr.available():
            continue
        path, _ = document.write(folder)
        seconds = min(timed("import", str(path), "--stdout") for _ in range(2))
        lines.append(f"{name}: {seconds:.2f} s med start, {seconds - startup:.2f} s efter start"
                     + (" (OCR, 1 sida)" if document.ocr else ""))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    boards = BoardRegistry.load(ROOT / "data" / "boards.yml")
    with tempfile.TemporaryDirectory() as tmp:
        per_field, rows = score(Path(tmp), boards, args.only, args.show)
        times = [] if args.only else via_libreoffice(Path(tmp), boards) + command_times(Path(tmp))
    print(f"{'Dokument':36} {'rätt':>9} {'tid (s)':>8}  missar")
    for name, right, total, seconds, misses in rows:
        shown = f"{right}/{total}" if total else "–"
        print(f"{name:36} {shown:>9} {seconds:8.2f}  {misses}")
    print(f"\n{'Fält':24} {'rätt':>9}")
    right = total = 0
    for name, counts in per_field.items():
        n = counts["right"] + counts["wrong"]
        right, total = right + counts["right"], total + n
        print(f"{name:24} {counts['right']:>4}/{n:<4}")
    print(f"\nTotalt: {right}/{total} fält rätt = {100 * right / max(total, 1):.1f} %"
          f" ({len(batch.KEY_FIELDS)} fält per dokument)")
    print("\n" + "\n".join(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
