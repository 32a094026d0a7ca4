"""The reviewers' preview: `make preview BASE=<ref>` lists what a branch changes, case by case and field by field;
the production build of the same branch has no trace of its draft."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.conftest import ROOT, git, playground_case

NEW_CASE = playground_case("Remissvar: Plan för lekplatser")
VENV = Path(sys.executable).parent.parent


def make(project, *targets: str) -> subprocess.CompletedProcess:
    """The project's own Makefile target, run in the project copy with the tests' virtual environment
    (-o: that environment and the Node tools count as installed, so make does not install them again)."""
    shutil.copy(ROOT / "Makefile", project.root / "Makefile")
    installed = ["-o", f"{VENV}/.installed", "-o", "node_modules/.installed"]
    return subprocess.run(["make", *installed, f"VENV={VENV}", *targets], cwd=project.root, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def items(ul) -> list:
    return [li for li in ul.iter() if li.tag == "li"]


def branch_with_changes(project) -> None:
    draft = project.root / "cases/2020/kungsholmen-utkast.md"
    draft_text = draft.read_text(encoding="utf-8")
    draft.unlink()
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "bas")
    git(project.root, "checkout", "-q", "-b", "andring")
    project.add_case("2024/bromma-ks-2024-50.md", NEW_CASE)                       # one case added
    changed = project.root / "cases/2020/sodermalm-ks-2019-1899.md"              # two fields and a section
    changed.write_text(changed.read_text(encoding="utf-8")
                       .replace("(Södermalm)", "(Södermalm, ny rubrik)")
                       .replace("topics: [Trygghet]", "topics: [Trygghet, Parker]")
                       .replace("Nämnden avstyrker motionen.\n\n## Mallkod", "Nämnden avstyrker hela motionen.\n\n## Mallkod"),
                       encoding="utf-8")
    git(project.root, "rm", "-rq", "cases/2021/farsta-ks-2019-1899.md", "cases/2021/farsta-ks-2019-1899")  # removed
    draft.write_text(draft_text, encoding="utf-8")                                 # a draft added


def test_the_changes_page_lists_exactly_what_the_branch_changes(project):
    branch_with_changes(project)
    result = make(project, "preview", "BASE=main")
    assert result.returncode == 0, result.stdout + result.stderr
    page = HTMLParser((project.root / "site-preview/andringar/index.html").read_text(encoding="utf-8"))
    article = page.css_first("article")
    headings = [h.text().strip().rstrip("¶") for h in article.css("h2")]
    assert headings == ["Nya remissvar", "Ändrade remissvar", "Borttagna remissvar"]
    lists = article.css("ul.ra-changes")
    added = [" ".join(li.text().split()) for li in items(lists[0])]
    assert added == ["Remissvar: Utkast som inte ska publiceras Utkast cases/2020/kungsholmen-utkast.md",
                     "Remissvar: Plan för lekplatser cases/2024/bromma-ks-2024-50.md"]
    assert lists[0].css_first('a[href="../remissvar/2024/bromma-ks-2024-50/"]') is not None
    changed = [" ".join(li.text().split()) for li in lists[1].css("li li")]
    assert changed == [
        "Rubrik: Remissvar: Motion om att ta tillbaka utsatta områden (Södermalm) → "
        "Remissvar: Motion om att ta tillbaka utsatta områden (Södermalm, ny rubrik)",
        "Ämnen: tillagt: Parker",
        "Ändrade avsnitt: Förslag till beslut",
        "varning: texten i ett publicerat remissvar har ändrats utan en ny rad under corrections – lägg till en "
        "rättelse som säger vad som ändrats",
    ]
    removed = [" ".join(li.text().split()) for li in items(lists[2])]
    assert removed[0].startswith("cases/2021/farsta-ks-2019-1899.md")
    assert "Borttagna bilagor: protokoll.pdf" in removed[0]
    assert "varning: ett publicerat remissvar tas bort och adressen remissvar/2021/farsta-ks-2019-1899/ " \
           "slutar fungera" in removed[0]
    # The banner on every page links to it.
    home = HTMLParser((project.root / "site-preview/index.html").read_text(encoding="utf-8"))
    assert home.css_first('.ra-preview-banner a[href="andringar/"]') is not None


def test_the_changes_page_shows_personal_data_to_review_next_to_the_case(project):
    branch_with_changes(project)
    project.add_case("2024/farsta-ks-2024-50.md", playground_case(
        "Remissvar: Plan för lekplatser (Farsta)", "signatories:\n  - name: Eva Ek\n    role: Stadsdelsdirektör\n"
        "import:\n  source: farsta-lekplatser.pdf\n  sha256: " + "ab" * 32 + "\n  ocr: true\n"
        "  check: ['Osäkra uppgifter: date']\n  fields:\n"
        "    - {field: date, where: 's. 1, rad 4', how: ensam rad, certainty: osäker}\n",
        "## Förslag till beslut\n\nNämnden tillstyrker planen.\n\nEn boende, Anna Andersson, nås på "
        "anna.andersson@example.se eller 070-123 45 67. Eva Ek skrev under.\n").replace("board: bromma", "board: farsta"))
    result = make(project, "preview", "BASE=main")
    assert result.returncode == 0, result.stdout + result.stderr
    page = HTMLParser((project.root / "site-preview/andringar/index.html").read_text(encoding="utf-8"))
    case = next(li for li in page.css("ul.ra-changes > li") if "cases/2024/farsta-ks-2024-50.md" in li.text())
    review = case.css_first("li.ra-warning")
    assert review is not None and review.text().startswith("Personuppgifter att granska innan publicering")
    found = [" ".join(li.text().split()) for li in review.css_first("ul").css("li")]
    assert [f.split(" – ")[0] for f in found] == [
        "rad 28: namnet 'Anna Andersson' står i texten men hör inte till ärendets handläggare, undertecknare eller "
        "förslagsställare",
        "rad 28: en e-postadress, 'anna.andersson@example.se'",
        "rad 28: ett telefonnummer, '070-123 45 67'"]  # Eva Ek signed: an official, not asked about
    others = [li for li in page.css("ul.ra-changes > li") if "bromma-ks-2024-50" in li.text()]
    assert others and others[0].css_first("li.ra-warning") is None
    # Issue 36: the importer's record beside the case, for the reviewer (never on a public page)
    record = " ".join(case.css_first("li.ra-import").text().split())
    assert record.startswith("Importerad ur farsta-lekplatser.pdf med textigenkänning (OCR)")
    assert "Osäkra uppgifter: date" in record and "Datum (osäker, s. 1, rad 4)" in record
    assert others[0].css_first("li.ra-import") is None
    # Issue 37: a reviewers' preview keeps the theme's link to the file; the published site has none
    preview_case = HTMLParser((project.root / "site-preview/remissvar/2024/farsta-ks-2024-50/index.html")
                              .read_text(encoding="utf-8"))
    assert preview_case.css_first("a.md-content__button").attributes["href"].endswith(
        "/cases/2024/farsta-ks-2024-50.md")


def test_the_production_build_of_the_branch_has_no_trace_of_its_draft(project):
    branch_with_changes(project)
    result = make(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in project.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Utkast som inte ska publiceras" not in text and "hemliga utkast" not in text, page
    assert not (project.site / "andringar").exists()
    assert "kungsholmen-utkast" not in (project.site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_moved_case_keeps_its_address_through_an_alias(project):
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "bas")
    git(project.root, "checkout", "-q", "-b", "flytt")
    old = project.root / "cases/2021/farsta-ks-2019-1899.md"
    text = old.read_text(encoding="utf-8").replace("status: publicerad",
                                                   "status: publicerad\naliases: [remissvar/2021/farsta-ks-2019-1899/]")
    git(project.root, "mv", "cases/2021/farsta-ks-2019-1899", "cases/2021/farsta-ks-2019-1899-flyttad")
    git(project.root, "rm", "-q", "cases/2021/farsta-ks-2019-1899.md")
    project.add_case("2021/farsta-ks-2019-1899-flyttad.md", text)
    result = make(project, "preview", "BASE=main")
    assert result.returncode == 0, result.stdout + result.stderr
    page = HTMLParser((project.root / "site-preview/andringar/index.html").read_text(encoding="utf-8"))
    removed = " ".join(page.css("ul.ra-changes")[-1].text().split())
    assert "Den gamla adressen leder nu till" in removed and "varning" not in removed
    moved = (project.root / "site-preview/remissvar/2021/farsta-ks-2019-1899/index.html").read_text(encoding="utf-8")
    assert 'url=../farsta-ks-2019-1899-flyttad/' in moved
