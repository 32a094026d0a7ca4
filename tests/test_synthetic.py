"""`remissarkiv generate`: valid, varied synthetic cases, never written into the project's cases/."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

from remissarkiv.archive.indexes import Archive
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading.loader import load

from .conftest import ROOT, make_project


def generate(n: int, out, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "remissarkiv", "generate", str(n), "--out", str(out)],
                          cwd=cwd, capture_output=True, text=True)


def test_generated_cases_are_valid_varied_and_marked(tmp_path):
    # 2,000: enough referrals that some are answered late by a board merged away in between (it answers in time)
    assert generate(2000, tmp_path / "syn").returncode == 0
    boards = BoardRegistry.load(ROOT / "data" / "boards.yml")
    result = load(tmp_path / "syn" / "cases", boards)
    assert len(result.cases) == 2000 and [p for p in result.problems if p.severity == "fel"] == []
    archive = Archive(result.cases, boards, result.referrals)
    # every referral has its record, asking 5–15 bodies; some never answer, some answer late
    assert len(result.referrals) == len(archive.referrals)
    assert all(5 <= len(r.record.asked) <= 15 for r in result.referrals)
    asked = sum(len(r.record.asked) for r in result.referrals)
    assert asked > len(result.cases) * 1.5
    assert any(r.record.late(d.case.effective_date()) for g in archive.referrals.values() if g.record
               for r in [g.record] for d in g.answers)
    days = [d for doc in result.cases for d in (doc.case.date, doc.case.decision.date, doc.case.referral.deadline) if d]
    assert max(days) <= __import__("datetime").date.today()  # nothing after the day it ran
    assert len(archive.by_board) >= 10 and len(archive.by_year) >= 8 and len(archive.topics) >= 20
    answers = Counter(len(g.answers) for g in archive.referrals.values())
    assert max(answers) >= 3  # referrals with several boards' answers
    assert {d.case.decision.position for d in archive.cases} >= {"tillstyrker", "avstyrker", None}
    assert all(d.case.title.startswith("[SYNTETISKT]") for d in archive.cases)
    sizes = [len(d.body.encode()) for d in archive.cases]
    assert 3500 < sum(sizes) / len(sizes) < 6000
    assert (tmp_path / "syn" / "SYNTETISKT.txt").is_file()


def test_generated_cases_build(tmp_path):
    (tmp_path / "p").mkdir()
    proj = make_project(tmp_path / "p", with_fixtures=False)
    assert generate(40, tmp_path / "syn").returncode == 0
    for path in (tmp_path / "syn" / "cases").rglob("*.md"):
        proj.add_case(path.relative_to(tmp_path / "syn" / "cases").as_posix(), path.read_text(encoding="utf-8"))
    result = proj.build()
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((proj.site / "remissvar").rglob("index.html"))) == 41
    assert any("Inte besvarad" in p.read_text(encoding="utf-8") for p in (proj.site / "remisser").rglob("index.html"))
    assert (proj.site / "pagefind" / "pagefind.js").is_file()


def test_generate_refuses_the_project_cases_folder(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    result = generate(5, proj.root, cwd=proj.root)
    assert result.returncode == 1 and "aldrig skrivas i projektets cases/" in result.stderr
    assert not list((proj.root / "cases").rglob("*SYNTETISKT*"))
