"""Pagefind's metadata file (pf_meta) with the bounds of its word chunks closed up.

Pagefind splits the words index into chunks and lists each chunk's first and last word, shortened, in pf_meta.
A query word that falls between two chunks (a word on every page closes its chunk, so its inflected forms
usually do: "förslaget" after "forslag") is matched "loosely" (`request_indexes` in Pagefind's
pagefind_web/src/lib.rs): every chunk whose bounds, cut to the word's length, enclose it is fetched, which
includes every chunk whose last word begins the query ("for", the stem of "för", 171 KB at 10,000 cases).

Only the chunk before the gap can hold a word that begins with such a query word: the next chunk's first word
does not begin with it (its shortened form would then not be greater than the word), and later chunks hold
greater words still. So each chunk's last bound is moved up to just below the next chunk's first: every word
falls inside exactly one chunk, the chunk that can hold its extensions, and Pagefind never needs the loose
match between the first and the last chunk. The words, pages and results are Pagefind's own; only which
files a query fetches changes. The file keeps its name: its content is still a function of Pagefind's.

A file this module does not recognise (another Pagefind version's layout) is left as it is: the search then
works as Pagefind made it, only with the larger fetches.
"""
from __future__ import annotations

import gzip
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
# What the version field of the layout below says (pf_meta of Pagefind 1.5 and 1.6: version, pages, chunks …).
KNOWN_VERSIONS = ("1.5.", "1.6.")
_TAIL = chr(0x10FFFF)  # after a moved bound: a noncharacter, above any character a word holds


class UnknownLayout(Exception):
    pass


def _head(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head) of the CBOR item at pos (definite lengths only)."""
    if pos >= len(data):
        raise UnknownLayout("slut på data")
    first = data[pos]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or pos + 1 + size > len(data):
        raise UnknownLayout("obestämd längd")
    return major, int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size


def _skip(data: bytes, pos: int) -> int:
    """The position after the item at pos (iteratively: a hostile file cannot exhaust the stack)."""
    left = 1
    while left:
        major, arg, pos = _head(data, pos)
        left -= 1
        if major in (2, 3):
            pos += arg
        elif major == 4:
            left += arg
        elif major == 5:
            left += 2 * arg
        elif major == 6:
            left += 1
        if pos > len(data):
            raise UnknownLayout("för kort")
    return pos


def _text(data: bytes, pos: int) -> tuple[str, int]:
    major, size, pos = _head(data, pos)
    if major != 3:
        raise UnknownLayout("väntade text")
    return data[pos:pos + size].decode("utf-8"), pos + size


def _encode_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def _encode_text(text: str) -> bytes:
    raw = text.encode("utf-8")
    return _encode_head(3, len(raw)) + raw


def just_below(bound: str) -> str:
    """A string greater than every word below `bound` and less than `bound` (code point order, as Rust compares
    strings): its last character one lower, then the highest code points."""
    last = ord(bound[-1])
    if last == 0:
        return bound[:-1]
    lower = last - 1 if not 0xD800 <= last - 1 <= 0xDFFF else 0xD7FF  # a surrogate is no character
    return bound[:-1] + chr(lower) + _TAIL


def closed(chunks: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(first, last, hash) of each chunk, in order, with each last bound moved up to just below the next first."""
    out = []
    for i, (first, last, name) in enumerate(chunks):
        if i + 1 < len(chunks) and chunks[i + 1][0]:
            moved = just_below(chunks[i + 1][0])
            last = moved if moved > last else last
        out.append((first, last, name))
    return out


def read_chunks(body: bytes) -> tuple[list[tuple[str, str, str]], int, int]:
    """The chunk list of a decompressed pf_meta after its signature: (chunks, start, end) of its CBOR item."""
    major, count, pos = _head(body, 0)
    if major != 4 or count < 3:
        raise UnknownLayout("ingen lista överst")
    version, pos = _text(body, pos)
    if not version.startswith(KNOWN_VERSIONS):
        raise UnknownLayout(f"Pagefind {version}")
    pos = _skip(body, pos)  # the pages
    start = pos
    major, n, pos = _head(body, pos)
    if major != 4:
        raise UnknownLayout("ingen lista med delar")
    chunks = []
    for _ in range(n):
        major, fields, pos = _head(body, pos)
        if major != 4 or fields != 3:
            raise UnknownLayout("en del är inte (från, till, namn)")
        first, pos = _text(body, pos)
        last, pos = _text(body, pos)
        name, pos = _text(body, pos)
        chunks.append((first, last, name))
    return chunks, start, pos


def patch(compressed: bytes) -> bytes:
    """The pf_meta file (gzip, as Pagefind writes it) with its chunk bounds closed up; UnknownLayout if it is not
    the layout this module knows."""
    try:
        data = gzip.decompress(compressed)
    except (OSError, EOFError) as exc:
        raise UnknownLayout("inte gzip") from exc
    if not data.startswith(SIGNATURE):
        raise UnknownLayout("okänd signatur")
    body = data[len(SIGNATURE):]
    chunks, start, end = read_chunks(body)
    items = b"".join(_encode_head(4, 3) + b"".join(_encode_text(t) for t in chunk) for chunk in closed(chunks))
    new = SIGNATURE + body[:start] + _encode_head(4, len(chunks)) + items + body[end:]
    return gzip.compress(new, compresslevel=9, mtime=0)


def patch_bundle(folder: Path) -> int:
    """Close up the chunk bounds of every pf_meta below `folder` (a Pagefind bundle, or a split index's parts);
    the number of files changed. A file of another layout is left as Pagefind wrote it."""
    changed = 0
    for path in sorted(folder.rglob("*.pf_meta")):
        try:
            path.write_bytes(patch(path.read_bytes()))
            changed += 1
        except UnknownLayout:
            continue
    return changed


def words(compressed_chunk: bytes) -> list[str]:
    """The words of one word chunk (pf_index): what the bounds above are about (tests, bench)."""
    data = gzip.decompress(compressed_chunk)
    if not data.startswith(SIGNATURE):
        raise UnknownLayout("okänd signatur")
    body = data[len(SIGNATURE):]
    major, count, pos = _head(body, 0)
    major_words, n, pos = _head(body, pos)
    if major != 4 or count < 1 or major_words != 4:
        raise UnknownLayout("ingen ordlista")
    out = []
    for _ in range(n):
        major, fields, pos = _head(body, pos)
        if major != 4 or fields < 1:
            raise UnknownLayout("ett ord är ingen lista")
        word, pos = _text(body, pos)
        out.append(word)
        for _ in range(fields - 1):
            pos = _skip(body, pos)
    return out


def chunk_bounds(compressed_meta: bytes) -> list[tuple[str, str, str]]:
    """(first, last, name) of each word chunk, as the pf_meta file lists them."""
    data = gzip.decompress(compressed_meta)
    if not data.startswith(SIGNATURE):
        raise UnknownLayout("okänd signatur")
    return read_chunks(data[len(SIGNATURE):])[0]
