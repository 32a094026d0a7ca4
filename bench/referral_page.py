"""Benchmark: one referral page of 300 bodies asked and 270 answers (tests/large_referral.py), rendered by the
core (site.pages.referral_page) without a site generator. Prints the median of 7 runs and the page's size.

    .venv/bin/python bench/referral_page.py [N]
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remissarkiv.archive.project import Project  # noqa: E402
from remissarkiv.site import pages  # noqa: E402
from tests import large_referral  # noqa: E402


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "data", root / "data")
        (root / "cases").mkdir()
        key = large_referral.write(root, n)
        _, archive = Project(root).load()
        group = archive.referrals[key]
        times = []
        for _ in range(7):
            start = time.perf_counter()
            page = pages.referral_page(archive, group)
            times.append(time.perf_counter() - start)
        html = page.standalone()
        print(f"referral page, {n} asked, {len(group.answers)} answers: median {statistics.median(times) * 1000:.1f} ms "
              f"(min {min(times) * 1000:.1f}), {len(html) / 1024:.0f} KB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
