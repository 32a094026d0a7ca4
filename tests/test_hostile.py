"""Hostile and careless input: what a contributor can put in cases/ must never run script, call a third-party
host, publish an identity number or a file from outside the repository, print a traceback, or half-publish.

The corpus in tests/fixtures/hostile/ is built for real with the checker's text checks switched off (so the
output walls are tested on their own, as if the checker saw nothing) and opened in Debian's Chromium.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from remissarkiv.reading.content import unsafe_url

from .conftest import FIXTURES, ROOT, make_project, our_chart, serve

HOSTILE = FIXTURES / "hostile"
# The build with the checker blind: no text, HTML, link or image checks (the walls must hold without them).
BLIND_BUILD = """
import sys
from remissarkiv.reading import checks, content
content.scan_body = lambda *args: []
checks.PER_CASE.remove(checks.check_images)
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict"]
cli()
"""


def run(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    proj = make_project(root, with_fixtures=False)
    shutil.copytree(HOSTILE, proj.root / "cases", dirs_exist_ok=True)
    result = run("-c", BLIND_BUILD, cwd=proj.root)
    assert result.returncode == 0, result.stdout + result.stderr
    httpd, address = serve(proj.site)
    yield proj, address
    httpd.shutdown()


HOSTILE_PAGES = ["remissvar/2024/rubriker/", "remissvar/2024/parser/", "remissvar/2024/lankar/",
                 "remissvar/2024/resurser/", "namnder/bromma/", "remisser/ks-2024-1/", "amnen/", "ar/okant/", ""]


def test_the_blind_build_publishes_no_script_no_style_and_no_remote_resource(hostile_site):
    proj, _ = hostile_site
    for url in HOSTILE_PAGES:
        article = HTMLParser(proj.html(url)).css_first("article")
        for button in article.css(".md-content__button"):  # the theme's edit link and its icon
            button.decompose()
        for node in article.css("*"):
            assert node.tag not in ("script", "iframe", "svg", "math", "form", "link", "video", "style", "object",
                                    "embed", "xmp", "noembed", "textarea") or our_chart(node), (url, node.html)
            for name, value in node.attributes.items():
                assert not name.startswith("on") and name != "style", (url, node.html)
                if name in ("href", "src"):
                    assert unsafe_url(value or "") is None, (url, value)  # no scheme but http(s) and mailto
            assert "md-dialog" not in (node.attributes.get("class") or ""), url
        for image in article.css("img[src]"):
            assert urlsplit(image.attributes["src"]).hostname is None, (url, image.html)
    title_page = proj.html("remissvar/2024/rubriker/")
    # Front-matter strings are text: the Markdown and HTML in them are shown, escaped, never made into elements.
    assert "<title>[Klicka](javascript:alert(1)) ![x](https://tredje-part.example/bild.png) &lt;img" in title_page
    heading = HTMLParser(title_page).css_first("article h1")
    assert heading.css("a:not(.headerlink), img") == []
    assert heading.text().startswith("[Klicka](javascript:alert(1)) ![x](https://tredje-part.example/bild.png) <img")


def test_no_dialog_on_load_hover_or_click_and_no_request_leaves_the_server(hostile_site, browser):
    _, server = hostile_site
    dialogs, foreign, outbound = [], [], []

    def watched(context):
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        return page

    context = browser.new_context()
    context.on("request", lambda req: foreign.append(req.url)
               if urlsplit(req.url).hostname not in ("127.0.0.1", None) else None)
    for url in HOSTILE_PAGES:
        page = watched(context)
        page.goto(f"{server}/{url}")
        page.wait_for_load_state("networkidle")
        case_page = url.startswith("remissvar/")
        for element in page.query_selector_all(".md-content *") if case_page else []:
            if element.is_visible():
                element.hover(timeout=2000, force=True)
        # Every link that stays on this site or is not a web address (javascript: …) is clicked; a link to
        # another site is the reader's choice to leave, and only its target is checked.
        hrefs = page.eval_on_selector_all(".md-content a[href]", "as => as.map(a => a.href)")
        page.close()
        for i, href in enumerate(hrefs if case_page else []):
            if urlsplit(href).scheme in ("http", "https") and urlsplit(href).hostname != "127.0.0.1":
                outbound.append(href)
                continue
            page = watched(context)  # a page of its own for each click: a link may navigate away
            page.goto(f"{server}/{url}")
            link = page.query_selector_all(".md-content a[href]")[i]
            if link.is_visible():
                link.click(timeout=2000, force=True, no_wait_after=True)
                page.wait_for_timeout(200)
            page.close()
    context.close()
    assert dialogs == []
    assert foreign == []
    # The links that leave the site: the theme's edit links and the documents' own web links, nothing else.
    assert {urlsplit(h).hostname for h in outbound} <= {"github.com", "example.org", "tredje-part.example"}


def test_the_checker_explains_each_hostile_input_with_its_line(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    shutil.copytree(HOSTILE, proj.root / "cases", dirs_exist_ok=True)
    result = run("-m", "remissarkiv", "check", cwd=proj.root)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    out = result.stdout
    for expected in [
        "cases/2024/parser.md:13:1: fel: HTML-kommentarer och deklarationer",
        "cases/2024/parser.md:19:1: fel: HTML-taggen <xmp> är inte tillåten",
        "cases/2024/parser.md:21:1: fel: HTML-taggen <textarea> är inte tillåten",
        "cases/2024/parser.md:23:1: fel: HTML-taggen <noembed> är inte tillåten",
        "cases/2024/parser.md:25:1: fel: HTML-taggen <svg> är inte tillåten",
        "cases/2024/parser.md:25:6: fel: HTML-taggen <animate> är inte tillåten",
        "cases/2024/lankar.md:13:1: fel: länkar med javascript: är inte tillåtna (href=)",  # javascript&#58;
        "cases/2024/lankar.md:16:1: fel: länkar med javascript: är inte tillåtna",  # on the line after '](
        "cases/2024/lankar.md:18:3: fel: attributet onerror= på <img> kör skript",  # \` opens no code span
        "cases/2024/lankar.md:20:13: fel: länkar med javascript: är inte tillåtna",
        "cases/2024/resurser.md:13:1: fel: bilden 'https://tredje-part.example/spion.png' finns inte bland",
        "cases/2024/resurser.md:15:1: fel: bilden 'https://tredje-part.example/spion2.png'",
        "cases/2024/resurser.md:17:1: fel: attributet style= på <div> är inte tillåtet",
        "cases/2024/resurser.md:19:1: fel: attributet class= på <p> är inte tillåtet",
        "cases/2024/resurser.md:21:1: fel: HTML-taggen <iframe> är inte tillåten",
    ]:
        assert expected in out, (expected, out)


# --- names, paths and links to outside the repository -------------------------------------------------

CASE = """---
title: Remissvar
board: bromma
status: publicerad
referral:
  title: Motion
  case_number: KS 2024/{n}
  sender: Kommunstyrelsen
{extra}review:
  by: Provgranskare
  date: 2024-06-01
