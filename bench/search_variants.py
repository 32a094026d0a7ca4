"""What cuts the bytes of a search: the built site, and copies of it that differ in one thing each, measured in
the same run by bench/search.py (headless Chromium, cold cache, gzip as a static host sends it).

    .venv/bin/python bench/search_variants.py bench/out/ours-10000

Variants: Pagefind's `--max-fragments` (fragments bundled into shared files), a shorter excerpt, no empty
search when the page opens (Pagefind's page list and engine then load with the first query), and Pagefind's
preload on every keystroke. The copies are hard links of the site; a file a variant changes is replaced, never
written through the link.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import search  # noqa: E402  (bench/search.py)

from remissarkiv.archive.project import Project  # noqa: E402
from remissarkiv.site import render  # noqa: E402
from remissarkiv.site import search as site_search  # noqa: E402

OUT = ROOT / "bench" / "out"
SOK_JS = Path("javascripts") / "sok.js"


def copy(site: Path, name: str) -> Path:
    dest = OUT / f"variant-{name}"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(site, dest, copy_function=os.link)
    return dest


def edit_script(site: Path, old: str, new: str) -> None:
    path = site / SOK_JS
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{SOK_JS}: '{old}' finns inte längre – uppdatera varianten")
    path.unlink()  # a hard link to the built site: replace the file, do not write through it
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def reindex(project: Path, site: Path, *options: str) -> None:
    _, archive = Project(project).load()
    documents = site_search.documents(archive, render.render_bodies(archive.cases))
    build = site_search.IndexBuild(documents, OUT, [*site_search.engine("", ROOT), *options])
    build.finish(site)


def variants(project: Path) -> dict:
    site = project / "site"
    measured = {"som byggd": search.measure(site)}
    fragments = copy(site, "max-fragments")
    reindex(project, fragments, "--max-fragments", "1000")
    measured["--max-fragments 1000"] = search.measure(fragments)
    short = copy(site, "excerpt")
    edit_script(short, "excerptLength: 24", "excerptLength: 12")
    measured["utdrag 12 ord (i stället för 24)"] = search.measure(short)
    lazy = copy(site, "no-preload")
    edit_script(lazy, 'pagefind.search("");', "")
    measured["ingen tom sökning när sidan öppnas"] = search.measure(lazy)
    eager = copy(site, "preload")
    edit_script(eager, "input.addEventListener(\"input\", () => {",
                "input.addEventListener(\"input\", () => {\n  if (input.value.trim().length > 1) "
                "pagefind.preload(searchTerm(input.value));")
    measured["förladdning vid varje tangent"] = search.measure(eager)
    for name in ("max-fragments", "excerpt", "no-preload", "preload"):
        shutil.rmtree(OUT / f"variant-{name}", ignore_errors=True)
    return {name: {k: v for k, v in m.items() if k != "per_query"} | {
        "per_query": {r["q"]: [r["kb"], r["ms"]] for r in m["per_query"]}} for name, m in measured.items()}


if __name__ == "__main__":
    print(json.dumps(variants(Path(sys.argv[1])), ensure_ascii=False, indent=1))
