"""WCAG 2.1 AA in a real browser: axe-core (pinned in package-lock.json) on every kind of page at 1280 and 375
CSS px, reflow at 320 px, 200 % zoom, the keyboard alone on the search page, print, and Swedish grammar.

Screenshots of the main pages at both widths go to test-artifacts/screenshots/ (CI keeps them as an artefact).
What these tests verify is what the accessibility statement (docs/tillganglighet.md) says they verify.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from remissarkiv.model import labels
from remissarkiv.site import accessibility
from tests.conftest import FIXTURES, ROOT, git, make_project, playground_case, serve

AXE = ROOT / "node_modules/axe-core/axe.min.js"
# EN 301 549 moves to WCAG 2.2; axe's best practices too (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"dator": 1280, "mobil": 375}

# Every kind of page (the accessibility statement lists the same): name -> path on the site.
PAGES = {
    "start": "",
    "remissvar": "remissvar/2022/farsta-ks-2022-11/",
    "rattat-remissvar": "remissvar/2024/bromma-ks-2024-50/",
    "namnder": "namnder/",
    "namnd": "namnder/farsta/",
    "ar": "ar/",
    "ar-2022": "ar/2022/",
    "amnen": "amnen/",
    "amne": "amnen/trygghet/",
    "remisser": "remisser/",
    "remiss": "remisser/ks-2019-1899/",
    "remiss-med-remissfil": "remisser/ks-2024-50/",
    "remisser-filtrerade": "remisser/lage/passerade/",
    "oppna-remisser": "oppna-remisser/",
    "sok-traffar": "sok/?q=parker",
    "om": "om/",
    "publicera": "publicera/",
    "tillganglighet": "tillganglighet/",
    "oppna-data": "oppna-data/",
    "404": "finns-inte/",
    "avpublicerat": "remissvar/2023/bromma-ks-2023-77/",
}
CORRECTED = playground_case("Remissvar: Plan för lekplatser i Bromma", """\
topics: [Parker]
corrections:
  - date: 2024-06-01
    description: Fel sammanträdesdatum rättat.
""", """\
## Förslag till beslut

Nämnden tillstyrker planen. Läs mer i [stadens plan](https://example.invalid/plan) och i
<span lang="en">the City of Stockholm's playground strategy</span>.

| Nämnd | Ställningstagande | Kommentar om förslaget i sin helhet |
|---|---|---|
| Bromma stadsdelsnämnd | Tillstyrker | Nämnden ser positivt på att lekplatserna rustas upp i hela stadsdelsområdet |
""")


WITHDRAWN = playground_case("Remissvar: Motion om fler bänkar", """\
withdrawal:
  date: 2024-09-01
  reason: Svaret innehöll en privatpersons namn och adress.
""").replace("status: publicerad", "status: avpublicerad").replace("KS 2024/50", "KS 2023/77")


RECORD = """---
title: Plan för lekplatser
case_number: KS 2024/50
sender: Kommunstyrelsen
kind: plan
sent: 2024-03-01
deadline: 2024-05-01
decided: 2024-06-10
asked: [bromma, farsta, skarpnack]
asked_others: [Region Stockholm]
documents:
  - title: Planen på stadens webbplats
    file: null
    url: https://example.invalid/plan
---
## Bakgrund

Kommunstyrelsen remitterar planen för lekplatser till stadsdelsnämnderna.
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The production site and a reviewers' preview of a branch that adds a case, each on its own server."""
    project = make_project(tmp_path_factory.mktemp("a11y"))
    shutil.copytree(FIXTURES / "search-cases", project.root / "cases", dirs_exist_ok=True)
    # More answers than one page of search results holds (sok.js shows 10 at a time), so paging is tested.
    generated = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, "-m", "remissarkiv", "generate", "14", "--out", str(generated)], check=True,
                   capture_output=True, cwd=project.root)
    shutil.copytree(generated / "cases", project.root / "cases", dirs_exist_ok=True)  # answers and their records
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "bas")
    project.add_case("2024/bromma-ks-2024-50.md", CORRECTED)
    project.add_case("remisser/ks-2024-50.md", RECORD)
    project.add_case("2023/bromma-ks-2023-77.md", WITHDRAWN)
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    preview = project.build("--site-dir", "site-preview",
                            env={"REMISSARKIV_FORHANDSVISNING": "1", "REMISSARKIV_BASE": "main"})
    assert preview.returncode == 0, preview.stdout + preview.stderr
    servers = [serve(project.site), serve(project.root / "site-preview")]
    yield {"site": servers[0][1] + "/", "preview": servers[1][1] + "/"}
    for httpd, _ in servers:
        httpd.shutdown()


