"""Search figures on a built site, in headless Chromium: bytes for a query and its first results, and the
time from typing to the first results on screen. Budgets at 10,000 cases (CONTRIBUTING.md): a case number or a
specific word ≤ 250 KB and ≤ 250 ms, a word found in most cases ≤ 400 KB and ≤ 500 ms.

    .venv/bin/python bench/search.py bench/out/ours-10000/site
"""
from __future__ import annotations

import functools
import gzip
import io
import json
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

# "vanligt": words in (nearly) every synthetic case, the worst case for Pagefind, whose search time grows
# with the number of hits; "specifikt": case numbers and words that pick out part of the archive.
QUERIES = [("trygghet", "vanligt"), ("nämnden", "vanligt"), ("förslaget", "vanligt"),
           ("överenskommelse", "vanligt"), ("KS 2019/12", "specifikt"), ("2021/300", "specifikt"),
           ("kvinnlig", "specifikt"), ("släkting", "specifikt"), ("hundratals", "specifikt"),
           ("parkerna", "specifikt")]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class _Host(SimpleHTTPRequestHandler):
    """A static host as the site will have one: text (HTML, CSS, JavaScript, JSON) is sent gzip-compressed, as
    GitHub Pages, nginx and Apache do; Pagefind's index, fragment and wasm files are compressed already."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in self.TEXT and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


# Where a query's bytes go, by the kind of Pagefind file (pagefind-entry.json and the worker are a few hundred
# bytes): the engine every search pays once, each index part's page list and metadata (pf_meta, with the sort
# orders and the list of word chunks), the word chunks, the filter values, the results' fragments.
KINDS = (("engine", ("pagefind.js", ".pagefind")), ("page lists", (".pf_meta",)), ("word chunks", (".pf_index",)),
         ("filters", (".pf_filter",)), ("fragments", (".pf_fragment",)))


def breakdown(sizes: dict[str, int]) -> dict[str, float]:
    """KB by kind of the Pagefind files fetched, and how many files of each."""
    out: dict[str, float] = {}
    for url, size in sizes.items():
        path = url.split("?", 1)[0]
        if "/pagefind/" not in path:
            continue
        kind = next((k for k, ends in KINDS if path.endswith(ends)), "other")
        out[kind] = round(out.get(kind, 0) + size / 1024, 1)
        out[f"{kind} files"] = out.get(f"{kind} files", 0) + 1
    return out


def measure(site: Path) -> dict:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Host, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    per_query_kb, first_results_ms, open_kb, hits, facets_kb, parts_kb = [], [], [], [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for query, _ in QUERIES:
                context = browser.new_context()  # a cold cache for every query: the worst case
                page = context.new_page()
                sizes: dict[str, int] = {}
                page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
                page.goto(f"{base}/sok/")
                page.wait_for_function("() => document.getElementById('ra-search').dataset.shown === location.search")
                opened = sum(v for k, v in sizes.items() if "/pagefind/" in k)
                sizes_before = dict(sizes)
                # Typed as a person types (60 ms a key); the clock starts at the last key.
                page.type("#ra-search-q", query, delay=60)
                start = time.perf_counter()
                page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q && "
                                       "document.getElementById('ra-search').dataset.shown === location.search",
                                       arg=query, polling=10)
                first_results_ms.append((time.perf_counter() - start) * 1000)
                hits.append(page.inner_text("#ra-search-status"))
                query_bytes = sum(v for k, v in sizes.items() if k not in sizes_before)
                per_query_kb.append((opened + query_bytes) / 1024)
                parts_kb.append(breakdown(sizes))
                open_kb.append(opened / 1024)
                if not facets_kb:  # opening a facet group loads the facet values once (filter files)
                    page.click("details[data-facet='nämnd'] summary")
                    page.wait_for_selector("details[data-facet='nämnd'] input")
                    facets_kb.append(sum(v for k, v in sizes.items() if "/pagefind/filter/" in k) / 1024)
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    rows = [{"q": q, "kind": kind, "kb": round(kb, 1), "ms": round(ms), "hits": h, "parts_kb": parts}
            for (q, kind), kb, ms, h, parts in zip(QUERIES, per_query_kb, first_results_ms, hits, parts_kb)]
    figures = {
        "search_kb_per_query": round(statistics.median(per_query_kb), 1),
        "search_kb_per_query_max": round(max(per_query_kb), 1),
        "search_kb_on_open": round(statistics.median(open_kb), 1),
        "search_kb_facets": round(facets_kb[0], 1),
        "first_results_ms_median": round(statistics.median(first_results_ms)),
        "first_results_ms_max": round(max(first_results_ms)),
    }
    for kind in ("vanligt", "specifikt"):
        mine = [r for r in rows if r["kind"] == kind]
        figures[f"first_results_ms_median_{kind}"] = round(statistics.median(r["ms"] for r in mine))
        figures[f"search_kb_median_{kind}"] = round(statistics.median(r["kb"] for r in mine), 1)
    figures["per_query"] = rows
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False))
