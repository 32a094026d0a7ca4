"""`remissarkiv export-sip`: the archive (or one year of it) as an E-ARK SIP (CSIP 2.1, which Riksarkivet's FGS
Paketstruktur builds on), for the municipality's e-archive under the archive law.

    <package>/METS.xml                                  CSIP/SIP METS: descriptive and preservation metadata
                                                        by reference, the files with size and SHA-256
    <package>/metadata/descriptive/dc/<id>.xml          Dublin Core of each case
    <package>/metadata/descriptive/json/<id>.json       each case's front matter as the model holds it (with
                                                        the review record, which the site never publishes)
    <package>/metadata/preservation/premis.xml          PREMIS 3: every file's fixity, and the events
                                                        (published, corrected, withdrawn) with their dates
    <package>/representations/rep1/data/source/<id>.md        the case files as written
    <package>/representations/rep1/data/html/<id>.html         the text as the site renders it, no site chrome
    <package>/representations/rep1/data/attachments/<id>/…     the attachments
    <package>/documentation/om-paketet.txt              what is where, in Swedish

Deterministic: the same archive (files and git history) gives the same bytes; no date comes from the clock.
Streamed: each file is written and hashed as it is made, the METS and PREMIS sections go to part files that
are joined at the end, and bodies are rendered a chunk at a time, so memory does not grow with the archive.
Written into a staging folder beside the target and moved into place only when complete: an error leaves
nothing half-written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import os
import shutil
from contextlib import ExitStack
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Iterable, Iterator

from remissarkiv.archive import history as history_
from remissarkiv.archive.indexes import Archive
from remissarkiv.config import Settings
from remissarkiv.model import labels
from remissarkiv.reading.casedoc import CaseDoc
from remissarkiv.preservation import xml
from remissarkiv.preservation.xml import Event, Written
from remissarkiv.site import urls
from remissarkiv.site.render import render_bodies

REP = "representations/rep1"
DATA = f"{REP}/data"
PREMIS = "metadata/preservation/premis.xml"
DOCUMENTATION = "documentation/om-paketet.txt"
CHUNK = 200  # bodies rendered at once
JSON_TYPE = "Remissarkivet-JSON"
SCHEMA_DIR = Path(__file__).parent / "schemas"


class ExportError(Exception):
    """The export cannot be made; the message is Swedish."""


def objid(year: int | None) -> str:
    return f"remissarkivet-{year}" if year else "remissarkivet"


def _software_version() -> str:
    try:
        return version("remissarkiv")
    except PackageNotFoundError:
        return "okänd"


def target_problem(out: Path) -> str | None:
    """Why a package cannot be written to `out`, or None."""
    if out.is_symlink():
        # The package is moved into place by a rename, which a link would turn into a write somewhere else.
        return f"{out} är en symbolisk länk: välj en vanlig ny eller tom mapp för paketet"
    if out.exists() and not out.is_dir():
        return f"{out} finns redan och är ingen mapp: välj en ny mapp för paketet"
    if out.is_dir() and any(out.iterdir()):
        return f"mappen {out} är inte tom: ett paket skrivs bara till en ny eller tom mapp (ingenting skrevs över)"
    return None


def export(root: Path, archive: Archive, out: Path, settings: Settings, year: int | None = None) -> dict:
    """Write the package to `out` (new or empty). Returns counts and the package's size for the caller."""
    problem = target_problem(out)
    if problem:
        raise ExportError(problem)
    docs = _chosen(archive, year)
    if not docs:
        raise ExportError(f"inga publicerade eller avpublicerade remissvar {'från ' + str(year) if year else ''} "
                          "att exportera".replace("  ", " "))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(os.path.join(out.parent, f".{out.name}.delvis-{os.getpid()}"))
    shutil.rmtree(staging, ignore_errors=True)
    try:
        counts = _Writer(root, staging, settings, year).write(docs)
        if out.is_dir():
            out.rmdir()  # empty (checked above): the staging folder takes its place
        staging.rename(out)
    except OSError as exc:
        raise ExportError(f"paketet kunde inte skrivas till {out} ({exc.strerror or exc}): välj en ny eller tom "
                          "mapp där du får skriva; ingenting skrevs") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def _chosen(archive: Archive, year: int | None) -> list[CaseDoc]:
    if year is None:
        docs = [*archive.cases, *archive.withdrawn]
    else:  # the site's year (Archive.by_year): the document's date, else the meeting's; undated ones are in no year
        docs = [*archive.by_year.get(year, []),
                *(d for d in archive.withdrawn if (d.case.effective_date() or dt.date.min).year == year)]
    return sorted(docs, key=lambda d: d.id)


