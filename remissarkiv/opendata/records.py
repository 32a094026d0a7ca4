"""Records of the published data files: one shape per case and per referral, defined here once.

A case record carries the front matter exactly as the model holds it (`front_matter`), so it turns back into
the case file's front matter, plus what the archive adds: addresses, the board's name, the attachment files'
facts. Unknown facts stay null; nothing is filled in.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from remissarkiv.archive import states
from remissarkiv.archive.indexes import Archive, ReferralGroup
from remissarkiv.model.case import UNPUBLISHED, Position
from remissarkiv.reading.casedoc import CaseDoc
from remissarkiv.site import urls

VERSION = 1
API = "api/"
CASES_JSON = API + "cases.json"
CASES_CSV = API + "cases.csv"
REFERRALS_JSON = API + "referrals.json"
REFERRALS_CSV = API + "referrals.csv"
DATABASE = API + "remissarkiv.db"  # everything in one SQLite file (opendata.database)
SCHEMA_DIR = API + "schema/"
DCAT_TTL = API + "dcat.ttl"  # the catalogue of the data files (opendata.dcat)
DCAT_RDF = API + "dcat.rdf"
ARCHIVE_FILES = (CASES_JSON, CASES_CSV, REFERRALS_JSON, REFERRALS_CSV, DATABASE, DCAT_TTL, DCAT_RDF)
CASE_SCHEMA = "schema/case.schema.json"   # the case file's front matter (what staff write)
POSITIONS = list(get_args(Position))
POSITION_KEYS = [*POSITIONS, "okänt"]  # a referral's tally: every position, and 'okänt' when none is given


def case_data(doc_id: str) -> str:
    return f"{API}cases/{doc_id}.json"


def referral_data(key: str) -> str:
    return f"{API}referrals/{key}.json"


@dataclass(frozen=True)
class FileFacts:
    media_type: str
    bytes: int
    sha256: str


class FileFactsCache:
    """Size and checksum of attachment files, by path, size and modification time: a rebuild hashes only
    what changed."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, int, int], FileFacts] = {}

    def facts(self, path: Path) -> FileFacts:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self._known:
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self._known[key] = FileFacts(media, stat.st_size, digest.hexdigest())
        return self._known[key]


def case_record(archive: Archive, doc: CaseDoc, base: str, files: FileFactsCache) -> dict:
    c = doc.case
    attached = []
    for a in c.attachments:
        if a.file:
            facts = files.facts(doc.folder / a.file)
            attached.append({"title": a.title, "file": a.file, "url": urls.absolute(base, urls.attachment(doc.id, a.file)),
                             "media_type": facts.media_type, "bytes": facts.bytes, "sha256": facts.sha256})
    return {
        "id": doc.id,
        "url": urls.absolute(base, urls.case(doc.id)),
        "data_url": urls.absolute(base, case_data(doc.id)),
        "earlier_urls": [urls.absolute(base, alias) for alias in c.aliases],
        "board_name": archive.board(c.board).name,
        "updated": _iso(doc.updated()),
        "front_matter": c.model_dump(mode="json", exclude=UNPUBLISHED),
        "files": attached,
    }


def withdrawn_record(doc: CaseDoc, base: str) -> dict:
    """What the data files keep of a withdrawn case: its address, when and why; after a full removal not even
    its title, board or referral."""
    c, w = doc.case, doc.case.withdrawal
    record = {"id": doc.id, "url": urls.absolute(base, urls.case(doc.id)),
              "earlier_urls": [urls.absolute(base, alias) for alias in doc.earlier_addresses],
              "status": c.status, "withdrawn": _iso(w.date), "reason": w.reason, "full_removal": w.full,
              "title": None, "board": None, "referral_case_number": None}
    if not w.full:
        record.update({"title": c.title, "board": c.board, "referral_case_number": c.referral.case_number})
    return record


def full_record(record: dict, doc: CaseDoc, body_text: str) -> dict:
    """A case's own data file: its record with the text, as written (Markdown) and as read (plain text,
    made with the HTML by site.render)."""
    return {"version": VERSION, **record, "body_markdown": doc.body.strip() + "\n", "body_text": body_text}


# A data file never depends on the day it is built: an unanswered body is "obesvarad" whatever the date.
ASKED_STATES = {"besvarad": "besvarad", "sen": "sen", "saknas": "obesvarad", "öppen": "obesvarad", "okänt": "okänt"}


def referral_record(archive: Archive, group: ReferralGroup, base: str) -> dict:
    answers = sorted(group.answers, key=lambda d: archive.board(d.case.board).name)
    counts = Counter(d.case.decision.position for d in answers)
    now = states.state(archive, group, dt.date.min)  # no day: the states that do not depend on one
    return {
        "case_number": group.case_number,
        "title": group.title,
        "sender": group.sender,
        "kind": group.kind,
        "deadline": _iso(now.deadline),
        "sent": _iso(group.record.record.sent) if group.record else None,
        "decided": _iso(group.record.record.decided) if group.record else None,
        "asked_complete": group.record.record.asked_complete if group.record else None,
        "asked": [{"name": a.name, "board": a.board, "state": ASKED_STATES[a.state],
                   "answer": a.answer.id if a.answer else None} for a in now.asked],
        "answered": now.answered,
        "missing": [a.board for a in now.boards if a.answer is None],
        "url": urls.absolute(base, urls.referral(group.key)),
        "data_url": urls.absolute(base, referral_data(group.key)),
        "answers": [{"id": d.id, "board": d.case.board, "board_name": archive.board(d.case.board).name,
                     "position": d.case.decision.position, "date": _iso(d.case.effective_date()),
                     "url": urls.absolute(base, urls.case(d.id))} for d in answers],
        "positions": {**{p: counts.get(p, 0) for p in POSITIONS}, POSITION_KEYS[-1]: counts.get(None, 0)},
    }


def full_referral(record: dict, group: ReferralGroup, base: str) -> dict:
    """A referral's own data file: its record with the documents sent and the missive as written (Markdown)."""
    rec = group.record
    sent = [{"title": d.title, "url": urls.absolute(base, urls.referral_file(group.key, d.file)) if d.file else d.url}
            for d in (rec.record.documents if rec else ())]
    return {"version": VERSION, **record, "documents": sent, "missive_markdown": rec.missive() if rec else None}


def latest(docs: list[CaseDoc]) -> str | None:
    """The newest date in the data: what a data file says it is current to (never the build's clock)."""
    days = [d for d in (doc.updated() for doc in docs) if d]
    return _iso(max(days)) if days else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
