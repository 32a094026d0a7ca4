"""How long after saving an edited case does `mkdocs serve --dirty` show it? (issue: ≤ 3 s at 10,000 cases)

    .venv/bin/python bench/serve_latency.py 10000      # needs bench/out/gen-10000 (bench/run.py makes it)

Starts `mkdocs serve --dirty` on a copy of the project with N synthetic cases, waits for the first build, then
edits one case's title and polls the case page and its board listing until both show the new title.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import OUT, generated, ours  # noqa: E402

PORT = 8123


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def main(n: int) -> dict:
    gen = generated(n)
    proj = ours(n, gen)
    # Edit a copy, never the generated tree other runs reuse.
    shutil.rmtree(proj / "cases")  # ours() made hard links: an edit must not reach the generated files
    shutil.copytree(gen / "cases", proj / "cases")
    case = sorted((proj / "cases").rglob("*.md"))[n // 2]
    rel = case.relative_to(proj / "cases").with_suffix("").as_posix()
    board = re.search(r"^board: (\S+)", case.read_text(encoding="utf-8"), re.M).group(1)
    log = (OUT / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{PORT}"],
                              cwd=proj, stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        start = time.perf_counter()
        while "Remissarkivet" not in fetch(f"http://127.0.0.1:{PORT}/"):
            if server.poll() is not None:
                raise SystemExit((OUT / "serve.log").read_text(encoding="utf-8"))
            time.sleep(0.5)
        first_s = time.perf_counter() - start
        print(f"första bygget: {first_s:.1f} s")
        time.sleep(2)
        marker = f"Ändrad {int(time.time())}"
        text = case.read_text(encoding="utf-8")
        case.write_text(re.sub(r"^title: (.*)$", lambda m: f"title: '{marker}'", text, count=1, flags=re.M),
                        encoding="utf-8")
        saved = time.perf_counter()
        page_s = listing_s = None
        while time.perf_counter() - saved < 120 and (page_s is None or listing_s is None):
            if page_s is None and marker in fetch(f"http://127.0.0.1:{PORT}/remissvar/{rel}/"):
                page_s = time.perf_counter() - saved
            if listing_s is None and any(marker in fetch(f"http://127.0.0.1:{PORT}/namnder/{board}/{p}")
                                         for p in ["", *[f"sida-{i}/" for i in range(2, 30)]]):
                listing_s = time.perf_counter() - saved
            time.sleep(0.2)
        show = lambda s: f"{s:.1f} s" if s is not None else "aldrig (inom 120 s)"
        print(f"ärendesidan visar ändringen efter {show(page_s)}, nämndens lista efter {show(listing_s)}")
        print(fetch(f"http://127.0.0.1:{PORT}/remissvar/{rel}/")[:0] or f"/remissvar/{rel}/")
    finally:
        server.terminate()
        server.wait()
        log.close()
    # MkDocs' own figure for each build: the rest of the wait is the file watcher and the page request.
    print("\n".join(re.findall(r"Documentation built in [\d.]+ seconds", (OUT / "serve.log").read_text(encoding="utf-8"))))
    shown = [s for s in (page_s, listing_s) if s is not None]
    return {"first_build_s": round(first_s, 1), "edit_visible_s": round(max(shown), 2) if len(shown) == 2 else None}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
