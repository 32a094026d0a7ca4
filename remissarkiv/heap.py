"""The build's long-lived objects and Python's cyclic garbage collector.

A build keeps what it loads and makes (10,000 cases, their bodies, pages and MkDocs' own objects) until it
ends, and the collector walked all of it again at every full collection: some 3.6 s of a 10,000-case build's
main process, and a quarter of a `mkdocs serve` rebuild. `settle` moves what exists now out of the collector's
reach (gc.freeze); garbage is still freed as before, and the collector keeps watching whatever is made after.
Before the build forks its workers it also spares them copying pages the collector would touch.
"""
from __future__ import annotations

import gc


def settle() -> None:
    """Everything alive now lives until the build ends (or is dropped by reference counting)."""
    gc.freeze()
