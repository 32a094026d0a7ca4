"""Pagefind's chunk bounds closed up (site/pagefind_meta.py): a query fetches fewer word chunks and finds exactly
what it found before. Checked on a real Pagefind index of several chunks, in a model of Pagefind's choice of
chunks and in Chromium with Pagefind's own search."""
from __future__ import annotations

import bisect
import gzip
import random
import shutil
import subprocess

import pytest

from remissarkiv.site import pagefind_meta, search

from .conftest import serve

# Words on every page: "för" and "förslag" in several forms, so that the big words end their chunks and their
# forms fall between chunks, as in a real archive; the rest random, so that there are many chunks.
COMMON = "för förslag förslaget förslagen nämnden trygghet".split()


def _pages(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    letters = "abdefghijklmnoprstuvyåäö"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 11))) for _ in range(4000)]
    # "för" and "förslag" often enough (over 20,000 places each) to close their chunks, as on a real archive.
    every = " ".join(["för"] * 60 + ["förslag"] * 50 + ["förslaget"] * 5)
    return [" ".join(rng.choice(vocabulary) if rng.random() > 0.2 else rng.choice(COMMON) for _ in range(220))
            + " " + every for _ in range(count)]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """(Pagefind's bundle, the same bundle with its bounds closed up), from 400 pages."""
    root = tmp_path_factory.mktemp("pagefind-meta")
    for i, text in enumerate(_pages(400)):
        (root / "sidor" / f"s{i}").mkdir(parents=True)
        (root / "sidor" / f"s{i}" / "index.html").write_text(
            f'<!doctype html><html lang="sv"><head><title>Sida {i}</title></head><body><p>{text}</p></body></html>',
            encoding="utf-8")
    subprocess.run([*search.engine(), "--site", str(root / "sidor"), "--output-path", str(root / "site" / "orig"),
                    "--silent"], check=True)
    shutil.copytree(root / "site" / "orig", root / "site" / "closed")
    assert pagefind_meta.patch_bundle(root / "site" / "closed") == 1
    return root / "site" / "orig", root / "site" / "closed"


def _meta(bundle) -> bytes:
    return next(bundle.glob("pagefind.*.pf_meta")).read_bytes()


def _select(chunks, term: str) -> tuple[set[str], bool]:
    """Pagefind 1.6's choice of chunks for a term (request_indexes): strict bounds, else the loose match."""
    strict = {name for first, last, name in chunks if first <= term <= last}
    if strict:
        return strict, False
    loose = set()
    for first, last, name in chunks:
        f, t = min(len(term), len(first)), min(len(term), len(last))
        if term[:f] >= first[:f] and term[:t] <= last[:t]:
            loose.add(name)
    return loose, True


def test_a_query_fetches_the_chunks_that_can_answer_it_and_no_others(bundles):
    orig, closed = bundles
    before, after = pagefind_meta.chunk_bounds(_meta(orig)), pagefind_meta.chunk_bounds(_meta(closed))
    assert len(before) >= 4 and [c[2] for c in before] == [c[2] for c in after]
    located = sorted((w, name) for _, _, name in before
                     for w in pagefind_meta.words((orig / "index" / f"{name}.pf_index").read_bytes()))
    keys = [w for w, _ in located]

    def holding(term: str) -> set[str]:  # the chunks with a word that begins with the term
        i, found = bisect.bisect_left(keys, term), set()
        while i < len(keys) and keys[i].startswith(term):
            found.add(located[i][1])
            i += 1
        return found

    terms = {w[:k] for w in keys for k in range(1, len(w) + 1)}
    terms |= {w + end for w in keys for end in ("a", "en", "et", "s", "zz")}
    loose_before = loose_after = 0
    for term in sorted(terms):
        (old, was_loose), (new, is_loose) = _select(before, term), _select(after, term)
        loose_before += was_loose
        loose_after += is_loose
        assert holding(term) & old == holding(term) & new, term  # the same words within reach
        assert len(new) <= 1 or not is_loose
    assert loose_before > 50 and loose_after <= loose_before // 10


def test_only_the_bounds_change_and_another_layout_is_left_alone(bundles):
    orig, closed = bundles
    old, new = gzip.decompress(_meta(orig)), gzip.decompress(_meta(closed))
    _, start, end = pagefind_meta.read_chunks(old[len(pagefind_meta.SIGNATURE):])
    _, start2, end2 = pagefind_meta.read_chunks(new[len(pagefind_meta.SIGNATURE):])
    assert old[:len(pagefind_meta.SIGNATURE) + start] == new[:len(pagefind_meta.SIGNATURE) + start2]
    assert old[len(pagefind_meta.SIGNATURE) + end:] == new[len(pagefind_meta.SIGNATURE) + end2:]
    bounds = pagefind_meta.chunk_bounds(_meta(closed))
    assert all(a[1] < b[0] for a, b in zip(bounds, bounds[1:]))  # in order, and no word between two chunks
    for damaged in (b"", gzip.compress(b"pagefind_dcd\x01"), gzip.compress(old.replace(b"1.6.", b"9.9.", 1)),
                    _meta(orig)[:40]):
        with pytest.raises(pagefind_meta.UnknownLayout):
            pagefind_meta.patch(damaged)


def test_pagefind_finds_the_same_pages_with_fewer_chunks(bundles, browser):
    orig, closed = bundles
    before, after = pagefind_meta.chunk_bounds(_meta(orig)), pagefind_meta.chunk_bounds(_meta(closed))
    # Words between two chunks that Pagefind matched loosely, the costliest first, and a word of no chunk.
    candidates = sorted({w + end for _, _, name in before for w in pagefind_meta.words(
        (orig / "index" / f"{name}.pf_index").read_bytes()) for end in ("et", "en", "s")})
    gaps = [t for t in candidates if _select(before, t)[1] and len(_select(before, t)[0]) > 1]
    assert "forslaget" in gaps  # the typed form of a word on every page, as "förslaget" at 10,000 cases
    gaps = ["förslaget", *[t for t in gaps if t != "forslaget"][:3]]
    server, address = serve(orig.parent)
    try:
        found = {}
        for name in ("orig", "closed"):
            for term in [*gaps, "xyzzyq"]:
                context = browser.new_context()  # a cold cache and a fresh Pagefind for every query
                page = context.new_page()
                fetched: list[str] = []
                page.on("request", lambda r: fetched.append(r.url))
                page.goto(f"{address}/{name}/pagefind-entry.json")
                hits = page.evaluate("""async ([base, term]) => {
                    const pf = await import(`/${base}/pagefind.js`); await pf.init();
                    const r = await pf.search(term);
                    const first = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
                    return [r.results.length, ...first.map((d) => d.url)]; }""", [name, term])
                found[name, term] = (hits, sum(u.endswith(".pf_index") for u in fetched))
                context.close()
        for term in [*gaps, "xyzzyq"]:
            assert found["orig", term][0] == found["closed", term][0], term
        assert all(found["closed", t][1] < found["orig", t][1] for t in gaps), found
    finally:
        server.shutdown()
