"""Linear work: doubling a hostile input at most about doubles the time of `check`, of the build's page step
and of the importer (Hypothesis; the examples are derandomized, so every run tries the same ones).

Each input is one unit repeated to a size and then to twice that size; the best of three runs is compared, so
the noise of a shared machine does not decide. Left out on purpose: Python-Markdown's own conversion of a body
(the "bodies" stage), which is super-linear on some markup and guarded by a time budget instead
(`site/heavy.py`; tests/test_hostile_second.py checks that such a body is refused in seconds). `check` runs
that conversion only on trial for a body with much markup, so here the trial is replaced by a stand-in.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from remissarkiv.archive.indexes import Archive
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading import loader
from remissarkiv.site import heavy, pages, render
from remissarkiv.tools.importer import extract, parse

from .conftest import ROOT

# Units that made some step of ours slow before, and text that looks like what each step looks for.
HOSTILE = [
    "Anna 811218-9876\n", "19811218-9876 ", "8112189876,", "&#56;&#49;1218-9876 ", "811218\n-9876 ",
    "``` ` `` a", "`", "``x", "<b ", "<b onclick=x>", "<a href='", "\\<i\\>", "\\`", "[", "[a](", "![x](",
    "<!--", "{{ x }}", "&amp;", "\u00ad", "-", "–", "- ", "Sida 2 (3)\n", "Dnr KS 2024/1\n", "ab-\ncd ",
    "Stadsdelsförvaltningen\n", "ord\n", "\n", " ", "x" * 50, "Förslag till beslut\n", "§ 12\n",
]
UNITS = st.one_of(st.sampled_from(HOSTILE),
                  st.text(alphabet=st.sampled_from("ab1-\n <>`[]&#*_\\:/§åä"), min_size=1, max_size=8))
SIZE = 30_000          # characters of the smaller input
RATIO = 2.6            # "about doubles": twice the work, with room for a shared machine's noise
SLACK = 0.03           # seconds: a fixed cost (a file opened, a process's cache) does not double
PROPERTY = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def repeated(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def best(work) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def assert_about_doubles(measure, unit: str) -> None:
    """Measured again (up to three times) when a shared machine's noise made one pair look worse: work that
    grows faster than its input fails every time."""
    seen = []
    for _ in range(3):
        small, large = measure(repeated(unit, SIZE)), measure(repeated(unit, 2 * SIZE))
        if large <= RATIO * small + SLACK:
            return
        seen.append((round(small, 4), round(large, 4)))
    raise AssertionError(f"{unit!r}: doubling the input took (small, large) seconds {seen}")


@pytest.fixture(scope="module")
def folder():
    root = Path(tempfile.mkdtemp(prefix="linjar-"))
    shutil.copytree(ROOT / "data", root / "data")
    (root / "cases/2024").mkdir(parents=True)
    yield root
    shutil.rmtree(root)


@pytest.fixture(autouse=True)
def no_trial(monkeypatch):
    monkeypatch.setattr(heavy, "trial", lambda body: True)  # Python-Markdown's time: bounded, not measured


FRONT = ('---\ntitle: {title}\nboard: bromma\nstatus: publicerad\nsummary: {summary}\nreferral:\n'
         '  title: Motion\n  case_number: KS 2024/1\n  sender: Kommunstyrelsen\nreview:\n  by: Provgranskare\n  date: 2024-06-01\n---\n')


def case_text(text: str, where: str) -> str:
    title = json.dumps(text if where == "title" else "Remissvar", ensure_ascii=False)
    summary = json.dumps(text if where == "summary" else "Kort.", ensure_ascii=False)
    return FRONT.format(title=title, summary=summary) + (text if where == "body" else "Text.\n")


@PROPERTY
@example(unit="Anna 811218-9876\n", where="body")   # 54 s for 1,000 numbers before
@example(unit="``` ` `` a", where="body")           # runs of backticks: 12 s
@example(unit="<b ", where="body")
@example(unit="19811218-9876 ", where="summary")    # a number in a YAML value
@given(unit=UNITS, where=st.sampled_from(["body", "body", "summary", "title"]))
def test_check_time_about_doubles_when_the_input_doubles(folder, unit, where):
    path = folder / "cases/2024/fall.md"

    def measure(text: str) -> float:
        path.write_text(case_text(text, where), encoding="utf-8")
        return best(lambda: loader.load_one(path, folder / "cases", folder))

    assert_about_doubles(measure, unit)


IMPORT_UNITS = ["Dnr\n", "Dnr\t\t", "Till\n", "Till Bromma stadsdelsnämnd\n", "Handläggare\n", "Vid protokollet\n",
                "Justerat\nAnna Berg\n", "Anna Berg\tBo Ek\n", "Ordförande\n", "Datum 2024-01-01 Dnr KS 2024/1 ",
                "Stockholm den 1 maj 2024\n", "Med vänliga hälsningar\n", "Från: a\n", "1. a\n", "• a\n",
                "Remissvar a, KS 2024/1\n", "Telefon 08-1\n"]


@PROPERTY
@example(unit="-", where="body")                     # one line of dashes: 55 s for 40,000 before
@example(unit="ord\n", where="body")                 # many short lines: 19 s for 20,000
@example(unit="ab-\ncd ", where="body")              # hyphenation repaired at every line end
@example(unit="Sida 2 (3)\n", where="head")
@example(unit="Dnr\n", where="head")                 # labels whose value is looked for below them
@example(unit="Vid protokollet\n", where="body")     # signature labels
@given(unit=st.one_of(UNITS, st.sampled_from(IMPORT_UNITS)), where=st.sampled_from(["head", "body", "mail"]))
def test_import_time_about_doubles_when_the_document_doubles(folder, unit, where):
    boards = BoardRegistry.load(folder / "data/boards.yml")
    source = folder / "dokument.txt"
    title = "Remissvar Motion om lekplatser, KS 2024/5\n\nFörslag till beslut\n\n"

    def measure(text: str) -> float:
        document = {"head": text + "\n" + title, "body": title + text + "\n",
                    "mail": "Från: Anna Berg <a@example.invalid>\nÄmne: " + title + text}[where]
        source.write_text(document, encoding="utf-8")
        return best(lambda: parse.parse(extract.read(source), boards))

    assert_about_doubles(measure, unit)


@PROPERTY
@example(unit="<b ", where="body")
@example(unit="Ämne ", where="title")
@given(unit=UNITS, where=st.sampled_from(["title", "summary", "body"]))
def test_the_page_step_time_about_doubles_when_the_case_doubles(folder, unit, where):
    boards = BoardRegistry.load(folder / "data/boards.yml")
    path = folder / "cases/2024/fall.md"

    def measure(text: str) -> float:
        path.write_text(case_text(text, where), encoding="utf-8")
        doc, _ = loader.load_one(path, folder / "cases", folder)
        if doc is None:  # refused by the checker (an identity number …): nothing reaches the page step
            return best(lambda: None) + 0.001
        archive = Archive([doc], boards)
        bodies = {doc.id: render.RenderedBody(f"<p>{text}</p>" if where == "body" else "<p>x</p>", [], [])}
        return best(lambda: pages.render_all(archive, bodies))

    assert_about_doubles(measure, unit)


def test_backtick_runs_of_growing_length_are_blanked_in_linear_time(folder):
    """Runs of 1, 2, 3 … backticks, none closed: each opened a search to the end of the line (2.0 s for 245 KB)."""
    path = folder / "cases/2024/fall.md"

    def measure(runs: int) -> float:
        path.write_text(case_text("".join("`" * k + "a" for k in range(1, runs)), "body"), encoding="utf-8")
        return best(lambda: loader.load_one(path, folder / "cases", folder))

    seen = []
    for _ in range(3):
        small, large = measure(350), measure(495)  # about 61 KB and 122 KB: twice the text
        if large <= RATIO * small + SLACK:
            return
        seen.append((small, large))
    raise AssertionError(seen)


# -- The importer's hostile shapes (issue 35): each n and 2n, read in a process of its own ---------------------

def _shapes():
    from . import test_hostile_third as shapes

    return {
        # name: (the file at size n, its suffix, the smaller n)
        "sammanslagna celler": (lambda n: shapes.merged_table(n, 3), ".docx", 60),    # rows: cubic before
        "sammanslagna spann": (lambda n: shapes.merged_table(n, 2, span=2), ".docx", 50),
        "stycken": (lambda n: shapes.paragraphs(n), ".docx", 2_000),
        "sidträd": (lambda n: shapes.page_tree(n), ".pdf", 5_000),                  # /Kids entries
        "sidträd i noder": (lambda n: shapes.page_tree(n * 100, inner=n), ".pdf", 40),
        "innehållsström": (lambda n: shapes.big_stream(n), ".pdf", 4),               # MB of spaces
        "stor innehållsström": (lambda n: shapes.big_stream(n, b"\0"), ".pdf", 30),  # past the bound
        "former i led": (lambda n: shapes.nested_forms(n, 2), ".pdf", 14),           # 2**n forms drawn before
        "former i cirkel": (lambda n: shapes.nested_forms(n, 2, cycle=True), ".pdf", 8),
        "e-postdelar": (lambda n: shapes.many_parts(n), ".eml", 200),
        "bilagor": (lambda n: shapes.many_parts(n, attachment=True), ".eml", 400),
        "rader": (lambda n: shapes.many_lines(n), ".txt", 5_000),
        "etikettrader": (lambda n: shapes.many_lines(n, "Dnr\n"), ".txt", 60_000),    # past the bound at 2n
    }


def _read_and_parse(path: Path):
    boards = BoardRegistry.load(ROOT / "data/boards.yml")
    try:
        parse.parse(extract.read(path, ocr=False), boards)
    except extract.ExtractError:
        pass  # refused in Swedish: as good an end as an import


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(shape="sammanslagna celler", scale=1)
@example(shape="former i led", scale=1)
@example(shape="sidträd", scale=1)
@example(shape="innehållsström", scale=1)
@example(shape="e-postdelar", scale=1)
@example(shape="rader", scale=1)
@given(shape=st.sampled_from(sorted(_shapes())), scale=st.sampled_from([1, 1.5, 2]))
def test_the_importers_hostile_shapes_take_about_twice_as_long_at_twice_the_size(folder, shape, scale):
    """Each shape that ran to the 120 s kill (or close) at n and at 2n: the time about doubles at most. Each read
    runs in a process of its own that is stopped after 20 s, so that work that explodes fails the test."""
    from remissarkiv import parallel

    make, suffix, n = _shapes()[shape]
    n = max(1, int(n * scale))
    path = folder / f"form{suffix}"

    def measure(size: int) -> float:
        path.write_bytes(make(size))
        try:
            return best(lambda: parallel.isolated(_read_and_parse, path, 20))
        except parallel.OverBudget:
            return float("inf")

    seen = []
    for _ in range(3):
        small, large = measure(n), measure(2 * n)
        if large <= RATIO * small + SLACK:
            return
        seen.append((round(small, 4), round(large, 4)))
    raise AssertionError(f"{shape} (n={n}): doubling the input took (small, large) seconds {seen}")
