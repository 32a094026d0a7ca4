"""Shared fixtures: a copy of the real project in a temporary folder, built with the real `mkdocs build`."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (make browser installs it), never a downloaded browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
# A fixed committer for the git repositories tests make (a CI machine has no git identity).
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}

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


def git(root: Path, *args: str, env: dict | None = None) -> str:
    """git in `root` as GIT_IDENTITY (and `env`); fails the test on an error; returns what git printed."""
    return subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_IDENTITY, **(env or {})}, check=True,
                          capture_output=True, text=True).stdout


def playground_case(title: str, front: str = "", body: str = "## Förslag till beslut\n\nNämnden tillstyrker planen.\n"
                    ) -> str:
    """A published answer to the test referral 'Plan för lekplatser' (KS 2024/50), with more front matter."""
    return (f'---\ntitle: "{title}"\nboard: bromma\ndate: 2024-05-02\nstatus: publicerad\nreferral:\n'
            f"  title: Plan för lekplatser\n  case_number: KS 2024/50\n  sender: Kommunstyrelsen\n{front}"
            f"{REVIEWED}---\n{body}")


# The review record a published case needs (config.Settings.require_review); last, so that the lines of
# everything above it stay where the tests expect them.
REVIEWED = "review:\n  by: Provgranskare\n  date: 2024-06-01\n"


class _SiteHandler(SimpleHTTPRequestHandler):
    """A built site's files, as a static host serves them: a missing page gets the site's own 404.html, as
    GitHub and GitLab Pages do; no request log."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _SiteServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser that closes a page mid-download is no error of the site


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve a built site on a free local port: (server, its address without a final '/')."""
    httpd = _SiteServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


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


CHART_PARTS = {"svg": {"class", "role", "aria-label", "aria-describedby", "viewbox", "width", "height"}, "title": set(),
               "rect": {"x", "y", "width", "height", "fill"}, "text": {"x", "y", "fill"}}


def our_chart(node) -> bool:
    """The referral page's tally chart, drawn by the build (site/pages.py tally_chart): an <svg> of only titles,
    rectangles and text with numeric or fixed attributes. Any other SVG in a page is a hole."""
    if node.tag != "svg" or node.attributes.get("class") != "ra-chart":
        return False
    for part in [node, *node.css("*")]:
        allowed = CHART_PARTS.get(part.tag)
        if allowed is None or not {name.lower() for name in part.attributes} <= allowed:
            return False
        if part.attributes.get("fill", "currentColor") != "currentColor":
            return False
    # the table it points to is one of the build's own (site/pages.py), never a case's
    return node.attributes.get("aria-describedby", "ra-tally-table") in {"ra-tally-table", "ra-answers-per-year",
                                                                          "ra-in-time"}
