"""What the open data and feeds cost: run in a built project's folder, prints one JSON line.

The data files are made once more in this process, from the loaded archive, with cold attachment checksums;
bench/run.py sets that time against the whole build of the same run.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from remissarkiv.config import from_mkdocs_yml
from remissarkiv.opendata import records
from remissarkiv.opendata.publish import data_files
from remissarkiv.site.build import Builder


def main(root: Path) -> None:
    settings = from_mkdocs_yml(root / "mkdocs.yml")
    content = Builder(root, settings).generate()
    start = time.perf_counter()
    out = data_files(content.archive, content.bodies, settings)
    seconds = time.perf_counter() - start
    largest = max(out, key=lambda path: len(out[path]))
    cases = len(content.archive.cases)
    print(json.dumps({
        "opendata_s": round(seconds, 2),
        "opendata_files": len(out),
        "opendata_mb": round(sum(map(len, out.values())) / 2**20, 1),
        "largest_data_file": largest,
        "largest_data_file_mb": round(len(out[largest]) / 2**20, 2),
        "cases_json_bytes_per_case": round(len(out[records.CASES_JSON]) / max(cases, 1)),
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
