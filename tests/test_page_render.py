"""The generated pages' fast path (site.page_render.plain_page) writes what Python-Markdown with MkDocs' own
processors writes: the same HTML, table of contents, title and anchors, on random pages of headings and
placeholders; a heading it cannot write takes the Markdown pass. A whole site built both ways is compared
byte for byte by bench/same_site.py."""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from hypothesis import given, settings

from tests.conftest import make_project
from hypothesis import strategies as st

from remissarkiv.site import page_render
from remissarkiv.site.pages import heading

CONFIG = {"markdown_extensions": ["toc", "tables", "def_list", "pymdownx.superfences"],
          "mdx_configs": {"toc": {"permalink": True, "permalink_title": "Länk till rubriken"},
                          "tables": {"use_align_attribute": True}}}
TITLE = st.text(st.sampled_from(list("abcåäöABCÅ019 .,:;/()–—!?§%-_&<>\"'\\*[]#+`{}|~^=@$\t\u00a0\u2028é́")),
                min_size=1, max_size=30)
LINE = st.one_of(st.tuples(st.integers(1, 3), TITLE).map(lambda t: heading(t[1], t[0]).rstrip("\n")),
                 st.integers(0, 9).map(lambda n: f"<!--ra:{n}-->"), st.just(""))
PLAIN_TITLE = st.sampled_from(["Remissvar: Motion om att ta tillbaka utsatta områden", "Missiv", "Svar – 2024/12",
                               "Bromma stadsdelsnämnd (2019)", "Sammanställning!", "Vad? § 12, 50 %",
                               "[SYNTETISKT] Remissvar: Motion om *stjärnor* och #taggar", "C:\\mappar_och_{klamrar}"])


@dataclass(frozen=True)
class _File:
    src_uri: str = "x.md"
    dest_uri: str = "x/index.html"
    url: str = "x/"


def _page(markdown: str):
    return SimpleNamespace(markdown=markdown, file=_File(), links_to_anchors=None)


def _rendered(renderer, markdown: str) -> tuple:
    page = _page(markdown)
    renderer.render(page, CONFIG, None)
    return (page.content, [(i.title, i.id, i.level, [(c.title, c.id) for c in i.children]) for i in page.toc],
            page._title_from_render, page.present_anchor_ids, page.links_to_anchors)


@settings(max_examples=1500, deadline=None)
@given(st.lists(LINE, max_size=8).map(lambda lines: "\n" + "\n\n".join(lines) + "\n"))
def test_the_fast_path_writes_what_markdown_writes(markdown):
    fast = page_render.plain_page(markdown, "Länk till rubriken")
    assert _rendered(page_render.FastRenderer(), markdown) == _rendered(page_render.SharedRenderer(), markdown)
    if fast is not None:  # and when the fast path wrote it, it was the fast path's own output
        assert fast[0] == _rendered(page_render.SharedRenderer(), markdown)[0]


@given(st.lists(st.one_of(PLAIN_TITLE.map(lambda t: heading(t, 1).rstrip("\n")),
                          PLAIN_TITLE.map(lambda t: heading(t, 2).rstrip("\n")),
                          st.integers(0, 9).map(lambda n: f"<!--ra:{n}-->")), min_size=1, max_size=6)
       .map(lambda lines: "\n" + "\n\n".join(lines) + "\n"))
def test_pages_of_plain_headings_take_the_fast_path(markdown):
    assert page_render.plain_page(markdown, "Länk till rubriken") is not None


def test_another_toc_setting_takes_the_markdown_pass():
    other = {**CONFIG, "mdx_configs": {"toc": {"permalink": "#"}}}
    assert page_render._permalink(other) is None and page_render._permalink(CONFIG) == "Länk till rubriken"


def test_a_site_built_with_and_without_the_fast_path_is_the_same_byte_for_byte(tmp_path):
    proj = make_project(tmp_path)
    slow = proj.build("--site-dir", "site-slow", env={"REMISSARKIV_SNABBA_SIDOR": "0", "REMISSARKIV_SOKINDEX": "0"})
    fast = proj.build("--site-dir", "site-fast", env={"REMISSARKIV_SOKINDEX": "0"})
    assert slow.returncode == 0 and fast.returncode == 0, slow.stderr + fast.stderr
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    slow_files, fast_files = files(proj.root / "site-slow"), files(proj.root / "site-fast")
    assert len(slow_files) > 100 and slow_files.keys() == fast_files.keys()
    assert [p for p in slow_files if slow_files[p] != fast_files[p]] == []
