"""Withdrawal (avpublicering): a withdrawn case's address shows a notice, nothing of its text, attachments or
facts stays in the pages, the search index, the listings or the data files; the feeds announce it; its earlier
addresses lead to the notice. A full removal names nothing. Real `mkdocs build --strict` on real case files."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.conftest import git, make_project, playground_case

SECRET = "Lekplatsmarmelad"          # a word only the withdrawn case's text has
REMOVED_SECRET = "Gungbrädesgurka"   # … and only the fully removed one's title
ATTACHMENT = b"Bilaga med uppgifter som ska bort.\n"


# Earlier addresses of the fully removed case: an address can carry a person's name, so none may stay.
REMOVED_ALIASES = ["remissvar/2023/farsta-anna-andersson/", "remissvar/2022/svar-till-per-olof-persson/",
                   "gamla/yttrande-maria-lind/"]


def _withdrawn(title: str, front: str, body: str) -> str:
    return playground_case(title, front, body).replace("status: publicerad\n", "status: avpublicerad\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("avpublicerat"))
    proj.add_case("2024/bromma-ks-2024-50.md", _withdrawn(
        "Remissvar: Plan för lekplatser", "attachments:\n  - title: Karta\n    file: karta.txt\n"
        "aliases: [remissvar/2023/bromma-lekplatser/]\n"
        "withdrawal:\n  date: 2024-09-01\n  reason: Texten innehöll uppgifter om en privatperson.\n",
        f"## Förslag till beslut\n\nNämnden tillstyrker planen. {SECRET}.\n"))
    (proj.root / "cases/2024/bromma-ks-2024-50").mkdir()
    (proj.root / "cases/2024/bromma-ks-2024-50/karta.txt").write_bytes(ATTACHMENT)
    proj.add_case("2024/farsta-ks-2024-50.md", _withdrawn(
        f"Remissvar: {REMOVED_SECRET}", f"aliases: [{', '.join(REMOVED_ALIASES)}]\n"
        "withdrawal:\n  date: 2024-10-01\n  reason: Borttaget efter en begäran "
        "enligt dataskyddsförordningen.\n  full: true\n", "").replace("board: bromma", "board: farsta"))
    # The referral keeps one published answer: its page, feed and data file stay, without the withdrawn ones.
    proj.add_case("2024/skarpnack-ks-2024-50.md", playground_case("Remissvar från Skarpnäck: Plan för lekplatser")
                  .replace("board: bromma", "board: skarpnack"))
    result = proj.build()
    assert result.returncode == 0, result.stdout + result.stderr
    return proj


def _all_text(site: Path) -> str:
    """Everything the site publishes, as text (Pagefind's compressed index files unpacked)."""
    parts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def test_the_address_shows_a_notice_with_when_why_and_whom_to_ask(site):
    html = site.html("remissvar/2024/bromma-ks-2024-50")
    tree = HTMLParser(html)
    assert tree.css_first("h1").text().rstrip("¶").strip() == "Remissvaret har avpublicerats"
    notice = tree.css_first(".ra-withdrawn").text()
    assert "1 september 2024" in notice and "Texten innehöll uppgifter om en privatperson." in notice
    assert "Remissvar: Plan för lekplatser" in notice and "Bromma stadsdelsnämnd" in notice
    assert "Frågor om avpubliceringen besvaras av" in notice and "offentlighetsprincipen" in notice
    assert SECRET not in html and 'content="noindex, nofollow"' in html
    assert tree.css_first("html").attributes["lang"] == "sv"


def test_the_text_attachment_and_facts_leave_the_site_search_and_data(site):
    everything = _all_text(site.site)
    assert SECRET not in everything and REMOVED_SECRET not in everything
    assert "uppgifter som ska bort" not in everything
    assert not (site.site / "remissvar/2024/bromma-ks-2024-50/karta.txt").exists()
    assert not (site.site / "api/cases/2024/bromma-ks-2024-50.json").exists()
    cases = json.loads((site.site / "api/cases.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in cases["cases"] if "2024/" in c["id"]] == ["2024/skarpnack-ks-2024-50"]
    gone = {w["id"]: w for w in cases["withdrawn"]}
    assert gone["2024/bromma-ks-2024-50"]["reason"] == "Texten innehöll uppgifter om en privatperson."
    assert gone["2024/bromma-ks-2024-50"]["withdrawn"] == "2024-09-01"
    assert gone["2024/farsta-ks-2024-50"]["full_removal"] is True and gone["2024/farsta-ks-2024-50"]["title"] is None
    # Not listed: the board's and the year's listings and the referral page name neither.
    for url in ("namnder/bromma", "ar/2024", "remisser/ks-2024-50"):
        assert "bromma-ks-2024-50" not in site.html(url) and "farsta-ks-2024-50" not in site.html(url), url
    assert "bromma-ks-2024-50" not in (site.site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_full_removal_names_nothing(site):
    html = site.html("remissvar/2024/farsta-ks-2024-50")
    tree = HTMLParser(html)
    assert tree.css_first("h1").text().rstrip("¶").strip() == "Ett remissvar har tagits bort"
    notice = tree.css_first(".ra-withdrawn").text()
    assert "1 oktober 2024" in notice and "dataskyddsförordningen" in notice
    assert REMOVED_SECRET not in html and "Farsta" not in notice


def test_the_earlier_address_leads_to_the_notice(site):
    page = (site.site / "remissvar/2023/bromma-lekplatser/index.html").read_text(encoding="utf-8")
    assert 'url=../../2024/bromma-ks-2024-50/' in page and "Remissvaret har avpublicerats" in page


def test_a_full_removal_removes_its_earlier_addresses_too(site):
    for alias in REMOVED_ALIASES:
        assert not (site.site / alias).exists(), alias
    everything = _all_text(site.site)
    for name in ("anna-andersson", "per-olof-persson", "maria-lind"):
        assert name not in everything, name
    gone = {w["id"]: w for w in json.loads((site.site / "api/cases.json").read_text(encoding="utf-8"))["withdrawn"]}
    assert gone["2024/farsta-ks-2024-50"]["earlier_urls"] == []
    # Only the canonical address answers, with the notice that names nothing.
    assert "Ett remissvar har tagits bort" in site.html("remissvar/2024/farsta-ks-2024-50")
    # A withdrawal that is not a full removal keeps its earlier address, leading to the notice.
    [earlier] = gone["2024/bromma-ks-2024-50"]["earlier_urls"]
    assert earlier.endswith("/remissvar/2023/bromma-lekplatser/")


def test_the_feeds_announce_the_withdrawal(site):
    archive_feed = (site.site / "flode/remissvar.xml").read_text(encoding="utf-8")
    assert "Avpublicerat: Remissvar: Plan för lekplatser" in archive_feed
    assert "Texten innehöll uppgifter om en privatperson." in archive_feed
    assert "Ett remissvar har tagits bort" in archive_feed and REMOVED_SECRET not in archive_feed
    text = (site.site / "flode/remisser/ks-2024-50.xml").read_text(encoding="utf-8")
    assert "Avpublicerat: Remissvar: Plan för lekplatser" in text and "2024-09-01T00:00:00" in text
    assert "Ett remissvar har tagits bort" not in text  # a full removal is in no feed that names its referral


def _check(root: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "--root", str(root), "check"], cwd=root,
                            capture_output=True, text=True)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.mark.parametrize("front,expected", [
    ("", "status: avpublicerad behöver ett datum och ett skäl"),
    ("withdrawal:\n  date: 2024-09-01\n", "'withdrawal.reason' saknas"),
    ("withdrawal:\n  reason: Fel.\n", "'withdrawal.date' saknas"),
    ("withdrawal: ja\n", "withdrawal"),
])
def test_a_withdrawal_in_the_wrong_shape_is_explained(tmp_path, front, expected):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/bromma-ks-2024-50.md", _withdrawn("Remissvar: Plan för lekplatser", front, "Text.\n"))
    out = _check(proj.root)
    line = next((l for l in out.splitlines() if expected in l), None)
    assert line is not None and re.match(r"cases/2024/bromma-ks-2024-50\.md:\d+:\d+: fel: ", line), out
    assert proj.build().returncode == 1 and not proj.site.exists()


def test_a_withdrawal_on_a_published_case_is_refused(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/bromma-ks-2024-50.md", playground_case(
        "Remissvar: Plan för lekplatser", "withdrawal:\n  date: 2024-09-01\n  reason: Fel.\n"))
    assert "withdrawal finns men status är 'publicerad'" in _check(proj.root)


def test_a_link_to_a_withdrawn_case_from_another_case_is_an_error_with_its_line(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/bromma-ks-2024-50.md", _withdrawn(
        "Remissvar: Plan för lekplatser", "withdrawal:\n  date: 2024-09-01\n  reason: Fel.\n", "Text.\n"))
    proj.add_case("2024/skarpnack-ks-2024-50.md", playground_case(
        "Remissvar från Skarpnäck", body="Text.\n\nSe [Brommas svar](../../2024/bromma-ks-2024-50/).\n")
        .replace("board: bromma", "board: skarpnack"))
    out = _check(proj.root)
    assert re.search(r"cases/2024/skarpnack-ks-2024-50\.md:\d+:1: fel: länken '\.\./\.\./2024/bromma-ks-2024-50/' "
                     r"leder till ett avpublicerat remissvar", out), out


def test_publishing_needs_a_review_record_and_check_says_how(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    text = playground_case("Remissvar: Plan för lekplatser").replace(
        "review:\n  by: Provgranskare\n  date: 2024-06-01\n", "")
    proj.add_case("2024/bromma-ks-2024-50.md", text)
    out = _check(proj.root)
    assert re.search(r"cases/2024/bromma-ks-2024-50\.md:5:1: fel: remissvaret publiceras men saknar granskning: .*"
                     r"lägg till review: med by: \(granskarens namn\) och date: \(ÅÅÅÅ-MM-DD\)", out), out
    # A review record in the wrong shape is explained too.
    proj.add_case("2024/bromma-ks-2024-50.md", text.replace("---\n## Förslag", "review:\n  by: Anna\n"
                                                                               "  date: igår\n---\n## Förslag"))
    assert "'review.date': ogiltigt datum 'igår'" in _check(proj.root)
    # The organisation can switch the requirement off.
    proj.add_case("2024/bromma-ks-2024-50.md", text)
    yml = proj.root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("require_review: true", "require_review: false"),
                   encoding="utf-8")
    assert "saknar granskning" not in _check(proj.root)


def test_the_review_record_is_never_published(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/bromma-ks-2024-50.md", playground_case("Remissvar: Plan för lekplatser").replace(
        "  by: Provgranskare\n", "  by: Granskaren Signe Hemlig\n  note: Tog bort ett telefonnummer.\n"))
    result = proj.build()
    assert result.returncode == 0, result.stdout + result.stderr
    everything = _all_text(proj.site)
    assert "Signe Hemlig" not in everything and "Tog bort ett telefonnummer" not in everything