@pytest.fixture
def tab(browser):
    contexts = []

    def open_page(url: str, width: int, height: int = 800, **options):
        # bypass_csp: axe is injected as an inline script, which the site's own policy rightly forbids.
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        if "/sok/" in url:
            page.wait_for_function("() => document.getElementById('ra-search').dataset.shown === location.search")
        return page

    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} – " + ", ".join(str(n["target"]) for n in v["nodes"][:4])
            for v in found]


def assert_accessible(page) -> None:
    found = axe_violations(page)
    assert not found, "\n".join(found)


def screenshot(page, name: str, device: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{device}.png"), full_page=True)


def open_facets(page) -> None:
    summaries = page.locator("#ra-search-facets details summary")
    for i in range(summaries.count()):  # the groups are drawn anew when values arrive: find each again
        summaries.nth(i).click()
        page.wait_for_selector(f"#ra-search-facets details:nth-of-type({i + 1})[open] input")


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_violations(sites, tab, name, device):
    page = tab(sites["site"] + PAGES[name], WIDTHS[device])
    assert page.evaluate("document.documentElement.lang") == "sv"
    screenshot(page, name, device)
    assert_accessible(page)


@pytest.mark.parametrize("device", WIDTHS)
def test_no_wcag_violations_with_the_facets_open(sites, tab, device):
    page = tab(sites["site"] + "sok/?q=parker", WIDTHS[device])
    open_facets(page)
    screenshot(page, "sok-filter", device)
    assert_accessible(page)


@pytest.mark.parametrize("device", WIDTHS)
def test_no_wcag_violations_on_the_previews_changes_page(sites, tab, device):
    page = tab(sites["preview"] + "andringar/", WIDTHS[device])
    assert "Nya remissvar" in page.inner_text("article")
    screenshot(page, "andringar", device)
    assert_accessible(page)


def test_the_statement_names_exactly_the_pages_tested():
    assert set(accessibility.PAGE_KINDS) == {*PAGES, "sok-filter", "andringar"}


def test_the_statement_says_what_is_tested_and_when(sites, tab):
    page = tab(sites["site"] + "tillganglighet/", 1280)
    text = " ".join(page.inner_text("article").split())
    assert "axe-core 4.14.1" in text and "320 pixlars bredd" in text and "utskrift" in text
    for name in accessibility.PAGE_KINDS.values():
        assert name in text, name
    assert "Senaste bedömningen gjordes den" in text  # the test archive is a git repository
    for part in ("delvis förenlig", "Innehåll som inte är tillgängligt", "https://www.digg.se/tdosanmalan",
                 "Rapportera brister", "Redogörelsen uppdaterades senast"):
        assert part in text or page.query_selector(f"a[href='{part}']"), part


def test_axe_finds_a_planted_violation(sites, tab):
    # The control: the same check fails on a page with an unlabelled field and an image without text.
    page = tab(sites["site"] + "om/", 1280)
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<input type="text"><img src="x.png">')""")
    found = " ".join(axe_violations(page))
    assert "label" in found and "image-alt" in found


@pytest.mark.parametrize("name", [*PAGES, "andringar"])
def test_pages_reflow_at_320_px_and_zoom_to_200_percent(sites, tab, name):
    url = sites["preview"] + "andringar/" if name == "andringar" else sites["site"] + PAGES[name]
    for width, scale in ((320, 1), (640, 2)):  # 1280 px at 200 % zoom is 640 CSS px
        page = tab(url, width, 512, device_scale_factor=scale)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
        heading = page.query_selector("h1").bounding_box()
        assert heading["x"] >= 0 and heading["x"] + heading["width"] <= width + 1


def test_tables_that_do_not_fit_scroll_in_their_own_box(sites, tab):
    page = tab(sites["site"] + "remissvar/2024/bromma-ks-2024-50/", 320)
    box = page.evaluate("""() => { const t = document.querySelector('article table');
        const wrap = t.closest('.ra-table-wrap'); return {wrap: getComputedStyle(wrap).overflowX, focusable: wrap.tabIndex,
        label: wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby')}; }""")
    assert box["wrap"] == "auto" and box["focusable"] == 0 and box["label"]  # reachable and named for keyboards


def test_the_referral_table_becomes_a_list_on_a_phone(sites, tab):
    page = tab(sites["site"] + "remisser/ks-2019-1899/", 375)
    widths = page.evaluate("""() => [...document.querySelectorAll('.ra-answers td')].map(
        td => ({w: td.getBoundingClientRect().width, text: td.innerText}))""")
    board = next(c for c in widths if "stadsdelsnämnd" in c["text"])
    assert board["w"] > 250  # a whole line for the board's name, never broken mid-word
    assert page.evaluate("getComputedStyle(document.querySelector('.ra-answers td')).display") == "block"


def test_the_site_name_is_whole_beside_the_search_box(sites, tab):
    for width in WIDTHS.values():
        page = tab(sites["site"], width)
        title = page.query_selector(".md-header__topic .md-ellipsis")
        assert page.evaluate("el => el.scrollWidth <= el.clientWidth", title), f"'Remissarkivet' cut at {width} px"


def focus_ring(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement; const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 40),
                ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
                visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0}; }""")


def test_the_search_page_works_with_the_keyboard_alone(sites, tab):
    page = tab(sites["site"] + "sok/", 1280)
    page.keyboard.press("Tab")
    skip = focus_ring(page)
    assert skip["tag"] == "A" and skip["text"] == "Hoppa till innehållet" and skip["visible"] and skip["ring"]
    page.keyboard.press("Enter")
    seen = []
    for _ in range(40):  # tab on until the search field, checking every stop on the way
        page.keyboard.press("Tab")
        stop = focus_ring(page)
        assert stop["visible"] and stop["ring"], stop
        seen.append(stop)
        if stop["id"] == "ra-search-q":
            break
    assert seen[-1]["id"] == "ra-search-q", [s["text"] or s["id"] for s in seen]
    page.keyboard.type("parker")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'parker'")
    page.wait_for_function("() => document.getElementById('ra-search').dataset.shown === location.search")
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the sort order
    assert focus_ring(page)["id"] == "ra-search-sort"
    page.keyboard.press("End")  # "Äldst först"
    page.wait_for_function("() => new URLSearchParams(location.search).get('sortering') === 'aldst'")
    page.wait_for_function("() => document.getElementById('ra-search').dataset.shown === location.search")
    page.keyboard.press("Tab")  # the first facet group
    ring = focus_ring(page)
    assert ring["tag"] == "SUMMARY" and ring["ring"], ring
    page.keyboard.press("Enter")
    page.wait_for_selector("#ra-search-facets details[open] input")
    page.keyboard.press("Tab")
    assert focus_ring(page)["tag"] == "INPUT" and focus_ring(page)["ring"]
    page.keyboard.press("Space")
    page.wait_for_function("() => [...new URLSearchParams(location.search).keys()].length >= 3")
    page.wait_for_function("() => document.getElementById('ra-search').dataset.shown === location.search")
    assert "träff" in page.inner_text("#ra-search-status")
    for _ in range(80):  # on to the first result link
        page.keyboard.press("Tab")
        stop = focus_ring(page)
        assert stop["visible"] and stop["ring"], stop
        if page.evaluate("!!document.activeElement.closest('#ra-search-results')"):
            break
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{target.strip('./')}/")
    assert page.query_selector("h1") is not None


def test_more_results_with_the_keyboard(sites, tab):
    page = tab(sites["site"] + "sok/?q=n%C3%A4mnden", 1280)
    more = page.query_selector("#ra-search-more")
    if more.is_hidden():
        pytest.fail("the test archive needs more hits than one page holds")
    before = page.evaluate("document.querySelectorAll('#ra-search-results > li').length")
    more.focus()
    assert focus_ring(page)["ring"]
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#ra-search-results > li').length > n", arg=before)


def test_a_case_prints_its_facts_and_text_without_the_sites_furniture(sites, tab):
    page = tab(sites["site"] + "remissvar/2024/bromma-ks-2024-50/", 1280)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.ra-header-search',
        '.md-skip'].map(s => { const el = document.querySelector(s);
        return el === null || getComputedStyle(el).display === 'none'; })""")
    assert all(hidden), hidden
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    flat = " ".join(text.split())
    for expected in ("Remissvar: Plan för lekplatser i Bromma", "Nämnd", "Bromma stadsdelsnämnd", "Remittent",
                     "Kommunstyrelsen", "Rättelse", "Nämnden tillstyrker planen", "Förslag till beslut"):
        assert expected in flat, expected
    for furniture in ("Hoppa till innehåll", "Sök bland", "Tillgänglighetsredogörelse", "Bläddra"):
        assert furniture not in flat, furniture


def test_counts_speak_swedish(sites, tab):
    page = tab(sites["site"], 1280)
    for line in page.evaluate("[...document.querySelectorAll('.ra-stats li')].map(li => li.innerText)"):
        n, word = line.split(maxsplit=1)
        one, many = labels.NOUNS[_kind(word)]
        assert word == (one if int(n) == 1 else many), line
    one_hit = tab(sites["site"] + "sok/?q=playground", 1280).inner_text("#ra-search-status")
    many_hits = tab(sites["site"] + "sok/?q=parker", 1280).inner_text("#ra-search-status")
    assert one_hit == "1 träff" and many_hits.endswith(" träffar") and not many_hits.startswith("1 "), many_hits


def _kind(word: str) -> str:
    return next(kind for kind, forms in labels.NOUNS.items() if word in forms)


def test_text_in_another_language_is_marked(sites, tab):
    page = tab(sites["site"] + "remissvar/2024/bromma-ks-2024-50/", 1280)
    assert page.inner_text("article [lang='en']") == "the City of Stockholm's playground strategy"



def test_a_referral_of_300_bodies_stays_readable_on_a_phone(tmp_path, tab):
    """300 bodies asked and 270 answers: at 375 px nothing makes the page scroll sideways (tables stack, the
    sammanställning is one column, the chart scales), and axe finds nothing."""
    from tests import large_referral

    project = make_project(tmp_path, with_fixtures=False)
    key = large_referral.write(project.root)
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    httpd, address = serve(project.site)
    try:
        page = tab(f"{address}/remisser/{key}/", 375)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        rows = page.locator("table.ra-asked tbody tr").count()
        assert rows == 450  # 300 boards and 150 other bodies
        assert page.locator("ul.ra-compare > li").count() == 270
        screenshot(page, "remiss-300", "mobil")
        assert_accessible(page)
    finally:
        httpd.shutdown()


# A word of letters split over two lines, unless the box is narrower than the word itself (then it must break).
BROKEN_WORDS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const box = node.parentElement.getBoundingClientRect();
    for (const m of node.textContent.matchAll(/[\\p{L}\\p{N}]{4,}/gu)) {  // a run of letters: a word or a name's part
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      const lines = new Set(rects.map(r => Math.round(r.top)));
      if (lines.size > 1 && rects.reduce((s, r) => s + r.width, 0) < box.width) out.push(m[0]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("name", ["remissvar", "rattat-remissvar", "namnd", "remiss-med-remissfil", "oppna-data",
                                  "oppna-remisser", "remisser"])
def test_words_break_between_words_on_a_phone(sites, tab, name):
    """Issue 37: 'Bromma stadsdelsnämn|d' and 'api/cases.j|son' at 375 px. A word goes whole onto the next line;
    it breaks only where it is wider than its box."""
    page = tab(sites["site"] + PAGES[name], 375)
    assert page.evaluate(BROKEN_WORDS) == []
