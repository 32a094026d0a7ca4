"""Open data, feeds, DCAT-AP-SE and stable links, from a real `mkdocs build --strict` of a test archive with a
draft: every published case is in every output exactly once, the draft in none; files validate against their
schemas; records turn back into front matter; feeds and data are byte-identical for an unchanged archive."""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pyshacl
import pytest
import rdflib
import yaml
from rdflib.compare import isomorphic
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from remissarkiv.model.case import Case
from tests.conftest import FIXTURES, make_project, playground_case

ATOM = "{http://www.w3.org/2005/Atom}"
SHAPES = FIXTURES / "dcat-ap-se-shapes.ttl"
DRAFT_TITLE = "Utkast som inte ska publiceras"

CORRECTED = playground_case("Remissvar: Plan för lekplatser – åäö", """\
topics: [Parker, Lek | spel]
summary: "=HYPERLINK(\\"http://example.invalid\\") Nämnden tillstyrker, med ändringar i övrigt"
signatories:
  - name: Åsa Öberg
    role: stadsdelsdirektör
corrections:
  - date: 2024-06-01
    description: Fel sammanträdesdatum rättat.
aliases:
  - remissvar/2023/bromma-lekplatser/
""", "## Förslag till beslut\n\nNämnden **tillstyrker** planen.\n")


def published_ids(root: Path) -> set[str]:
    ids = set()
    for path in (root / "cases").rglob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if front.get("status") == "publicerad":
            ids.add(path.relative_to(root / "cases").with_suffix("").as_posix())
    return ids


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("opendata"))
    project.add_case("2024/bromma-ks-2024-50.md", CORRECTED)
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def load(project, rel: str):
    return json.loads((project.site / rel).read_text(encoding="utf-8"))


