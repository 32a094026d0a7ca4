"""The whole archive as one SQLite file (api/remissarkiv.db), for SQL, Datasette and sqlite-utils.

Standard library `sqlite3` only. Tables for boards, referrals, the bodies asked, cases, signatories and topics,
tied by foreign keys, and `cases_fts`, an FTS5 index of the cases' text declared the way sqlite-utils declares
one (`content=[cases]`), so Datasette and sqlite-utils find and use it as it is. Å, ä and ö stay letters of
their own in the index (remove_diacritics 0): 'bär' is not 'bar'.

The rows come from the same records as the JSON files (opendata.records), so the two cannot disagree; the
file is made while the cases' plain text is made for their data files, a chunk at a time, and the same
archive gives the same bytes.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from remissarkiv.archive.indexes import Archive, ReferralGroup
from remissarkiv.reading.casedoc import CaseDoc

SCHEMA = """
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  current INTEGER NOT NULL,          -- 1 for a board that exists today, 0 for an earlier one
  valid_to TEXT,                     -- the last day of an earlier board
  successor TEXT REFERENCES boards(id)
);
CREATE TABLE referrals (
  key TEXT PRIMARY KEY,              -- the address slug: remisser/<key>/
  case_number TEXT NOT NULL,
  title TEXT NOT NULL,
  sender TEXT NOT NULL,
  kind TEXT,
  sent TEXT,
  deadline TEXT,
  decided TEXT,
  has_record INTEGER NOT NULL,       -- 1 when the archive has the referral record (who was asked)
  asked_complete INTEGER,            -- 1 when the list of bodies asked is complete; NULL without a record
  answered INTEGER NOT NULL,         -- boards asked that have answered
  url TEXT NOT NULL,
  missive TEXT                       -- the missive's text as written (Markdown)
);
CREATE TABLE asked (
  referral TEXT NOT NULL REFERENCES referrals(key),
  ordinal INTEGER NOT NULL,          -- place in the referral's list
  name TEXT NOT NULL,
  board TEXT REFERENCES boards(id),  -- NULL for a body that is not one of the boards
  state TEXT NOT NULL,               -- besvarad, sen, obesvarad, okänt
  answer TEXT REFERENCES cases(id),
  PRIMARY KEY (referral, ordinal)
);
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  board TEXT NOT NULL REFERENCES boards(id),
  referral TEXT NOT NULL REFERENCES referrals(key),
  case_number TEXT,
  title TEXT NOT NULL,
  summary TEXT,
  document_type TEXT,
  date TEXT,
  decision_date TEXT,
  paragraph TEXT,
  position TEXT,
  proposal TEXT,
  updated TEXT,
  body_text TEXT NOT NULL
);
CREATE TABLE signatories (
  case_id TEXT NOT NULL REFERENCES cases(id),
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  role TEXT,
  PRIMARY KEY (case_id, ordinal)
);
CREATE TABLE topics (
  case_id TEXT NOT NULL REFERENCES cases(id),
  topic TEXT NOT NULL,
  PRIMARY KEY (case_id, topic)
);
CREATE INDEX cases_board ON cases(board);
CREATE INDEX cases_referral ON cases(referral);
CREATE INDEX asked_board ON asked(board);
CREATE VIRTUAL TABLE [cases_fts] USING FTS5 (
  [title], [summary], [proposal], [body_text], content=[cases], tokenize='unicode61 remove_diacritics 0'
);
"""
# What each table holds, in Swedish for the page "Öppna data" (its columns come from SCHEMA itself).
TABLES: dict[str, str] = {
    "boards": "Nämnderna ur data/boards.yml. current är 1 för en nämnd som finns i dag; successor pekar på den "
              "nämnd som tog över (boards.id).",
    "referrals": "En rad per remiss. has_record är 1 när arkivet har remissfilen (vilka som tillfrågades); "
                 "answered är antalet tillfrågade nämnder som har svarat; missive är missivets text.",
    "asked": "Tillfrågade remissinstanser: referral → referrals.key, board → boards.id (tom för andra "
             "instanser än nämnderna), state är besvarad, sen, obesvarad eller okänt, answer → cases.id.",
    "cases": "En rad per publicerat remissvar: board → boards.id, referral → referrals.key, datum, "
             "ställningstagande, förslag till beslut och hela texten (body_text).",
    "signatories": "Undertecknare: case_id → cases.id, i dokumentets ordning (ordinal).",
    "topics": "Ämnen: case_id → cases.id.",
    "cases_fts": "Fritextindex (FTS5) över remissvarens titel, sammanfattning, förslag till beslut och text. "
                 "Sök med: SELECT * FROM cases WHERE rowid IN (SELECT rowid FROM cases_fts WHERE cases_fts "
                 "MATCH 'trygghet').",
}


def columns() -> dict[str, list[str]]:
    """Each table's columns, read from SCHEMA by SQLite itself."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        return {name: [row[1] for row in db.execute(f'PRAGMA table_info("{name}")')] for name in TABLES}
    finally:
        db.close()


