"""Search figures on a built site, in headless Chromium: bytes for a query and its first results, and the
time from typing to the first results on screen (issue budgets: ≤ 300 KB, ≤ 300 ms at 10,000 cases).

    .venv/bin/python bench/search.py bench/out/ours-10000/site
"""
from __future__ import annotations

import functools
import json
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

# Words of the generator's recurring phrases (they match nearly every synthetic case: the worst case for
# Pagefind, whose search time grows with the number of hits), a case number, and rarer Swedish words.
QUERIES = ["trygghet", "överenskommelse", "myndighet", "parkerna", "KS 2019/12", "2021/300",
           "kvinnlig", "släkting", "hundratals"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(site: Path) -> dict:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    per_query_kb, first_results_ms, open_kb, hits = [], [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for query in QUERIES:
                context = browser.new_context()  # a cold cache for every query: the worst case
                page = context.new_page()
                sizes: dict[str, int] = {}
                page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
                page.goto(f"{base}/sok/")
                page.wait_for_function("() => document.getElementById('ra-search').dataset.shown === location.search")
                opened = sum(v for k, v in sizes.items() if "/pagefind/" in k)
                sizes_before = dict(sizes)
                start = time.perf_counter()
                page.fill("#ra-search-q", query)
                page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q && "
                                       "document.getElementById('ra-search').dataset.shown === location.search",
                                       arg=query, polling=10)
                first_results_ms.append((time.perf_counter() - start) * 1000)
                hits.append(page.inner_text("#ra-search-status"))
                query_bytes = sum(v for k, v in sizes.items() if k not in sizes_before)
                per_query_kb.append((opened + query_bytes) / 1024)
                open_kb.append(opened / 1024)
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return {
        "search_kb_per_query": round(statistics.median(per_query_kb), 1),
        "search_kb_per_query_max": round(max(per_query_kb), 1),
        "search_kb_on_open": round(statistics.median(open_kb), 1),
        "first_results_ms_median": round(statistics.median(first_results_ms)),
        "first_results_ms_max": round(max(first_results_ms)),
        "per_query": [{"q": q, "kb": round(kb, 1), "ms": round(ms), "hits": h}
                      for q, kb, ms, h in zip(QUERIES, per_query_kb, first_results_ms, hits)],
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False))
