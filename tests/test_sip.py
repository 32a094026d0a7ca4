"""`remissarkiv export-sip`: an E-ARK SIP that eark-validator accepts (offline, with the vendored CSIP
vocabularies), deterministic, with every file's SHA-256 in METS and PREMIS, and the events from git and the
front matter; bad input gets a Swedish message and nothing half-written."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, make_project, playground_case

VALIDATOR = ROOT / ".venv-eark" / "bin" / "python"
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"
PREMIS = "{http://www.loc.gov/premis/v3}"
# eark-validator 1.1.3 checks SIP14 as an unqualified @NOTETYPE on every CREATOR agent's note. CSIP10-16 require
# the software agent's note to carry csip:NOTETYPE="SOFTWARE VERSION", and METS' schema forbids an unqualified
# NOTETYPE (the validator's own XML-1 error when it is added), so no package can satisfy both: the one error
# the validator reports on a CSIP-conformant package. Anything else fails the test.
VALIDATOR_DEFECTS = {"SIP14"}


def export(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "remissarkiv", "--root", str(root), "export-sip", str(out), *extra],
                          cwd=root, capture_output=True, text=True)


def validate(package: Path) -> dict:
    result = subprocess.run([str(VALIDATOR), str(ROOT / "tests" / "eark_validate.py"), str(package)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("sip"))
    git(proj.root, "init", "-q", "-b", "main")
    git(proj.root, "add", "-A")
    git(proj.root, "commit", "-q", "-m", "första", env={"GIT_COMMITTER_DATE": "2024-06-03T12:00:00Z",
                                                        "GIT_AUTHOR_DATE": "2024-06-03T12:00:00Z"})
    proj.add_case("2024/bromma-ks-2024-50.md", playground_case(
        "Remissvar: Plan för lekplatser", "attachments:\n  - title: Karta\n    file: karta.txt\n"
        "corrections:\n  - date: 2024-06-10\n    description: Fel paragraf rättad.\n"))
    (proj.root / "cases/2024/bromma-ks-2024-50").mkdir()
    (proj.root / "cases/2024/bromma-ks-2024-50/karta.txt").write_text("Karta över lekplatserna.\n", encoding="utf-8")
    proj.add_case("2024/farsta-ks-2024-50.md", playground_case("Remissvar: Hemlig rubrik").replace(
        "status: publicerad", "status: avpublicerad").replace("board: bromma", "board: farsta").replace(
        "---\n## Förslag", "withdrawal:\n  date: 2024-10-01\n  reason: Begäran om radering.\n  full: true\n---\n"
                           "## Förslag").split("## Förslag")[0])  # a full removal keeps no text
    git(proj.root, "add", "-A")
    git(proj.root, "commit", "-q", "-m", "andra", env={"GIT_COMMITTER_DATE": "2024-06-20T12:00:00Z",
                                                       "GIT_AUTHOR_DATE": "2024-06-20T12:00:00Z"})
    out = proj.root.parent / "paket"
    result = export(proj.root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Paketet remissarkivet skrivet till" in result.stdout
    return proj, out


def test_the_package_passes_eark_validator(archive):
    found = validate(archive[1])
    assert found["structure"].endswith("WELLFORMED"), found
    assert {e["rule"] for e in found["errors"]} <= VALIDATOR_DEFECTS, found["errors"]
    assert [e["rule"] for e in found["errors"]] == ["SIP14"]  # only on the software agent's note
    assert found["warnings"] == [], found["warnings"]


def test_the_validator_is_really_checking(archive, tmp_path):
    """The same package without its creation date and with a wrong content label fails: the check above can fail."""
    broken = tmp_path / "trasigt"
    subprocess.run(["cp", "-r", str(archive[1]), str(broken)], check=True)
    mets = broken / "METS.xml"
    text = mets.read_text(encoding="utf-8")
    mets.write_text(text.replace(' CREATEDATE="', ' LASTMODDATE="', 1).replace('LABEL="Representations"',
                                                                            'LABEL="Innehåll"'), encoding="utf-8")
    rules = {e["rule"] for e in validate(broken)["errors"]}
    assert {"CSIP7", "CSIP103"} <= rules, rules


def _files(package: Path) -> dict[str, tuple[str, int, str]]:
    """Every file and metadata file METS names: href -> (sha256, size, mimetype)."""
    tree = ET.parse(package / "METS.xml")
    out = {}
    for el in [*tree.iter(f"{METS}file"), *tree.iter(f"{METS}mdRef")]:
        href = el.get(f"{XLINK}href") or el.find(f"{METS}FLocat").get(f"{XLINK}href")
        assert el.get("CHECKSUMTYPE") == "SHA-256"
        out[href] = (el.get("CHECKSUM"), int(el.get("SIZE")), el.get("MIMETYPE"))
    return out


def test_mets_names_every_file_with_its_true_size_and_sha256(archive):
    proj, package = archive
    named = _files(package)
    on_disk = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()} - {"METS.xml"}
    assert set(named) == on_disk
    for href, (digest, size, _) in named.items():
        data = (package / href).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest and len(data) == size, href
    source = "representations/rep1/data/source/2024/bromma-ks-2024-50.md"
    assert (package / source).read_bytes() == (proj.root / "cases/2024/bromma-ks-2024-50.md").read_bytes()
    assert (package / "representations/rep1/data/attachments/2024/bromma-ks-2024-50/karta.txt").read_text(
        encoding="utf-8") == "Karta över lekplatserna.\n"
    html = (package / "representations/rep1/data/html/2024/bromma-ks-2024-50.html").read_text(encoding="utf-8")
    assert "Nämnden tillstyrker planen." in html and "<nav" not in html and "<script" not in html


def test_premis_has_fixity_and_the_events_from_git_and_the_front_matter(archive):
    _, package = archive
    premis = ET.parse(package / "metadata/preservation/premis.xml")
    digests = {o.findtext(f".//{PREMIS}objectIdentifierValue"): o.findtext(f".//{PREMIS}messageDigest")
               for o in premis.iter(f"{PREMIS}object")}
    for href, (digest, _, _) in _files(package).items():
        if href != "metadata/preservation/premis.xml" and not href.startswith(("schemas/", "documentation/")):
            assert digests[href] == digest, href
    events = [(e.findtext(f"{PREMIS}eventType"), e.findtext(f"{PREMIS}eventDateTime"),
               e.findtext(f".//{PREMIS}eventDetail"),
               [v.text for v in e.iter(f"{PREMIS}linkingObjectIdentifierValue")]) for e in premis.iter(f"{PREMIS}event")]
    mine = [e for e in events if any("bromma-ks-2024-50" in p for p in e[3])]
    assert ("dissemination", "2024-06-20") in [(t, d) for t, d, _, _ in mine]  # the commit that added it
    assert ("modification", "2024-06-10", "Rättelse: Fel paragraf rättad.") in [e[:3] for e in mine]
    seed = [e for e in events if any("bromma-ks-2019-1899.md" in p for p in e[3])]
    assert [(t, d) for t, d, _, _ in seed] == [("dissemination", "2024-06-03")]
    removed = [e for e in events if e[0] == "deaccession"]
    assert removed == [("deaccession", "2024-10-01", "Ett remissvar har tagits bort: Begäran om radering.", [])]


def test_a_full_removal_leaves_no_file_and_no_title_in_the_package(archive):
    _, package = archive
    assert not list(package.rglob("*farsta-ks-2024-50*"))
    for path in package.rglob("*"):
        if path.is_file():
            assert b"Hemlig rubrik" not in path.read_bytes(), path


def test_the_descriptive_metadata_keeps_the_review_record(archive):
    _, package = archive
    record = json.loads((package / "metadata/descriptive/json/2024/bromma-ks-2024-50.json").read_text("utf-8"))
    assert record["front_matter"]["review"] == {"by": "Provgranskare", "date": "2024-06-01", "note": None}
    dc = ET.parse(package / "metadata/descriptive/dc/2024/bromma-ks-2024-50.xml").getroot()
    assert dc.findtext("{http://purl.org/dc/elements/1.1/}title") == "Remissvar: Plan för lekplatser"


def test_the_same_archive_gives_the_same_bytes(archive, tmp_path):
    proj, package = archive
    again = tmp_path / "igen"
    assert export(proj.root, again).returncode == 0
    first = {p.relative_to(package): p.read_bytes() for p in package.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_one_year(archive, tmp_path):
    proj, _ = archive
    result = export(proj.root, tmp_path / "ar", "--year", "2024")
    assert result.returncode == 0, result.stderr
    sources = [p.name for p in (tmp_path / "ar/representations/rep1/data/source").rglob("*.md")]
    assert sources == ["bromma-ks-2024-50.md"]  # the seed case has no date: it is in no year
    assert 'OBJID="remissarkivet-2024"' in (tmp_path / "ar/METS.xml").read_text(encoding="utf-8")
    assert validate(tmp_path / "ar")["warnings"] == []
    empty = export(proj.root, tmp_path / "tomt", "--year", "1990")
    assert empty.returncode == 1 and "inga publicerade eller avpublicerade remissvar från 1990" in empty.stderr


def test_a_non_empty_folder_is_refused_and_left_as_it_was(archive, tmp_path):
    proj, _ = archive
    (tmp_path / "upptagen").mkdir()
    (tmp_path / "upptagen/annat.txt").write_text("x", encoding="utf-8")
    result = export(proj.root, tmp_path / "upptagen")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "remissarkiv: fel: mappen" in result.stderr and "är inte tom" in result.stderr
    assert [p.name for p in (tmp_path / "upptagen").iterdir()] == ["annat.txt"]


def test_a_broken_case_stops_the_export_with_its_line_and_writes_nothing(tmp_path):
    (tmp_path / "p").mkdir()
    proj = make_project(tmp_path / "p", with_fixtures=False)
    proj.add_case("2024/bromma-ks-2024-50.md", playground_case("Remissvar").replace("date: 2024-05-02",
                                                                                    "date: 2024-02-30"))
    result = export(proj.root, tmp_path / "paket")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cases/2024/bromma-ks-2024-50.md:4:1: fel: 'date': datumet '2024-02-30' finns inte" in result.stderr
    assert "inget paket skrevs" in result.stderr
    assert not (tmp_path / "paket").exists() and not list(tmp_path.glob(".paket*"))
