"""Bounds on a PDF, checked with pypdf before pdfplumber (pdfminer) reads a page, and a time budget for each page.

pdfminer does what a file asks without limits. A page tree that names one page a million times took 15 s to
walk; a 300 KB content stream inflated to 300 MB (650 MB resident; 1 GB of it to 2 GB); form XObjects that draw
each other ten times, seven deep (2.5 KB), ran past the 120 s kill with 4 GB. So before pdfminer starts: the
page tree is walked with a cap on its entries; every stream a page draws is inflated up to a bound, whatever
its /Length says; the forms it draws are counted through their whole nesting (each distinct stream is decoded
once), and a page that draws more than a page can hold is refused. Each refusal is a Swedish sentence.
"""
from __future__ import annotations

import collections
import contextlib
import re
import signal
import threading
import time
import zlib

from remissarkiv.tools.importer.extract import MAX_PAGES, ExtractError, refuse_pages

MAX_TREE_ENTRIES = 4 * MAX_PAGES    # /Kids entries walked: pages and the nodes above them, repeats counted
MAX_TREE_DEPTH = 32                 # a balanced tree of 500 pages is 3 deep
MAX_LOOSE_OBJECTS = 50_000          # objects searched for pages when there is no page tree
MAX_STREAM_BYTES = 20_000_000       # one content stream or form, inflated (a scanned page's are under 1 MB)
MAX_PAGE_BYTES = 40_000_000         # what one page draws, a form counted each time it is drawn
MAX_DOCUMENT_BYTES = 200_000_000    # what all pages draw together
MAX_FORMS = 5_000                   # forms drawn on one page, nested ones included (pypdf's own bound)
MAX_FORM_DEPTH = 16
# pdfminer recovers a damaged Flate stream a byte at a time, copying all it has each time: the work grows with
# the stream's length times what it unpacks to (40 MB of spaces with a bad checksum: 300 s). About 1 s here.
MAX_DAMAGED_WORK = 30_000_000_000
# pdfplumber's time for one page (a full page of text or a ruled table takes well under a second): what the
# bounds above let through can still be slow, as 15 MB of dense drawing operators is (a million lines drawn)
PAGE_SECONDS = 5.0

# The XObject a content stream draws: "/Name Do". Text that only looks like it costs a look-up, nothing more.
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_FLATE = ("/FlateDecode", "/Fl")


def refuse(what: str) -> ExtractError:
    return ExtractError(f"PDF-filen är skadad eller ovanligt uppbyggd ({what}) och importeras inte: spara den på "
                        "nytt ur ursprungsprogrammet (eller skriv ut den som PDF) och importera kopian")


# --- pypdf's own bounds ------------------------------------------------------------------------------------

_PYPDF_LIMITS = {name: MAX_STREAM_BYTES for name in (
    "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
    "brotli_maximum_output_length", "jbig2_maximum_output_length", "array_based_stream_maximum_output_length")}
_PYPDF_LIMITS |= {"zlib_maximum_recovery_input_length": 200_000,
                  "stream_decoding_work_maximum_length": 4 * MAX_STREAM_BYTES}


def pypdf_limits():
    """pypdf's decoders bounded like ours, where this pypdf has a configuration (pypdf 6.x and later)."""
    import dataclasses

    try:
        from pypdf import Configuration, apply_configuration
    except ImportError:
        return contextlib.nullcontext()
    known = {field.name for field in dataclasses.fields(Configuration)}
    return apply_configuration(**{k: v for k, v in _PYPDF_LIMITS.items() if k in known})


# --- the page tree -------------------------------------------------------------------------------------------

def _get(node, key: str):
    """A dictionary's value, resolved; None when absent or when the node is no dictionary."""
    from pypdf.generic import DictionaryObject

    return node[key] if isinstance(node, DictionaryObject) and key in node else None


def pages(reader) -> list[tuple[object, object]]:
    """(page, its resources, inherited if need be) in order, as pdfminer finds them: the page tree, each node
    once (a node that names itself is no loop), walked with a cap on the /Kids entries read – parsing them is
    the cost; without a page in the tree, every object that is a page (pdfminer's own fallback)."""
    found = _tree(reader) or _loose(reader)
    refuse_pages(len(found))
    if not found:
        raise ExtractError("PDF-filen har inga sidor som kan läsas – den verkar skadad eller avkortad: spara den "
                           "på nytt ur ursprungsprogrammet")
    return found


