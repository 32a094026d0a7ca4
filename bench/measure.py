"""Run one `mkdocs build` in this process and print its wall time and peak memory as JSON (used by run.py)."""
import json
import os
import resource
import sys
import time

from mkdocs.__main__ import cli

os.chdir(sys.argv[1])
start = time.perf_counter()
try:
    cli.main(["build", "--quiet", "--strict"], standalone_mode=False)
    ok = True
except SystemExit as exc:
    ok = exc.code in (0, None)
seconds = time.perf_counter() - start
peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"ok": ok, "seconds": seconds, "peak_rss_mb": peak_kb / 1024}))
