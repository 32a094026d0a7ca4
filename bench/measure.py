"""Run one `mkdocs build` in this process and print its wall time and peak memory as JSON (used by run.py).

Peak memory is the largest sum of resident memory over this process and all its descendants (the Pagefind
child and the worker processes run at the same time as MkDocs), sampled from /proc every 50 ms.
"""
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

from mkdocs.__main__ import cli

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * PAGE_KB
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


peak_kb = 0
done = threading.Event()


def sample() -> None:
    global peak_kb
    while not done.wait(0.05):
        peak_kb = max(peak_kb, tree_rss_kb(os.getpid()))


os.chdir(sys.argv[1])
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
try:
    cli.main(["build", "--quiet", "--strict"], standalone_mode=False)
    ok = True
except SystemExit as exc:
    ok = exc.code in (0, None)
seconds = time.perf_counter() - start
done.set()
# A process that lived less than one sampling interval is caught by its own high-water mark.
peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"ok": ok, "seconds": seconds, "peak_rss_mb": peak_kb / 1024}))
