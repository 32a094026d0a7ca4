"""Field accuracy of `remissarkiv import` on real documents of other organisations (tests/fixtures/import-real/):
per half of the split (tune / holdout, fixed before any tuning), per organisation and per field. Each document is
read with its own organisation's registry (its boards.yml), as that organisation's archive would.

    python bench/import_real.py [--half tune|holdout] [--show]

The documents are read as the text they were transcribed as; rebuilding them as Word, PDF, scan and e-mail
(each .yml names the layout) is issue 36's next step.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from remissarkiv.model.boards import BoardRegistry  # noqa: E402
from remissarkiv.tools.importer import batch, extract, parse  # noqa: E402

CORPUS = ROOT / "tests/fixtures/import-real"


def _normal(value):
    """Expected values as YAML reads them (dates become dates) compared as the importer gives them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


def documents(half: str | None = None):
    split = yaml.safe_load((CORPUS / "split.yml").read_text(encoding="utf-8"))
    for name in ("tune", "holdout"):
        if half and half != name:
            continue
        for key in split.get(name) or []:
            org, doc = key.split("/")
            meta = yaml.safe_load((CORPUS / org / f"{doc}.yml").read_text(encoding="utf-8"))
            yield name, org, CORPUS / org / f"{doc}.txt", meta


def score(half: str | None = None, show: bool = False):
    fields: dict[str, Counter] = defaultdict(Counter)
    groups: dict[str, Counter] = defaultdict(Counter)
    lines = []
    for name, org, path, meta in documents(half):
        boards = BoardRegistry.load(CORPUS / org / "boards.yml")
        result = parse.parse(extract.read(path), boards)
        misses = []
        for field, want in (meta.get("expected") or {}).items():
            want = _normal(want)
            if want in (None, [], ""):
                continue  # only the fields that have a value count (issue 36's measure)
            got = batch.field_value(result.values, field)
            ok = got == want
            for group in (f"halva {name}", f"{name}: {org}", f"{name}: {meta.get('kind')}"):
                groups[group]["right" if ok else "wrong"] += 1
            fields[field]["right" if ok else "wrong"] += 1
            if not ok:
                misses.append(f"{field}: {got!r} ≠ {want!r}")
        lines.append(f"  [{name}] {org}/{path.stem}: " + ("; ".join(misses) or "allt rätt"))
        if show:
            print("\n".join(result.report()))
    return fields, groups, lines


def _share(c: Counter) -> str:
    total = c["right"] + c["wrong"]
    return f"{c['right']}/{total} = {100 * c['right'] / max(total, 1):.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tune", "holdout"])
    parser.add_argument("--show", action="store_true", help="skriv importens rapport för varje dokument")
    args = parser.parse_args()
    fields, groups, lines = score(args.half, args.show)
    print("Fält med värde som blev rätt, verkliga dokument (tests/fixtures/import-real):")
    for group in sorted(groups):
        print(f"  {group}: {_share(groups[group])}")
    print("Per fält:")
    for field in sorted(fields):
        print(f"  {field}: {_share(fields[field])}")
    print("Per dokument:")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
