"""`remissarkiv check`, `new` and the pre-commit hooks, run as staff run them."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from remissarkiv.tools import cli

from .conftest import FIXTURES, GIT_IDENTITY, ROOT, make_project

BROKEN = FIXTURES / "broken"


def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "remissarkiv", *args], cwd=cwd, capture_output=True,
                          text=True, input=stdin)


def check_json(*paths: str, cwd: Path = ROOT) -> tuple[int, dict]:
    result = run("check", "--format", "json", *paths, cwd=cwd)
    return result.returncode, json.loads(result.stdout)


EXPECTED = {  # (file, line, severity, start of message): one line per problem in tests/fixtures/broken
    ("tom.md", 1, "fel", "filen är tom"),
    ("oavslutad.md", 1, "fel", "framsidan avslutas aldrig"),
    ("lista.md", 2, "fel", "framsidan ska bestå av fält"),
    ("yaml-fel.md", 2, "fel", "YAML-fel i framsidan"),
    ("python-tagg.md", 2, "fel", "YAML-taggen !!python/object/apply:os.system är inte tillåten"),
    ("latin1.md", 6, "fel", "filen är inte sparad som UTF-8"),
    ("falt.md", 2, "fel", "fältet 'title' saknas"),
    ("falt.md", 2, "fel", "okänt fält 'titel' – menade du 'title'?"),
    ("falt.md", 4, "fel", "'status' har det ogiltiga värdet 'klar'"),
    ("falt.md", 5, "fel", "'date': datumet '2021-02-30' finns inte i kalendern"),
    ("falt.md", 6, "fel", "fältet 'referral.sender' saknas"),
    ("falt.md", 9, "fel", "okänt fält 'sendr' i 'referral' – menade du 'sender'?"),
    ("falt.md", 13, "fel", "'decision.position' har det ogiltiga värdet 'ja'"),
    ("namnd.md", 3, "fel", "Rinkeby-Kista stadsdelsnämnd fanns inte 2024-03-01"),
    ("dubblett-b.md", 4, "fel", "diarienumret fsdn 2021-1 används redan i tests/fixtures/broken/dubblett-a.md"),
    ("dubblett-b.md", 8, "fel", "nämnden har redan ett svar på remissen Dnr KS 2021/300"),
    ("dubblett-a.md", 4, "fel", "diarienumret FSDN 2021/1 används redan i tests/fixtures/broken/dubblett-b.md"),
    ("dubblett-a.md", 8, "fel", "nämnden har redan ett svar på remissen KS 2021/300 i tests/fixtures/broken/dubblett-b.md"),
    ("bilagor.md", 11, "fel", "bilagan 'saknas.pdf' finns inte"),
    ("bilagor.md", 13, "fel", "bilagan '../falt.md' ligger utanför ärendets mapp"),
    ("bilagor.md", 15, "fel", "bilagan '/etc/passwd' ligger utanför ärendets mapp"),
    ("bilagor.md", 17, "fel", "filtypen '.exe' publiceras inte"),
    ("bilagor.md", 19, "fel", "bilagan 'lank.pdf' är en symbolisk länk"),
    ("innehall.md", 5, "fel", "personnummer (811218-****) får inte publiceras"),
    ("innehall.md", 12, "fel", "samordningsnummer (701063-****) får inte publiceras"),
    ("innehall.md", 12, "fel", "personnummer (19811218-****) får inte publiceras"),
    ("innehall.md", 13, "varning", "personuppgift att granska: ett telefonnummer, '08-508 08 508'"),
    ("innehall.md", 15, "fel", "HTML-taggen <script> är inte tillåten"),
    ("innehall.md", 16, "fel", "attributet onerror= på <img> kör skript"),
    ("innehall.md", 16, "fel", "bilden 'x.png' finns inte bland ärendets bilagor"),
    ("innehall.md", 17, "fel", "HTML-taggen <iframe> är inte tillåten"),
    ("innehall.md", 19, "fel", "bilden 'data:image/png;base64,AAAA' finns inte bland ärendets bilagor"),
    ("innehall.md", 18, "fel", "länkar med javascript: är inte tillåtna (href=)"),
    ("innehall.md", 19, "fel", "länkar med javascript: är inte tillåtna"),
    ("innehall.md", 19, "fel", "länkar med data: är inte tillåtna"),
    ("innehall.md", 23, "varning", "texten innehåller mallkod ({{)"),
}


def test_check_reports_every_problem_in_broken_files_with_its_line():
    code, report = check_json(str(BROKEN.relative_to(ROOT)))
    assert code == 1
    found = [(Path(p["path"]).name, p["line"], p["severity"], p["message"]) for p in report["problems"]]
    for expected in EXPECTED:
        assert any(f[:3] == expected[:3] and f[3].startswith(expected[3]) for f in found), expected
    assert len(found) == len(EXPECTED), found  # and nothing else: no false alarms on line 12 or in code spans


def test_check_text_output_is_gnu_style_with_summary():
    result = run("check", str((BROKEN / "namnd.md").relative_to(ROOT)))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "tests/fixtures/broken/namnd.md:3:1: fel: Rinkeby-Kista stadsdelsnämnd fanns inte 2024-03-01 "
        "(giltig 2007-01-01–2023-06-30) – efterträdare: 'jarva'",
        "1 fil kontrollerade: 1 fel, 0 varningar."]
    assert result.stderr == ""


def test_check_of_the_shipped_cases_passes():
    result = run("check")
    assert result.returncode == 0 and result.stdout.endswith("0 fel, 0 varningar.\n")


def test_warnings_alone_do_not_fail(tmp_path):
    proj = make_project(tmp_path)
    result = run("check", "cases/2020/sodermalm-ks-2019-1899.md", cwd=proj.root)
    assert result.returncode == 0 and ": varning: texten innehåller mallkod" in result.stdout


def test_check_of_one_file_finds_a_duplicate_of_an_unchanged_case(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    seed = (proj.root / "cases/2019/bromma-ks-2019-1899.md").read_text(encoding="utf-8")
    proj.add_case("2020/bromma-kopia.md", seed)
    code, report = check_json("cases/2020/bromma-kopia.md", cwd=proj.root)
    assert code == 1
    assert [p["message"] for p in report["problems"]] == [
        "nämnden har redan ett svar på remissen KS 2019/1899 i cases/2019/bromma-ks-2019-1899.md: "
        "slå ihop filerna eller rätta diarienumret"]


def test_build_fails_with_the_same_messages_as_check(project):
    shutil.copy(BROKEN / "innehall.md", project.root / "cases" / "innehall.md")
    check = run("check", cwd=project.root)
    build = project.build()
    assert check.returncode == 1 and build.returncode == 1
    errors = [ln for ln in check.stdout.splitlines() if ": fel: " in ln]
    assert len(errors) == 11  # 9 in the text, and 2 images from outside the case
    for line in errors:
        assert line in build.stdout + build.stderr
    assert "Traceback" not in build.stdout + build.stderr


def test_unknown_path_is_a_clear_error():
    result = run("check", "finns/inte.md")
    assert result.returncode == 1
    assert result.stderr == "remissarkiv: fel: finns/inte.md: filen eller mappen finns inte\n"


# --- new --------------------------------------------------------------------------------------------

NEW_ARGS = ["new", "--board", "farsta", "--referral-number", "KS 2024/55", "--referral-title",
            "Program för lekplatser", "--sender", "Kommunstyrelsen", "--kind", "program", "--date", "2024-05-02"]


def test_new_scaffolds_a_valid_commented_case_and_refuses_to_overwrite(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    result = run(*NEW_ARGS, cwd=proj.root)
    assert result.returncode == 0, result.stderr
    path = proj.root / "cases/2024/farsta-ks-2024-55.md"
    text = path.read_text(encoding="utf-8")
    assert "# Nämndens id ur data/boards.yml" in text and "status: utkast" in text
    assert "title: 'Remissvar: Program för lekplatser'" in text
    assert set(yaml.safe_load(text.split("---")[1])) == set(cli.schema.Case.model_fields)
    assert run("check", cwd=proj.root).returncode == 0
    again = run(*NEW_ARGS, cwd=proj.root)
    assert again.returncode == 1 and "finns redan och skrivs inte över" in again.stderr
    assert path.read_text(encoding="utf-8") == text


def test_new_without_required_flags_and_no_terminal_says_what_is_missing(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    result = run("new", "--board", "farsta", "--no-input", cwd=proj.root)
    assert result.returncode == 1
    assert result.stderr.startswith("remissarkiv: fel: ange --referral-title")


def test_new_rejects_unknown_board(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    result = run(*[a if a != "farsta" else "atlantis" for a in NEW_ARGS], cwd=proj.root)
    assert result.returncode == 1 and "okänd nämnd 'atlantis'" in result.stderr


def test_new_asks_for_missing_fields(tmp_path, monkeypatch, capsys):
    proj = make_project(tmp_path, with_fixtures=False)
    answers = io.StringIO("Motion om parker\nKS 2023/12\nKommunstyrelsen\n")
    answers.isatty = lambda: True
    monkeypatch.setattr(sys, "stdin", answers)
    assert cli.main(["--root", str(proj.root), "new", "--board", "bromma"]) == 0
    text = (proj.root / "cases/2023/bromma-ks-2023-12.md").read_text(encoding="utf-8")
    assert "  title: Motion om parker" in text and "  case_number: KS 2023/12" in text


# --- pre-commit -------------------------------------------------------------------------------------

def test_pre_commit_hook_definitions():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "remissarkiv-check" and hooks[0]["entry"] == "remissarkiv check"
    assert shutil.which("remissarkiv", path=str(Path(sys.executable).parent))  # the console script exists
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert local["repos"][0]["hooks"][0]["entry"] == ".venv/bin/remissarkiv check"


def test_pre_commit_blocks_a_commit_of_a_broken_case(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    shutil.copy(ROOT / ".pre-commit-config.yaml", proj.root)
    venv = proj.root / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "remissarkiv").symlink_to(Path(sys.executable).parent / "remissarkiv")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), **GIT_IDENTITY}
    git = lambda *a: subprocess.run(["git", *a], cwd=proj.root, env=env, capture_output=True, text=True)
    git("init", "-q")
    shutil.copy(BROKEN / "namnd.md", proj.root / "cases" / "namnd.md")
    git("add", "-A")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    result = subprocess.run([str(pre_commit), "run", "--all-files"], cwd=proj.root, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cases/namnd.md:3:1: fel: Rinkeby-Kista stadsdelsnämnd fanns inte" in result.stdout
    (proj.root / "cases" / "namnd.md").unlink()
    git("add", "-A")
    ok = subprocess.run([str(pre_commit), "run", "--all-files"], cwd=proj.root, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_argparse_speaks_swedish(tmp_path):
    helped = run("--help", cwd=tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith("användning: remissarkiv")
    assert "\nargument:\n" in helped.stdout and "\nflaggor:\n" in helped.stdout and "usage" not in helped.stdout
    wrong = run("check", "--format", "xml", cwd=tmp_path)
    assert wrong.returncode == 2
    assert wrong.stderr.splitlines() == ["användning: remissarkiv check [-h] [--format {text,json}] [SÖKVÄG ...]",
                                         "remissarkiv check: fel: argument --format: ogiltigt val 'xml' (välj bland "
                                         "'text', 'json')"]
    assert run("generate", cwd=tmp_path).stderr.endswith("fel: följande argument krävs: N, --out\n")
    assert run("check", "--okänd", cwd=tmp_path).stderr.endswith("fel: okända argument: --okänd\n")
    assert run("generate", "tio", "--out", "x", cwd=tmp_path).stderr.endswith("fel: argument N: 'tio' är inget heltal\n")


def test_new_explains_a_date_that_does_not_exist(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    result = run("new", "--board", "bromma", "--referral-title", "Motion om parker", "--referral-number", "KS 2023/12",
                  "--sender", "Kommunstyrelsen", "--date", "2023-02-30", "--no-input", cwd=proj.root)
    assert result.returncode == 1
    assert result.stderr == ("remissarkiv: fel: --date: datumet '2023-02-30' finns inte i kalendern: kontrollera "
                             "månad och dag\n")
