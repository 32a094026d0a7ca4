"""Every open-data file of one build: site path -> bytes. The site build and `remissarkiv pages` both ask here."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from remissarkiv import parallel
from remissarkiv.archive.indexes import Archive
from remissarkiv.config import Settings
from remissarkiv.model import slugs
from remissarkiv.model.case import json_schema as case_file_schema
from remissarkiv.opendata import database, dcat, feeds, records, schemas, table
from remissarkiv.site.render import plain_text

CHUNK = 2000  # cases whose plain text is made at once


def write(files: Iterable[tuple[str, bytes]], site_dir: Path) -> int:
    """Write (site path, bytes) pairs below site_dir; returns how many. A path that would lie outside site_dir
    stops the build (slugs.UnsafeOutputPath)."""
    written, folder = 0, slugs.OutputFolder(site_dir)
    for rel, data in files:
        folder.target(rel).write_bytes(data)
        written += 1
    return written


def _json(data) -> bytes:
    # Compact: Python's JSON encoder runs in C only without indent, and the files are a tenth smaller.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


@dataclass
class OpenData:
    """One build's open data: the few files that pages link to, made at once, and the many (each case's own
    file, the feeds), made while they are written, so that a build never holds them all in memory."""

    core: dict[str, bytes]
    bulk_paths: list[str]
    _bulk: Callable[[], Iterator[tuple[str, bytes]]]

    def bulk(self) -> Iterator[tuple[str, bytes]]:
        return self._bulk()

    def everything(self) -> dict[str, bytes]:
        return {**self.core, **dict(self.bulk())}


def open_data(archive: Archive, bodies: dict, settings: Settings,
              files: records.FileFactsCache | None = None) -> OpenData:
    """Only published cases are in the archive a production build passes; a preview's data include its drafts,
    as its pages do."""
    files = files or records.FileFactsCache()
    base = settings.site_url
    docs = archive.cases
    generated = records.latest(docs)
    case_records = [records.case_record(archive, doc, base, files) for doc in docs]
    groups = archive.sorted_referrals()
    referral_records = [records.referral_record(archive, group, base) for group in groups]
    core = {
        records.CASES_JSON: _json({"version": records.VERSION, "generated": generated, "cases": case_records,
                                   "withdrawn": [records.withdrawn_record(d, base) for d in archive.withdrawn]}),
        records.CASES_CSV: table.cases_csv(case_records),
        records.REFERRALS_JSON: _json({"version": records.VERSION, "generated": generated,
                                       "referrals": referral_records}),
        records.REFERRALS_CSV: table.referrals_csv(referral_records, records.POSITION_KEYS),
        records.CASE_SCHEMA: _json(case_file_schema()),
    }
    for name, schema in schemas.all_schemas(base).items():
        core[records.SCHEMA_DIR + name] = _json(schema)
    if not settings.publication_gaps():
        core.update(dcat.files(settings, generated))

    def bulk() -> Iterator[tuple[str, bytes]]:
        # The plain text is made here, in worker processes, a chunk at a time: kept with every body it
        # would cost the whole build its memory. The database takes each case's row as its text comes.
        db = database.DatabaseWriter(archive, list(zip(groups, referral_records)))
        try:
            pairs = list(zip(docs, case_records))
            for start in range(0, len(pairs), CHUNK):
                chunk = pairs[start:start + CHUNK]
                texts = parallel.map_items(plain_text, [bodies[doc.id].html for doc, _ in chunk])
                for (doc, record), text in zip(chunk, texts):
                    db.add_case(doc, record, text)
                    yield records.case_data(doc.id), _json(records.full_record(record, doc, text))
            for group, record in zip(groups, referral_records):
                yield records.referral_data(group.key), _json(records.full_referral(record, group, base))
            yield records.DATABASE, db.finish()
        finally:
            db.close()
        yield from feeds.each_feed(archive, base, settings.publisher)

    paths = [records.case_data(d.id) for d in docs] + [records.referral_data(g.key) for g in groups]
    return OpenData(core, paths + [records.DATABASE] + feeds.feed_paths(archive), bulk)


def data_files(archive: Archive, bodies: dict, settings: Settings,
               files: records.FileFactsCache | None = None) -> dict[str, bytes]:
    """Every file at once (tests, benchmarks)."""
    return open_data(archive, bodies, settings, files).everything()
