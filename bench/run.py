"""Benchmark: the full Remissarkivet build against plain mkdocs-material on the same case Markdown.

    make bench                      # N = 1000, 5000, 10000
    .venv/bin/python bench/run.py 1000 2000
    .venv/bin/python bench/run.py --quick 2000 10000   # only the build: ours and the baseline alternating,
                                                       # 3 rounds, and each stage's wall and CPU time
    .venv/bin/python bench/run.py --sizing 30000       # ours once (search split as mkdocs.yml says): wall,
                                                       # peak PSS, stages, and a query's cost at that size
    make bench-targets                                 # = bench/run.py --targets 2000 10000 30000: issue 25's
                                                       # targets in one run, each figure against its budget

For each N: generate N synthetic cases (bench/out/N, reused between runs), build our site (hooks, macros,
listings, search index: everything the real build does) and, in the same run, the baseline: plain Material
with the same case files as pages outside the nav, no hooks, macros or listings. Figures go to stdout and to
bench/results.json (appended records; not committed: they are this machine's figures, not the truth).
Search figures (bytes per query, time to first results) come from headless Chromium (bench/search.py).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import search  # noqa: E402  (bench/search.py)
import search_variants  # noqa: E402  (bench/search_variants.py)

OUT = ROOT / "bench" / "out"
PY = sys.executable
LISTING_DIRS = ("namnder", "ar", "amnen", "remisser")

BASELINE_CONFIG = """site_name: Baslinje
theme:
  name: material
  language: sv
  font: false
plugins:
  - search:
      lang: sv
nav:
  - index.md
not_in_nav: |
  /cases/
"""


def sh(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout


def generated(n: int) -> Path:
    gen = OUT / f"gen-{n}"
    if not (gen / "cases").is_dir():
        shutil.rmtree(gen, ignore_errors=True)
        start = time.perf_counter()
        sh(PY, "-m", "remissarkiv", "generate", str(n), "--out", str(gen))
        print(f"generate {n}: {time.perf_counter() - start:.1f} s", flush=True)
    return gen


def ours(n: int, gen: Path, name: str = "ours") -> Path:
    proj = OUT / f"{name}-{n}"
    shutil.rmtree(proj, ignore_errors=True)
    proj.mkdir(parents=True)
    for part in ("mkdocs.yml", "hooks.py", "docs", "overrides", "data"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, proj / part)
    # Hard links, not a symbolic link: cases/ may hold no links (tree.scan refuses them), and copying
    # 10,000 files for every build would cost more than the link.
    shutil.copytree(gen / "cases", proj / "cases", copy_function=os.link)
    return proj


def baseline(n: int, gen: Path) -> Path:
    proj = OUT / f"baseline-{n}"
    shutil.rmtree(proj, ignore_errors=True)
    (proj / "docs").mkdir(parents=True)
    (proj / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (proj / "docs" / "index.md").write_text("# Baslinje\n", encoding="utf-8")
    shutil.copytree(gen / "cases", proj / "docs" / "cases")
    return proj


def build(proj: Path, search_index: bool = True, open_data: bool = True, pagefind: str = "",
          shards: int | None = 0) -> dict:
    stages = proj / "stages.jsonl"
    stages.unlink(missing_ok=True)
    env = {**os.environ, "REMISSARKIV_SOKINDEX": "1" if search_index else "0",
           "REMISSARKIV_OPPNA_DATA": "1" if open_data else "0", "REMISSARKIV_PAGEFIND": pagefind,
           "REMISSARKIV_ETAPPER": str(stages)}
    if shards is not None:  # None: the archive's own setting (mkdocs.yml), as a real build
        env["REMISSARKIV_SOKDELAR"] = str(shards)
    out = subprocess.run([PY, str(ROOT / "bench" / "measure.py"), str(proj)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env=env).stdout
    result = json.loads(out.strip().splitlines()[-1])
    if not result["ok"]:
        raise SystemExit(f"bygget i {proj} misslyckades")
    if stages.exists():
        result["stages"] = json.loads(stages.read_text(encoding="utf-8").splitlines()[-1])
    return result


# The stages as bench prints them, in the order a build runs them (remissarkiv.stages; MkDocs' Markdown and
# templates are timed page by page inside "MkDocs (all of it)").
STAGE_ORDER = ["load and check", "bodies", "search documents", "generated pages", "open data and feeds",
               "MkDocs (all of it)", "MkDocs: Markdown", "MkDocs: templates", "output scan",
               "Pagefind (what is left after MkDocs)", "publish", "total"]


def print_stages(n: int, stages: dict) -> None:
    print(f"stages at {n} cases (wall / CPU incl. workers, s):")
    for name in STAGE_ORDER + sorted(set(stages) - set(STAGE_ORDER)):
        if name in stages:
            print(f"  {name:<40} {stages[name]['wall']:8.2f} {stages[name]['cpu']:8.2f}")


def quick(n: int, rounds: int = 3) -> dict:
    """Ours and the baseline alternating (a noisy machine's drift falls on both), the median of each."""
    gen = generated(n)
    ours_proj, base_proj = ours(n, gen), baseline(n, gen)
    mine, base = [], []
    for _ in range(rounds):
        mine.append(build(ours_proj, shards=None))
        base.append(build(base_proj))
    med = lambda runs: sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]  # noqa: E731
    m, b = med(mine), med(base)
    record = {"n": n, "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "quick": True,
              "ours_s": round(m["seconds"], 2), "baseline_s": round(b["seconds"], 2),
              "ratio": round(m["seconds"] / b["seconds"], 3), "all_ours_s": [round(r["seconds"], 2) for r in mine],
              "all_baseline_s": [round(r["seconds"], 2) for r in base], "peak_pss_mb": round(m["peak_rss_mb"], 1),
              "baseline_peak_pss_mb": round(b["peak_rss_mb"], 1), "stages": m.get("stages", {})}
    print(f"{n} cases: ours {record['ours_s']} s, baseline {record['baseline_s']} s, ratio {record['ratio']} "
          f"(rounds: {record['all_ours_s']} vs {record['all_baseline_s']}), peak PSS {record['peak_pss_mb']} MB "
          f"(baseline {record['baseline_peak_pss_mb']} MB)", flush=True)
    print_stages(n, record["stages"])
    return record


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def largest_listing_kb(site: Path) -> float:
    pages = [p for d in LISTING_DIRS for p in (site / d).rglob("index.html")] + [site / "index.html"]
    return max(p.stat().st_size for p in pages) / 1024


