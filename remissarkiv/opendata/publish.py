"""Every open-data file of one build: site path -> bytes. The site build and `remissarkiv pages` both ask here."""
from __future__ import annotations

import json
from pathlib import Path

from remissarkiv.archive.indexes import Archive
from remissarkiv.config import Settings
from remissarkiv.model.case import json_schema as case_file_schema
from remissarkiv.opendata import dcat, feeds, records, schemas, table
from remissarkiv.site import urls


def bulk(path: str) -> bool:
    """One of the many files (a case's own data file, a feed): a site generator need not know them one by one,
    since no hand-written page links to them."""
    return path.startswith((records.API + "cases/", urls.FEEDS + "/"))


def write(files: dict[str, bytes], site_dir: Path, unchanged: dict[str, bytes] | None = None) -> int:
    """Write files below site_dir, skipping those whose bytes equal `unchanged`'s (already in place)."""
    written = 0
    for rel, data in files.items():
        if unchanged is not None and unchanged.get(rel) == data:
            continue
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    return written


def _json(data) -> bytes:
    # Compact: Python's JSON encoder runs in C only without indent, and the files are a tenth smaller.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def data_files(archive: Archive, bodies: dict, settings: Settings,
               files: records.FileFactsCache | None = None) -> dict[str, bytes]:
    """Only published cases are in the archive a production build passes; a preview's data include its drafts,
    as its pages do."""
    files = files or records.FileFactsCache()
    base = settings.site_url
    docs = archive.cases
    generated = records.latest(docs)
    case_records = [records.case_record(archive, doc, base, files) for doc in docs]
    out = {
        records.CASES_JSON: _json({"version": records.VERSION, "generated": generated, "cases": case_records}),
        records.CASES_CSV: table.cases_csv(case_records),
        records.REFERRALS_JSON: _json({"version": records.VERSION, "generated": generated, "referrals": [
            records.referral_record(archive, group, base) for group in archive.sorted_referrals()]}),
        records.CASE_SCHEMA: _json(case_file_schema()),
    }
    for doc, record in zip(docs, case_records):
        out[records.case_data(doc.id)] = _json(records.full_record(record, doc, bodies[doc.id].text))
    for name, schema in schemas.all_schemas(base).items():
        out[records.SCHEMA_DIR + name] = _json(schema)
    out.update(feeds.all_feeds(archive, base, settings.publisher))
    if not settings.publication_gaps():
        out.update(dcat.files(settings, generated))
    return out
