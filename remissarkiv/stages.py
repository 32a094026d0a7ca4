"""Where a build's time goes: wall and CPU time per named stage, for `make bench` (setting `stages_file`).

CPU time is this process's plus that of its child processes reaped during the stage (the worker pools of
`parallel.map_items` end with the call that made them; Pagefind is reaped when the index is finished), so
the worker time of converting bodies is counted where it is spent. Stages of the same name add up (MkDocs'
page rendering is timed page by page).
"""
from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Stages:
    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._open: dict[str, tuple[float, float]] = {}

    @contextmanager
    def __call__(self, name: str):
        self.start(name)
        try:
            yield
        finally:
            self.stop(name)

    def start(self, name: str) -> None:
        self._open[name] = (time.perf_counter(), _cpu())

    def stop(self, name: str) -> None:
        began = self._open.pop(name, None)
        if began is None:
            return
        self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - began[0]
        self.cpu[name] = self.cpu.get(name, 0.0) + _cpu() - began[1]

    def write(self, path: str) -> None:
        """Add this build's figures to `path` (JSON lines), and start afresh."""
        if path:
            row = {name: {"wall": round(self.wall[name], 3), "cpu": round(self.cpu[name], 3)} for name in self.wall}
            with Path(path).open("a", encoding="utf-8") as out:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.__init__()


STAGES = Stages()  # one build process, one record
