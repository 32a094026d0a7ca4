"""Hostile input, second round: configuration as input, addresses that clash, characters no writer can take,
data files in every reader, false alarms, heavy Markdown, and the Content-Security-Policy as a wall of its own.

Each test states an attack or a careless edit that got through before, and checks that `check` explains it
with `path:line` in Swedish and the build refuses it without a traceback, or that the output is right.
"""
from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from remissarkiv.archive.indexes import Archive
from remissarkiv.model.boards import BoardRegistry, BoardsError
from remissarkiv.opendata.table import cell
from remissarkiv.reading.content import scan_body
from remissarkiv.reading.loader import load
from remissarkiv.site import csp

from .conftest import ROOT, make_project
from .test_hostile import CASE, check, run

BOARDS = (ROOT / "data/boards.yml").read_text(encoding="utf-8")


def case(n: int, extra: str = "", body: str = "Text.\n", board: str = "bromma") -> str:
    return CASE.format(n=n, extra=extra).replace("board: bromma", f"board: {board}").replace("Text.\n", body)


def with_board(entry: str) -> str:
    return BOARDS.replace("boards:\n", "boards:\n" + entry, 1)


def board_line(text: str, needle: str) -> int:
    return text.splitlines().index(next(ln for ln in text.splitlines() if needle in ln)) + 1


# -- Configuration is input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("board_id", ["../sok", "../../../utanfor", "Bromma", "a/b", "", ".dold", "x" * 150,
                                      "sok\\x00", "namnder/../../x", "a b", "ä", "..", "-x"])
def test_a_board_id_that_is_not_a_safe_slug_is_refused_with_its_line(tmp_path, board_id):
    proj = make_project(tmp_path, with_fixtures=False)
    boards = with_board(f'  - id: "{board_id}"\n    name: Ondsint nämnd\n    kind: nämnd\n')
    (proj.root / "data/boards.yml").write_text(boards, encoding="utf-8")
    proj.add_case("2024/ond.md", case(1))
    result = run("-m", "remissarkiv", "check", cwd=proj.root)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    line = board_line(boards, 'id: "')
    assert f"data/boards.yml:{line}: nämndens id '{board_id.replace(chr(92) + 'x00', chr(0))[:200]}' blir en " \
           "webbadress" in result.stderr, result.stderr
    build = proj.build()
    assert build.returncode != 0 and "Traceback" not in build.stdout + build.stderr
    assert f"boards.yml:{line}:" in build.stdout + build.stderr
    assert not (tmp_path.parent / "sok").exists() and not (proj.root / "utanfor").exists()
    assert not proj.site.exists()


def test_a_duplicate_board_id_is_an_error_naming_both_lines(tmp_path):
    boards = with_board("  - id: bromma\n    name: Bromma igen\n")
    path = tmp_path / "boards.yml"
    path.write_text(boards, encoding="utf-8")
    with pytest.raises(BoardsError) as exc:
        BoardRegistry.load(path)
    lines = [i + 1 for i, ln in enumerate(boards.splitlines()) if ln.strip() == "- id: bromma"]
    first, second = lines
    assert str(exc.value).startswith(f"{path}:{first}: nämnden 'bromma' finns redan på rad {second}") or \
        str(exc.value).startswith(f"{path}:{second}: nämnden 'bromma' finns redan på rad {first}")


