"""The loader: every broken case file gives `path:line` and a Swedish message, never an exception."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remissarkiv.archive.project import Project
from remissarkiv.model import case as schema
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading.loader import load

ROOT = Path(__file__).resolve().parent.parent
BOARDS = BoardRegistry.load(ROOT / "data" / "boards.yml")

VALID = """---
title: Remissvar
board: bromma
status: publicerad
date: 2021-05-04
referral:
  title: Motion
  case_number: KS 2021/1
  sender: Kommunstyrelsen
review:
  by: Provgranskare
  date: 2024-06-01
---
Text.
"""


def problems_for(tmp_path: Path, text: str | bytes) -> list[str]:
    cases = tmp_path / "cases"
    cases.mkdir(exist_ok=True)
    path = cases / "fall.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return [str(p) for p in load(cases, BOARDS, root=tmp_path).problems]


def test_valid_case_has_no_problems(tmp_path):
    assert problems_for(tmp_path, VALID) == []


def test_shipped_cases_are_valid():
    result, archive = Project(ROOT).load()
    assert result.problems == [] and len(archive.cases) + len(result.referrals) == result.files >= 2


def test_committed_json_schema_is_up_to_date():
    committed = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert committed == schema.json_schema(), "kör `make schema` och checka in schema/case.schema.json"


def test_json_schema_describes_fields_in_swedish():
    props = schema.json_schema()["properties"]
    assert props["status"]["description"].startswith("”utkast” publiceras inte")
    assert schema.json_schema()["additionalProperties"] is False


@pytest.mark.parametrize("text, expected", [
    ("", "cases/fall.md:1:1: fel: filen är tom"),
    ("title: x\n", "cases/fall.md:1:1: fel: framsidan saknas"),
    ("---\ntitle: x\n", "cases/fall.md:1:1: fel: framsidan avslutas aldrig"),
    ("---\n- a\n- b\n---\n", "cases/fall.md:2:1: fel: framsidan ska bestå av fält"),
    ("---\ntitle: x\nboard: [bromma\n---\n", "cases/fall.md:3:8: fel: YAML-fel i framsidan: en lista inom [ ] avslutas aldrig"),
    ("---\ntitle: a: b\n---\n", "cases/fall.md:2:9: fel: YAML-fel i framsidan: ett kolon står där"),
    ("---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n",
     "cases/fall.md:2:8: fel: YAML-taggen !!python/object/apply:os.system är inte tillåten"),
    (VALID.replace("board: bromma\n", "board: bromma\nboard: farsta\n"),
     "cases/fall.md:4:1: fel: fältet 'board' förekommer två gånger"),
])
def test_unreadable_front_matter(tmp_path, text, expected):
    found = problems_for(tmp_path, text)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_python_tag_is_never_executed(tmp_path):
    problems_for(tmp_path, f"---\ntitle: !!python/object/apply:os.system ['touch {tmp_path}/pwned']\n---\n")
    assert not (tmp_path / "pwned").exists()


def test_not_utf8_names_the_line(tmp_path):
    found = problems_for(tmp_path, VALID.replace("Text.", "Tj\u00e4nsteutl\u00e5tande").encode("latin-1"))
    assert found == ["cases/fall.md:14:1: fel: filen är inte sparad som UTF-8: spara om den med teckenkodningen UTF-8"]


@pytest.mark.parametrize("change, expected", [
    (("title: Remissvar\n", ""), "cases/fall.md:2:1: fel: fältet 'title' saknas men är obligatoriskt"),
    (("  sender: Kommunstyrelsen\n", ""), "cases/fall.md:6:1: fel: fältet 'referral.sender' saknas"),
    (("title: Remissvar\n", "titel: Remissvar\n"), "cases/fall.md:2:1: fel: okänt fält 'titel' – menade du 'title'?"),
    (("  sender:", "  sendr:"), "cases/fall.md:9:1: fel: okänt fält 'sendr' i 'referral' – menade du 'sender'?"),
    (("status: publicerad\n", "status: klar\n"), "cases/fall.md:4:1: fel: 'status' har det ogiltiga värdet 'klar'"),
    (("date: 2021-05-04", "date: 2021-02-30"), "cases/fall.md:5:1: fel: 'date': datumet '2021-02-30' finns inte"),
    (("date: 2021-05-04", "date: 4/5 2021"), "cases/fall.md:5:1: fel: 'date': ogiltigt datum '4/5 2021'"),
    (("date: 2021-05-04", "date: 20210504"), "cases/fall.md:5:1: fel: 'date': ogiltigt datum 20210504"),
    (("title: Remissvar\n", "title: [Remissvar]\n"), "cases/fall.md:2:1: fel: 'title' ska vara text"),
    (("board: bromma", "board: atlantis"), "cases/fall.md:3:1: fel: okänd nämnd 'atlantis'"),
    (("board: bromma", "board: jarva\ncase_number: null"), "cases/fall.md:3:1: fel: Järva stadsdelsnämnd fanns inte 2021-05-04 (giltig 2023-07-01–…)"),
    (("board: bromma\nstatus: publicerad\ndate: 2021-05-04", "board: rinkeby-kista\nstatus: publicerad\ndate: 2024-01-10"),
     "cases/fall.md:3:1: fel: Rinkeby-Kista stadsdelsnämnd fanns inte 2024-01-10 (giltig 2007-01-01–2023-06-30) "
     "– efterträdare: 'jarva'"),
    (("  sender: Kommunstyrelsen\n", "  sender: Kommunstyrelsen\n  received: 2021-06-01\n"),
     "cases/fall.md:5:1: fel: dokumentets datum 2021-05-04 ligger före remissens ankomstdatum 2021-06-01"),
    (("title: Remissvar\n", "title: Remissvar\nrender_macros: true\n"),
     "cases/fall.md:3:1: fel: okänt fält 'render_macros': ärendesidor renderas aldrig som mallar"),
])
def test_schema_and_registry_errors(tmp_path, change, expected):
    text = VALID.replace(*change)
    assert text != VALID
    found = problems_for(tmp_path, text)
    assert any(p.startswith(expected) for p in found), found


def test_all_errors_of_a_file_are_reported_at_once(tmp_path):
    found = problems_for(tmp_path, VALID.replace("title: Remissvar\n", "").replace("status: publicerad", "status: x"))
    assert len(found) == 2


def test_the_scan_answers_for_folders_as_the_disk_does(tmp_path):
    from remissarkiv.reading import tree

    cases = tmp_path / "cases"
    (cases / "2024" / "med-bilagor" / "under").mkdir(parents=True)
    (cases / "2024" / "utan-bilagor.md").write_text(VALID, encoding="utf-8")
    (cases / "2024" / "med-bilagor.md").write_text(VALID, encoding="utf-8")
    (cases / "2024" / "lankad.md").write_text(VALID, encoding="utf-8")
    (tmp_path / "utanfor").mkdir()
    (cases / "2024" / "lankad").symlink_to(tmp_path / "utanfor")
    (cases / "2024" / "en-fil").write_text("", encoding="utf-8")
    scanned = tree.scan(cases, str)
    asked = [cases / "2024" / name for name in ("med-bilagor", "utan-bilagor", "lankad", "en-fil", "saknas")]
    asked += [cases / "2024" / "med-bilagor" / "under", cases, tmp_path / "utanfor", tmp_path / "inte-alls"]
    for path in asked:
        assert scanned.has_folder(path) == (path.is_dir() and not path.is_symlink()), path


def test_a_reload_checks_again_what_changed_in_the_boards_or_the_limits(tmp_path):
    from remissarkiv.config import Limits
    from remissarkiv.reading.loader import FileCache

    (tmp_path / "data").mkdir()
    boards = (ROOT / "data" / "boards.yml").read_text(encoding="utf-8")
    (tmp_path / "data" / "boards.yml").write_text(boards, encoding="utf-8")
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "fall.md").write_text(VALID.replace("review:\n  by: Provgranskare\n  date: 2024-06-01\n", ""),
                                                encoding="utf-8")
    cache = FileCache()
    messages = lambda limits: [p.message for p in Project(tmp_path, limits=limits).load(cache)[0].problems]
    assert messages(Limits(review_required=False)) == []
    assert any("saknar granskning" in m for m in messages(Limits()))  # the same case object, other limits
    assert messages(Limits(review_required=False)) == []
    (tmp_path / "data" / "boards.yml").write_text(boards.replace("id: bromma", "id: bromma-gammal"), encoding="utf-8")
    assert any("okänd nämnd 'bromma'" in m for m in messages(Limits(review_required=False)))
