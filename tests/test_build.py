"""A real `mkdocs build --strict` of the shipped cases and the test cases, and what it produced."""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

SEED = "remissvar/2019/bromma-ks-2019-1899"
SODERMALM = "remissvar/2020/sodermalm-ks-2019-1899"
FARSTA = "remissvar/2021/farsta-ks-2019-1899"


def dom(project, url) -> HTMLParser:
    return HTMLParser(project.html(url))


def facts(tree: HTMLParser) -> dict[str, str]:
    return {div.css_first("dt").text(): div.css_first("dd").text(separator=" ").strip()
            for div in tree.css(".ra-facts > div")}


def test_seed_case_page_shows_facts_and_text(built):
    tree = dom(built, SEED)
    assert tree.css_first("html").attributes["lang"] == "sv"
    assert tree.css_first("h1").text().rstrip("¶") == "Remissvar: Motion om att ta tillbaka utsatta områden"
    f = facts(tree)
    assert f["Nämnd"] == "Bromma stadsdelsnämnd"
    assert f["Remittentens diarienummer"] == "KS 2019/1899"
    assert f["Remittent"] == "Kommunstyrelsen"
    assert f["Ställningstagande"] == "Lämnar synpunkter"
    # Unknown facts are shown as unknown, never invented.
    assert f["Diarienummer"] == "Uppgift saknas"
    assert f["Beslutsdatum"] == "Uppgift saknas"
    assert f["Sammanträde, paragraf"] == "Uppgift saknas"
    assert "Lisa Kinnari, Stadsdelsdirektör" in f["Undertecknare"]
    assert "Peter Dacke, Avdelningschef Administration" in f["Undertecknare"]
    assert "Motion angående att ta tillbaka utsatta områden" in f["Bilagor"]
    headings = [h.text().strip().rstrip("¶") for h in tree.css("article h2")]
    assert headings[:7] == ["Förslag till beslut", "Sammanfattning", "Bakgrund", "Ärendets beredning",
                            "Ärendet", "Synpunkter och förslag", "Bilagor"]
    assert "samverkansöverenskommelser med polisen" in tree.css_first("article").text()


def test_case_page_links_other_answers_and_edit_link(built):
    tree = dom(built, SEED)
    others = {a.text(): a.attributes["href"] for a in tree.css("ul.ra-others a")}
    assert others == {"Södermalms stadsdelsnämnd": "../sodermalm-ks-2019-1899/".replace("../", "../../2020/"),
                      "Farsta stadsdelsnämnd": "../../2021/farsta-ks-2019-1899/"}
    # Issue 37: the published site sends no citizen to a Git host; the staff guide keeps its edit link
    assert tree.css_first("a.md-content__button") is None
    staff = HTMLParser((built.site / "publicera/index.html").read_text(encoding="utf-8"))
    assert staff.css_first("a.md-content__button").attributes["href"].endswith("/docs/publicera.md")


def test_attachment_is_published_and_linked(built):
    tree = dom(built, FARSTA)
    link = tree.css_first(".ra-facts ol a")
    assert link.text() == "Protokollsutdrag" and link.attributes["href"] == "protokoll.pdf"
    assert (built.site / FARSTA / "protokoll.pdf").read_bytes().startswith(b"%PDF")


def test_referral_page_lists_every_board_with_position(built):
    tree = dom(built, "remisser/ks-2019-1899")
    # The shipped record (cases/remisser/) knows only that Bromma was asked, and says its list is incomplete:
    # the other answers are shown apart, as from bodies the archive does not know were asked.
    asked = [[td.text().strip() for td in tr.css("td")] for tr in tree.css("table.ra-asked tbody tr")]
    assert [(r[0], r[1], r[2]) for r in asked] == [("Bromma stadsdelsnämnd", "Besvarad", "Lämnar synpunkter")]
    others = [[td.text().strip() for td in tr.css("td")]
              for tr in tree.css("table.ra-answers:not(.ra-asked) tbody tr")]
    assert [(r[0], r[1]) for r in others] == [("Farsta stadsdelsnämnd", "Tillstyrker"),
                                             ("Södermalms stadsdelsnämnd", "Avstyrker")]
    assert "Listan över tillfrågade remissinstanser är inte fullständig" in tree.css_first(".ra-note").text()


