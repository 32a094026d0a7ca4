"""Spread per-case work over the machine's cores (a build on 2 cores reads and converts 10,000 cases)."""
from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import select
import shutil
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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


class OverBudget(Exception):
    """A piece of work took longer than its time budget and was stopped."""


def isolated(func: Callable[[T], R], item: T, seconds: float, memory: int | None = None) -> R:
    """func(item) in a process of its own, stopped after `seconds` (OverBudget): a hard wall around work a
    library may do in super-linear time inside one C call, where no signal handler gets a word in. With
    `memory` (bytes), the child's address space is capped too: a file that would take gigabytes ends in a
    MemoryError there (RuntimeError here) instead of taking the machine's memory."""
    if os.name != "posix":
        return func(item)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, hand the result back, leave without running the parent's cleanup
        os.close(read_fd)
        try:
            if memory:  # on top of what the fork shares with the parent (a build holds gigabytes)
                limit = _address_space() + memory
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            data = pickle.dumps((True, func(item)))
        except BaseException as exc:  # noqa: BLE001 – reported by the parent
            data = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(write_fd)
    chunks, deadline = [], time.monotonic() + seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_fd], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                raise OverBudget(seconds)
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)
    ok, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise RuntimeError(value)
    return value


def _address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS counts)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def remove_tree(path: str | os.PathLike) -> None:
    """shutil.rmtree(path, ignore_errors=True), its files unlinked by several threads at once: a replaced site
    is some 40,000 files at 10,000 cases, and one unlink after another waits on the disk for each."""
    files, folders = [], []
    for folder, dirs, names in os.walk(path):
        folders.append(folder)
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]  # unlinked, never followed
        files += [os.path.join(folder, name) for name in [*names, *links]]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(_unlink_quietly, files, chunksize=256))
    for folder in reversed(folders):
        try:
            os.rmdir(folder)
        except OSError:
            pass
    shutil.rmtree(path, ignore_errors=True)  # whatever was left (a file that came in meanwhile)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