---
Text.
"""


def check(proj) -> str:
    result = run("-m", "remissarkiv", "check", cwd=proj.root)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_names_hidden_files_other_files_and_links_in_cases(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    cases = proj.root / "cases" / "2024"
    cases.mkdir()
    (cases / '"><img src=x onerror=alert(1)>.md').write_text(CASE.format(n=1, extra=""), encoding="utf-8")
    (cases / "Versaler.md").write_text(CASE.format(n=2, extra=""), encoding="utf-8")
    (cases / "fel-andelse.MD").write_text(CASE.format(n=3, extra=""), encoding="utf-8")
    (cases / "sida.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (cases / ".dold").mkdir()
    (cases / ".dold" / "gomd.md").write_text(CASE.format(n=4, extra=""), encoding="utf-8")
    (cases / "lankad.md").symlink_to(ROOT / "cases/2019/bromma-ks-2019-1899.md")
    (cases / "bilaga.md").write_text(CASE.format(n=5, extra="attachments:\n  - title: Hemlig\n    file: hemlig.txt\n"),
                                     encoding="utf-8")
    (cases / "bilaga").symlink_to(Path("/etc"))  # a whole attachment folder outside the repository
    (cases / "kalla.md").write_text(CASE.format(n=6, extra="source_url: 'javascript:alert(1)'\n"), encoding="utf-8")
    out = check(proj)
    for expected in [
        "cases/2024/\"><img src=x onerror=alert(1)>.md:1:1: fel: ärendefilen '\"><img src=x onerror=alert(1)>.md' "
        "har ett namn som inte får bli en webbadress",
        "cases/2024/Versaler.md:1:1: fel: ärendefilen 'Versaler.md' har ett namn som inte får bli en webbadress: "
        "använd bara små bokstäver a–z, siffror, '-', '_' och '.' (börja med en bokstav eller siffra, högst 100 "
        "tecken, aldrig '..') – byt till exempel namn till 'versaler.md'",
        "cases/2024/fel-andelse.MD:1:1: fel: 'fel-andelse.MD' ser ut som en ärendefil men läses inte",
        "cases/2024/sida.html:1:1: fel: 'sida.html' är ingen ärendefil (.md)",
        "cases/2024/.dold:1:1: fel: mappen '.dold' är dold och publiceras inte",
        "cases/2024/lankad.md:1:1: fel: filen 'lankad.md' är en symbolisk länk",
        "cases/2024/bilaga:1:1: fel: mappen 'bilaga' är en symbolisk länk",
        "cases/2024/kalla.md:9:1: fel: 'source_url': 'javascript:alert(1)' är ingen webbadress",
    ]:
        assert expected in out, (expected, out)
    assert "gomd.md" not in out.replace(".dold:1:1", "")  # nothing below a hidden folder is read
    build = proj.build()
    assert build.returncode == 1 and not proj.site.exists()


def test_two_sources_for_one_address_stop_the_build(project):
    (project.root / "docs" / "namnder.md").write_text("# Nämnder\n", encoding="utf-8")  # the generated listing's
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "2 källor ger samma adress 'namnder/index.html' på webbplatsen: genererad sida namnder.md, " \
           "docs/namnder.md – byt namn på den ena" in output


# --- identity numbers ---------------------------------------------------------------------------------

def test_identity_numbers_in_yaml_escapes_folding_names_and_attachments(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    cases = proj.root / "cases" / "2024"
    cases.mkdir()
    (cases / "escape.md").write_text(CASE.format(n=1, extra='summary: "\\x38\\x31\\x31218-9876"\n'), encoding="utf-8")
    (cases / "folding.md").write_text(CASE.format(n=2, extra="summary: >-\n  Nummer 811218-\n  9876 här\n"),
                                      encoding="utf-8")
    (cases / "id-811218-9876.md").write_text(CASE.format(n=3, extra=""), encoding="utf-8")
    (cases / "bilagor.md").write_text(CASE.format(n=4, extra="attachments:\n  - title: Lista\n    file: lista.txt\n"),
                                      encoding="utf-8")
    (cases / "bilagor").mkdir()
    (cases / "bilagor" / "lista.txt").write_text("Namn: Anna, 811218-9876\n", encoding="utf-8")
    out = check(proj)
    assert "cases/2024/escape.md:9:1: fel: personnummer (811218-****) får inte publiceras" in out
    assert "cases/2024/folding.md:9:1: fel: personnummer (811218-****)" in out
    assert "cases/2024/id-811218-9876.md:1:1: fel: filnamnet: personnummer (811218-****)" in out
    assert "cases/2024/bilagor.md:11:1: fel: bilagan 'lista.txt': personnummer (811218-****)" in out


@pytest.mark.parametrize("index", ["1", "0"], ids=["med sökindex", "utan sökindex"])
def test_the_finished_output_is_scanned_before_publishing(project, index):
    env = {"REMISSARKIV_SOKINDEX": index}
    before = (project.root / "docs" / "om.md").read_text(encoding="utf-8")
    assert project.build(env=env).returncode == 0
    published = (project.site / "index.html").read_bytes()
    # A hand-written page is not a case: only the scan of the finished site sees the number.
    (project.root / "docs" / "om.md").write_text(before + "\nKontakt: 811218&#8209;9876\n", encoding="utf-8")
    result = project.build(env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "om/index.html: personnummer (811218-****) i den färdiga webbplatsen" in output
    assert (project.site / "index.html").read_bytes() == published  # the published site is untouched
    assert "9876" not in (project.site / "om" / "index.html").read_text(encoding="utf-8")


def test_the_pages_command_scans_what_it_would_write(project, tmp_path):
    # A board's name comes from data/boards.yml, which the case checker does not read: only the scan of the
    # output sees the number, and nothing is written to --out.
    boards = project.root / "data" / "boards.yml"
    boards.write_text(boards.read_text(encoding="utf-8").replace(
        "name: Bromma stadsdelsnämnd", "name: Bromma stadsdelsnämnd 811218-9876", 1), encoding="utf-8")
    out = tmp_path / "ut"
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "pages", "--out", str(out)], cwd=project.root,
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    assert "personnummer (811218-****) i den färdiga webbplatsen" in result.stderr
    assert "ingenting publicerades" in result.stderr and "Traceback" not in result.stderr
    assert list(out.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".remissarkiv-")]  # nothing left aside


# --- nothing half-published -----------------------------------------------------------------------------

def test_a_strict_mode_warning_late_in_the_build_leaves_the_published_site_alone(project):
    assert project.build().returncode == 0
    published = {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*.html")}
    project.add_case("2024/ny.md", CASE.format(n=9, extra=""))
    with open(project.root / "docs" / "om.md", "a", encoding="utf-8") as page:
        page.write("\n[trasig länk](finns-inte.md)\n")  # MkDocs warns only after every page is written
    result = project.build()
    assert result.returncode == 1 and "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert {p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*.html")} == published
    assert not (project.site / "remissvar" / "2024" / "ny").exists()
    assert not [p for p in project.root.iterdir() if ".bygge-" in p.name or ".gammal-" in p.name]


# --- no traceback, ever -------------------------------------------------------------------------------------

BROKEN_INPUTS = {
    "kontrolltecken.md": (CASE.format(n=1, extra='summary: "a\x07b"\n'), ":9:1: fel: framsidan innehåller ett tecken"),
    "djup.md": (CASE.format(n=2, extra="summary: " + "[" * 3000 + "]" * 3000 + "\n"), "fel: framsidan är för djupt"),
    "stort-tal.md": (CASE.format(n=3, extra="case_number: " + "9" * 5000 + "\n"), None),
    "nyckel.md": (CASE.format(n=4, extra="? [a, b]\n: x\n"), ":9:3: fel: ett fältnamn måste vara text"),
    "talnyckel.md": (CASE.format(n=5, extra="1: x\n"), ":9:1: fel: ett fältnamn måste vara text, inte '1'"),
    "deklaration.md": (CASE.format(n=6, extra="").replace("Text.", "Text <![ x ]> mer."),
                       ":13:6: fel: HTML-kommentarer och deklarationer"),
    "manga-a.md": (CASE.format(n=7, extra="").replace("Text.", "<a " * 20000), None),  # once 32 s: now linear
}


def test_broken_inputs_get_one_swedish_line_each(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    for name, (text, _) in BROKEN_INPUTS.items():
        proj.add_case(f"2024/{name}", text)
    out = check(proj)
    for name, (_, expected) in BROKEN_INPUTS.items():
        if expected:
            assert any(ln.startswith(f"cases/2024/{name}") and expected in ln for ln in out.splitlines()), (name, out)
    assert "oväntat fel" not in out and "kunde inte läsas (" not in out  # no input reached the last wall
    build = proj.build()
    assert build.returncode == 1 and "Traceback" not in build.stdout + build.stderr


def test_the_content_security_policy_stops_script_that_got_into_a_page(hostile_site, browser):
    """The last wall: were a script or an event attribute ever written into a page, the browser would not
    run it (each page allows only the site's own script files and no inline script at all)."""
    proj, server = hostile_site
    page_html = proj.html("remissvar/2024/rubriker/")
    policy = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\''
    assert policy in page_html and policy in (proj.site / "404.html").read_text(encoding="utf-8")
    planted = proj.site / "planterad" / "index.html"
    planted.parent.mkdir(exist_ok=True)
    planted.write_text(page_html.replace("</article>", "<script>alert('inline')</script>"
                                         "<img src=x onerror=\"alert('attribut')\"></article>"), encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/planterad/")
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    # The theme's own scripts still run under the policy: its search-free header and palette work.
    assert page.evaluate("() => typeof document$ !== 'undefined'")
    context.close()


def test_identity_numbers_in_office_parts_and_pdf_metadata(tmp_path):
    from docx import Document
    from fpdf import FPDF

    proj = make_project(tmp_path, with_fixtures=False)
    folder = proj.root / "cases" / "2024" / "bilagor"
    folder.mkdir(parents=True)
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Sidhuvud 811218-9876"  # a header: not in the body's paragraphs
    paragraph = doc.add_paragraph()
    paragraph.add_run("Nummer 701063")  # one number over two runs of text
    paragraph.add_run("-2391")
    doc.save(str(folder / "brev.docx"))
    pdf = FPDF()
    pdf.set_author("Anna Ek 811218-9876")  # in the file's metadata only
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Protokoll")
    pdf.output(str(folder / "protokoll.pdf"))
    proj.add_case("2024/bilagor.md", CASE.format(n=1, extra="attachments:\n  - title: Brev\n    file: brev.docx\n"
                                                          "  - title: Protokoll\n    file: protokoll.pdf\n"))
    out = check(proj)
    assert "cases/2024/bilagor.md:11:1: fel: bilagan 'brev.docx': personnummer (811218-****)" in out
    assert "cases/2024/bilagor.md:11:1: fel: bilagan 'brev.docx': samordningsnummer (701063-****)" in out
    assert "cases/2024/bilagor.md:13:1: fel: bilagan 'protokoll.pdf': personnummer (811218-****)" in out