def check_seconds(gen: Path) -> float:
    start = time.perf_counter()
    subprocess.run([PY, "-m", "remissarkiv", "check", str(gen / "cases")], cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def opendata(proj: Path) -> dict:
    out = subprocess.run([PY, str(ROOT / "bench" / "opendata.py"), str(proj)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env={**os.environ, "REMISSARKIV_SOKINDEX": "0"}).stdout
    return json.loads(out.strip().splitlines()[-1])


SHARD_SIZES = (1, 2500)


def split_index(n: int, gen: Path, size: int) -> dict:
    """The build with its index in parts (search_shards = size), and what a query over all years costs."""
    proj = ours(n, gen, "ours-shards")
    made = build(proj, shards=size)
    figures = {"s": round(made["seconds"], 2), "peak_rss_mb": round(made["peak_rss_mb"], 1),
               "parts": sum(1 for p in (proj / "site" / "pagefind").iterdir() if p.is_dir()),
               "search": search.measure(proj / "site")}
    shutil.rmtree(proj)
    return figures


def run(n: int) -> dict:
    gen = generated(n)
    ours_proj, base_proj = ours(n, gen), baseline(n, gen)
    # The same build without its search index, so the index's cost is what it adds to the wall time (Pagefind
    # runs beside MkDocs, so its own run time would overstate it).
    bare = build(ours_proj, search_index=False)
    # And without its data files and feeds: what they add, in the same run.
    no_data = build(ours_proj, search_index=False, open_data=False)
    mine, base = build(ours_proj), build(base_proj)
    if "stages" in mine:
        print_stages(n, mine["stages"])
    site = ours_proj / "site"
    record = {
        "n": n,
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "ours_s": round(mine["seconds"], 2),
        "baseline_s": round(base["seconds"], 2),
        "ours_ms_per_case": round(1000 * mine["seconds"] / n, 3),
        "baseline_ms_per_case": round(1000 * base["seconds"] / n, 3),
        "ratio": round(mine["seconds"] / base["seconds"], 3),
        "peak_rss_mb": round(mine["peak_rss_mb"], 1),
        "baseline_peak_rss_mb": round(base["peak_rss_mb"], 1),
        "site_mb": round(dir_bytes(site) / 2**20, 1),
        "largest_listing_kb": round(largest_listing_kb(site), 1),
        "check_s": round(check_seconds(gen), 2),
        "stages": mine.get("stages", {}),
    }
    record["without_index_s"] = round(bare["seconds"], 2)
    record["without_index_peak_rss_mb"] = round(bare["peak_rss_mb"], 1)
    record["indexing_share"] = round(mine["seconds"] / bare["seconds"] - 1, 3)
    record.update(opendata(ours_proj))
    record["without_index_or_data_s"] = round(no_data["seconds"], 2)
    record["opendata_added_s"] = round(bare["seconds"] - no_data["seconds"], 2)
    record["opendata_share"] = round(bare["seconds"] / no_data["seconds"] - 1, 3)
    record.update(search.measure(site))
    # The same archive indexed by PyPI's Pagefind (1.5.2), beside the pinned npm version (1.6.0).
    old_proj = ours(n, gen, "ours-pypi")
    old = build(old_proj, pagefind="pypi")
    record["pagefind_pypi_s"] = round(old["seconds"], 2)
    record["pagefind_pypi_peak_rss_mb"] = round(old["peak_rss_mb"], 1)
    record["pagefind_pypi_search"] = {k: v for k, v in search.measure(old_proj / "site").items() if k != "per_query"}
    # The index split by year (search_shards): a part per year, and parts of whole years up to 2,500 cases.
    for size in SHARD_SIZES:
        record[f"shards_{size}"] = split_index(n, gen, size)
    # What else cuts a query's bytes, each variant of the site measured in this run.
    record["search_variants"] = search_variants.variants(ours_proj)
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return record


def sizing(n: int) -> dict:
    """What a runner needs for N cases: one build of ours as configured, its wall, peak PSS and stages, and
    what a search costs on the result."""
    gen = generated(n)
    proj = ours(n, gen)
    made = build(proj, shards=None)
    record = {"n": n, "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "sizing": True,
              "ours_s": round(made["seconds"], 2), "peak_pss_mb": round(made["peak_rss_mb"], 1),
              "index_parts": sum(1 for _ in (proj / "site" / "pagefind").rglob("pagefind-entry.json")),
              "stages": made.get("stages", {}), "search": search.measure(proj / "site")}
    print(f"{n} cases: {record['ours_s']} s, peak PSS {record['peak_pss_mb']} MB, "
          f"{record['index_parts']} index parts", flush=True)
    print_stages(n, record["stages"])
    print(json.dumps({k: v for k, v in record["search"].items() if k != "per_query"}, ensure_ascii=False))
    return record


def generator_figures(n: int = 2000) -> dict:
    """The generator's time for n cases (into a folder of its own) and the latest date it wrote."""
    dest = OUT / f"gen-check-{n}"
    shutil.rmtree(dest, ignore_errors=True)
    start = time.perf_counter()
    sh(PY, "-m", "remissarkiv", "generate", str(n), "--out", str(dest))
    seconds = time.perf_counter() - start
    days = [m.group(1) for f in (dest / "cases").rglob("*.md")
            for m in re.finditer(r"^\s*(?:date|deadline|received|sent):\s*'?(\d{4}-\d\d-\d\d)", f.read_text("utf-8"), re.M)]
    shutil.rmtree(dest, ignore_errors=True)
    return {"n": n, "s": round(seconds, 2), "latest_date": max(days) if days else None}


def _worst(rows: list[dict], pick) -> dict:
    chosen = [r for r in rows if pick(r)]
    return {"kb": max(r["kb"] for r in chosen), "ms": max(r["ms"] for r in chosen),
            "queries": {r["q"]: [r["kb"], r["ms"]] for r in chosen}}


def targets(sizes: list[int]) -> dict:
    """Issue 25's targets in one run: the ratio at each size up to 10,000 (alternating, 3 rounds), the sizing
    run beyond it, the search budgets, make serve at 10,000 and the generator, each against its budget."""
    import serve_latency  # bench/serve_latency.py, which imports this module: here, not at the top

    today = datetime.now().date().isoformat()
    record: dict = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "targets": True}
    verdicts: list[tuple[str, str, str, bool]] = []
    common = lambda r: r["kind"] == "vanligt"  # noqa: E731
    number = lambda r: "/" in r["q"]  # noqa: E731  (a case number)
    for n in sizes:
        if n <= 10_000:
            q = record[f"quick_{n}"] = quick(n)
            verdicts.append((f"build at {n:,}", f"{q['ratio']} × plain Material", "≤ 1.3 ×", q["ratio"] <= 1.3))
            if n == 10_000:
                found = record["search_10000"] = search.measure(OUT / f"ours-{n}" / "site")
                worst = _worst(found["per_query"], common)
                verdicts.append(("common word at 10,000", f"{worst['kb']} KB", "≤ 400 KB", worst["kb"] <= 400))
                served = record["serve_10000"] = serve_latency.main(n)
                verdicts.append(("make serve first build", f"{served['first_build_s']} s vs build {q['ours_s']} s",
                                 "≤ 1.2 ×", served["first_build_s"] <= 1.2 * q["ours_s"]))
                edit = served["edit_visible_s"]
                verdicts.append(("make serve edit visible", f"{edit} s", "≤ 1.5 s", edit is not None and edit <= 1.5))
        else:
            z = record[f"sizing_{n}"] = sizing(n)
            verdicts.append((f"build at {n:,}", f"{z['ours_s']} s, {z['peak_pss_mb']:,.0f} MB PSS",
                             "≤ 600 s, ≤ 6,000 MB", z["ours_s"] <= 600 and z["peak_pss_mb"] <= 6000))
            worst, numbers = _worst(z["search"]["per_query"], common), _worst(z["search"]["per_query"], number)
            verdicts.append((f"common word at {n:,}", f"{worst['kb']} KB, {worst['ms']} ms", "≤ 450 KB, ≤ 600 ms",
                             worst["kb"] <= 450 and worst["ms"] <= 600))
            verdicts.append((f"case number at {n:,}", f"{numbers['kb']} KB", "≤ 250 KB", numbers["kb"] <= 250))
    made = record["generator"] = generator_figures()
    verdicts.append(("generator, 2,000 cases", f"{made['s']} s, latest date {made['latest_date']}",
                     f"≤ 3 s, no date after {today}", made["s"] <= 3 and (made["latest_date"] or "") <= today))
    record["verdicts"] = [{"what": w, "figure": f, "budget": b, "met": ok} for w, f, b, ok in verdicts]
    print("\nissue 25 targets:")
    for what, figure, budget, ok in verdicts:
        print(f"  {'met    ' if ok else 'NOT met'}  {what:<28} {figure:<40} {budget}")
    return record


def main(argv: list[str]) -> None:
    fast, sized, aimed = "--quick" in argv, "--sizing" in argv, "--targets" in argv
    sizes = [int(a) for a in argv if not a.startswith("--")] or ([2000, 10000, 30000] if aimed else [1000, 5000, 10000])
    records = [targets(sizes)] if aimed else [(quick if fast else sizing if sized else run)(n) for n in sizes]
    if len(records) > 1 and not (fast or sized or aimed):
        first, last = records[0], records[-1]
        growth = last["ours_ms_per_case"] / first["ours_ms_per_case"]
        print(f"linjäritet: ms/ärende vid {last['n']} / vid {first['n']} = {growth:.2f}")
    results = ROOT / "bench" / "results.json"
    old = json.loads(results.read_text(encoding="utf-8")) if results.exists() else []
    results.write_text(json.dumps(old + records, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