def test_listings_by_board_year_topic(built):
    board = dom(built, "namnder/bromma")
    assert [a.text() for a in board.css(".ra-item-title a")] == ["Remissvar: Motion om att ta tillbaka utsatta områden"]
    year = dom(built, "ar/2020")
    titles = [a.text() for a in year.css(".ra-item-title a")]
    assert len(titles) == 2 and titles[0].startswith("Remissvar från Farsta")  # newest first
    assert "okant" in [a.attributes["href"].strip("/").split("/")[-1] for a in dom(built, "ar").css(".ra-index a")]
    topic = dom(built, "amnen/trygghet")
    assert len(topic.css(".ra-item")) == 3
    index = [a.text() for a in dom(built, "namnder").css(".ra-index a")]
    assert index == sorted(index) and "Bromma stadsdelsnämnd" in index


def test_drafts_are_not_published(built):
    assert not (built.site / "remissvar/2020/kungsholmen-utkast").exists()
    assert "hemliga utkast" not in (built.site / "remisser/index.html").read_text(encoding="utf-8")


def test_jinja_in_a_case_is_shown_literally(built):
    text = dom(built, SODERMALM).css_first("article").text()
    assert "{{ config.site_name }}" in text
    assert '{% include "main.html" %}' in text
    assert "{{ ().__class__.__mro__ }}" in text
    assert "<class" not in text


def test_case_text_is_escaped_in_listings_and_pages(built):
    for url in (FARSTA, "namnder/farsta", "ar/2020", "remisser/ks-2019-1899", ""):
        html = built.html(url)
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert" in html, url
    item = dom(built, "namnder/farsta").css_first(".ra-item")
    assert "<script>alert('x')</script> & co" in item.css_first(".ra-item-title a").text()
    assert item.css_first(".ra-item-summary b") is None


def test_case_pages_stay_out_of_the_navigation(built):
    nav = dom(built, "").css_first("nav.md-nav--primary").html
    assert "remissvar/" not in nav and "Bromma stadsdelsnämnd" not in nav
    assert "Tillgänglighetsredogörelse" in nav


def test_start_page_uses_macros_for_counts_and_latest(built):
    tree = dom(built, "")
    stats = [" ".join(li.text().split()) for li in tree.css(".ra-stats li")]
    assert stats == ["3 remissvar", "3 nämnder", "1 remiss", "4 ämnen"]  # Swedish agreement: 1 remiss
    assert len(tree.css(".ra-list .ra-item")) == 3


def test_every_page_links_the_accessibility_statement(built):
    for html in built.site.rglob("*.html"):
        tree = HTMLParser(html.read_text(encoding="utf-8"))
        links = [a.text() for a in tree.css(".ra-footer-links a")]
        assert "Tillgänglighetsredogörelse" in links, html


def test_accessibility_statement_has_required_parts(built):
    text = dom(built, "tillganglighet").css_first("article").text()
    for part in ("Remissarkivet", "delvis förenlig", "Innehåll som inte är tillgängligt", "Hur vi testat",
                 "Senaste bedömningen gjordes", "uppdaterades senast", "Rapportera brister"):
        assert part in text, part
    assert dom(built, "tillganglighet").css_first('a[href="https://www.digg.se/tdosanmalan"]') is not None


def test_no_resource_from_a_third_party_host(built):
    offenders = []
    for path in built.site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            tree = HTMLParser(text)
            for node in tree.css("script[src], link[href], img[src], iframe[src], source[src]"):
                url = node.attributes.get("src") or node.attributes.get("href") or ""
                rel = node.attributes.get("rel", "")
                if node.tag == "link" and rel not in ("stylesheet", "preload", "preconnect", "icon", "manifest"):
                    continue
                if urlsplit(url).netloc:
                    offenders.append((path.name, url))
        offenders += [(path.name, m) for m in re.findall(r"fonts\.(?:googleapis|gstatic)\.com", text)
                      if path.suffix != ".js"]
    assert offenders == []


def test_internal_links_resolve(built):
    broken = []
    for html in built.site.rglob("*.html"):
        page_url = "/" + html.relative_to(built.site).as_posix()
        for a in HTMLParser(html.read_text(encoding="utf-8")).css("a[href]"):
            href = a.attributes["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = built.site / unquote(urljoin(page_url, parts.path)).lstrip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((page_url, href))
    assert broken == []
