"""The `import:` record of a draft: where the source came from and, per field, where it was read and how sure the
importer is, so that whoever reviews knows which fields to look at. Kept in Git, never published
(model.case.UNPUBLISHED); the form shows it read-only and the preview's changes page beside the case.

How sure (in Swedish, as staff read it):
- "säker": read by a label ("Dnr", "Datum"), from the title line, or confirmed by what the archive already holds;
- "trolig": read from a line's shape or place (a date alone, a running header, the prose), with no rival;
- "osäker": another candidate was not chosen, the text came from OCR, or the field was inferred.
"""
from __future__ import annotations

import datetime as dt

from remissarkiv.tools.importer import batch

SURE_HOW = ("etikett", "rubriken", "ämnesraden", "namn och titlar")
SURE = "säker"
LIKELY = "trolig"
UNSURE = "osäker"


def certainty(choice, ocr: bool) -> str:
    how = choice.how or ""
    if choice.reason:
        level = SURE
    elif any(mark in how for mark in SURE_HOW):
        level = SURE
    else:
        level = LIKELY
    if choice.others or "härledd" in how:
        level = UNSURE
    if ocr and level == SURE:
        level = LIKELY  # a label read by OCR may have lost a digit: worth a look either way
    return level


def record(imported, source: str, digest: str, today: dt.date | None = None) -> dict:
    ocr = bool(imported.document and imported.document.ocr)
    fields = []
    seen = set()
    for choice in imported.choices:
        if choice.field in seen:
            continue
        seen.add(choice.field)
        entry = {"field": choice.field, "where": choice.where, "how": choice.how,
                 "certainty": certainty(choice, ocr)}
        if choice.reason:
            entry["reason"] = choice.reason
        fields.append(entry)
    return {"source": source, "sha256": digest, "ocr": ocr, "date": today or dt.date.today(),
            "check": to_check(imported, fields), "fields": fields}


def to_check(imported, fields: list[dict]) -> list[str]:
    """What a person must look at, most important first."""
    out = list(imported.needs_person)
    if imported.foreign:
        out.append(f"Dokumentet verkar komma från {imported.foreign}: ingen nämnd valdes")
    if imported.document and imported.document.ocr:
        out.append("Texten är tolkad med textigenkänning (OCR): jämför hela texten med originalet")
    unsure = [f["field"] for f in fields if f["certainty"] == UNSURE]
    if unsure:
        out.append("Osäkra uppgifter: " + ", ".join(unsure))
    missing = [name for name in batch.KEY_FIELDS if batch.field_value(imported.values, name) in (None, [], "")]
    if missing:
        out.append("Saknas (fyll i om du vet): " + ", ".join(missing))
    return out


def effort(imported, rec: dict) -> int:
    """How much a person must check, given the draft's import record: more for a garbled or foreign document
    and OCR, for each unsure, likely and missing field."""
    unsure = sum(f["certainty"] == UNSURE for f in rec["fields"])
    likely = sum(f["certainty"] == LIKELY for f in rec["fields"])
    missing = len(batch.KEY_FIELDS) - batch.found_fields(imported.values)
    return (100 * bool(imported.needs_person) + 20 * bool(imported.foreign)
            + 10 * bool(rec["ocr"]) + 3 * unsure + likely + 2 * missing)
