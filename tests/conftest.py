"""Shared fixtures: a copy of the real project in a temporary folder, built with the real `mkdocs build`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (make browser installs it), never a downloaded browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
PROJECT_PARTS = ["mkdocs.yml", "hooks.py", "docs", "overrides", "data", "cases", "package.json"]


@dataclass
class Project:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    def add_case(self, rel: str, text: str) -> Path:
        path = self.root / "cases" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def build(self, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([*MKDOCS, "build", "--strict", *extra], cwd=self.root, capture_output=True,
                              text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})

    def html(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def make_project(dest: Path, with_fixtures: bool = True) -> Project:
    for part in PROJECT_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / part)
    if with_fixtures:
        shutil.copytree(FIXTURES / "cases", dest / "cases", dirs_exist_ok=True)
    return Project(dest)


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """The shipped cases plus the test cases, built once with `mkdocs build --strict`."""
    proj = make_project(tmp_path_factory.mktemp("built"))
    result = proj.build()
    assert result.returncode == 0, result.stdout + result.stderr
    return proj


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (Playwright's sync API allows one instance per thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