class _Writer:
    def __init__(self, root: Path, staging: Path, settings: Settings, year: int | None):
        self.root, self.dir, self.settings, self.year = root, staging, settings, year
        self.history = history_.read(root)
        self.latest = dt.date(1970, 1, 1)  # the package's date: the latest date in what it holds
        self.bytes = 0

    # -- files ------------------------------------------------------------------------------------------
    def _write(self, rel: str, data: bytes | Path, created: dt.date, media_type: str | None = None) -> Written:
        target = self.dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with open(target, "wb") as sink:
            for block in _blocks(data):
                digest.update(block)
                sink.write(block)
                size += len(block)
        self.bytes += size
        media = media_type or mimetypes.guess_type(rel)[0] or "application/octet-stream"
        return Written(rel, size, digest.hexdigest(), media, created)

    def _dated(self, doc: CaseDoc) -> dt.date:
        """A case's files are dated by its last change in git, else its own dates; never by the clock."""
        day = self.history.last_changed(doc.source) \
            or (doc.case.withdrawal.date if doc.case.withdrawal else None) or doc.updated() or dt.date(1970, 1, 1)
        self.latest = max(self.latest, day)
        return day

    # -- the package ------------------------------------------------------------------------------------
    def write(self, docs: list[CaseDoc]) -> dict:
        for doc in docs:
            doc.added = self.history.added.get(doc.source)  # empty without a history
        parts = self.dir / ".delar"
        parts.mkdir(parents=True)
        names = ("dmd", "files", "objects", "events")
        with ExitStack() as stack:
            part = {n: stack.enter_context(open(parts / n, "w", encoding="utf-8")) for n in names}
            cases = 0
            for start in range(0, len(docs), CHUNK):
                chunk = docs[start:start + CHUNK]
                shown = [d for d in chunk if not (d.withdrawn and d.case.withdrawal.full)]
                bodies = render_bodies(shown)
                for doc in chunk:
                    self._case(doc, bodies.get(doc.id), part)
                    cases += 1
        doc_file = self._write(DOCUMENTATION, _documentation(self.year).encode("utf-8"), self.latest, "text/plain")
        schemas = [self._write(f"schemas/{name}", SCHEMA_DIR / name, self.latest, "application/xml")
                   for name in xml.SCHEMAS]
        premis = self._premis(parts)
        self._mets(parts, premis, doc_file, schemas)
        shutil.rmtree(parts)
        return {"cases": cases, "bytes": self.bytes, "objid": objid(self.year)}

    def _case(self, doc: CaseDoc, body, part: dict[str, IO[str]]) -> None:
        day = self._dated(doc)
        removed = doc.withdrawn and doc.case.withdrawal.full
        files: list[Written] = []
        if not removed:  # after a full removal the package keeps only the event
            files.append(self._write(f"{DATA}/source/{doc.id}.md", Path(self.root / doc.source), day, "text/markdown"))
            files.append(self._write(f"{DATA}/html/{doc.id}.html", _page(doc, body.html).encode("utf-8"), day,
                                     "text/html"))
            for att in doc.case.attachments:
                if att.file:
                    files.append(self._write(f"{DATA}/attachments/{doc.id}/{att.file}", doc.folder / att.file, day))
            dc = self._write(f"metadata/descriptive/dc/{doc.id}.xml", _dublin_core(doc, self.settings).encode("utf-8"),
                             day, "application/xml")
            js = self._write(f"metadata/descriptive/json/{doc.id}.json", _json(doc), day, "application/json")
            part["dmd"].write(xml.dmd_sec(xml.ident("dc", doc.id), dc, "DC"))
            part["dmd"].write(xml.dmd_sec(xml.ident("json", doc.id), js, "OTHER", JSON_TYPE))
            for f in [*files, dc, js]:
                part["objects"].write(xml.premis_object(f))
            for f in files:
                part["files"].write(xml.file_entry(f))
        for event in _events(doc, [f.path for f in files]):
            self.latest = max(self.latest, event.day)
            part["events"].write(event.xml(self.settings.publisher or "Remissarkivet"))

    def _premis(self, parts: Path) -> Written:
        target = self.dir / PREMIS
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8") as sink:
            sink.write(xml.PREMIS_OPEN)
            for name in ("objects", "events"):
                with open(parts / name, encoding="utf-8") as src:
                    shutil.copyfileobj(src, sink)
            sink.write(xml.premis_agent(self.settings.publisher or "Remissarkivet", "organization"))
            sink.write(xml.premis_agent("Remissarkivet " + _software_version(), "software"))
            sink.write("</premis>\n")
        return self._rehash(PREMIS, "application/xml")

    def _rehash(self, rel: str, media_type: str) -> Written:
        digest, size = hashlib.sha256(), 0
        for block in _blocks(self.dir / rel):
            digest.update(block)
            size += len(block)
        self.bytes += size
        return Written(rel, size, digest.hexdigest(), media_type, self.latest)

    def _mets(self, parts: Path, premis: Written, documentation: Written, schemas: list[Written]) -> None:
        oid = objid(self.year)
        label = f"Remissarkivet: remissvar {self.year}" if self.year else "Remissarkivet: alla remissvar"
        with open(self.dir / "METS.xml", "w", encoding="utf-8") as mets:
            mets.write(xml.mets_head(oid, label, self.latest, self.settings.publisher, _software_version()))
            dmd_ids = []
            with open(parts / "dmd", encoding="utf-8") as src:
                for line in src:
                    mets.write(line)
                    dmd_ids.append(line.split('ID="', 1)[1].split('"', 1)[0])
            amd_id = xml.ident("premis")
            mets.write(xml.amd_sec(amd_id, premis))
            doc_grp, schema_grp, rep_grp = (xml.ident("grp", name) for name in ("documentation", "schemas", REP))
            mets.write(f' <fileSec ID="{xml.ident("filesec")}">\n')
            for group, use, files in ((doc_grp, "Documentation", [documentation]), (schema_grp, "Schemas", schemas)):
                mets.write(xml.file_group(group, use) + "".join(xml.file_entry(f) for f in files)
                           + "  </fileGrp>\n")
            mets.write(xml.file_group(rep_grp, "Representations/rep1"))
            with open(parts / "files", encoding="utf-8") as src:
                shutil.copyfileobj(src, mets)
            mets.write("  </fileGrp>\n </fileSec>\n")
            mets.write(f' <structMap ID="{xml.ident("structmap")}" TYPE="PHYSICAL" LABEL="CSIP">\n'
                       f'  <div ID="{xml.ident("div", oid)}" LABEL={xml.attr(oid)}>\n'
                       f'   <div ID="{xml.ident("div", "metadata")}" LABEL="Metadata" '
                       f'DMDID="{" ".join(dmd_ids)}" ADMID="{amd_id}"/>\n'
                       + xml.division("Documentation", doc_grp) + xml.division("Schemas", schema_grp)
                       + xml.division("Representations", rep_grp) + "  </div>\n </structMap>\n</mets>\n")