@pytest.mark.parametrize("name", ['"Nämnd \\x0b"', '"Nämnd \\uFFFE"', '"Nämnd \\ud83d"'])
def test_a_board_name_with_a_forbidden_character_is_refused(tmp_path, name):
    path = tmp_path / "boards.yml"
    text = with_board(f"  - id: ny\n    name: {name}\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BoardsError) as exc:
        BoardRegistry.load(path)
    assert f"{path}:{board_line(text, 'id: ny')}: name: tecknet U+" in str(exc.value)


# -- Addresses: one rule, checked by `check`, naming both ------------------------------------------------------

@pytest.mark.parametrize("aliases, expected", [
    (["index.html/"], "blir en fil på webbplatsen men"),                      # a file and a folder of one name
    (["404.html/"], "blir en fil på webbplatsen men"),                        # the theme's own file
    (["remissvar/2024/b/index.html/"], "blir en fil på webbplatsen men"),
    (["api/cases.json/"], "ligger bland webbplatsens egna sidor"),
    (["namnder/bromma/"], "ligger bland webbplatsens egna sidor"),
    (["remissvar/2024/b/"], "2 källor ger samma adress 'remissvar/2024/b/index.html'"),  # another case's page
    (["remissvar/2024/b/x.pdf/"], "blir en fil på webbplatsen men"),          # inside another case's attachment
])
def test_check_refuses_addresses_that_clash_naming_both(tmp_path, aliases, expected):
    proj = make_project(tmp_path, with_fixtures=False)
    folder = proj.root / "cases/2024/b"
    folder.mkdir(parents=True)
    (folder / "x.pdf").write_bytes(b"%PDF-1.4\n")
    proj.add_case("2024/b.md", case(2, "attachments:\n  - title: X\n    file: x.pdf\n"))
    proj.add_case("2024/a.md", case(1, "aliases:\n" + "".join(f"  - {a}\n" for a in aliases)))
    out = check(proj)
    assert any(ln.startswith("cases/2024/a.md:10:1: fel:") and expected in ln for ln in out.splitlines()), out
    build = proj.build()
    assert build.returncode != 0 and "Traceback" not in build.stdout + build.stderr
    assert "IsADirectoryError" not in build.stdout + build.stderr and not proj.site.exists()


def test_two_cases_claiming_one_earlier_address_are_refused_by_check(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    for n in (1, 2):
        proj.add_case(f"2024/s{n}.md", case(n, "aliases:\n  - remissvar/2019/gammal/\n"))
    out = check(proj)
    for n, other in ((1, 2), (2, 1)):
        line = next(ln for ln in out.splitlines() if ln.startswith(f"cases/2024/s{n}.md:10:1: fel: 2 källor"))
        assert f"cases/2024/s{other}.md:10 (aliases: remissvar/2019/gammal/)" in line


def test_an_output_path_outside_the_site_stops_the_writer(tmp_path):
    from remissarkiv.model.slugs import UnsafeOutputPath
    from remissarkiv.opendata.publish import write

    for rel in ("../utanfor.json", "/etc/x", "a/../../b", "a\\..\\b"):
        with pytest.raises(UnsafeOutputPath):
            write([(rel, b"x")], tmp_path / "site")
    assert not (tmp_path / "utanfor.json").exists()
    (tmp_path / "site").mkdir(exist_ok=True)
    (tmp_path / "site/lank").symlink_to(tmp_path)  # a folder that leads out of the site
    with pytest.raises(UnsafeOutputPath):
        write([("lank/ut.json", b"x")], tmp_path / "site")
    (tmp_path / "site/ut.json").symlink_to(tmp_path / "fil.json")  # a file name that leads out, in a safe folder
    with pytest.raises(UnsafeOutputPath):
        write([("inne.json", b"x"), ("ut.json", b"x")], tmp_path / "site")
    assert (tmp_path / "site/inne.json").exists() and not (tmp_path / "fil.json").exists()


# -- Referrals: one only when their numbers are equal ----------------------------------------------------------

def test_referrals_whose_numbers_slugify_alike_stay_two(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/an.md", case(1).replace("KS 2024/1", "A N 2024/1"))
    proj.add_case("2024/aen.md", case(2, board="farsta").replace("KS 2024/2", "ÄN 2024/1")
                  .replace("title: Motion", "title: En annan motion"))
    proj.add_case("2024/same.md", case(3, board="kungsholmen").replace("KS 2024/3", "Dnr a n 2024-1"))
    boards = BoardRegistry.load(proj.root / "data/boards.yml")
    archive = Archive(load(proj.root / "cases", boards, root=proj.root).cases, boards)
    ours = [g for g in archive.referrals.values() if "2024" in g.case_number]
    # 'Dnr a n 2024-1' is A N 2024/1; 'ÄN 2024/1' is not, though all three slugify to 'a-n-2024-1'.
    assert sorted(len(g.answers) for g in ours) == [1, 2]
    keys = {g.case_number: g.key for g in ours}
    assert keys["A N 2024/1"] == "a-n-2024-1" and keys["ÄN 2024/1"].startswith("a-n-2024-1-")
    build = proj.build()
    assert build.returncode == 0, build.stdout + build.stderr
    data = json.loads((proj.site / "api/referrals.json").read_text(encoding="utf-8"))
    listed = json.dumps(data, ensure_ascii=False)
    assert "ÄN 2024/1" in listed and "A N 2024/1" in listed and "En annan motion" in listed
    assert "En annan motion" in proj.html(f"remisser/{keys['ÄN 2024/1']}/")
    assert "En annan motion" not in proj.html("remisser/a-n-2024-1/")


# -- Bounded output --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, count, limit", [("topics", 31, 30), ("aliases", 21, 20), ("topics", 30_000, 30)])
def test_what_one_case_adds_to_the_site_is_bounded(tmp_path, field, count, limit):
    proj = make_project(tmp_path, with_fixtures=False)
    item = "Ämne {i}" if field == "topics" else "remissvar/gammal/{i}/"
    proj.add_case("2024/manga.md", case(1, f"{field}:\n" + "".join(f"  - {item.format(i=i)}\n" for i in range(count))))
    started = time.perf_counter()
    out = check(proj)
    assert time.perf_counter() - started < 20  # a subprocess; the case itself is checked well within 2 s
    assert f"cases/2024/manga.md:10:1: fel: {count} " in out and f"högst {limit} som tillåts" in out, out[:2000]


def test_a_limit_can_be_raised_in_mkdocs_yml(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    config = proj.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    max_topics: 30\n" in text
    config.write_text(text.replace("    max_topics: 30\n", "    max_topics: 40\n"), encoding="utf-8")
    proj.add_case("2024/manga.md", case(1, "topics:\n" + "".join(f"  - Ämne {i}\n" for i in range(35))))
    assert "0 fel" in check(proj)


# -- Characters no writer can take -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, code, line", [
    ('title: "Svar \\x0b"', "U+000B", 2), ('title: "Svar \\uFFFE"', "U+FFFE", 2),
    ('summary: "A \\x01 B"', "U+0001", 9), ('title: "Glad \\ud83d\\ude00"', "U+D83D", 2),
    ('summary: "\\uDFFF"', "U+DFFF", 9), ('title: "\\x1f"', "U+001F", 2),
])
def test_xml_forbidden_characters_are_refused_at_their_line(tmp_path, value, code, line):
    proj = make_project(tmp_path, with_fixtures=False)
    text = case(1, value + "\n" if value.startswith("summary") else "")
    if value.startswith("title"):
        text = text.replace("title: Remissvar", value)
    proj.add_case("2024/tecken.md", text)
    out = check(proj)
    assert f"cases/2024/tecken.md:{line}:1: fel:" in out and code in out, out
    assert "kunde inte läsas" not in out
    build = proj.build()
    assert build.returncode != 0 and "Traceback" not in build.stdout + build.stderr


def test_a_forbidden_character_in_the_body_is_refused_with_line_and_column(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/tecken.md", case(1, body="Rad ett.\nRad\x0btvå.\n"))
    assert "cases/2024/tecken.md:14:4: fel: tecknet U+000B" in check(proj)  # body from line 13


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_inside_values_do_not_end_the_front_matter(tmp_path, separator):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/lsep.md", case(1).replace("title: Remissvar", f'title: "Rad{separator}---{separator}x"'))
    assert "0 fel" in check(proj)
    build = proj.build()
    assert build.returncode == 0, build.stdout + build.stderr
    page = proj.html("remissvar/2024/lsep/")
    assert f'>Rad{separator}---{separator}x<a class="headerlink"' in page  # kept as text, whole
    assert f"<title>Rad{separator}---{separator}x" in page and "ra_generated" not in page  # the page's own front
    # matter is read as front matter too, not shown as text


# -- Data files safe in every reader ---------------------------------------------------------------------------

FORMULAS = ["=1+1", "a;=1+1", "b,=SUM(A1)", "c; +cmd|' /C calc'!A0", "d\n=HYPERLINK(\"x\")", "@SUM(1)",
            "-2+3", "\t=x", "e;\r\n-1", "f,  =1", "\r=1", "x;;=1", "normal, text; ok"]


def test_no_csv_cell_becomes_a_formula_whatever_the_separator(built):
    data = (built.site / "api/cases.csv").read_bytes().decode("utf-8-sig")
    rows = [cell(value) for value in FORMULAS]
    table = io.StringIO()
    csv.writer(table, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerow(rows)
    for text in (data, table.getvalue()):
        for delimiter in (",", ";"):
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                for value in row:
                    assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (delimiter, value)
    # The text is kept, with an apostrophe before a formula start.
    assert cell("a;=1+1") == "a;'=1+1" and cell("normal, text; ok") == "normal, text; ok"
    assert data.startswith('"id","url"')


# -- No false alarms -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, refused", [
    ("Text \\<b onmouseover=\"alert(1)\"\\> mer", False),     # shown as text by Markdown
    ("Kod: `<b onclick=x>`", False),
    ("Kod: ``<script>` ``", False),
    ("\\`<i onclick=x>\\`", True),                              # escaped backticks open no code: a real tag
    ("\\\\<b onclick=x>fet</b>", True),                         # an escaped backslash, then a real tag
    ("x < y och y > z", False),
    ("<b onclick=x>", True),
])
def test_text_that_markdown_shows_as_text_is_not_refused(text, refused):
    problems = scan_body("a.md", text, 10)
    assert bool(problems) is refused, problems


def test_the_importer_reports_identity_numbers_and_leaves_a_draft(tmp_path):
    source = tmp_path / "svar.txt"
    source.write_text("Remissvar Motion om lekplatser, KS 2024/5\n\nFörslag till beslut\n\nNämnden tillstyrker.\n"
                      "Kontakt: Anna Ek, 811218-9876.\n", encoding="utf-8")
    out_file = tmp_path / "ut.md"
    result = run("-m", "remissarkiv", "import", str(source), "--out", str(out_file), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "personnummer (811218-****)" in result.stdout and "9876" not in result.stdout
    assert any(ln.strip().startswith("Rad ") for ln in result.stdout.splitlines() if "personnummer" in ln)
    assert "status: utkast" in out_file.read_text(encoding="utf-8")


# -- Heavy Markdown: refused in seconds, naming the case --------------------------------------------------------

@pytest.mark.parametrize("unit", ["[", "<b ", "[a](", "```\n", "<http://a", "> "])
def test_heavy_markdown_is_refused_by_check_and_build_in_seconds(tmp_path, unit):
    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/tung.md", case(1, body=unit * (300_000 // len(unit)) + "\n"))
    started = time.perf_counter()
    result = run("-m", "remissarkiv", "check", "cases/2024/tung.md", cwd=proj.root)
    took = time.perf_counter() - started
    assert took < 15, took  # one case: its trial conversion stops at 1.5 s
    assert "cases/2024/tung.md:13:1: fel: texten gick inte att göra om till en webbsida på 1,5 sekunder" in \
        result.stdout, result.stdout
    started = time.perf_counter()
    build = proj.build()
    assert time.perf_counter() - started < 60 and "Traceback" not in build.stdout + build.stderr
    assert build.returncode != 0 and "cases/2024/tung.md:13:1: fel: texten gick inte" in build.stdout + build.stderr


# -- The Content-Security-Policy as a wall of its own ------------------------------------------------------------

def test_the_policy_allows_no_inline_script_and_hashes_nothing_from_the_page(built):
    page = built.html("remissvar/2019/bromma-ks-2019-1899/")
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp.POLICY}">' in page
    assert "sha256-" not in csp.POLICY and "'unsafe-inline'" not in csp.POLICY.split("script-src")[1].split(";")[0]
    for html_file in built.site.rglob("*.html"):
        assert csp.inline_scripts(html_file.read_text(encoding="utf-8")) == 0, html_file
    assert csp.policy("<script>alert(1)</script>") == csp.POLICY  # nothing read from the page


@pytest.mark.parametrize("script", ["<script>alert(1)</script>", "<SCRIPT type=module>import('x')</SCRIPT>",
                                    "<script type=\"text/javascript\">x()</script>"])
def test_an_inline_script_in_a_page_stops_the_build(project, script):
    (project.root / "docs/om.md").write_text(
        (project.root / "docs/om.md").read_text(encoding="utf-8") + f"\n\n{script}\n", encoding="utf-8")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "om/index.html: 1 inbäddat skript" in output, output[-2000:]
    assert "ingenting publicerades" in output and not project.site.exists()


def test_json_data_blocks_and_script_files_are_not_inline_scripts():
    assert csp.inline_scripts('<script type="application/json" id="c">{"a": 1}</script>') == 0
    assert csp.inline_scripts('<script src="x.js"></script><script></script>') == 0
    assert csp.inline_scripts('<script>x()</script><script type=application/json>{}</script>') == 1
    assert csp.inline_scripts("<script " * 20_000) == 0  # unclosed: no end, no work beyond linear
    # The end tag as a browser reads it: 'ſ' is no 's' there, and 'İ' (two letters in lower case) moves nothing.
    assert csp.inline_scripts("<script> </\u017fcript>alert(1)</script>") == 1
    assert csp.inline_scripts("\u0130" * 10 + "<script> </script><script>x()</SCRIPT>") == 1


def test_the_builds_own_budget_holds_when_checks_trial_let_a_body_through(tmp_path, monkeypatch):
    """The build does not rely on the check's trial: a body it cannot convert in 4 s stops it, at the body's line."""
    from remissarkiv.site import heavy
    from remissarkiv.site.build import Builder, CaseErrors

    proj = make_project(tmp_path, with_fixtures=False)
    proj.add_case("2024/tung.md", case(1, body="[" * 300_000 + "\n"))
    monkeypatch.setattr(heavy, "trial", lambda body: True)  # as if check had passed it on a faster machine
    started = time.perf_counter()
    with pytest.raises(CaseErrors) as exc:
        Builder(proj.root).generate()
    assert time.perf_counter() - started < 30
    assert [(p.path, p.line, p.severity) for p in exc.value.result.problems] == [("cases/2024/tung.md", 13, "fel")]
    assert exc.value.result.problems[0].message.startswith("texten gick inte att göra om till en webbsida på 4 sekunder")
