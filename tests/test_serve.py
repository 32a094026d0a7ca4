"""`mkdocs serve --dirty` (make serve): after an edit, the rebuild hands MkDocs only the pages that changed,
and the preview shows the edit on the case page and everywhere the case is listed."""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import time
import urllib.request

import pytest

from .conftest import MKDOCS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _status(port: int, host: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.putrequest("GET", "/", skip_host=True)
    conn.putheader("Host", host)
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


def _wait_for(check, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_an_edit_shows_on_the_case_page_and_its_listings(project, polling):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = project.root / "serve.log"
    env = {**os.environ, "REMISSARKIV_POLLNING": "1" if polling else "0"}
    with log.open("w") as out:
        server = subprocess.Popen([*MKDOCS, "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project.root, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        assert _wait_for(lambda: "Remissarkivet" in _get(base + "/")), log.read_text()
        # A page elsewhere that rebinds its name to 127.0.0.1 gets nothing: the Host must name this computer.
        assert _status(port, "evil.example:%d" % port) == 403
        assert _status(port, "127.0.0.1.evil.example:%d" % port) == 403
        assert _status(port, "localhost:%d" % port) == 200
        case = project.root / "cases/2020/sodermalm-ks-2019-1899.md"
        text = case.read_text(encoding="utf-8")
        case.write_text(re.sub(r"^title: .*$", "title: 'Ändrad titel för förhandsvisningen'", text, count=1,
                               flags=re.M), encoding="utf-8")
        pages = ["/remissvar/2020/sodermalm-ks-2019-1899/", "/namnder/sodermalm/", "/ar/2020/",
                 "/remisser/ks-2019-1899/"]
        assert _wait_for(lambda: all("Ändrad titel för förhandsvisningen" in _get(base + p) for p in pages)), \
            {p: "Ändrad titel" in _get(base + p) for p in pages}
        # Pages the edit did not touch were not handed to MkDocs again, and are still served.
        assert "Remissvar: Motion om att ta tillbaka utsatta områden" in _get(base + "/remissvar/2019/bromma-ks-2019-1899/")
        assert "Bromma stadsdelsnämnd" in _get(base + "/namnder/bromma/")
        output = log.read_text()
        assert len(re.findall(r"Documentation built in", output)) >= 2, output
        # And then it rests: a build reads files, and reading is no edit (no rebuild without end).
        time.sleep(3)
        assert log.read_text().count("Documentation built in") == output.count("Documentation built in"), output
        # The listings named in the nav are handed to MkDocs in every rebuild, or it warns and drops them.
        warnings = [ln for ln in output.splitlines() if "WARNING -" in ln and "'dirty' build" not in ln]
        assert len([w for w in warnings if '"GET / HTTP/1.1" code 403' in w]) == 2, output  # the two foreign Hosts
        assert [w for w in warnings if "code 403" not in w] == [], output
        # Edits are heard from the system unless the setting keeps MkDocs' polling.
        assert ("filsystemets meddelanden (inotify)" in output) is not polling, output
        # Issue 37: one Swedish line says what is happening; MkDocs' English dirty-build warning and the macros
        # plugin's settings are not shown (Material's end-of-life notice: NO_MKDOCS_2_WARNING, make serve)
        assert "Remissarkivet: webbplatsen byggs och visas här på datorn" in output, output
        assert "'dirty' build" not in output and "[macros]" not in output, output
    finally:
        server.terminate()
        server.wait()


def test_changed_pages_are_the_ones_an_edit_touches(project):
    from remissarkiv.site.build import Builder

    builder = Builder(project.root)

    def rebuild() -> set[str]:
        builder.generate()
        return builder.changed_pages()

    first = rebuild()
    assert "remissvar/2019/bromma-ks-2019-1899.md" in first  # the first time, every page
    assert (project.root / "cases/remisser/ks-2019-1899.md").exists()  # a referral with its record
    kept = dict(builder.content.pages)
    assert rebuild() == set()
    # Not made again either (pages.PageCache): the record and its cases are the same objects as before.
    assert builder.content.pages["remisser/ks-2019-1899.md"] is kept["remisser/ks-2019-1899.md"]
    case = project.root / "cases/2020/sodermalm-ks-2019-1899.md"
    case.write_text(case.read_text(encoding="utf-8").replace("(Södermalm)", "(Södermalm, ändrad)"),
                    encoding="utf-8")
    changed = rebuild()
    assert {"remissvar/2020/sodermalm-ks-2019-1899.md", "namnder/sodermalm.md", "ar/2020.md",
            "remisser/ks-2019-1899.md"} <= changed
    assert "remissvar/2019/bromma-ks-2019-1899.md" not in changed  # its sibling list shows boards, not titles
    assert "namnder/bromma.md" not in changed
    lists = [path for path in builder.content.pages if path == "remisser.md" or path.startswith(
        ("remisser/efter-svarsdag", "remisser/remittent/", "remisser/lage/"))]
    assert lists and all(builder.content.pages[path] is kept[path] for path in lists)  # their rows are the same
    record = project.root / "cases/remisser/ks-2019-1899.md"
    record.write_text(record.read_text(encoding="utf-8").replace("title: Motion", "title: Ändrad motion", 1), encoding="utf-8")
    changed = rebuild()
    assert {"remisser.md", "remisser/efter-svarsdag.md", "remisser/remittent/kommunstyrelsen.md"} <= changed  # a row's title changed in the lists


def test_the_address_check_remembers_only_an_unchanged_answer(tmp_path):
    from remissarkiv.site import addresses

    check = addresses.Checker()
    sources = [("remissvar/2024/a.md", "cases/2024/a.md"), ("remissvar/2024/b.md", "cases/2024/b.md")]
    assert check.problems(sources, tmp_path) == []
    clash = [*sources, ("remissvar/2024/a/index.html", "cases/2024/c.md (aliases: remissvar/2024/a/)")]
    found = check.problems(clash, tmp_path)
    assert found and found == addresses.problems(clash, tmp_path)  # the new sources, checked anew
    assert check.problems(clash, tmp_path) == found
    assert check.problems([*clash, clash[0]], tmp_path) != found  # the same source twice is a clash of its own
    assert check.problems(sources[::-1], tmp_path) == []
    (tmp_path / "remissvar/2024").mkdir(parents=True)
    (tmp_path / "remissvar/2024/b.md").write_text("# En handskriven sida på samma adress\n")
    assert check.problems(sources, tmp_path)  # a hand-written page in docs/ is part of what is checked