class DatabaseWriter:
    """Makes the file in a temporary folder: the archive's boards and referrals first, then the cases as their
    text comes, then the full-text index; `finish` returns the file's bytes."""

    def __init__(self, archive: Archive, referral_records: list[tuple[ReferralGroup, dict]]):
        self._dir = tempfile.TemporaryDirectory(prefix="remissarkiv-db-")
        self.path = Path(self._dir.name) / "remissarkiv.db"
        self.db = sqlite3.connect(self.path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;" + SCHEMA)
        self.archive = archive
        self._keys = {group.identity: group.key for group, _ in referral_records}
        self._boards()
        self._referrals(referral_records)

    def _boards(self) -> None:
        rows = [(b.id, b.name, int(b.is_current), b.valid_to.isoformat() if b.valid_to else None, b.successor)
                for b in sorted(self.archive.boards, key=lambda b: b.id)]
        self.db.executemany("INSERT INTO boards VALUES (?, ?, ?, ?, ?)", rows)

    def _referrals(self, referral_records: list[tuple[ReferralGroup, dict]]) -> None:
        for group, r in referral_records:
            rec = group.record
            missive = rec.missive() if rec else None
            complete = None if r["asked_complete"] is None else int(r["asked_complete"])
            self.db.execute("INSERT INTO referrals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (group.key, r["case_number"], r["title"], r["sender"], r["kind"], r["sent"],
                             r["deadline"], r["decided"], int(rec is not None), complete, r["answered"], r["url"],
                             missive))
            self.db.executemany("INSERT INTO asked VALUES (?, ?, ?, ?, ?, ?)",
                                [(group.key, i, a["name"], a["board"], a["state"], a["answer"])
                                 for i, a in enumerate(r["asked"], 1)])

    def add_case(self, doc: CaseDoc, record: dict, text: str) -> None:
        c, d = doc.case, doc.case.decision
        referral = self._keys[self.archive.referral_of(doc).identity]
        self.db.execute("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (doc.id, record["url"], c.board, referral, c.case_number, c.title, c.summary,
                         c.document_type, _iso(c.date), _iso(d.date), d.paragraph, d.position, d.proposal,
                         record["updated"], text))
        self.db.executemany("INSERT INTO signatories VALUES (?, ?, ?, ?)",
                            [(doc.id, i, s.name, s.role) for i, s in enumerate(c.signatories, 1)])
        self.db.executemany("INSERT OR IGNORE INTO topics VALUES (?, ?)", [(doc.id, t) for t in c.topics])

    def finish(self) -> bytes:
        try:
            self.db.execute("INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')")
            self.db.execute("INSERT INTO cases_fts(cases_fts) VALUES ('optimize')")
            self.db.commit()
            self.db.execute("VACUUM")
            self.db.close()
            return self.path.read_bytes()
        finally:
            self.close()

    def close(self) -> None:
        """Idempotent: `finish` closes, and a build stopped half-way closes here."""
        try:
            self.db.close()
        finally:
            self._dir.cleanup()


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def text_values(path: str | os.PathLike) -> list[str]:
    """Every text value in the file's own tables (what the output scan reads; the index holds only copies)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = []
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                              "AND name NOT LIKE 'cases_fts%' AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            for row in db.execute(f'SELECT * FROM "{name}"'):  # names from the file's own catalogue
                found += [value for value in row if isinstance(value, str)]
        return found
    finally:
        db.close()
