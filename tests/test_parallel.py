"""Worker processes: with fork when the process has one thread, with a forkserver when it has more (mkdocs
serve), and the same results either way."""
from __future__ import annotations

import os
import threading

from remissarkiv import parallel
from remissarkiv.site.render import render_bodies


def worker_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_work_is_spread_over_processes_also_beside_other_threads():
    items = list(range(parallel.MIN_ITEMS * 2))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # as mkdocs serve's server and watcher threads
    other.start()
    try:
        results = parallel.map_items(worker_pid, items)
    finally:
        stop.set()
        other.join()
    assert [square for square, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}  # not done in this process, as before


def test_bodies_convert_in_a_forkserver_as_in_a_fork():
    class Doc:
        def __init__(self, i):
            self.id, self.body = f"2020/d{i}", f"## Rubrik {i}\n\nText om nämnden {i}.\n"
            self.case = type("C", (), {"title": f"T{i}", "summary": None, "attachments": [],
                                       "referral": type("R", (), {"title": "R"})()})()

    docs = [Doc(i) for i in range(parallel.MIN_ITEMS + 10)]
    alone = render_bodies(docs)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        beside = render_bodies(docs)
    finally:
        stop.set()
        other.join()
    assert {k: (v.html, v.toc, v.parts) for k, v in alone.items()} == \
        {k: (v.html, v.toc, v.parts) for k, v in beside.items()}


def test_remove_tree_removes_everything_and_follows_no_link(tmp_path):
    outside = tmp_path / "utanfor"
    (outside / "inre").mkdir(parents=True)
    (outside / "inre" / "kvar.txt").write_text("kvar")
    tree = tmp_path / "webbplats"
    for n in range(300):
        (tree / f"a{n % 7}" / f"b{n % 3}").mkdir(parents=True, exist_ok=True)
        (tree / f"a{n % 7}" / f"b{n % 3}" / f"{n}.html").write_text("x")
    (tree / "a1" / "lank").symlink_to(outside)
    (tree / "fillank").symlink_to(outside / "inre" / "kvar.txt")
    parallel.remove_tree(tree)
    assert not tree.exists()
    assert (outside / "inre" / "kvar.txt").read_text() == "kvar"
    parallel.remove_tree(tree)  # gone already: nothing to do, nothing raised