def test_every_published_case_is_in_every_output_once_and_the_draft_in_none(archive):
    site, wanted = archive.site, published_ids(archive.root)
    assert len(wanted) == 4 and "2020/kungsholmen-utkast" not in wanted
    assert {i for i in wanted if (site / "remissvar" / i / "index.html").is_file()} == wanted
    records = [r["id"] for r in load(archive, "api/cases.json")["cases"]]
    assert sorted(records) == sorted(wanted)
    own_files = {p.relative_to(site / "api/cases").with_suffix("").as_posix() for p in (site / "api/cases").rglob("*.json")}
    assert own_files == wanted
    rows = list(csv.DictReader(io.StringIO((site / "api/cases.csv").read_bytes().decode("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(wanted)
    feed = ET.parse(site / "flode/remissvar.xml").getroot()
    linked = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    dated = {i for i in wanted if i != "2019/bromma-ks-2019-1899"}  # the seed has no date: not in feeds
    assert sorted(linked) == sorted(f"https://remissarkivet.se/remissvar/{i}/" for i in dated)
    indexed = []
    for fragment in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        indexed.append(json.loads(data[len(b"pagefind_dcd"):])["url"])
    assert sorted(u for u in indexed if u.startswith("/remissvar/")) == sorted(f"/remissvar/{i}/" for i in wanted)
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".csv", ".xml", ".ttl", ".rdf", ".html"}:
            assert DRAFT_TITLE not in path.read_text(encoding="utf-8", errors="replace"), path


def test_no_published_file_holds_the_import_record(archive):
    """The import record (issue 36) is for reviewers: no page, data file, feed or search index carries it."""
    source = (archive.root / "cases/2021/farsta-ks-2019-1899.md").read_text(encoding="utf-8")
    assert "Provimport-farsta.pdf" in source and "Provkontroll" in source  # the control: the file has it
    found = []
    for path in archive.site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if b"Provimport" in data or b"Provkontroll" in data or b"1f2e3d4c5b6a7988" in data:
                found.append(str(path.relative_to(archive.site)))
    assert found == []


def test_the_json_files_validate_against_their_published_schemas(archive):
    checker = jsonschema.FormatChecker()
    for data, schema in [("api/cases.json", "cases"), ("api/referrals.json", "referrals"),
                         ("api/cases/2024/bromma-ks-2024-50.json", "case"),
                         ("api/cases/2021/farsta-ks-2019-1899.json", "case")]:
        document = load(archive, f"api/schema/{schema}.schema.json")
        jsonschema.Draft202012Validator.check_schema(document)
        jsonschema.Draft202012Validator(document, format_checker=checker).validate(load(archive, data))
    # The control: a record with an unknown field does not validate.
    broken = load(archive, "api/cases.json")
    broken["cases"][0]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, load(archive, "api/schema/cases.schema.json"))
    assert load(archive, "schema/case.schema.json")["title"] == "Remissvar i Remissarkivet"


def test_a_record_turns_back_into_the_case_files_front_matter(archive):
    for record in load(archive, "api/cases.json")["cases"]:
        source = (archive.root / "cases" / f"{record['id']}.md").read_text(encoding="utf-8")
        written = yaml.safe_load(source.split("---")[1])
        back = yaml.safe_load(yaml.safe_dump(record["front_matter"], allow_unicode=True))
        # The review and import records stay in Git: the file has them, the record does not.
        assert written["review"]["by"] and "review" not in back and "Provgranskare" not in json.dumps(record)
        assert "import" not in back and "Provimport" not in json.dumps(record)
        assert Case.model_validate(back) == Case.model_validate(written).model_copy(update={"review": None,
                                                                                            "import": None})
        # Every field the file sets has the file's value; the rest are the model's empty defaults.
        as_text = json.loads(json.dumps(written, default=str))
        for key, value in as_text.items():
            if key not in ("aliases", "review", "import"):
                assert back[key] == value or Case.model_validate(as_text).model_dump(mode="json")[key] == back[key], key


def test_the_case_record_carries_addresses_files_and_text(archive):
    record = load(archive, "api/cases/2024/bromma-ks-2024-50.json")
    assert record["url"] == "https://remissarkivet.se/remissvar/2024/bromma-ks-2024-50/"
    assert record["earlier_urls"] == ["https://remissarkivet.se/remissvar/2023/bromma-lekplatser/"]
    assert record["updated"] == "2024-06-01"
    assert "Nämnden **tillstyrker** planen." in record["body_markdown"]
    assert "Nämnden tillstyrker planen." in record["body_text"] and "<" not in record["body_text"]
    assert "Andra nämnders svar" not in record["body_text"]
    farsta = load(archive, "api/cases/2021/farsta-ks-2019-1899.json")
    pdf = next(f for f in farsta["files"] if f["file"].endswith(".pdf"))
    source = archive.root / "cases/2021/farsta-ks-2019-1899" / pdf["file"]
    assert pdf["bytes"] == source.stat().st_size
    assert pdf["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert pdf["media_type"] == "application/pdf"


def test_the_csv_opens_with_swedish_letters_and_never_as_a_formula(archive):
    raw = (archive.site / "api/cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a byte-order mark
    assert b"\r\n" in raw and raw.count(b"\r\n") == raw.count(b"\n")
    text = raw.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "2024/bromma-ks-2024-50")
    assert row["title"] == "Remissvar: Plan för lekplatser – åäö"
    assert row["signatories"] == "Åsa Öberg (stadsdelsdirektör)"
    assert row["topics"] == "Parker | Lek \\| spel"
    assert row["summary"].startswith("'=HYPERLINK(")
    assert row["corrections"] == "2024-06-01: Fel sammanträdesdatum rättat."
    assert row["date"] == "2024-05-02" and row["decision.date"] == ""


def test_referrals_count_answers_per_position(archive):
    referrals = {r["url"]: r for r in load(archive, "api/referrals.json")["referrals"]}
    shared = referrals["https://remissarkivet.se/remisser/ks-2019-1899/"]
    assert len(shared["answers"]) == 3
    assert sum(shared["positions"].values()) == 3
    assert {a["board"] for a in shared["answers"]} == {"bromma", "sodermalm", "farsta"}


def test_feeds_are_atom_with_dates_from_the_data_and_byte_identical_when_nothing_changed(archive, tmp_path):
    feed = ET.parse(archive.site / "flode/remissvar.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = list(feed.iter(f"{ATOM}entry"))
    assert entries[0].find(f"{ATOM}updated").text == "2024-06-01T00:00:00+00:00"  # the correction's date
    assert feed.find(f"{ATOM}updated").text == "2024-06-01T00:00:00+00:00"
    assert "Rättelse 2024-06-01" in entries[0].find(f"{ATOM}summary").text
    board = ET.parse(archive.site / "flode/namnder/bromma.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in board.iter(f"{ATOM}entry")] == [
        "Remissvar: Plan för lekplatser – åäö"]
    again = make_project(tmp_path)
    again.add_case("2024/bromma-ks-2024-50.md", CORRECTED)
    assert again.build().returncode == 0
    for rel in ("flode/remissvar.xml", "flode/namnder/bromma.xml", "api/cases.json", "api/cases.csv",
                "api/referrals.json", "api/dcat.ttl", "api/dcat.rdf"):
        assert (again.site / rel).read_bytes() == (archive.site / rel).read_bytes(), rel


def test_pages_link_their_feeds(archive):
    board = HTMLParser(archive.html("namnder/bromma"))
    link = board.css_first('link[rel="alternate"][type="application/atom+xml"]')
    assert link is not None and link.attributes["href"].endswith("flode/namnder/bromma.xml")
    assert board.css_first(".ra-subscribe a").text() == "Prenumerera"
    home = HTMLParser((archive.site / "index.html").read_text(encoding="utf-8"))
    assert home.css_first('link[rel="alternate"][type="application/atom+xml"]').attributes["href"] == \
        "flode/remissvar.xml"
    referral = HTMLParser(archive.html("remisser/ks-2019-1899"))
    assert referral.css_first(".ra-subscribe a").attributes["href"].endswith("flode/remisser/ks-2019-1899.xml")


def test_the_dcat_catalogue_parses_and_meets_the_profiles_mandatory_properties(archive):
    turtle = rdflib.Graph().parse(archive.site / "api/dcat.ttl", format="turtle")
    rdfxml = rdflib.Graph().parse(archive.site / "api/dcat.rdf", format="xml")
    assert isomorphic(turtle, rdfxml)
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _, report = pyshacl.validate(turtle, shacl_graph=shapes)
    assert conforms, report
    # The control: without a contact point the catalogue no longer conforms.
    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    turtle.remove((None, DCAT.contactPoint, None))
    conforms, _, report = pyshacl.validate(turtle, shacl_graph=shapes)
    assert not conforms and "contactPoint" in report


def test_a_production_build_without_publisher_settings_stops_with_one_clear_line(tmp_path):
    project = make_project(tmp_path)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    contact_email: kontakt@remissarkivet.se\n", ""),
                      encoding="utf-8")
    result = project.build()
    assert result.returncode != 0
    assert "extra.remissarkiv.contact_email saknas" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    preview = project.build(env={"REMISSARKIV_FORHANDSVISNING": "1"})
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert not (project.site / "api/dcat.ttl").exists() and (project.site / "api/cases.json").exists()


def test_an_earlier_address_sends_the_reader_on(archive):
    page = (archive.site / "remissvar/2023/bromma-lekplatser/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../2024/bromma-ks-2024-50/">' in page
    assert '<link rel="canonical" href="https://remissarkivet.se/remissvar/2024/bromma-ks-2024-50/">' in page
    assert '<html lang="sv">' in page


@pytest.mark.parametrize("alias, clash", [
    ("remissvar/2020/sodermalm-ks-2019-1899/", "cases/2020/sodermalm-ks-2019-1899.md"),   # hides a live page
    ("remissvar/2023/bromma-lekplatser/", "cases/2024/bromma-ks-2024-50.md:19 (aliases"),  # claimed twice
])
def test_an_address_claimed_twice_stops_the_build(tmp_path, alias, clash):
    project = make_project(tmp_path)
    project.add_case("2024/bromma-ks-2024-50.md", CORRECTED)
    other = CORRECTED.replace("KS 2024/50", "KS 2024/51").replace("remissvar/2023/bromma-lekplatser/", alias)
    project.add_case("2024/bromma-ks-2024-51.md", other)
    result = project.build()
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "ger samma adress" in output and clash in output and "Traceback" not in output


def test_the_sitemap_dates_come_from_the_data(archive):
    sitemap = (archive.site / "sitemap.xml").read_text(encoding="utf-8")
    root = ET.fromstring(sitemap)
    space = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    dates = {u.find(f"{space}loc").text: getattr(u.find(f"{space}lastmod"), "text", None) for u in root}
    assert dates["https://remissarkivet.se/remissvar/2024/bromma-ks-2024-50/"] == "2024-06-01"
    assert dates["https://remissarkivet.se/remissvar/2019/bromma-ks-2019-1899/"] is None  # no date known
    assert dates["https://remissarkivet.se/om/"] is None                                   # not the build's clock
    assert dates["https://remissarkivet.se/namnder/bromma/"] == "2024-06-01"


def test_the_pages_command_writes_the_data_files_too(archive, tmp_path):
    out = tmp_path / "ut"
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "pages", "--out", str(out)], cwd=archive.root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for rel in ("api/cases.json", "api/cases.csv", "api/referrals.json", "api/dcat.ttl", "flode/remissvar.xml",
                "api/cases/2024/bromma-ks-2024-50.json", "remissvar/2023/bromma-lekplatser/index.html"):
        assert (out / rel).read_bytes() == (archive.site / rel).read_bytes(), rel


def test_cases_json_stays_within_two_kilobytes_a_case(tmp_path):
    project = make_project(tmp_path, with_fixtures=False)
    subprocess.run([sys.executable, "-m", "remissarkiv", "generate", "300", "--out", str(project.root / "gen")],
                   check=True, capture_output=True, cwd=project.root)
    shutil.rmtree(project.root / "cases")
    (project.root / "gen/cases").rename(project.root / "cases")
    out = tmp_path / "ut"
    subprocess.run([sys.executable, "-m", "remissarkiv", "pages", "--out", str(out)], cwd=project.root, check=True,
                   capture_output=True)
    data = json.loads((out / "api/cases.json").read_text(encoding="utf-8"))
    size = (out / "api/cases.json").stat().st_size
    assert len(data["cases"]) >= 250
    assert size / len(data["cases"]) <= 2048, size / len(data["cases"])