def test_the_previews_changes_page_shows_the_withdrawal_and_its_reason(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/bromma-ks-2024-50.md", playground_case("Remissvar: Plan för lekplatser"))
    git(proj.root, "init", "-q", "-b", "main")
    git(proj.root, "add", "-A")
    git(proj.root, "commit", "-qm", "bas")
    proj.add_case("2024/bromma-ks-2024-50.md", _withdrawn(
        "Remissvar: Plan för lekplatser", "withdrawal:\n  date: 2024-09-01\n  reason: Fel ärende.\n", "Text.\n"))
    result = proj.build("--site-dir", "site-preview", env={"REMISSARKIV_FORHANDSVISNING": "1", "REMISSARKIV_BASE": "main"})
    assert result.returncode == 0, result.stdout + result.stderr
    page = HTMLParser((proj.root / "site-preview/andringar/index.html").read_text(encoding="utf-8"))
    item = next(li for li in page.css(".ra-changes > li") if "bromma-ks-2024-50.md" in li.text())
    text = item.text()
    assert "Avpubliceras 2024-09-01" in text and "”Fel ärende.”" in text
    assert "Status: publicerad → avpublicerad" in text


def test_a_full_removal_with_text_a_list_or_a_file_left_is_an_error(tmp_path):
    """Issue 37, point 4: leftovers of a full removal were only warned about; now check refuses them."""
    proj = make_project(tmp_path, with_fixtures=False)
    full = _withdrawn("Remissvar: Plan för lekplatser", "withdrawal:\n  date: 2024-10-01\n  reason: Begäran.\n"
                      "  full: true\n", "")
    proj.add_case("2024/bromma-ks-2024-50.md", full)
    (proj.root / "cases/2024/bromma-ks-2024-50").mkdir()
    (proj.root / "cases/2024/bromma-ks-2024-50/karta.pdf").write_bytes(b"%PDF-1.4")
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "check"], cwd=proj.root, capture_output=True,
                            text=True)
    assert result.returncode == 1 and ("fel: fullständig borttagning, men bilagefilerna i ärendets mapp finns kvar"
                                       in result.stdout), result.stdout
    (proj.root / "cases/2024/bromma-ks-2024-50/karta.pdf").unlink()  # the control: nothing left, no error
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "check"], cwd=proj.root, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout
