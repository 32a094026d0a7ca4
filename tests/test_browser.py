"""The built site in Debian's Chromium, driven by Playwright: search, facets, results, no third-party requests."""
from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import FIXTURES, ROOT, make_project, serve

SEED = "Remissvar: Motion om att ta tillbaka utsatta områden"
SODERMALM = "Remissvar: Motion om att ta tillbaka utsatta områden (Södermalm)"
FARSTA_2019 = "Remissvar från Farsta <script>alert('x')</script> & co"
PARKS = "Remissvar: Program för trygga parker"
PLAYGROUNDS = "Remissvar: Plan för lekplatser"
YOUTH = "Remissvar: Program för fritidsgårdar"
REFERRAL_1899 = "Remiss: Motion om att ta tillbaka utsatta områden"  # the referrals' own pages
REFERRAL_PARKS = "Remiss: Program för trygga parker"
REFERRAL_PLAYGROUNDS = "Remiss: Plan för lekplatser"

# The Swedish query set: each query, and the titles its results must hold (first, when `first` is set).
QUERIES = [
    # compound parts found at build time: the text says only "samverkansöverenskommelser"
    ("överenskommelse", {SEED, PARKS}, None),
    # ... and only "myndighetsgemensamma"
    ("myndighet", {SEED, PARKS}, None),
    ("gemensamma", {SEED, PARKS}, None),
    # ... and only "stadsdelsdirektören"
    ("direktör", {SEED, YOUTH}, None),
    # inflected forms find each other (Swedish stemming)
    ("nämnder", {PLAYGROUNDS}, None),
    ("områden", {YOUTH}, None),
    ("lekplats", {PLAYGROUNDS}, None),
    # case numbers, written three ways, put that referral's page and answers first (and here: only them)
    ("KS 2019/1899", {REFERRAL_1899, SEED, SODERMALM, FARSTA_2019}, 4),
    ("2019/1899", {REFERRAL_1899, SEED, SODERMALM, FARSTA_2019}, 4),
    ("ks 2019-1899", {REFERRAL_1899, SEED, SODERMALM, FARSTA_2019}, 4),
    ("KS 2022/10", {REFERRAL_PARKS, PARKS}, 3),
]


def served_search_site(folder, env: dict | None = None):
    """The shipped cases, the test cases and the search cases, built (with `env`) and served: yields
    (project, address) until the server is shut down."""
    proj = make_project(folder)
    shutil.copytree(FIXTURES / "search-cases", proj.root / "cases", dirs_exist_ok=True)
    result = proj.build(env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    httpd, address = serve(proj.site)
    yield proj, address
    httpd.shutdown()


def recording_page(browser):
    """A page in a fresh context (a cold cache) that keeps the URL of every request it makes in .requests."""
    context = browser.new_context()
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda req: pg.requests.append(req.url))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    for _, address in served_search_site(tmp_path_factory.mktemp("browser")):
        yield address


@pytest.fixture
def page(browser, server):
    yield from recording_page(browser)


def results(page) -> list[str]:
    return [a.inner_text() for a in page.query_selector_all("#ra-search-results .ra-item-title a")]


def settled(page) -> None:
    """Wait until the results on screen belong to the search in the URL (sok.js sets data-shown)."""
    page.wait_for_function("() => document.getElementById('ra-search').dataset.shown === location.search")


def open_facet(page, key: str) -> None:
    """Open a facet group; its values load the first time one is opened."""
    page.click(f"details[data-facet='{key}'] summary")
    page.wait_for_selector(f"details[data-facet='{key}'] input")
    settled(page)


def in_search_page(page, server, call: str, arg):
    """Evaluate `call` in the search page, with sok.js's exports as `m` and `arg` as `a`."""
    page.goto(f"{server}/sok/")
    settled(page)
    return page.evaluate(f"a => import(new URL('../javascripts/sok.js', location).href).then(m => {call})", arg)


def search(page, server, query: str) -> list[str]:
    page.goto(f"{server}/sok/")
    settled(page)
    page.fill("#ra-search-q", query)
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query)
    settled(page)
    return results(page)


@pytest.mark.parametrize("query, expected, first", QUERIES, ids=[q for q, _, _ in QUERIES])
def test_swedish_query_set(page, server, query, expected, first):
    found = search(page, server, query)
    assert expected <= set(found), found
    if first:  # that referral's page comes first, then its answers
        assert found[:first] == [t for t in found if t in expected][:first] and set(found[:first]) == expected
        assert found[0].startswith("Remiss: ")


def test_type_a_query_and_open_a_result(page, server):
    found = search(page, server, "lekplatser")
    assert found == [REFERRAL_PLAYGROUNDS, PLAYGROUNDS]  # the referral's page, then its answer
    meta = page.inner_text("#ra-search-results li:nth-child(2) .ra-item-meta")
    assert "Farsta stadsdelsnämnd" in meta and "2022-05-02" in meta and "KS 2022/11" in meta
    page.click("#ra-search-results li:nth-child(2) .ra-item-title a")
    page.wait_for_load_state()
    assert page.inner_text("h1").rstrip("¶").strip() == PLAYGROUNDS
    assert "/remissvar/2022/farsta-ks-2022-11/" in page.url


def test_facet_changes_counts_and_lives_in_the_url(page, server):
    search(page, server, "parker")
    assert sorted(results(page)) == [REFERRAL_PARKS, PARKS, PARKS]
    open_facet(page, "typ")  # Typ: the referral's own page, or the answers
    assert "Remiss (1)" in page.inner_text("details[data-facet='typ']")
    page.check("input[data-facet='typ'][value='Remissvar']")
    page.wait_for_function("() => new URLSearchParams(location.search).get('typ') === 'Remissvar'")
    settled(page)
    assert results(page) == [PARKS, PARKS]
    open_facet(page, "nämnd")
    boards = page.inner_text("details[data-facet='nämnd']")
    assert "Skarpnäcks stadsdelsnämnd (1)" in boards and "Kungsholmens stadsdelsnämnd (1)" in boards
    page.click("details[data-facet='ställningstagande'] summary")
    page.check("input[data-facet='ställningstagande'][value='Avstyrker']")
    page.wait_for_function("() => new URLSearchParams(location.search).get('ställningstagande') === 'Avstyrker'")
    settled(page)
    assert page.inner_text("#ra-search-status") == "1 träff"
    assert results(page) == [PARKS]
    assert "Skarpnäcks stadsdelsnämnd (0)" in page.inner_text("details[data-facet='nämnd']")
    # Issue 37: a value with no hits cannot be ticked; one chosen value is "1 vald"
    zero = page.locator("details[data-facet='nämnd'] .ra-facet", has_text="Skarpnäcks stadsdelsnämnd (0)")
    assert zero.locator("input").is_disabled()
    assert page.locator("input[data-facet='ställningstagande'][value='Avstyrker']").is_enabled()
    assert page.inner_text("details[data-facet='ställningstagande'] summary").endswith("(1 vald)")
    params = parse_qs(urlsplit(page.url).query)
    assert params["q"] == ["parker"] and params["ställningstagande"] == ["Avstyrker"] and params["typ"] == ["Remissvar"]
    # The URL alone restores the search: it can be shared and bookmarked.
    page.goto(page.url)
    settled(page)
    assert page.inner_text("#ra-search-status") == "1 träff"
    assert page.input_value("#ra-search-q") == "parker"
    assert page.is_checked("input[data-facet='ställningstagande'][value='Avstyrker']")


def test_facet_values_load_when_a_facet_is_opened_and_focus_stays(page, server):
    search(page, server, "parker")
    filter_files = lambda: [u for u in page.requests if "/pagefind/filter/" in u]
    assert filter_files() == []  # a plain query downloads only what its results need
    page.focus("details[data-facet='år'] summary")
    page.keyboard.press("Enter")
    page.wait_for_selector("details[data-facet='år'] input")
    settled(page)
    assert filter_files()
    assert page.evaluate("document.activeElement.matches(\"details[data-facet='år'] > summary\")")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # check the first year with the keyboard
    page.wait_for_function("() => new URLSearchParams(location.search).has('år')")
    settled(page)
    assert page.evaluate("document.activeElement.matches(\"input[data-facet='år']:checked\")")


def test_sort_by_date(page, server):
    def hrefs():
        return [a.get_attribute("href").strip("/").split("/")[-1]
                for a in page.query_selector_all("#ra-search-results .ra-item-title a")]

    page.goto(f"{server}/sok/?q=barn&sortering=nyast")
    settled(page)
    assert hrefs() == ["farsta-ks-2022-11", "enskede-arsta-vantor-ks-2021-1899"]  # 2022-05-02, 2022-01-20
    assert page.input_value("#ra-search-sort") == "nyast"
    page.select_option("#ra-search-sort", "aldst")
    page.wait_for_function("() => new URLSearchParams(location.search).get('sortering') === 'aldst'")
    settled(page)
    assert hrefs() == ["enskede-arsta-vantor-ks-2021-1899", "farsta-ks-2022-11"]


def sorted_by_date_with_undated_last(page, server):
    """Sorted by date, newest or oldest first: the years in order, then the cases without a date (Pagefind's own
    sort leaves them out), and as many hits as the best-first order."""
    page.goto(f"{server}/sok/?q=områden")
    settled(page)
    best_first = results(page)
    count = page.inner_text("#ra-search-status")
    for order in ("nyast", "aldst"):
        page.goto(f"{server}/sok/?q=områden&sortering={order}")
        settled(page)
        dates = [m.split(" · ")[1] for m in page.eval_on_selector_all(
            "#ra-search-results .ra-item-meta", "ms => ms.map(m => m.textContent)")]
        known = [d for d in dates if d[:1].isdigit()]
        assert known == sorted(known, reverse=order == "nyast") and len({d[:4] for d in known}) >= 2, dates
        assert dates[len(known):] == ["Datum saknas"] * (len(dates) - len(known))  # after the dated ones
        assert sorted(results(page)) == sorted(best_first) and SEED in results(page)
        assert page.inner_text("#ra-search-status") == count


def test_sorted_by_date_keeps_the_cases_without_a_date(page, server):
    sorted_by_date_with_undated_last(page, server)


def test_header_search_box_leads_to_the_search_page(page, server):
    page.goto(f"{server}/")
    page.fill("#ra-header-q", "lekplatser")
    page.press("#ra-header-q", "Enter")
    page.wait_for_url("**/sok/?q=lekplatser")
    settled(page)
    assert "/sok/" in page.url and results(page) == [REFERRAL_PLAYGROUNDS, PLAYGROUNDS]


def test_no_request_leaves_the_local_server(page, server):
    search(page, server, "trygghet")
    page.click("#ra-search-results .ra-item-title a")
    page.wait_for_load_state("networkidle")
    page.goto(f"{server}/")
    page.wait_for_load_state("networkidle")
    assert page.requests, "no requests were seen at all"
    foreign = [u for u in page.requests if not u.startswith(server + "/")]
    assert foreign == []


def test_pages_are_swedish(page, server):
    for url in ("/", "/sok/", "/remissvar/2019/bromma-ks-2019-1899/", "/namnder/"):
        page.goto(server + url)
        assert page.get_attribute("html", "lang") == "sv"
    assert page.inner_text("a.md-skip").strip() == "Hoppa till innehållet"


def test_empty_search_downloads_no_index_and_says_what_to_do(page, server):
    page.goto(f"{server}/sok/?nämnd=Farsta+stadsdelsnämnd")
    settled(page)
    assert page.inner_text("#ra-search-status").startswith("Skriv ett sökord för att söka bland de valda filtren")
    assert results(page) == []
    assert page.is_checked("input[data-facet='nämnd'][value='Farsta stadsdelsnämnd']")
    assert not [u for u in page.requests if "/pagefind/index/" in u]  # the words index stays on the server
    page.fill("#ra-search-q", "motion")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'motion'")
    settled(page)
    assert results(page) == [FARSTA_2019]


CASE_NUMBERS = ["KS 2019/1899", "ks 2019-1899", "Dnr KS 2019/1899", "DNR. A2026/00542", "Ju 2025/00949",
                "ÄN 2020/5", "Östermalm 2021:12", "T 2010-313-01743", "1.5.1-135-2012", "Dnr 260-2012-2.6",
                "KS/2019/0001/0009", "Ärende ÅÖ-2019/3"]


def test_the_browser_normalises_case_numbers_as_the_index_does(page, server):
    """sok.js applies swedish.CASE_NUMBER_RULE, which it receives as data: both sides give the same token."""
    from remissarkiv.model.swedish import case_number_token

    tokens = in_search_page(page, server, "a.map(n => m.caseNumberToken(n))", CASE_NUMBERS)
    assert tokens == [case_number_token(n) for n in CASE_NUMBERS]
    assert tokens[5] == "an20205"  # accents come off on both sides (they did only in Python before)


def test_the_facets_on_the_page_are_the_ones_python_defines(page, server):
    from remissarkiv.site.facets import FACETS

    page.goto(f"{server}/sok/")
    settled(page)
    shown = page.eval_on_selector_all(
        "#ra-search-facets details", "ds => ds.map(d => [d.dataset.facet, d.querySelector('summary').textContent])")
    assert shown == [[f.key, f.label] for f in FACETS]


def test_a_word_that_is_nowhere_finds_nothing(page, server):
    # Pagefind would answer with the longest known prefix: "xyzzy" finds every text with a word "x" in it.
    assert search(page, server, "xyzzy") == []
    assert page.inner_text("#ra-search-status") == "Inga träffar"
    assert search(page, server, "lekplatser") == [REFERRAL_PLAYGROUNDS, PLAYGROUNDS]  # real words still find
    # A word still being typed keeps Pagefind's prefix match: "lekplatse" finds "lekplatser".
    assert search(page, server, "lekplatse") == [REFERRAL_PLAYGROUNDS, PLAYGROUNDS]


NEAR_MISSES = [  # (search term as sok.js sends it, the best hit's marked word, a near miss?)
    ("xyzzy", "x", True),                      # Pagefind's fallback: the longest word that begins the query
    ("lekplatser", "lek", True),
    ("2021300", "2021/593", True),             # a case number has no stem: "2021/593" is another number
    ("ks2019", "ks201996", False),             # a case number still being typed
    ("ks20191899", "ks20191899", False),
    ("nämnderna", "nämnd", False),             # the stem
    ("möjligheterna", "möjligt", False),
    ("lekplatse", "lekplatser", False),        # a word still being typed
    ("kommunernas", "Kommunstyrelsen:", False),  # Pagefind's stem and prefix match
    ("släkting", "släkt", True),               # found in a part of a split index that lacks "släkting"
    ("beslutet", "beslut.", False),            # Snowball 3's "et" ending, as Pagefind stems
]


def test_the_browser_stems_swedish_as_snowball_does(page, server):
    """sok.js tells Pagefind's prefix fallback from an answer by the query's stem: its stemmer must be Snowball's."""
    import re

    import snowballstemmer

    text = " ".join(p.read_text(encoding="utf-8", errors="ignore")
                    for folder in (ROOT / "cases", FIXTURES, ROOT / "docs") for p in folder.rglob("*.md"))
    words = sorted(set(re.findall(r"[a-zåäö]+", text.lower())) | {
        "möjligheterna", "nämnderna", "beslutets", "paket", "tröst", "fullt", "lekplatserna", "kvinnliga"})
    stems = in_search_page(page, server, "a.map(w => m.swedishStem(w))", words)
    expected = snowballstemmer.stemmer("swedish").stemWords(words)
    assert len(words) > 500
    assert [(w, s) for w, s, e in zip(words, stems, expected) if s != e] == []


def test_a_near_miss_is_told_from_an_answer(page, server):
    verdicts = in_search_page(page, server, "a.map(([term, word]) => "
                              "m.onlyNearMisses(term, {excerpt: `text <mark>${word}</mark>`}))",
                              [[t, w] for t, w, _ in NEAR_MISSES])
    assert verdicts == [near for _, _, near in NEAR_MISSES]


def test_excerpts_never_show_the_index_only_search_terms(page, server):
    for query in ("KS 2019/1899", "överenskommelse", "direktör"):
        search(page, server, query)
        for excerpt in page.query_selector_all("#ra-search-results .ra-item-summary"):
            assert "Sökord" not in excerpt.inner_text(), (query, excerpt.inner_text())
    # The terms still find: the case number written another way matches only the index-only token.
    assert set(search(page, server, "ks 2019-1899")) >= {SEED, SODERMALM}


def test_the_browser_keys_referral_pages_as_python_does(page, server):
    from remissarkiv.model.swedish import case_number_key

    keys = in_search_page(page, server, "a.map(n => m.caseNumberKey(n))", CASE_NUMBERS)
    assert keys == [case_number_key(n) for n in CASE_NUMBERS]


def test_a_board_or_a_referral_number_in_the_search_box_leads_there_first(page, server):
    """Issue 37, point 12: a board's name (or a referral's number) is a direct link above the results."""
    search(page, server, "farsta")
    page.wait_for_selector("#ra-search-direct:not([hidden]) a")
    link = page.locator("#ra-search-direct a").first
    assert link.inner_text() == "Farsta stadsdelsnämnd" and "Nämnd" in page.inner_text("#ra-search-direct")
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/namnder/farsta/")
    search(page, server, "KS 2019/1899")
    page.wait_for_selector("#ra-search-direct:not([hidden]) a")
    assert page.locator("#ra-search-direct a").first.get_attribute("href").endswith("remisser/ks-2019-1899/")
    search(page, server, "KS 2099/1")  # a number no referral has: no direct link that would lead nowhere
    page.wait_for_timeout(500)
    assert page.locator("#ra-search-direct").is_hidden()
    search(page, server, "parker")  # a word that names no board: nothing above the results
    assert page.locator("#ra-search-direct").is_hidden()
