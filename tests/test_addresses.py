"""Every address the build makes is in the address plan that `check` and the build share.

A referral numbered "Sida 2" has the address remisser/sida-2/, which is also the referral list's second page
once there are more than 100 referrals: one of them silently took the other's place. The plan now holds every
page the build makes (indexes, every referral list and its pages, the open referrals, feeds, data files), so
`check` names such a clash before a build, and the build refuses a page made twice.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from remissarkiv.archive.project import Project as ArchiveProject
from remissarkiv.site import addresses
from remissarkiv.tools import cli

from .conftest import make_project

RECORD = """---
title: {title}
case_number: {number}
sender: {sender}
kind: motion
sent: 2024-01-10
deadline: 2024-03-01
decided: null
asked: [bromma]
asked_others: []
asked_complete: false
documents: []
---

Missivet.
"""


def _records(project, count: int, sender: str = "Kommunstyrelsen") -> None:
    for n in range(1, count + 1):
        path = project.root / f"cases/remisser/ks-2024-{n}.md"
        path.write_text(RECORD.format(title=f"Remiss {n}", number=f"KS 2024/{n}", sender=sender), encoding="utf-8")


def _hostile(project, number: str, sender: str = "Kommunstyrelsen") -> str:
    rel = "cases/remisser/fientlig.md"
    (project.root / rel).write_text(RECORD.format(title="Fientlig remiss", number=number, sender=sender),
                                    encoding="utf-8")
    return rel


# Referral numbers whose address is one of the referral lists' own pages, with how many other referrals it
# takes for that page to exist (the list's second page needs more than 100).
CLASHES = [("Sida 2", 100, "remisser/sida-2/index.html"),
           ("SIDA 2", 100, "remisser/sida-2/index.html"),
           ("Sida-2", 100, "remisser/sida-2/index.html"),
           ("sida 2", 100, "remisser/sida-2/index.html"),
           ("Sida 2", 250, "remisser/sida-2/index.html")]


@pytest.mark.parametrize("number,others,address", CLASHES)
def test_check_names_a_referral_at_a_list_pages_address(tmp_path, number, others, address, capsys):
    project = make_project(tmp_path, with_fixtures=False)
    _records(project, others)
    rel = _hostile(project, number)
    assert cli.main(["--root", str(project.root), "check"]) == 1
    said = capsys.readouterr().out
    assert f"{rel}:1:1: fel: 2 källor ger samma adress '{address}'" in said, said


def test_a_referral_list_by_sender_and_its_pages_are_planned(tmp_path):
    project = make_project(tmp_path, with_fixtures=False)
    _records(project, 150, sender="Miljö- och hälsoskyddsnämnden")
    _, archive = ArchiveProject(project.root, True).load()
    planned = {path for path, _ in addresses.plan(archive)}
    for page in ["remisser/index.html", "remisser/sida-2/index.html", "remisser/efter-svarsdag/sida-2/index.html",
                 "remisser/remittent/miljo-och-halsoskyddsnamnden/sida-2/index.html", "namnder/index.html",
                 "ar/index.html", "amnen/index.html", "oppna-remisser/index.html", "flode/remissvar.xml",
                 "api/cases.json", "api/referrals.csv"]:
        assert page in planned, page
    assert "remisser/sida-3/index.html" not in planned


def test_without_the_list_page_the_same_number_is_no_clash(tmp_path, capsys):
    project = make_project(tmp_path, with_fixtures=False)
    _records(project, 5)
    _hostile(project, "Sida 2")
    assert cli.main(["--root", str(project.root), "check"]) == 0, capsys.readouterr().out


def test_the_build_refuses_a_page_made_twice(tmp_path):
    project = make_project(tmp_path, with_fixtures=False)
    _records(project, 100)
    rel = _hostile(project, "Sida 2")
    result = project.build()
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "samma adress 'remisser/sida-2/index.html'" in said and rel in said, said[-3000:]
    assert "Traceback" not in said
    assert not (project.root / "site").exists()  # nothing half-published


def test_every_file_the_build_makes_is_planned_or_the_sites_own(built):
    """The shipped and test cases, built: each generated page, feed and data file is in the plan."""
    _, archive = ArchiveProject(built.root, False).load()
    planned = {path for path, _ in addresses.plan(archive)}
    docs = {p.relative_to(built.root / "docs").as_posix() for p in (built.root / "docs").rglob("*") if p.is_file()}
    own = ("assets/", "search/", "pagefind/", "sok/", "stylesheets/", "javascripts/", "admin/", "api/schema/",
           "schema/", "bilder/")
    missing = []
    for path in sorted(built.site.rglob("*")):
        rel = path.relative_to(built.site).as_posix()
        if path.is_dir() or rel.startswith(own) or rel in addresses.THEME_FILES:
            continue
        if rel.endswith("index.html"):
            source = rel[:-len("index.html")].rstrip("/")
            if any(d in (f"{source}.md", f"{source}/index.md", "index.md" if not source else "") for d in docs):
                continue
        if rel in docs or rel.removesuffix(".html") + ".md" in docs:
            continue
        if rel not in planned:
            missing.append(rel)
    assert missing == []
    assert len(planned) > 30
