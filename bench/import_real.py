"""Field accuracy of `remissarkiv import` on real documents of other organisations (tests/fixtures/import-real/),
each rebuilt as the file its organisation would hold (Word, PDF, scan, e-mail: tests/import_real.py) and read with
that organisation's own registry (its boards.yml), as its archive would. Per half of the split (tune / holdout,
fixed before any tuning), per organisation, per kind and layout of document, and per field; besides:

- silent failures: a document the import reads badly (under half its fields) while not listing it as needing a
  person;
- lost text: a document of which under 90 % of the transcript's words reach the draft (body, fields) or the
  report's list of lines left out;
- foreign filing: each document read once more with another organisation's registry must get no board.

    python bench/import_real.py [--half tune|holdout] [--only TEXT] [--show]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from remissarkiv.model.boards import BoardRegistry  # noqa: E402
from remissarkiv.tools.importer import batch, extract, ocr, parse  # noqa: E402
from tests import import_real  # noqa: E402

LOST_TEXT = 0.90


def _words(text: str) -> list[str]:
    """Words of three letters or more: a transcript's letter-spaced labels ("H A N D L Ä G G A R E") and OCR
    crumbs are no words a reader would miss."""
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 3]


def kept_share(doc: import_real.Doc, result: parse.Imported) -> float:
    """The share of the transcript's words found again in the draft or the report's lines left out."""
    want = Counter(_words(doc.transcript))
    dropped = Counter(_words(" ".join(doc.rebuild().dropped)))
    want -= dropped
    have = Counter(_words(result.body + " " + " ".join(str(v) for v in parse._flat(result.values)) + " " +
                          " ".join(t for t, _ in result.left_out_texts()) + " " + " ".join(result.report())))
    total = sum(want.values())
    return sum(min(n, have[w]) for w, n in want.items()) / max(total, 1)


def score(half: str | None, only: str | None, show: bool):
    fields: dict[str, Counter] = defaultdict(Counter)
    groups: dict[str, Counter] = defaultdict(Counter)
    lines, events = [], defaultdict(list)
    docs = [d for d in import_real.documents(half) if d.half and (not only or only in d.key)]
    orgs = sorted({d.org for d in import_real.documents()})
    registries = {org: BoardRegistry.load(import_real.CORPUS / org / "boards.yml") for org in orgs}
    with tempfile.TemporaryDirectory() as tmp:
        for doc in docs:
            if doc.layout == "scan" and not ocr.available():
                lines.append(f"  [{doc.half}] {doc.key}: hoppades över (Tesseract saknas)")
                continue
            path = doc.write(Path(tmp))
            start = time.perf_counter()
            try:
                result = parse.parse(extract.read(path), doc.registry())
            except extract.ExtractError as exc:
                lines.append(f"  [{doc.half}] {doc.key}: FEL {exc}")
                events["fel"].append(doc.key)
                continue
            seconds = time.perf_counter() - start
            misses, right, total = [], 0, 0
            for field, want in doc.expected().items():  # only the fields that have a value count
                got = batch.field_value(result.values, field)
                ok = got == want
                right, total = right + ok, total + 1
                for group in (f"halva {doc.half}", f"{doc.half}: {doc.org}", f"{doc.half}: {doc.meta.get('kind')}",
                              f"{doc.half}: layout {doc.layout}"):
                    groups[group]["right" if ok else "wrong"] += 1
                fields[field]["right" if ok else "wrong"] += 1
                if not ok:
                    misses.append(f"{field}: {got!r} ≠ {want!r}")
            if total and right / total < 0.5 and not result.needs_person:
                events["tyst fel"].append(doc.key)
            if result.needs_person:
                events["behöver en person"].append(f"{doc.key} ({'; '.join(result.needs_person)})")
            kept = kept_share(doc, result)
            if kept < LOST_TEXT:
                events["förlorad text"].append(f"{doc.key} ({kept:.0%})")
            other = orgs[(orgs.index(doc.org) + 1) % len(orgs)]
            foreign = parse.parse(extract.read(path), registries[other])
            if foreign.values.get("board"):
                events["fel organisation"].append(f"{doc.key} som {other}: {foreign.values['board']}")
            lines.append(f"  [{doc.half}] {doc.key} ({doc.layout}, {seconds:.1f} s, text {kept:.0%}): "
                         + ("; ".join(misses) or "allt rätt"))
            if show:
                print(f"--- {doc.key}")
                print("\n".join(result.report()))
    return fields, groups, lines, events, len(docs)


def _share(c: Counter) -> str:
    total = c["right"] + c["wrong"]
    return f"{c['right']}/{total} = {100 * c['right'] / max(total, 1):.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tune", "holdout"])
    parser.add_argument("--only", help="bara dokument vars nyckel innehåller texten")
    parser.add_argument("--show", action="store_true", help="skriv importens rapport för varje dokument")
    args = parser.parse_args()
    fields, groups, lines, events, n = score(args.half, args.only, args.show)
    print(f"Verkliga dokument (tests/fixtures/import-real): {n} dokument; fält med värde som blev rätt:")
    for group in sorted(groups):
        print(f"  {group}: {_share(groups[group])}")
    print("Per fält:")
    for field in sorted(fields):
        print(f"  {field}: {_share(fields[field])}")
    for name in ("fel", "tyst fel", "förlorad text", "fel organisation", "behöver en person"):
        print(f"{name}: {len(events[name])}" + "".join(f"\n  {e}" for e in events[name]))
    print("Per dokument:")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
