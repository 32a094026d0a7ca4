""""Senast ändrad": the date of the last commit to a case file, from one git pass; without git history, the
case's own date, and one line in the build log that says why."""
from __future__ import annotations

import subprocess

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from remissarkiv.archive import history
from tests import conftest

HISTORY_URL = "https://github.com/remissarkivet/remissarkivet/commits/main/"


def git(root, *args, day: str = "2024-02-03") -> None:
    stamp = f"{day}T12:00:00+01:00"
    conftest.git(root, *args, env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})


def last_changed(project, url: str) -> str:
    facts = HTMLParser(project.html(url)).css(".ra-facts div")
    row = next(div for div in facts if div.css_first("dt").text() == "Senast ändrad")
    return " ".join(row.css_first("dd").text().split())


def test_the_date_of_the_last_commit_and_a_link_to_the_files_history(project):
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "första")
    edited = project.root / "cases/2020/sodermalm-ks-2019-1899.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("(Södermalm)", "(Södermalm, rättad)"),
                      encoding="utf-8")
    git(project.root, "commit", "-qam", "rättelse", day="2024-05-06")
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    assert last_changed(project, "remissvar/2020/sodermalm-ks-2019-1899/") == "2024-05-06 (ändringshistorik)"
    assert last_changed(project, "remissvar/2019/bromma-ks-2019-1899/") == "2024-02-03 (ändringshistorik)"
    link = HTMLParser(project.html("remissvar/2019/bromma-ks-2019-1899/")).css_first(
        f'a[href="{HISTORY_URL}cases/2019/bromma-ks-2019-1899.md"]')
    assert link is not None and "Senast ändrad" not in result.stdout + result.stderr


def test_without_git_the_cases_own_dates_and_one_line_in_the_log(project):
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert output.count("Senast ändrad: projektet är inte ett git-förråd – sidorna visar ärendenas egna datum") == 1
    assert last_changed(project, "remissvar/2019/bromma-ks-2019-1899/") == "Uppgift saknas (ändringshistorik)"
    assert last_changed(project, "remissvar/2020/sodermalm-ks-2019-1899/").startswith("2020-")


def test_a_shallow_clone_is_not_taken_for_the_whole_history(project, tmp_path):
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "första")
    git(project.root, "commit", "-q", "--allow-empty", "-m", "andra", day="2024-03-04")
    clone = tmp_path / "grund"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone)], check=True)
    found = history.read(clone)
    assert found.changed == {} and found.reason == "git-förrådet är en grund klon (shallow clone) utan hela historiken"
    assert history.read(project.root).changed["cases/2019/bromma-ks-2019-1899.md"].isoformat() == "2024-02-03"


def test_an_undated_case_is_published_on_the_day_its_file_came_into_the_archive(tmp_path):
    """The shipped seed has no date: it is in the feeds by its first commit, and its page says where that date
    comes from; a later commit changes 'Senast ändrad', not the publication day."""
    project = conftest.make_project(tmp_path, with_fixtures=False)
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "första", day="2024-02-03")
    seed = project.root / "cases/2019/bromma-ks-2019-1899.md"
    seed.write_text(seed.read_text(encoding="utf-8").replace("Trygghet", "Trygghet i staden"), encoding="utf-8")
    git(project.root, "commit", "-qam", "ämne", day="2024-05-06")
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    facts = {div.css_first("dt").text(): " ".join(div.css_first("dd").text().split())
             for div in HTMLParser(project.html("remissvar/2019/bromma-ks-2019-1899/")).css(".ra-facts div")}
    assert facts["Publicerad"] == "2024-02-03 (dokumentet är odaterat: dagen ärendet lades in i arkivet)"
    feed = (project.site / "flode/remissvar.xml").read_text(encoding="utf-8")
    assert "<published>2024-02-03T00:00:00+00:00</published>" in feed and "bromma-ks-2019-1899" in feed


def test_without_git_an_undated_case_stays_out_of_the_feeds(tmp_path):
    project = conftest.make_project(tmp_path, with_fixtures=False)
    assert project.build().returncode == 0
    assert not (project.site / "flode/remissvar.xml").exists()
    assert "Publicerad" not in project.html("remissvar/2019/bromma-ks-2019-1899/")
