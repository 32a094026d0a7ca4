"""Spread per-case work over the machine's cores (a build on 2 cores reads and converts 10,000 cases)."""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a process pool costs more than it saves.
MIN_ITEMS = 400


def map_items(func: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """func over items, in worker processes when that pays; results in input order. func must be top-level."""
    items = list(items)
    workers = min(4, os.cpu_count() or 1)
    if len(items) < MIN_ITEMS or workers < 2 or os.name != "posix":
        return [func(item) for item in items]
    # fork is cheap and re-imports nothing, but is only safe while this process runs one thread. `mkdocs
    # serve` runs several: there the workers come from a forkserver, a clean single-threaded process started
    # once, so its first build at 10,000 cases is as parallel as `mkdocs build`.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(func, items, chunksize=max(1, len(items) // (workers * 8))))