def _tree(reader) -> list[tuple[object, object]]:
    root = _get(reader.trailer, "/Root")
    stack, seen = [(root.raw_get("/Pages") if _get(root, "/Pages") is not None else None, None, 0)], set()
    found, entries = [], 0
    while stack:
        ref, inherited, depth = stack.pop()
        key = getattr(ref, "idnum", None) or id(ref)
        node = ref.get_object() if ref is not None and key not in seen else None
        seen.add(key)
        resources = _get(node, "/Resources") or inherited
        kids = _get(node, "/Kids")
        if not isinstance(kids, list):
            found += [(node, resources)] if _get(node, "/Type") == "/Page" else []
            continue
        entries += len(kids)
        if entries > MAX_TREE_ENTRIES or depth >= MAX_TREE_DEPTH:
            raise refuse(f"sidträdet räknar upp fler än {MAX_TREE_ENTRIES} sidor och delar, eller är djupare än "
                         f"{MAX_TREE_DEPTH} nivåer – samma sida kan stå där många gånger")
        stack += [(kid, resources, depth + 1) for kid in reversed(kids)]
    return found


def _loose(reader) -> list[tuple[object, object]]:
    numbers = sorted({n for table in reader.xref.values() for n in table} | set(reader.xref_objStm))
    if len(numbers) > MAX_LOOSE_OBJECTS:
        raise refuse(f"den har inget sidträd men {len(numbers)} objekt att leta sidor bland")
    found = []
    for number in numbers:
        node = reader.get_object(number)
        if _get(node, "/Type") == "/Page":
            found.append((node, _get(node, "/Resources")))
    return found


# --- what the pages draw -------------------------------------------------------------------------------------

def inflate(raw: bytes) -> tuple[bytes, bool]:
    """(FlateDecode's output, whether the stream is damaged), refused past MAX_STREAM_BYTES whatever the stream
    declares. Fed a kilobyte at a time: the call that meets the damage gives nothing, so what came before it
    (what pdfminer's recovery will copy over and over) is known within a megabyte."""
    inflater, out, step = zlib.decompressobj(), bytearray(), 1 << 10
    for start in range(0, len(raw), step):
        try:
            out += inflater.decompress(raw[start:start + step], MAX_STREAM_BYTES + 1 - len(out))
        except zlib.error:
            return bytes(out), True
        if len(out) > MAX_STREAM_BYTES:
            raise refuse(f"en innehållsström packas upp till mer än {MAX_STREAM_BYTES // 1_000_000} MB")
    return bytes(out), not inflater.eof


