"""The search index split by year (search_shards): built one Pagefind run per year, searched in Chromium through
the real search page, which merges the years a query needs. Same cases as test_browser.py."""
from __future__ import annotations

import copy
import gzip
import json
from datetime import date

import pytest

from .conftest import ROOT
from .test_browser import (
    FARSTA_2019,
    PARKS,
    QUERIES,
    REFERRAL_1899,
    REFERRAL_PARKS,
    SEED,
    SODERMALM,
    recording_page,
    results,
    search,
    served_search_site,
    settled,
    sorted_by_date_with_undated_last,
)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    yield from served_search_site(tmp_path_factory.mktemp("shards"), env={"REMISSARKIV_SOKDELAR": "1"})


@pytest.fixture
def page(browser, sharded):
    yield from recording_page(browser)


def shards_fetched(page) -> set[str]:
    return {u.split("/pagefind/")[1].split("/")[0] for u in page.requests if "/pagefind/" in u}


def test_one_bundle_per_year_and_one_for_cases_without_a_date(sharded):
    proj, _ = sharded
    index = proj.site / "pagefind"
    # The same years as the site's year pages (ar/2020/, …, ar/okant/ for the cases without a date).
    years = sorted(p.name for p in (proj.site / "ar").iterdir() if p.is_dir())
    assert "okant" in years and len(years) >= 3
    assert sorted(p.name for p in index.iterdir()) == years
    for part in index.iterdir():
        assert (part / "pagefind-entry.json").is_file() and (part / "pagefind.js").is_file()
        assert not (part / "pagefind-ui.js").exists()  # Pagefind's own interfaces are not used
    # Every case and every referral is in exactly one part: the fragments of all parts together are the case
    # pages and the referral pages.
    fragments = sum(len(list((part / "fragment").iterdir())) for part in index.iterdir())
    referrals = json.loads((proj.site / "api/referrals.json").read_text(encoding="utf-8"))["referrals"]
    assert fragments == len(list(proj.site.glob("remissvar/*/*/index.html"))) + len(referrals)
    config = proj.html("sok")
    assert '"shards": [{"path": "2022", "years": ["2022"]}' in config
    assert '{"path": "okant", "years": ["Datum saknas"]}]' in config


def test_parts_are_whole_years_of_at_most_so_many_cases():
    from remissarkiv.archive.project import Project
    from remissarkiv.site import search as site_search

    class Archive:  # the years of 12 cases: 2024 ×5, 2023 ×2, 2022 ×2, 2020 ×1, no date ×2
        def __init__(self, years):
            _, seed = Project(ROOT).load()
            self.cases = []
            for year in years:
                doc = copy.deepcopy(seed.cases[0])
                doc.case.date, doc.case.decision.date = (date(year, 6, 1) if year else None), None
                self.cases.append(doc)

    archive = Archive([2024] * 5 + [2023] * 2 + [2022] * 2 + [2020] + [None] * 2)
    assert site_search.parts(archive, 1) == [("2024", [2024]), ("2023", [2023]), ("2022", [2022]), ("2020", [2020]),
                                             ("okant", [None])]
    assert site_search.parts(archive, 4) == [("2024", [2024]), ("2022-2023", [2023, 2022]), ("2020", [2020]),
                                             ("okant", [None])]
    assert site_search.parts(archive, 100) == [("2020-2024", [2024, 2023, 2022, 2020]), ("okant", [None])]


@pytest.mark.parametrize("query, expected, first", QUERIES, ids=[q for q, _, _ in QUERIES])
def test_the_query_set_finds_what_one_index_finds(page, sharded, query, expected, first):
    _, server = sharded
    found = search(page, server, query)
    assert expected <= set(found), found
    if first:
        assert set(found[:first]) == expected


def test_a_year_in_the_url_fetches_only_that_year(page, sharded):
    _, server = sharded
    page.goto(f"{server}/sok/?q=parker&år=2022")
    settled(page)
    assert sorted(results(page)) == [REFERRAL_PARKS, PARKS, PARKS]
    assert shards_fetched(page) == {"2022"}
    # Opening the facets needs every year's counts: the other parts are merged then.
    page.click("details[data-facet='nämnd'] summary")
    page.wait_for_selector("details[data-facet='nämnd'] input")
    settled(page)
    assert shards_fetched(page) == {p.name for p in (sharded[0].site / "pagefind").iterdir()}
    assert sorted(results(page)) == [REFERRAL_PARKS, PARKS, PARKS]


