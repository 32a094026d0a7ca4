"""Benchmark: the form editor at /admin/. Prints the bundle the site serves (files, bytes, gzip bytes) and, in
Chromium against `remissarkiv edit` on a copy of the project, the median of 5 cold loads (a fresh browser
context each: nothing cached) of
  - the login page: navigation until the "Logga in" button can be pressed;
  - a case in the form: from pressing it until the form of an existing case is ready for input.

    .venv/bin/python bench/admin.py
"""
from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remissarkiv.site import cms  # noqa: E402
from tests.conftest import ARGS, CHROMIUM, make_project  # noqa: E402
from tests.test_cms_browser import Editor  # noqa: E402

RUNS = 5


def bundle() -> None:
    files = [Path(p) for p in cms.bundle_files(ROOT).values()] + [ROOT / "docs/admin" / cms.SCRIPT]
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    main = ROOT / "node_modules" / cms.DECAP_DIST / "decap-cms.js"
    print(f"bundle: {len(files)} files, {raw / 1e6:.2f} MB, {packed / 1e6:.2f} MB gzip; decap-cms.js "
          f"{main.stat().st_size / 1e6:.2f} MB ({len(gzip.compress(main.read_bytes(), 6)) / 1e6:.2f} MB gzip)")


def loads(editor: Editor) -> None:
    from playwright.sync_api import sync_playwright

    login, entry = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(RUNS):
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
            page = context.new_page()
            start = time.perf_counter()
            page.goto(f"{editor.url}/admin/#/collections/remissvar/entries/2019/bromma-ks-2019-1899")
            button = page.get_by_role("button", name="Logga in")
            button.wait_for()
            login.append(time.perf_counter() - start)
            start = time.perf_counter()
            button.click()
            page.locator("[id^='title-field-']").first.wait_for()
            page.locator("[id^='title-field-']").first.click()
            entry.append(time.perf_counter() - start)
            context.close()
        browser.close()
    print(f"login page ready: median {statistics.median(login) * 1000:.0f} ms "
          f"({', '.join(f'{t * 1000:.0f}' for t in login)})")
    print(f"a case's form ready after login: median {statistics.median(entry) * 1000:.0f} ms "
          f"({', '.join(f'{t * 1000:.0f}' for t in entry)})")


def main() -> None:
    bundle()
    with tempfile.TemporaryDirectory() as tmp:
        editor = Editor(make_project(Path(tmp), with_fixtures=False).root)
        try:
            loads(editor)
        finally:
            editor.stop()


if __name__ == "__main__":
    main()