def content(stream) -> bytes:
    """A stream's decoded bytes, within MAX_STREAM_BYTES. Flate alone (nearly every content stream) is inflated
    here; another filter chain goes through pypdf's decoders, bounded by pypdf_limits."""
    from pypdf.errors import LimitReachedError

    filters = _get(stream, "/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters or [])
    raw = getattr(stream, "_data", b"") or b""  # the encoded bytes as stored: pypdf has no public name for them
    if len(filters) == 1 and filters[0] in _FLATE:
        data, damaged = inflate(raw)
        if damaged and len(raw) * len(data) > MAX_DAMAGED_WORK:
            raise refuse("en stor komprimerad del är trasig")
        return data
    try:
        data = stream.get_data() if filters else raw
    except LimitReachedError:
        raise refuse(f"en innehållsström packas upp till mer än {MAX_STREAM_BYTES // 1_000_000} MB") from None
    except Exception:  # noqa: BLE001 – a filter pypdf cannot decode: pdfminer will not read it either
        return b""
    if len(data) > MAX_STREAM_BYTES:
        raise refuse(f"en innehållsström är större än {MAX_STREAM_BYTES // 1_000_000} MB")
    return data


class Drawing:
    """The bytes and forms each page draws, forms followed through their nesting. A stream is decoded once
    (memo by object and resources), a cycle of forms is refused, and the totals are bounded page by page."""

    def __init__(self) -> None:
        self.memo: dict[tuple, tuple[int, int]] = {}
        self.kept: list = []  # resources whose id() is part of a memo key stay alive
        self.total = 0

    def page(self, number: int, page, resources) -> None:
        contents = page.get("/Contents")
        refs = contents.get_object() if contents is not None else []
        refs = refs if isinstance(refs, list) else [contents]
        drawn = forms = 0
        for ref in refs:
            size, count = self.cost(ref, resources, 0, set())
            drawn, forms = drawn + size, forms + count
            self.bound(drawn, forms, f"sidan {number}")
        self.total += drawn
        if self.total > MAX_DOCUMENT_BYTES:
            raise refuse(f"sidorna ritar tillsammans mer än {MAX_DOCUMENT_BYTES // 1_000_000} MB innehåll")

    @staticmethod
    def bound(drawn: int, forms: int, where: str = "en sida") -> None:
        if forms > MAX_FORMS or drawn > MAX_PAGE_BYTES:
            raise refuse(f"{where} ritar mer än {MAX_FORMS} inbäddade figurer (XObject) eller "
                         f"{MAX_PAGE_BYTES // 1_000_000} MB innehåll")

    def cost(self, ref, resources, depth: int, active: set) -> tuple[int, int]:
        """(bytes drawn, forms drawn) by one content stream or form and everything it draws."""
        key = (getattr(ref, "idnum", id(ref)), id(resources))
        if key in self.memo:
            return self.memo[key]
        if key in active or depth > MAX_FORM_DEPTH:
            raise refuse("inbäddade figurer (XObject) ritar varandra i en cirkel eller i fler än "
                         f"{MAX_FORM_DEPTH} nivåer")
        stream = ref.get_object()
        data = content(stream) if hasattr(stream, "get_data") else b""
        own = (_get(stream, "/Resources") or resources) if depth else resources
        self.kept.append(own)
        active.add(key)
        drawn, forms = len(data), 0
        for name, times in collections.Counter(_DO.findall(data)).items():  # each name looked up once
            target = self.form(own, name)
            if target is not None:
                size, count = self.cost(target, own, depth + 1, active)
                drawn, forms = drawn + times * size, forms + times * (count + 1)
                self.bound(drawn, forms)  # at once: a nesting without a cycle still multiplies
        active.discard(key)
        self.memo[key] = (drawn, forms)
        return drawn, forms

    @staticmethod
    def form(resources, name: bytes):
        """The form XObject a name stands for in these resources (unresolved), or None (an image, or nothing)."""
        xobjects = _get(resources, "/XObject")
        key = "/" + name.decode("latin-1")
        target = xobjects.raw_get(key) if xobjects is not None and key in xobjects else None
        return target if target is not None and _get(target.get_object(), "/Subtype") == "/Form" else None


def check(reader) -> None:
    """Refuse, in Swedish, a PDF whose page tree or drawing is beyond what a referral answer holds."""
    from pypdf.errors import LimitReachedError

    drawing = Drawing()
    try:
        for number, (page, resources) in enumerate(pages(reader), start=1):
            drawing.page(number, page, resources)
    except ExtractError:
        raise
    except LimitReachedError:
        raise refuse("en lista, ett objekt eller en ström är större än en PDF-läsare tillåter") from None
    except RecursionError:
        raise refuse("objekt som hänvisar till varandra i för många led") from None
    except Exception as exc:  # noqa: BLE001 – pypdf raises many kinds on a broken file; unchecked is unread
        raise ExtractError(f"PDF-filen kunde inte läsas – den verkar skadad eller avkortad ({type(exc).__name__}): "
                           "spara den på nytt ur ursprungsprogrammet") from None


# --- time ------------------------------------------------------------------------------------------------------

class OverTime(BaseException):
    """Raised by the timer inside pdfminer's pure-Python work. A BaseException, so that none of the library's
    `except Exception` swallows it; the timer also rings again every fifth of a second until it is out."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise OverTime after `seconds`, in the main thread of a POSIX process (elsewhere: no limit – the batch
    import's process of its own still stops at its wall). A timer set before is put back, less the time spent."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise OverTime

    started = time.monotonic()
    handler = signal.signal(signal.SIGALRM, ring)
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds, 0.2)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, handler)
        if earlier:
            signal.setitimer(signal.ITIMER_REAL, max(0.001, earlier - (time.monotonic() - started)))
