"""The documents Pagefind indexes for case pages, and the background index build."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remissarkiv.archive.project import Project
from remissarkiv.site import compounds, render, search

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed():
    _, archive = Project(ROOT).load()
    return archive, archive.cases[0], render.render_bodies(archive.cases)


def test_document_holds_facts_terms_filters_and_body(seed):
    archive, doc, bodies = seed
    html = search.documents(archive, bodies)["remissvar/2019/bromma-ks-2019-1899/"]
    assert html.startswith('<!doctype html><html lang="sv">')
    # The facts read as a sentence (excerpts show it), the body follows, the search-only terms come last.
    facts = html.index("Bromma stadsdelsnämnd. Remiss KS 2019/1899 från Kommunstyrelsen")
    body = html.index("myndighetsgemensamma aktionsgrupper")
    terms = html.index('<span data-pagefind-weight="10">ks20191899 20191899</span>')
    assert facts < body < terms
    assert "gemensamma" in html[terms:]
    assert "myndighet" not in html[terms:]  # a first part begins the word: Pagefind's prefix match finds it
    assert '<span data-pagefind-filter="nämnd">Bromma stadsdelsnämnd</span>' in html
    assert '<span data-pagefind-filter="år">Datum saknas</span>' in html  # the seed's date is unknown
    assert 'data-pagefind-sort' not in html                              # … so it has no sort key either
    assert '<span data-pagefind-meta="diarienummer">KS 2019/1899</span>' in html
    assert "<h2 data-pagefind-ignore" in html  # the site's own 'Andra nämnders svar' heading


def test_document_escapes_case_text(seed):
    archive, doc, bodies = seed
    evil = copy.deepcopy(doc)
    evil.case.title = '<script>alert(1)</script>'
    evil.case.referral.sender = 'A & "B"'
    html = search.document(evil, "Nämnd", "<p>brödtext</p>", [])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-pagefind-filter="remittent">A &amp; &quot;B&quot;</span>' in html


def test_compound_parts_leave_out_what_prefix_search_finds():
    assert compounds.split("samverkansöverenskommelser") == ("samverkan", "överenskommelser")
    assert compounds.parts_of_text("Samverkansöverenskommelser och myndighetsgemensamma grupper") == [
        "gemensamma", "överenskommelser"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["samverkans", "överenskommelser", "trygghets", "vandringar", "myndighets",
                                 "gemensamma", "ö", "x", "É", " ", "-", "9", "\n", "ABC"]), max_size=30).map("".join))
def test_compound_parts_are_those_of_every_word(text):
    """Only words long enough to split are looked at, each whole: the parts are every word's parts."""
    every = {part for word in compounds._WORD.findall(text.lower()) for part in compounds.split(word)[1:]}
    assert compounds.parts_of_text(text) == sorted(every)


def test_index_build_moves_a_complete_index_into_the_site(seed, tmp_path):
    archive, doc, bodies = seed
    site = tmp_path / "site"
    site.mkdir()
    build = search.IndexBuild(search.documents(archive, bodies), tmp_path)
    build.finish(site)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind" / "fragment").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the work folder is gone


def test_cancelled_index_build_leaves_nothing(seed, tmp_path):
    archive, doc, bodies = seed
    build = search.IndexBuild(search.documents(archive, bodies), tmp_path)
    build.cancel()
    assert list(tmp_path.iterdir()) == []