def _blocks(data: bytes | Path) -> Iterator[bytes]:
    if isinstance(data, bytes):
        yield data
        return
    with open(data, "rb") as src:
        yield from iter(lambda: src.read(1 << 20), b"")


def _page(doc: CaseDoc, body_html: str) -> str:
    """The text as the site renders it (sanitized), without the site's navigation, styles or scripts."""
    return (f'<!doctype html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n<title>{xml.esc(doc.case.title)}'
            f"</title>\n</head>\n<body>\n<h1>{xml.esc(doc.case.title)}</h1>\n{body_html}\n</body>\n</html>\n")


def _dublin_core(doc: CaseDoc, settings: Settings) -> str:
    c = doc.case
    day = c.effective_date() or doc.added
    return xml.dublin_core([
        ("title", c.title), ("creator", c.board), ("subject", "; ".join(c.topics)), ("description", c.summary or ""),
        ("publisher", settings.publisher), ("date", day.isoformat() if day else ""), ("type", "Text"),
        ("format", "text/markdown"), ("identifier", urls.absolute(settings.site_url, urls.case(doc.id))
                                      if settings.site_url else doc.id),
        ("identifier", c.case_number or ""), ("relation", f"{c.referral.case_number} {c.referral.title}"),
        ("language", "sv"), ("rights", settings.license),
    ])