def test_sorted_by_date_across_years_with_undated_cases_last(page, sharded):
    sorted_by_date_with_undated_last(page, sharded[1])


def test_a_year_that_lacks_the_word_adds_no_near_misses(page, sharded):
    # The 2022 part has no "20191899" (KS 2019/1899 was answered in 2020 and in cases without a date), but words
    # that begin it: Pagefind's fallback there would add "Program för fritidsgårdar" (KS 2021/1899).
    _, server = sharded
    assert sorted(search(page, server, "2019/1899")) == sorted({REFERRAL_1899, SEED, SODERMALM, FARSTA_2019})
    assert page.inner_text("#ra-search-status") == "4 träffar"
    assert search(page, server, "xyzzy") == [] and page.inner_text("#ra-search-status") == "Inga träffar"


def parts_holding(site, token: str) -> set[str]:
    """The parts whose pages hold a search token, read from Pagefind's own fragments (not from our routes)."""
    found = set()
    for part in (site / "pagefind").iterdir():
        for fragment in (part / "fragment").iterdir():
            if token in gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace"):
                found.add(part.name)
    return found


def test_a_case_number_fetches_only_the_parts_that_hold_it(page, sharded):
    proj, server = sharded
    holding = parts_holding(proj.site, "ks20191899")
    everything = {p.name for p in (proj.site / "pagefind").iterdir()}
    assert holding and holding < everything
    assert sorted(search(page, server, "KS 2019/1899")) == sorted({REFERRAL_1899, SEED, SODERMALM, FARSTA_2019})
    assert shards_fetched(page) == holding
    assert [u for u in page.requests if "/sok/nummer/" in u] == [f"{server}/sok/nummer/20191.json"]
    # A number no part holds is answered without asking Pagefind at all.
    page.requests.clear()
    assert search(page, server, "KS 2031/7") == [] and page.inner_text("#ra-search-status") == "Inga träffar"
    assert shards_fetched(page) == set()
    # A word still asks every part.
    search(page, server, "parker")
    assert shards_fetched(page) == everything


def test_every_number_token_is_routed_to_the_parts_of_its_pages(sharded):
    from remissarkiv.archive.project import Project
    from remissarkiv.site import search as site_search, urls

    proj, _ = sharded
    _, archive = Project(proj.root).load()
    routes = site_search.number_routes(archive, 1)
    paths = [path for path, _ in site_search.parts(archive, 1)]
    folder = site_search.shards(archive, 1)
    pages = [(urls.case(d.id), site_search.case_number_terms(d)) for d in archive.cases]
    pages += [(urls.referral(g.key), site_search.number_tokens(g.case_number)) for g in archive.referrals.values()]
    assert sum(len(tokens) for _, tokens in pages) > 10
    for url, tokens in pages:
        for token in tokens:
            key = site_search.route_key(token)
            assert key is None or folder[url] in [paths[i] for i in routes[key][token]]
    # Each file holds exactly the tokens of its first five digits, and a query's every extension is in its file.
    tokens = [t for held in routes.values() for t in held]
    for key, held in routes.items():
        assert all(site_search.route_key(t) == key for t in held)
    for token in tokens:
        for end in range(1, len(token) + 1):
            prefix = token[:end]
            key = site_search.route_key(prefix)
            if key is not None:
                assert token in routes[key]
    files = {p.relative_to(proj.site).as_posix() for p in (proj.site / "sok" / "nummer").iterdir()}
    assert files == {f"sok/nummer/{key}.json" for key in routes}
    assert f'"keys": {json.dumps(list(routes))}' in proj.html("sok")


def test_the_split_is_chosen_from_the_archives_size_when_not_set():
    from remissarkiv.config import Settings
    from remissarkiv.site.search import AUTO, shard_size

    assert Settings.from_mapping({"search_shards": "auto"}).search_shards == AUTO == Settings().search_shards
    assert [shard_size(AUTO, n) for n in (0, 2_000, 12_000, 12_001, 30_000)] == [0, 0, 0, 10_000, 10_000]
    assert shard_size(0, 30_000) == 0 and shard_size(2_500, 1_000) == 2_500  # a setting given wins
