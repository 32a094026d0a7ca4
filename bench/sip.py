"""Benchmark: `remissarkiv export-sip` of N synthetic cases (default 2,000 and 10,000): wall time, the package's
size and files, and the peak resident memory of the export process (ru_maxrss of the child), so that "streamed,
bounded memory" is a figure: peak memory should not grow in step with N.

    .venv/bin/python bench/sip.py [N ...]
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import make_project  # noqa: E402


# The export in its own process, which then prints its own peak memory and its largest worker's (bodies are
# rendered in worker processes).
MEASURED = """
import resource, sys
from remissarkiv.tools.cli import main
code = main(["--root", sys.argv[1], "export-sip", sys.argv[2]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def run(n: int, work: Path) -> None:
    (work / f"p{n}").mkdir()
    proj = make_project(work / f"p{n}", with_fixtures=False)
    generated = work / f"g{n}"
    subprocess.run([sys.executable, "-m", "remissarkiv", "generate", str(n), "--out", str(generated)], check=True,
                   capture_output=True, cwd=proj.root)
    shutil.copytree(generated / "cases", proj.root / "cases", dirs_exist_ok=True)
    out = work / f"paket{n}"
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURED, str(proj.root), str(out)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    main_kb, workers_kb = map(int, result.stdout.split()[-2:])
    files = [p for p in out.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    mets = (out / "METS.xml").stat().st_size
    print(f"{n:>6} cases: {seconds:6.1f} s, {size / 1e6:7.1f} MB in {len(files)} files (METS.xml {mets / 1e6:.1f} MB), "
          f"peak RSS: export process {main_kb / 1024:.0f} MB, largest worker {workers_kb / 1024:.0f} MB")
    shutil.rmtree(out)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 10000]
    with tempfile.TemporaryDirectory(prefix="sip-bench-") as tmp:
        for n in sizes:
            run(n, Path(tmp))


if __name__ == "__main__":
    main()
