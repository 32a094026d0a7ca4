"""Run one `mkdocs build --strict` and print its wall time and peak memory as JSON (used by run.py).

The build runs in a child process, watched from here. Peak memory is the largest sum of proportional set size
(PSS: memory shared between processes, such as a forked worker's copy of its parent, counted once) over the
build and all its descendants (worker processes and the Pagefind child run at the same time as MkDocs),
sampled from /proc every 500 ms: reading PSS walks a process's page tables, and more often it slows the
build it measures. A sampling thread inside the build would change it too: the package uses worker
processes only while its process runs a single thread.
"""
import json
import subprocess
import sys
import time
from pathlib import Path


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # the process has just ended
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


def tree_pss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def main(project: str) -> None:
    start = time.perf_counter()
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_kb = 0
    while build.poll() is None:
        peak_kb = max(peak_kb, tree_pss_kb(build.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    print(json.dumps({"ok": build.returncode == 0, "seconds": seconds, "peak_rss_mb": peak_kb / 1024}))


if __name__ == "__main__":
    main(sys.argv[1])