def _json(doc: CaseDoc) -> bytes:
    record = {"id": doc.id, "source": doc.source, "front_matter": doc.case.model_dump(mode="json")}
    return (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _events(doc: CaseDoc, paths: list[str]) -> Iterable[Event]:
    """Published (the day the file came into git, else the case's own date), each correction, a withdrawal."""
    c, objects = doc.case, tuple(paths)
    published = doc.added or c.effective_date()
    if published and not (doc.withdrawn and c.withdrawal.full):
        yield Event("dissemination", published, PUBLISHED, objects, doc.id)
    for correction in c.corrections:
        yield Event("modification", correction.date, f"{labels.CORRECTION}: {correction.description}", objects, doc.id)
    if c.withdrawal:
        what = labels.REMOVED_TITLE if c.withdrawal.full else labels.WITHDRAWN_TITLE
        yield Event("deaccession", c.withdrawal.date, f"{what}: {c.withdrawal.reason}", objects, doc.id)


PUBLISHED = "Publicerat i Remissarkivet"


def _documentation(year: int | None) -> str:
    scope = f"remissvar daterade {year}" if year else "alla publicerade och avpublicerade remissvar"
    return f"""Informationspaket {objid(year)} från Remissarkivet ({scope})

Paketet följer E-ARK Common Specification for Information Packages 2.1 och E-ARK SIP 2.1, som
Riksarkivets FGS Paketstruktur bygger på.

METS.xml                                     paketets METS: beskrivande metadata och bevarandemetadata
                                             som referenser, filerna med storlek och SHA-256
metadata/descriptive/dc/<id>.xml             Dublin Core för varje remissvar
metadata/descriptive/json/<id>.json          ärendefilens framsida fält för fält, med granskningen
                                             (som aldrig publicerades på webbplatsen)
metadata/preservation/premis.xml             PREMIS 3: filernas kontrollsummor och händelserna
                                             publicerad (dissemination), rättad (modification) och
                                             avpublicerad (deaccession) med datum
representations/rep1/data/source/<id>.md     ärendefilerna som de skrevs (Markdown med YAML-framsida)
representations/rep1/data/html/<id>.html     texten som webbplatsen visar den, utan webbplatsens ram
representations/rep1/data/attachments/<id>/  bilagorna

<id> är remissvarets id i arkivet: år/nämnd-diarienummer. Ett remissvar som tagits bort helt
(t.ex. efter en begäran enligt dataskyddsförordningen artikel 17) finns bara som händelse i
premis.xml, utan filer. Datumen kommer ur uppgifterna och Git-historiken, aldrig ur klockan: samma
arkiv ger samma paket.
"""
