"""The package as others get it: a wheel installed into a fresh virtual environment, and the published
pre-commit hook run from another repository (which installs this repository non-editable)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import FIXTURES, GIT_IDENTITY, ROOT, make_project

SEED = FIXTURES / "import" / "bromma-ks-2019-1899.txt"
# What a checkout holds besides its source: a stale build/ folder would hide a module missing from the wheel.
_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache", ".sokindex-*")
_AT_ROOT = {".git", ".venv", "build", "dist", "site", "site-preview"}


def not_source(folder: str, names: list[str]) -> set[str]:
    at_root = _AT_ROOT if Path(folder) == ROOT else set()
    return set(_ANYWHERE(folder, names)) | {n for n in names if n in at_root or (Path(folder) == ROOT / "bench" and n == "out")}


def run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def source_modules(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "remissarkiv").rglob("*.py")}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src") / "remissarkiv"
    shutil.copytree(ROOT, src, ignore=not_source)
    out = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, src, cwd=src)
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = out.glob("remissarkiv-*.whl")
    return found


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies (pinned by requirements.lock)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    made = run(sys.executable, "-m", "venv", venv, cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    pip = run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-c", ROOT / "requirements.lock", wheel,
              cwd=venv.parent)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return venv / "bin"


def test_the_wheel_holds_every_module(wheel):
    with zipfile.ZipFile(wheel) as whl:
        packed = {name for name in whl.namelist() if name.startswith("remissarkiv/") and name.endswith(".py")}
    assert packed == source_modules(ROOT)


def test_the_installed_command_checks_imports_and_writes_pages(installed, tmp_path):
    (tmp_path / "arkiv").mkdir()
    proj = make_project(tmp_path / "arkiv", with_fixtures=False)
    elsewhere = tmp_path  # not the repository: nothing may be imported from the source tree
    command = installed / "remissarkiv"

    check = run(command, "--root", proj.root, "check", cwd=elsewhere)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip().endswith("2 filer kontrollerade: 0 fel, 0 varningar.")  # the case and its remiss

    imported = run(command, "--root", proj.root, "import", SEED, "--stdout", cwd=elsewhere)
    assert imported.returncode == 0, imported.stderr
    assert "\nboard: bromma\n" in imported.stdout and "Okänd uppgift (null): decision.date" in imported.stderr

    pages = run(command, "--root", proj.root, "pages", "--out", tmp_path / "sidor", cwd=elsewhere)
    assert pages.returncode == 0, pages.stdout + pages.stderr
    assert (tmp_path / "sidor" / "remissvar" / "2019" / "bromma-ks-2019-1899.md").is_file()

    where = run(installed / "python", "-c", "import remissarkiv; print(remissarkiv.__file__)", cwd=elsewhere)
    assert str(installed.parent) in where.stdout  # the installed copy ran, not the repository's


def test_the_published_pre_commit_hook_runs_from_another_repository(tmp_path):
    """`pre-commit try-repo` installs this repository the way a user's pre-commit does (language: python)."""
    (tmp_path / "annat-arkiv").mkdir()
    other = make_project(tmp_path / "annat-arkiv", with_fixtures=False).root
    shutil.copy(FIXTURES / "broken" / "namnd.md", other / "cases" / "namnd.md")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), **GIT_IDENTITY}
    for args in (["init", "-q"], ["add", "-A"]):
        assert run("git", *args, cwd=other, env=env).returncode == 0
    repo = tmp_path / "remissarkiv"  # a clean copy: try-repo commits a shadow copy of uncommitted changes
    shutil.copytree(ROOT, repo, ignore=not_source)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "kopia"]):
        assert run("git", *args, cwd=repo, env=env).returncode == 0
    pre_commit = Path(sys.executable).parent / "pre-commit"
    result = run(pre_commit, "try-repo", repo, "remissarkiv-check", "--all-files", cwd=other, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cases/namnd.md:3:1: fel: Rinkeby-Kista stadsdelsnämnd fanns inte" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "cases/2019/bromma-ks-2019-1899.md" not in result.stdout  # the shipped case is fine
