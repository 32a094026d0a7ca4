"""Generated pages stay small: listings are split into pages under the size budget."""
from __future__ import annotations

import copy
from pathlib import Path

from remissarkiv.archive.indexes import Archive
from remissarkiv.archive.project import Project
from remissarkiv.model.swedish import case_number_key, long_date, sort_key
from remissarkiv.site import pages, urls

ROOT = Path(__file__).resolve().parent.parent


def many_cases(n: int) -> Archive:
    result, archive = Project(ROOT).load()
    seed = archive.cases[0]
    docs = []
    for i in range(n):
        doc = copy.copy(seed)
        doc.id = f"2019/kopia-{i}"
        docs.append(doc)
    return Archive(docs, archive.boards)


def test_listings_are_paginated_under_budget():
    archive = many_cases(250)
    out = pages.board_pages(archive)
    board_pages = sorted(k for k in out if k.startswith("namnder/bromma"))
    assert board_pages == ["namnder/bromma.md", "namnder/bromma/sida-2.md", "namnder/bromma/sida-3.md"]
    last = out["namnder/bromma/sida-3.md"].standalone()
    assert last.count('class="ra-item"') == 50
    assert 'aria-current="page">3<' in last
    # 100 entries of Markdown source; the budget for the built page (with theme) is 300 KB.
    assert max(len(v.standalone().encode()) for v in out.values()) < 150_000


def test_generated_html_blocks_bypass_markdown_and_fill_back():
    archive = many_cases(1)
    page = pages.render_all(archive)["remissvar/2019/kopia-0.md"]
    assert "<!--ra:0-->" in page.markdown and "ra-facts" not in page.markdown
    assert "ra-facts" in page.standalone() and "<!--ra:" not in page.standalone()
    assert page.fill("<p>x</p><!--ra:0-->") == "<p>x</p>" + page.blocks[0]
    # The body is converted ahead (in worker processes for many cases); its headings come as toc tokens.
    assert [t["name"] for t in page.toc][:2] == ["Förslag till beslut", "Sammanfattning"]
    assert '<h2 id="bakgrund">Bakgrund' in page.blocks[0]


def test_relative_urls():
    assert urls.relative("namnder/bromma/", urls.case("2019/x")) == "../../remissvar/2019/x/"
    assert urls.relative("", urls.board("bromma")) == "namnder/bromma/"
    assert urls.relative("remissvar/2019/x/", urls.attachment("2019/x", "a.pdf")) == "a.pdf"
    assert urls.relative("namnder/", "namnder/") == "./"
    assert urls.relative("remissvar/2019/x/", "") == "../../../"
    assert urls.relative("namnder/bromma/sida-2/", "namnder/bromma/") == "../"


def test_relative_urls_agree_with_posixpath():
    import itertools
    import posixpath

    def reference(from_url, to_url):
        rel = posixpath.relpath(to_url or ".", from_url or ".")
        return ("./" if rel == "." else rel + "/") if to_url.endswith("/") or to_url == "" else rel

    places = ["", "namnder/", "namnder/bromma/", "namnder/bromma/sida-2/", "remissvar/2019/x/", "remissvar/2019/y/",
              "remissvar/2019/x/bilagor/a.pdf", "ar/okant/", "amnen/trygghet/"]
    for a, b in itertools.product([p for p in places if p.endswith("/") or p == ""], places):
        assert urls.relative(a, b) == reference(a, b), (a, b)


def test_swedish_conventions():
    names = ["Östermalm", "Älvsjö", "Åkeshov", "Zinkensdamm", "Bromma"]
    assert sorted(names, key=sort_key) == ["Bromma", "Zinkensdamm", "Åkeshov", "Älvsjö", "Östermalm"]
    assert case_number_key("KS 2019/1899") == case_number_key("ks 2019-1899") == case_number_key("Dnr KS 2019/1899")
    import datetime as dt
    assert long_date(dt.date(2020, 3, 17)) == "17 mars 2020"


def test_bodies_are_converted_once_per_content(monkeypatch):
    from remissarkiv import parallel
    from remissarkiv.site import render

    archive = many_cases(3)
    converted = []
    real = parallel.map_items
    monkeypatch.setattr(parallel, "map_items", lambda f, items: converted.append(len(items)) or real(f, items))
    cache = render.BodyCache()
    cache.render(archive.cases)
    archive.cases[1].body = archive.cases[1].body + "\n\nEn ändring."
    cache.render(archive.cases)
    assert converted == [3, 1]  # all three the first time; then only the edited one
