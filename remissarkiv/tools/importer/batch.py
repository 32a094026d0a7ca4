"""Import many documents: each in a process of its own with a time and memory budget, so one bad document never
stops the rest; a document already imported (same SHA-256) is not imported twice.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from remissarkiv.tools.importer.extract import SUFFIXES

SECONDS = 120          # for one document without OCR (a 500-page PDF fits)
SECONDS_OCR = 900      # with OCR: a few seconds a page
MEMORY = 4 << 30       # bytes of address space for the process that reads one document
SOURCE_MARK = re.compile(r"^# Källa: .*\(SHA-256 ([0-9a-f]{64})\)", re.M)
KEY_FIELDS = ["title", "board", "case_number", "document_type", "date", "referral.title", "referral.case_number",
              "referral.sender", "referral.kind", "decision.date", "decision.paragraph", "decision.position",
              "handler", "signatories"]


@dataclass
class Outcome:
    source: Path
    case_file: Path | None = None
    found: int = 0
    warnings: int = 0
    error: str | None = None
    already: Path | None = None
    report: list[str] = field(default_factory=list)
    needs_person: list[str] = field(default_factory=list)  # the text itself is not to be trusted (quality.py)
    effort: int = 0                                         # how much a person must check (provenance.effort)

    @property
    def rank(self) -> tuple:
        """Failures first, then documents needing a person, then by how much there is to check."""
        return (self.error is None, not self.needs_person, -self.effort)


def documents(paths: list[Path]) -> tuple[list[Path], list[Outcome]]:
    """The files to import (folders searched through, in name order) and the paths that are none."""
    files: list[Path] = []
    missing: list[Outcome] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                            and p.suffix and not p.name.startswith((".", "~$")))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Outcome(path, error="filen eller mappen finns inte"))
    return list(dict.fromkeys(files)), missing


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def imported_sources(cases_dir: Path) -> dict[str, Path]:
    """SHA-256 of each imported source → the case file it became (from the comment the import writes)."""
    known: dict[str, Path] = {}
    if not cases_dir.is_dir():
        return known
    for path in sorted(cases_dir.rglob("*.md")):
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                head = handle.read(2000)
        except OSError:
            continue
        for digest in SOURCE_MARK.findall(head):
            known.setdefault(digest, path)
    return known


def field_value(values: dict, name: str):
    """An imported field by its dotted name ('decision.date'), dates as ISO text: as the report and the
    corpus's expectations name them."""
    value = values
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value.isoformat() if hasattr(value, "isoformat") else value


def found_fields(values: dict) -> int:
    return sum(field_value(values, name) not in (None, [], "") for name in KEY_FIELDS)


def read_limited(path: Path, boards, ocr: bool, missive: bool = False, knowledge=None):
    """Read and parse in a child process: killed after its time, refused beyond its memory. With `missive`, the
    document is read as a missive (importer.missive) instead of an answer."""
    from remissarkiv import parallel
    from remissarkiv.tools.importer import extract, parse
    from remissarkiv.tools.importer import missive as missive_module

    def work(source: Path):
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        except (ImportError, ValueError, OSError):
            pass
        try:
            document = extract.read(source, ocr=ocr)
            if missive:
                return missive_module.read(document, boards)
            return parse.parse(document, boards, knowledge)
        except MemoryError:
            raise extract.ExtractError("dokumentet kräver mer minne än en import får använda – det är troligen "
                                       "skadat eller ovanligt stort") from None

    seconds = SECONDS_OCR if path.suffix.lower() == ".pdf" and ocr else SECONDS
    try:
        return parallel.isolated(work, path, seconds)
    except parallel.OverBudget:
        raise extract.ExtractError(f"läsningen tog mer än {seconds} sekunder och avbröts: dokumentet är ovanligt "
                                   "stort eller skadat – dela upp det eller spara om det") from None
    except RuntimeError as exc:
        message = str(exc)
        if message.startswith("ExtractError: "):
            raise extract.ExtractError(message.removeprefix("ExtractError: ")) from None
        raise


def progress(done: int, total: int, name: str, stream) -> None:
    width = 24
    filled = width * done // max(total, 1)
    bar = "█" * filled + "·" * (width - filled)
    end = "\r" if stream.isatty() else "\n"
    stream.write(f"[{bar}] {done}/{total} {name[:50]}{' ' * 10}{end}")
    stream.flush()


def totals(outcomes: list[Outcome]) -> str:
    """The last line: read, needing a person, failed – a garbled document is never counted as simply read."""
    failed = sum(o.error is not None for o in outcomes)
    person = sum(bool(o.needs_person) for o in outcomes if o.error is None)
    fine = len(outcomes) - failed - person
    return (f"{fine} av {len(outcomes)} dokument lästes; {person} behöver en person (texten eller uppgifterna "
            f"gick inte att lita på); {failed} misslyckades.")


def table(outcomes: list[Outcome], root: Path) -> list[str]:
    """The summary: document → case file, fields found, warnings, result."""
    def shown(path: Path | None) -> str:
        if path is None:
            return "–"
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            return str(path)

    rows = [("Dokument", "Ärendefil", "Uppgifter", "Varningar", "Resultat")]
    for o in sorted(outcomes, key=lambda o: o.rank):
        result = ("fel: " + (o.error or "")) if o.error else (
            f"redan importerad som {shown(o.already)}" if o.already else
            "BEHÖVER EN PERSON: " + "; ".join(o.needs_person) if o.needs_person else "importerad (utkast)")
        rows.append((o.source.name, shown(o.case_file or o.already), f"{o.found}/{len(KEY_FIELDS)}"
                     if not o.error else "–", str(o.warnings) if not o.error else "–", result))
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(4)]
    lines = []
    for i, row in enumerate(rows):
        cells = [row[c][:widths[c]].ljust(widths[c]) for c in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  --------")
    return lines
