"""Builds that must fail cleanly, and the macros offered to hand-written pages."""
from __future__ import annotations

import subprocess
import sys

from selectolax.lexbor import LexborHTMLParser as HTMLParser

BROKEN = """---
title: Trasigt remissvar
board: bromma
status: publicerad
referral:
  title: Motion
  case_number: KS 2021/1
  sender: Kommunstyrelsen
  sista_svarsdag: 2021-01-01
review:
  by: Provgranskare
  date: 2024-06-01
---
Text.
"""


def test_bad_front_matter_fails_the_build_with_path_line_and_no_traceback(project):
    assert project.build().returncode == 0
    before = (project.site / "index.html").read_text(encoding="utf-8")
    project.add_case("2021/bromma-trasig.md", BROKEN)
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "cases/2021/bromma-trasig.md:9:1: fel: okänt fält 'sista_svarsdag' i 'referral'" in output
    assert "ingenting publicerades" in output
    assert "Traceback" not in output
    # Nothing half-published: the previous site is untouched.
    assert (project.site / "index.html").read_text(encoding="utf-8") == before
    assert not (project.site / "remissvar/2021/bromma-trasig").exists()


def test_yaml_syntax_error_fails_the_build(project):
    project.add_case("2021/bromma-yaml.md", "---\ntitle: [oavslutad\n---\n")
    result = project.build()
    assert result.returncode == 1
    assert "cases/2021/bromma-yaml.md:2:8: fel: YAML-fel i framsidan: en lista inom [ ] avslutas aldrig" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_macros_filter_count_and_link(project):
    (project.root / "docs" / "farsta.md").write_text(
        "---\nrender_macros: true\ntitle: Farsta\n---\n# Farsta\n\n"
        "Antal: {{ case_count(board='farsta') }} av {{ case_count() }}.\n\n"
        "{{ case_list(board='farsta') }}\n\n{{ case_list(topic='Stadsmiljö') }}\n\n"
        "Se {{ case_link('SDN 2020/45') }}.\n", encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    tree = HTMLParser(project.html("farsta"))
    text = tree.css_first("article").text()
    assert "Antal: 1 av 3." in text
    lists = tree.css("ol.ra-list")
    assert [a.attributes["href"] for a in lists[0].css(".ra-item-title a")] == ["../remissvar/2021/farsta-ks-2019-1899/"]
    assert len(lists[1].css("li")) == 1
    link = [a for a in tree.css("article a") if a.text().startswith("Remissvar: Motion om att ta tillbaka utsatta områden (Södermalm)")]
    assert link and link[0].attributes["href"] == "../remissvar/2020/sodermalm-ks-2019-1899/"


def test_undefined_macro_variable_fails_the_build(project):
    (project.root / "docs" / "fel.md").write_text(
        "---\nrender_macros: true\n---\n# Fel\n\n{{ finns_inte }}\n", encoding="utf-8")
    result = project.build()
    assert result.returncode != 0


def test_pages_without_macros_are_not_rendered(project):
    (project.root / "docs" / "ren.md").write_text("# Ren\n\n{{ case_count() }}\n", encoding="utf-8")
    assert project.build().returncode == 0
    assert "{{ case_count() }}" in HTMLParser(project.html("ren")).css_first("article").text()


def test_drafts_are_built_for_previews_when_asked(project):
    result = project.build(env={"REMISSARKIV_UTKAST": "1"})
    assert result.returncode == 0
    assert "Utkast" in HTMLParser(project.html("remissvar/2020/kungsholmen-utkast")).css_first(".ra-draft-banner").text()


def test_standalone_command_writes_the_same_pages(project, tmp_path):
    out = tmp_path / "ut"
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "--root", str(project.root), "pages",
                             "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "remissvar/2019/bromma-ks-2019-1899.md" in written
    assert "remissvar/2021/farsta-ks-2019-1899/protokoll.pdf" in written
    assert "remisser/ks-2019-1899.md" in written
    assert project.build().returncode == 0
    built = sorted(p.parent.relative_to(project.site).as_posix() for p in project.site.rglob("index.html"))
    for md in written:
        if md.endswith(".md"):
            assert md[:-3] in built, md


def test_a_preview_has_drafts_a_banner_and_noindex_on_every_page(project):
    result = project.build(env={"REMISSARKIV_FORHANDSVISNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    for url in ("", "remissvar/2020/kungsholmen-utkast", "namnder/kungsholmen", "sok", "om"):
        tree = HTMLParser(project.html(url))
        assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex, nofollow", url
        assert tree.css_first(".ra-preview-banner").text().startswith("Förhandsversion – inte publicerad."), url
    assert "Utkast" in HTMLParser(project.html("namnder/kungsholmen")).css_first(".ra-draft").text()


def test_a_production_build_has_no_trace_of_a_draft(built):
    """No page, listing entry, count, search document, sitemap entry or banner for the draft fixture."""
    draft_title, draft_referral = "Utkast som inte ska publiceras", "hemliga utkast"
    for page in built.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert draft_title not in text and draft_referral not in text, page
        assert "ra-preview-banner" not in text, page
        # noindex marks a preview; of a production site only the form editor carries it (tests/test_cms.py)
        assert ('name="robots"' in text) == (page.relative_to(built.site).as_posix() == "admin/index.html"), page
    assert "kungsholmen-utkast" not in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert not (built.site / "namnder" / "kungsholmen").exists()  # its only case is the draft
    index = (built.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    stats = HTMLParser((built.site / "index.html").read_text(encoding="utf-8")).css(".ra-stats li")
    # the index holds the 3 published answers and their 1 referral's page: nothing of the draft
    assert "3 remissvar" in stats[0].text() and "1 remiss" in stats[2].text()
    assert '"page_count":4' in index.replace(" ", "")
