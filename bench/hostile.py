"""Time of `check`, the build and the importer on hostile inputs, for the issue's classes (not a test).

    .venv/bin/python bench/hostile.py [--code DIR] [--timeout S]

--code: a checkout whose remissarkiv package, mkdocs.yml, hooks.py, docs/ and overrides/ are measured (default:
this one), e.g. an older commit in a `git worktree`, to compare before and after in one run. Each command runs
in a fresh project folder with one hostile case (or document) and is stopped at --timeout seconds.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
PARTS = ["mkdocs.yml", "hooks.py", "docs", "overrides", "data", "package.json"]
HEAD = ("---\ntitle: Remissvar\nboard: bromma\nstatus: publicerad\nreview:\n  by: Provgranskare\n  date: 2024-06-01\ndate: 2024-02-01\nreferral:\n  title: Motion\n"
        "  case_number: KS 2024/1\n  sender: Kommunstyrelsen\n{extra}---\n")


def luhn_numbers(count: int) -> list[str]:
    out = []
    for i in range(count):
        nine = f"8{i % 10}0{1 + i % 9}{10 + i % 18}{i % 1000:03d}"
        total = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if k % 2 == 0 else d for k, d in enumerate(map(int, nine)))
        out.append(f"{nine[:6]}-{nine[6:]}{(10 - total % 10) % 10}")
    return out


CASES = {
    "1,000 identity numbers (26 KB)": lambda: HEAD.format(extra="") + "".join(
        f"Namn {n}\n" for n in luhn_numbers(1000)),
    "300 KB of unclosed tags '<b '": lambda: HEAD.format(extra="") + "<b " * 100_000 + "\n",
    "backtick runs of growing length (245 KB)": lambda: HEAD.format(extra="") + "".join(
        "`" * k + "a" for k in range(1, 700)) + "\n",
    "300 KB of '['": lambda: HEAD.format(extra="") + "[" * 300_000 + "\n",
    "30,000 topics (439 KB)": lambda: HEAD.format(extra="topics:\n" + "".join(
        f"  - Ämne nummer {i}\n" for i in range(30_000))) + "Text.\n",
}
DOCUMENTS = {
    "one 40,000-character line of dashes": "Remissvar Motion om x, KS 2024/5\n\n" + "-" * 40_000 + "\n",
    "20,000 short lines": "Remissvar Motion om x, KS 2024/5\n\n" + "".join(f"rad{i}\n" for i in range(20_000)),
}


def timed(cmd: list[str], cwd: Path, env: dict, timeout: float) -> str:
    started = time.perf_counter()
    try:
        result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (stopped)"
    took = time.perf_counter() - started
    verdict = "ok" if result.returncode == 0 else "refused"
    if "Traceback" in result.stdout + result.stderr:
        verdict = "traceback"
    return f"{took:.1f} s ({verdict})"


def project(code: Path, root: Path) -> Path:
    for part in PARTS:
        src = code / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / part)
    (root / "cases/2024").mkdir(parents=True)
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default=str(HERE))
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", default="", help="only the inputs whose name holds this text")
    args = parser.parse_args()
    code = Path(args.code).resolve()
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1", "REMISSARKIV_SOKINDEX": "0"}
    print(f"code: {code}")
    for name, make in CASES.items():
        if args.only not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="fientlig-") as tmp:
            root = project(code, Path(tmp))
            (root / "cases/2024/fall.md").write_text(make(), encoding="utf-8")
            check = timed([sys.executable, "-m", "remissarkiv", "check"], root, env, args.timeout)
            build = timed([sys.executable, "-m", "mkdocs", "build", "--strict"], root, env, args.timeout)
            print(f"| {name} | check {check} | build {build} |", flush=True)
    for name, text in DOCUMENTS.items():
        if args.only not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="fientlig-") as tmp:
            root = project(code, Path(tmp))
            (root / "dokument.txt").write_text(text, encoding="utf-8")
            imported = timed([sys.executable, "-m", "remissarkiv", "import", "dokument.txt", "--stdout"], root, env,
                             args.timeout)
            print(f"| {name} | import {imported} | |", flush=True)


if __name__ == "__main__":
    main()
