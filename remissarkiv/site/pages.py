"""Generated pages as Markdown sources: case pages and listings by board, year, topic and referral.

Independent of any site generator: `render_all` returns {source path: Markdown}. Listings are raw HTML
inside Markdown, built with escaping, so no text from a case is ever interpreted as Markdown, HTML or Jinja.
Every generated page says `render_macros: false`, so mkdocs-macros never renders it.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from dataclasses import dataclass, field
from html import escape
from typing import Callable, Iterable

from remissarkiv.archive import states
from remissarkiv.archive.indexes import Archive, ReferralGroup
from remissarkiv.model import labels
from remissarkiv.model.swedish import long_date, slugify, sort_key
from remissarkiv.opendata.feeds import has_feed, referral_has_feed
from remissarkiv.reading import personal_data
from remissarkiv.reading.casedoc import CaseDoc
from remissarkiv.site import urls
from remissarkiv.site.render import BodyCache, RenderedBody, render_bodies, table_box

PAGE_SIZE = urls.PAGE_SIZE
MISSING = f'<span class="ra-missing">{labels.MISSING}</span>'
_PLACEHOLDER = re.compile(r"<!--ra:(\d+)-->")


class Html(str):
    """A finished HTML block: it bypasses Markdown (whose HTML-block parser is slow) when the generator can
    insert HTML after conversion, and is inlined as raw HTML for any other generator."""


@dataclass
class GeneratedPage:
    markdown: str       # Markdown with <!--ra:N--> where block N goes
    blocks: list[str]
    toc: list[dict] = field(default_factory=list)  # headings inside the blocks (Python-Markdown toc tokens)

    def fill(self, html: str) -> str:
        """Put the blocks into the converted page (MkDocs: on_page_content)."""
        return _PLACEHOLDER.sub(lambda m: self.blocks[int(m.group(1))], html)

    def standalone(self) -> str:
        """Plain Markdown with the blocks as raw HTML: readable by any Markdown site generator."""
        return self.fill(self.markdown)


def _page(*parts: str) -> GeneratedPage:
    text, blocks = [], []
    for part in parts:
        if not part:
            continue
        if isinstance(part, Html):
            text.append(f"<!--ra:{len(blocks)}-->\n")
            blocks.append(str(part))
        else:
            text.append(part)
    return GeneratedPage("\n".join(text), blocks)


class PageSet(dict):
    """The generated pages by source path, remembering every path made twice: a later page never silently
    takes an earlier one's place (a referral numbered 'Sida 2' and the referral list's second page)."""

    def __init__(self) -> None:
        super().__init__()
        self.twice: list[str] = []

    def __setitem__(self, key: str, page: GeneratedPage) -> None:
        if key in self:
            self.twice.append(key)
        super().__setitem__(key, page)

    def update(self, other=(), **more) -> None:  # dict.update would bypass __setitem__
        self.twice += getattr(other, "twice", [])
        for key, page in dict(other, **more).items():
            self[key] = page


class PageCache:
    """Pages made earlier in this process, kept with the objects they were made from.

    The loader returns the same CaseDoc object while a file is unchanged, and render the same body, so a
    `mkdocs serve` rebuild after one edit remakes only the pages whose inputs changed: objects compare by
    identity (the kept inputs keep them alive, so an identity is never reused), text and numbers by value.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[tuple, GeneratedPage]] = {}

    def get(self, key: str, inputs: tuple, make: Callable[[], GeneratedPage]) -> GeneratedPage:
        hit = self._pages.get(key)
        if hit is not None and _same(hit[0], inputs):
            return hit[1]
        page = make()
        self._pages[key] = (inputs, page)
        return page


def _same(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x is y or (type(x) in _VALUES and type(y) is type(x) and x == y)
                                    for x, y in zip(a, b))


_VALUES = (str, int, bool, type(None), dt.date)  # immutable: compared by value (today's date is a new object)


def _with_boards(archive: Archive, docs: list[CaseDoc]) -> tuple:
    """Cases and their boards' names: the inputs of any page that lists cases (for PageCache)."""
    return (*docs, *(archive.board(d.case.board).name for d in docs))


@dataclass
class Listing:
    """A paginated list of cases under one heading."""

    title: str
    intro: str
    url: str  # URL of the first page; later pages get 'sida-N/' below it
    docs: list[CaseDoc]
    lead: str = ""  # extra HTML shown above the list on the first page
    feed: str = ""  # the listing's Atom feed (board listings), offered as "Prenumerera"
    feed_title: str = ""


def e(text: object) -> str:
    return _escaped(str(text))


@functools.lru_cache(maxsize=65536)  # a build escapes a million strings, most of them labels and names again
def _escaped(text: str) -> str:
    return escape(text, quote=True)


# Python-Markdown's backslash escapes: case text in a Markdown heading is shown as text, never as a link,
# emphasis or image.
_MARKDOWN_PUNCTUATION = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()>#+-.!"})


def heading(text: str, level: int = 1) -> str:
    """A Markdown heading showing `text` as plain text (escaped for HTML, then for Markdown)."""
    return f"{'#' * level} {e(text).translate(_MARKDOWN_PUNCTUATION)}\n"


def _front_matter(title: str, description: str = "", lastmod: str = "", feed: str = "", feed_title: str = "",
                  noindex: bool = False) -> str:
    # The theme prints title and description without escaping (in <title>, the header, meta tags).
    lines = ["---", "render_macros: false", "ra_generated: true", f"title: {_yaml_text(title)}"]
    if noindex:  # not for search engines, not in the sitemap (overrides/main.html, sitemap.xml)
        lines.append("ra_noindex: true")
    if description:
        lines.append(f"description: {_yaml_text(description)}")
    if lastmod:  # the sitemap's lastmod (overrides/sitemap.xml): from the data, never the build's clock
        lines.append(f"ra_lastmod: {lastmod}")
    if feed:     # <link rel="alternate"> in the head (overrides/main.html)
        lines += [f"ra_feed: {json.dumps(feed)}", f"ra_feed_title: {_yaml_text(feed_title)}"]
    return "\n".join(lines + ["---", ""])


# YAML 1.1 reads these as line breaks even inside quotes (a '---' after one would end the page's front matter,
# which MkDocs would then show as text): escaped, as JSON leaves them.
_YAML_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _yaml_text(text: str) -> str:
    """Case text as a double-quoted YAML value of a generated page's front matter, escaped for HTML."""
    return json.dumps(e(text), ensure_ascii=False).translate(_YAML_BREAKS)


def lastmod(docs: Iterable[CaseDoc]) -> str:
    """The newest date among the cases (their latest correction or own date), or '' when none is known."""
    days = [day for day in (doc.updated() for doc in docs) if day]
    return max(days).isoformat() if days else ""


def subscribe(from_url: str, feed_url: str) -> Html:
    return Html(f'<p class="ra-subscribe"><a href="{e(urls.relative(from_url, feed_url))}" '
                f'type="application/atom+xml">{labels.SUBSCRIBE}</a> – {e(labels.FEED_HINT)}.</p>')


def _link(from_url: str, to_url: str, text: str) -> str:
    return f'<a href="{e(urls.relative(from_url, to_url))}">{e(text)}</a>'


def _date(day) -> str:
    return f'<time datetime="{day.isoformat()}">{e(day.isoformat())}</time>' if day else MISSING


def position_label(doc: CaseDoc) -> str:
    return labels.position(doc.case.decision.position)


# --- case lists --------------------------------------------------------------------------------------

def case_item(archive: Archive, doc: CaseDoc, from_url: str) -> str:
    c = doc.case
    board = archive.board(c.board)
    day = c.effective_date()
    meta = " · ".join([
        e(board.name),
        f"{labels.field('case_number')} {e(c.referral.case_number)}",
        f"{labels.field('decision.position')}: {e(position_label(doc))}",
        _date(day) if day else labels.UNKNOWN_DATE,
    ])
    summary = f'<p class="ra-item-summary">{e(c.summary)}</p>' if c.summary else ""
    marks = f' <span class="ra-draft">{labels.DRAFT}</span>' if not doc.published else ""
    last = c.last_correction()
    if last is not None:
        marks += f' <span class="ra-corrected">{labels.CORRECTED} {_date(last.date)}</span>'
    return (f'<li class="ra-item"><p class="ra-item-title">{_link(from_url, urls.case(doc.id), c.title)}{marks}</p>'
            f'<p class="ra-item-meta">{meta}</p>{summary}</li>')


def case_list(archive: Archive, docs: Iterable[CaseDoc], from_url: str) -> str:
    items = "".join(case_item(archive, d, from_url) for d in docs)
    if not items:
        return f'<p class="ra-empty">{labels.EMPTY_LIST}</p>'
    return f'<ol class="ra-list">{items}</ol>'


def _pagination(base_url: str, page: int, pages: int, from_url: str) -> str:
    if pages <= 1:
        return ""
    links = []
    for n in range(1, pages + 1):
        target = urls.paged(base_url, n)
        if n == page:
            links.append(f'<li><span aria-current="page">{n}</span></li>')
        else:
            links.append(f'<li><a href="{e(urls.relative(from_url, target))}">{n}</a></li>')
    return f'<nav class="ra-pages" aria-label="{labels.PAGES}"><ul>{"".join(links)}</ul></nav>'


def render_listing(archive: Archive, listing: Listing, made: PageCache) -> dict[str, GeneratedPage]:
    pages = max(1, math.ceil(len(listing.docs) / PAGE_SIZE))
    newest = lastmod(listing.docs)  # the whole listing's, on each of its pages
    out = {}
    for page in range(1, pages + 1):
        url = urls.paged(listing.url, page)
        chunk = listing.docs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        title = listing.title if page == 1 else labels.page_of(listing.title, page, pages)
        count = labels.answers(len(listing.docs)) + (f", sida {page} av {pages}" if pages > 1 else "")
        lead = listing.lead if page == 1 else ""
        feed = listing.feed if page == 1 else ""
        inputs = (title, listing.intro, count, lead, listing.url, page, pages, newest, feed,
                  *_with_boards(archive, chunk))
        out[urls.source_path(url)] = made.get(url, inputs, lambda: _page(
            _front_matter(title, listing.intro, newest, feed, listing.feed_title),
            heading(title),
            Html(f'<p class="ra-count">{e(count)}</p>' + lead + (subscribe(url, feed) if feed else "")
                 + case_list(archive, chunk, url) + _pagination(listing.url, page, pages, url)),
        ))
    return out


def _index_page(url: str, title: str, intro: str, rows: list[tuple[str, str, int]]) -> dict[str, GeneratedPage]:
    """An index of listings: (target URL, label, count) rows."""
    items = "".join(f'<li>{_link(url, target, label)} <span class="ra-n">({n})</span></li>'
                    for target, label, n in rows)
    listing = f'<ul class="ra-index">{items}</ul>' if items else f'<p class="ra-empty">{labels.EMPTY_INDEX}</p>'
    return {urls.source_path(url): _page(_front_matter(title, intro), heading(title),
                                         Html(f"<p>{e(intro)}</p>{listing}"))}


# --- listings by facet ------------------------------------------------------------------------------

def board_pages(archive: Archive, made: PageCache | None = None, today: dt.date | None = None
                ) -> dict[str, GeneratedPage]:
    made = made or PageCache()
    records = states.board_records(archive, today or dt.date.today())
    out = _index_page(urls.board(), labels.BOARDS, labels.BOARDS_INTRO,
                      [(urls.board(b.id), b.name + ("" if b.is_current else f" ({labels.HISTORICAL})"),
                        len(archive.by_board.get(b.id, ())))
                       for b in archive.boards_in_use()])
    for b in archive.boards_in_use():
        history = ""
        if b.successor:
            successor = archive.boards.get(b.successor)
            history = (f'<p class="ra-note">'
                       f'{e(labels.board_history(long_date(b.valid_to), successor.name if successor else b.successor))}</p>')
        docs = archive.by_board.get(b.id, [])
        out.update(render_listing(archive, Listing(
            labels.board_title(b.name), labels.board_intro(b.name), urls.board(b.id), docs,
            lead=history + board_record(records.get(b.id, [])),
            feed=urls.feed(board_id=b.id) if has_feed(docs) else "", feed_title=labels.feed_board(b.name)), made))
    return out


def year_pages(archive: Archive, made: PageCache | None = None) -> dict[str, GeneratedPage]:
    made = made or PageCache()
    out = _index_page(urls.year(index=True), labels.YEARS, labels.YEARS_INTRO,
                      [(urls.year(y), labels.year(y), len(archive.by_year[y])) for y in archive.years()])
    for y in archive.years():
        title = labels.year_title(y)
        out.update(render_listing(archive, Listing(title, title + ".", urls.year(y), archive.by_year[y]), made))
    return out


def topic_pages(archive: Archive, made: PageCache | None = None) -> dict[str, GeneratedPage]:
    made = made or PageCache()
    topics = archive.sorted_topics()
    out = _index_page(urls.topic(), labels.TOPICS, labels.TOPICS_INTRO,
                      [(urls.topic(t.slug), t.name, len(t.cases)) for t in topics])
    for t in topics:
        out.update(render_listing(archive, Listing(labels.topic_title(t.name), labels.topic_intro(t.name),
                                                   urls.topic(t.slug), t.cases), made))
    return out


def referral_pages(archive: Archive, made: PageCache | None = None,
                   missives: dict[str, RenderedBody] | None = None) -> PageSet:
    """The referral list and a page per referral. `missives`: the records' bodies converted (BodyCache.
    render_records), by record id; without them, the bodies are converted here."""
    made = made or PageCache()
    groups = archive.sorted_referrals()
    out = _referral_index(archive, groups, made=made)
    if missives is None:
        missives = BodyCache().render_records(archive.records())
    for g in groups:
        record = g.record.record if g.record else None  # a record, and the day, decide each body's state
        missive = missives.get(g.record.id) if g.record else None
        inputs = (g.title, g.sender, g.case_number, g.kind, record, missive, dt.date.today(),
                  *_with_boards(archive, g.answers))
        out[urls.source_path(urls.referral(g.key))] = made.get(
            urls.referral(g.key), inputs, lambda g=g, missive=missive: referral_page(archive, g, missive=missive))
    return out


def _answered(archive: Archive, group: ReferralGroup) -> str:
    """'3 svar', or with a complete record '2 av 5 tillfrågade nämnder har svarat; …' (a data fact: no day decides it)."""
    if group.record is None or not group.record.record.asked_complete:
        return labels.answers_to(len(group.answers))
    return labels.answered_of(*states.answered_count(group), len(group.record.record.asked_others))


@dataclass
class _ReferralList:
    title: str
    base: str                        # the first page's URL
    groups: list[ReferralGroup]
    current: tuple[str, str]         # which sort or filter this list is: (kind, value)


def _referral_index(archive: Archive, groups: list[ReferralGroup], today: dt.date | None = None,
                    made: PageCache | None = None) -> PageSet:
    """The referral list, newest first; sorted by deadline; from each sender; in each state. Static pages
    linked from every one of them, so sorting and filtering need no script and every view has an address."""
    lists, senders, in_state = _referral_lists(archive, groups, today or dt.date.today())
    answered = {g.key: _answered(archive, g) for g in groups}  # once a referral, whichever lists show it
    # What every list's filter links show: a page is made again when these or its own rows change.
    counts = [v for slug, found in senders.items() for v in (slug, found[0].sender, len(found))]
    counts += [len(found) for found in in_state.values()]
    out = PageSet()
    for one in lists:
        out.update(_referral_list_pages(one, _referral_filters(one, senders, in_state), answered,
                                        made or PageCache(), counts))
    return out


def referral_list_addresses(archive: Archive, today: dt.date | None = None) -> list[tuple[str, int]]:
    """(first page's URL, number of referrals) of every referral list: the address plan pages them."""
    lists, _, _ = _referral_lists(archive, archive.sorted_referrals(), today or dt.date.today())
    return [(one.base, len(one.groups)) for one in lists]


def _referral_lists(archive: Archive, groups: list[ReferralGroup], today: dt.date
                    ) -> tuple[list[_ReferralList], dict[str, list[ReferralGroup]], dict[str, list[ReferralGroup]]]:
    """The lists (newest first, by deadline, per sender, per state), the senders' and the states' groups."""
    lists = [_ReferralList(labels.REFERRALS, urls.referral(), groups, ("sort", "")),
             _ReferralList(labels.referrals_sorted_by_deadline(), urls.referral_list(sort="deadline"),
                           sorted(groups, key=_by_deadline), ("sort", "deadline"))]
    senders: dict[str, list[ReferralGroup]] = {}
    for g in groups:
        senders.setdefault(slugify(g.sender) or "x", []).append(g)
    for slug, found in sorted(senders.items(), key=lambda item: sort_key(item[1][0].sender)):
        lists.append(_ReferralList(labels.referrals_from(found[0].sender), urls.referral_list(sender=slug), found,
                                   ("sender", slug)))
    in_state = {key: [] for key in labels.LIST_STATES}
    for g in groups:
        in_state[states.list_state(archive, g, today)].append(g)
    for key, found in in_state.items():
        lists.append(_ReferralList(labels.referrals_in_state(key), urls.referral_list(state=key),
                                   sorted(found, key=_by_deadline), ("state", key)))
    return lists, senders, in_state


def _by_deadline(group: ReferralGroup) -> tuple:
    """The nearest deadline first, referrals without one last."""
    day = _deadline(group)
    return (day is None, day or dt.date.max, sort_key(group.title))


def _deadline(group: ReferralGroup) -> dt.date | None:
    """The deadline its referral record gives (the lists show no other)."""
    return group.record.record.deadline if group.record else None


def _referral_filters(one: _ReferralList, senders: dict, in_state: dict) -> Callable[[str], str]:
    """The list's sort and filter links, made for the page at `url` (the current one marked, not linked)."""
    def links(url: str, rows: list[tuple[str, str, str, int | None]]) -> str:
        items = []
        for kind, target, text, n in rows:
            label = e(text) + (f' <span class="ra-n">({n})</span>' if n is not None else "")
            if (kind, target) == (one.current[0], one.current[1]):
                items.append(f'<li><span aria-current="page">{label}</span></li>')
            else:
                items.append(f'<li><a href="{e(urls.relative(url, _list_url(kind, target)))}">{label}</a></li>')
        return f'<ul>{"".join(items)}</ul>'

    def nav(url: str) -> str:
        sort = [("sort", "", labels.SORT_NEWEST, None), ("sort", "deadline", labels.SORT_DEADLINE, None)]
        state = [("state", key, labels.LIST_STATES[key], len(found)) for key, found in in_state.items()]
        sender = [("sender", slug, found[0].sender, len(found))
                  for slug, found in sorted(senders.items(), key=lambda item: sort_key(item[1][0].sender))]
        groups = "".join(f'<div><h2>{e(title)}</h2>{links(url, rows)}</div>' for title, rows in (
            (labels.SORT_BY, sort), (labels.FILTER_STATE, state), (labels.FILTER_SENDER, sender)))
        return f'<nav class="ra-list-filters" aria-label="{e(labels.LIST_FILTERS)}">{groups}</nav>'
    return nav


def _list_url(kind: str, value: str, page: int = 1) -> str:
    """kind: 'sort', 'sender' or 'state' (the keywords of urls.referral_list)."""
    return urls.referral_list(**{kind: value}, page=page)


def _referral_list_pages(one: _ReferralList, nav: Callable[[str], str], answered: dict[str, str],
                         made: PageCache, counts: list) -> dict[str, GeneratedPage]:
    out = {}
    pages = max(1, math.ceil(len(one.groups) / PAGE_SIZE))
    base_kind, base_value = one.current
    for page in range(1, pages + 1):
        url = _list_url(base_kind, base_value, page)
        shown = one.groups[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        inputs = (one.title, len(one.groups), *counts, *(v for g in shown for v in _row_values(g, answered[g.key])))
        out[urls.source_path(url)] = made.get(url, inputs, lambda url=url, shown=shown, page=page: _referral_list_page(
            one, nav, url, "".join(_referral_row(url, g, answered[g.key]) for g in shown), page, pages))
    return out


def _referral_list_page(one: _ReferralList, nav: Callable[[str], str], url: str, rows: str, page: int,
                        pages: int) -> GeneratedPage:
    columns = "".join(f'<th scope="col">{e(name)}</th>' for name in (
        labels.REFERRAL, labels.field("case_number"), labels.field("referral.sender"), labels.DEADLINE,
        labels.ANSWERED))
    table = (f'<table class="ra-answers ra-referrals"><caption>{e(one.title)}</caption><thead><tr>{columns}'
             f'</tr></thead><tbody>{rows}</tbody></table>' if rows
             else f'<p class="ra-empty">{labels.EMPTY_INDEX}</p>')
    title = one.title if page == 1 else labels.page_of(one.title, page, pages)
    return _page(_front_matter(title, labels.REFERRALS_INTRO), heading(title),
                 Html(f'<p class="ra-count">{e(labels.referrals(len(one.groups)))}</p>' + nav(url) + table
                      + _pagination(one.base, page, pages, url)))


def _row_values(g: ReferralGroup, answered: str) -> tuple:
    """What a referral's row in a list shows (_referral_row), as values for PageCache."""
    return (g.key, g.title, g.case_number, g.sender, _deadline(g), answered)


def _referral_row(url: str, g: ReferralGroup, answered: str) -> str:
    deadline = _deadline(g)
    return (f'<tr><td>{_link(url, urls.referral(g.key), g.title)}</td>'
            f'<td data-label="{e(labels.field("case_number"))}">{e(g.case_number)}</td>'
            f'<td data-label="{e(labels.field("referral.sender"))}">{e(g.sender)}</td>'
            f'<td data-label="{e(labels.DEADLINE)}">{_date(deadline) if deadline else MISSING}</td>'
            f'<td data-label="{e(labels.ANSWERED)}">{e(answered)}</td></tr>')


def referral_page(archive: Archive, group: ReferralGroup, today: dt.date | None = None,
                  missive: RenderedBody | None = None) -> GeneratedPage:
    """Facts and deadline; with a referral record, the missive, the documents sent, every body asked and its
    state, and the answers from bodies not on the list; the positions tallied as a chart and a table; the
    referral from sending to decision as a timeline; every answer's proposal side by side."""
    url = urls.referral(group.key)
    now = states.state(archive, group, today or dt.date.today())
    record = group.record.record if group.record else None
    facts = [(labels.field("referral.sender"), e(group.sender)), (labels.field("case_number"), e(group.case_number)),
             (labels.REFERRAL_TYPE, e(group.kind) if group.kind else MISSING)]
    if record:
        facts += [(labels.SENT, _date(record.sent)), (labels.DEADLINE, _date(record.deadline))]
        facts += [(labels.DECIDED, _date(record.decided))] if record.decided else []
        facts.append((labels.ANSWER_COUNT, e(labels.answered_of(now.answered, len(now.boards),
                                                                len(now.asked) - len(now.boards)))))
    else:
        facts.append((labels.ANSWER_COUNT, str(len(group.answers))))
    feed = urls.feed(referral_key=group.key) if referral_has_feed(group) else ""
    parts = [heading(group.title), Html(_dl(facts) + (subscribe(url, feed) if feed else ""))]
    if record:
        if missive is not None and missive.html.strip():
            parts += [heading(labels.MISSIVE, 2), Html(f'<div class="ra-missive">{missive.html}</div>')]
        if record.documents:
            parts += [heading(labels.SENT_DOCUMENTS, 2), Html(_sent_documents(url, group))]
        parts += [heading(labels.ASKED, 2), Html(_asked_table(archive, url, now))]
        if not record.asked_complete:
            parts.append(Html(f'<p class="ra-note">{e(labels.ASKED_INCOMPLETE)}</p>'))
    else:
        parts.append(Html(f'<p class="ra-note">{e(labels.NO_RECORD)}</p>'))
    if group.answers:
        parts += [heading(labels.TALLY, 2), Html(tally_chart(now.tally) + _tally_table(now.tally))]
    if now.unasked:
        title = labels.BOARD_ANSWERS if not record else (labels.UNASKED if record.asked_complete
                                                         else labels.UNASKED_UNKNOWN)
        parts += [heading(title, 2), Html(_answers_table(archive, url, now.unasked))]
    events = _timeline(archive, url, group, now)
    if len(events) > 1:
        parts += [heading(labels.TIMELINE, 2), Html(_timeline_list(events))]
    if group.answers:
        parts += [heading(labels.COMPARISON, 2), Html(_comparison(archive, url, group))]
    return _page(
        _front_matter(labels.referral_title(group.title), labels.referral_intro(group.title, group.case_number),
                      lastmod(group.answers), feed, labels.feed_referral(group.title, group.case_number)), *parts)


def _sent_documents(url: str, group: ReferralGroup) -> str:
    items = []
    for sent in group.record.record.documents:
        if sent.file:
            items.append(f"<li>{_link(url, urls.referral_file(group.key, sent.file), sent.title)}</li>")
        elif sent.url:
            items.append(f'<li><a href="{e(sent.url)}">{e(sent.title)}</a></li>')
        else:
            items.append(f"<li>{e(sent.title)}</li>")
    return f'<ul class="ra-sent">{"".join(items)}</ul>'


@dataclass(frozen=True)
class _Event:
    day: dt.date
    order: int        # on one day: sent, answers, deadline, decision
    html: str


def _timeline(archive: Archive, url: str, group: ReferralGroup, now: states.ReferralState) -> list[_Event]:
    """Sent → answers → deadline → decision, in date order; an answer without a date has no place on it."""
    record = group.record.record if group.record else None
    events = [_Event(record.sent, 0, e(labels.SENT))] if record and record.sent else []
    for doc in group.answers:
        day = doc.case.effective_date()
        if day:
            late = f" ({e(labels.STATES['sen'].lower())})" if record and record.late(day) else ""
            events.append(_Event(day, 1, f"{_link(url, urls.case(doc.id), archive.board(doc.case.board).name)} "
                                         f"{e(labels.TIMELINE_ANSWER)}: {e(position_label(doc))}{late}"))
    if now.deadline:
        events.append(_Event(now.deadline, 2, e(labels.DEADLINE)))
    if record and record.decided:
        events.append(_Event(record.decided, 3, e(labels.DECIDED)))
    return sorted(events, key=lambda ev: (ev.day, ev.order))


def _timeline_list(events: list[_Event]) -> str:
    items = "".join(f'<li><time datetime="{ev.day.isoformat()}">{e(ev.day.isoformat())}</time> '
                    f'<span>{ev.html}</span></li>' for ev in events)
    return f'<ol class="ra-timeline" aria-label="{e(labels.TIMELINE_CAPTION)}">{items}</ol>'


def _comparison(archive: Archive, url: str, group: ReferralGroup) -> str:
    """Every answer's proposal (front matter: plain text, escaped) beside the others, by board name."""
    items = []
    for doc in sorted(group.answers, key=lambda d: sort_key(archive.board(d.case.board).name)):
        proposal = doc.case.decision.proposal
        text = e(proposal) if proposal else f'<span class="ra-missing">{e(labels.NO_PROPOSAL)}</span>'
        board = _link(url, urls.case(doc.id), archive.board(doc.case.board).name)
        items.append(f'<li><p class="ra-compare-head">{board} <span class="ra-item-meta">{e(position_label(doc))}'
                     f'</span></p><p>{text}</p></li>')
    return f'<p>{e(labels.COMPARISON_INTRO)}</p><ul class="ra-compare">{"".join(items)}</ul>'


def _answers_table(archive: Archive, url: str, answers: list[CaseDoc]) -> str:
    rows = "".join(
        f'<tr><td>{_link(url, urls.board(d.case.board), archive.board(d.case.board).name)}</td>'
        f'<td data-label="{e(labels.field("decision.position"))}">{e(position_label(d))}</td>'
        f'<td data-label="{e(labels.field("date"))}">{_date(d.case.effective_date())}</td>'
        f'<td>{_link(url, urls.case(d.id), d.case.title)}</td></tr>' for d in answers)
    columns = "".join(f'<th scope="col">{e(name)}</th>' for name in (
        labels.field("board"), labels.field("decision.position"), labels.field("date"), labels.ANSWER))
    return (f'<table class="ra-answers"><caption>{e(labels.ANSWERS_CAPTION)}</caption><thead><tr>{columns}'
            f'</tr></thead><tbody>{rows}</tbody></table>')


def _asked_table(archive: Archive, url: str, now: states.ReferralState) -> str:
    rows = []
    for a in now.asked:
        name = _link(url, urls.board(a.board), a.name) if a.board and a.board in archive.boards else e(a.name)
        d = a.answer
        rows.append(
            f'<tr class="ra-state-{e(a.state)}"><td>{name}</td>'
            f'<td data-label="{e(labels.STATE)}">{e(labels.STATES[a.state])}</td>'
            f'<td data-label="{e(labels.field("decision.position"))}">{e(position_label(d)) if d else ""}</td>'
            f'<td data-label="{e(labels.field("date"))}">{_date(d.case.effective_date()) if d else ""}</td>'
            f'<td>{_link(url, urls.case(d.id), d.case.title) if d else ""}</td></tr>')
    columns = "".join(f'<th scope="col">{e(name)}</th>' for name in (
        labels.BODY, labels.STATE, labels.field("decision.position"), labels.field("date"), labels.ANSWER))
    return (f'<table class="ra-answers ra-asked"><caption>{e(labels.ASKED_CAPTION)}</caption><thead><tr>{columns}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _tally_parts(tally: dict) -> list[tuple[str, int]]:
    return [(labels.position(p), n) for p, n in tally.items() if n or p is not None]


TALLY_TABLE_ID = "ra-tally-table"


def _tally_table(tally: dict) -> str:
    rows = "".join(f'<tr><th scope="row">{e(label)}</th><td>{n}</td></tr>' for label, n in _tally_parts(tally))
    return (f'<table class="ra-tally" id="{TALLY_TABLE_ID}"><caption>{e(labels.TALLY_CAPTION)}</caption><thead><tr>'
            f'<th scope="col">{e(labels.field("decision.position"))}</th><th scope="col">{e(labels.ANSWER_COUNT)}'
            f'</th></tr></thead><tbody>{rows}</tbody></table>')


def tally_chart(tally: dict) -> str:
    parts = _tally_parts(tally)
    return bar_chart(parts, labels.tally_text(parts), table=TALLY_TABLE_ID)


def bar_chart(parts: list[tuple[str, int]], text: str, most: int = 0, suffix: str = "", table: str = "") -> str:
    """A bar chart drawn at build time: inline SVG, no script, `text` (every bar in words) as its text
    alternative; a table beside it holds the numbers too. Bars and text take the page's text colour.
    `most`: the value of a full bar (the largest value if 0); `suffix` follows each number (' %')."""
    most = most or max((n for _, n in parts), default=0) or 1
    bar, gap, label_width, width = 22, 8, 190, 420
    height = len(parts) * (bar + gap)
    rows = []
    for i, (label, n) in enumerate(parts):
        y = i * (bar + gap)
        length = round((width - label_width - 60) * n / most)
        rows.append(f'<text x="0" y="{y + bar * 0.7:.0f}" fill="currentColor">{e(label)}</text>'
                    f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" fill="currentColor"/>'
                    f'<text x="{label_width + length + 6}" y="{y + bar * 0.7:.0f}" fill="currentColor">'
                    f'{n}{e(suffix)}</text>')
    # the table with the same numbers describes the chart (aria-describedby): the two are one figure
    described = f' aria-describedby="{e(table)}"' if table else ""
    return (f'<svg class="ra-chart" role="img" aria-label="{e(text)}"{described} viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}"><title>{e(text)}</title>{"".join(rows)}</svg>')


def board_record(rows: list[states.YearRecord]) -> str:
    """A board's answers per year with their positions, and how many of the referrals it was asked to answer
    it answered by the deadline: each as a chart and a table with the same numbers."""
    if not rows:
        return ""
    parts = [(labels.year(r.year), r.answers) for r in rows]
    positions = [*states.POSITIONS, None]
    head = "".join(f'<th scope="col">{e(name)}</th>' for name in (
        labels.YEAR, labels.ANSWER_COUNT, *(labels.position(p) for p in positions)))
    body = "".join(f'<tr><th scope="row">{e(labels.year(r.year))}</th><td>{r.answers}</td>'
                   + "".join(f"<td>{r.positions.get(p, 0)}</td>" for p in positions) + "</tr>" for r in rows)
    out = (f'<h2 id="{urls.BOARD_RECORD_ID}">{e(labels.BOARD_RECORD)}</h2>'
           + bar_chart(parts, labels.answers_per_year_text(parts), table="ra-answers-per-year")
           + table_box(f'<table class="ra-record" id="ra-answers-per-year"><caption>{e(labels.ANSWERS_PER_YEAR_CAPTION)}</caption>'
                       f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
                       labels.ANSWERS_PER_YEAR_CAPTION))
    asked = [r for r in rows if r.asked]
    if asked:
        shares = [(labels.year(r.year), round(100 * r.in_time / r.asked)) for r in asked]
        head = "".join(f'<th scope="col">{e(name)}</th>' for name in (
            labels.YEAR, labels.ASKED_COUNT, labels.IN_TIME_COUNT, labels.LATE_COUNT, labels.MISSING_COUNT,
            labels.SHARE_IN_TIME))
        body = "".join(f'<tr><th scope="row">{e(labels.year(r.year))}</th><td>{r.asked}</td><td>{r.in_time}</td>'
                       f'<td>{r.late}</td><td>{r.missing}</td><td>{e(labels.percent(r.in_time, r.asked))}</td></tr>'
                       for r in asked)
        out += (f'<h3>{e(labels.IN_TIME)}</h3><p>{e(labels.IN_TIME_INTRO)}</p>'
                + bar_chart(shares, labels.in_time_text([(y, f"{n} %") for y, n in shares]), 100, " %",
                            table="ra-in-time")
                + table_box(f'<table class="ra-record" id="ra-in-time"><caption>{e(labels.IN_TIME_CAPTION)}</caption>'
                             f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>', labels.IN_TIME_CAPTION))
    return out + f"<h2>{e(labels.ANSWER_LIST)}</h2>"


# --- case pages -------------------------------------------------------------------------------------

def _dl(rows: list[tuple[str, str]]) -> str:
    inner = "".join(f"<div><dt>{e(label)}</dt><dd>{value}</dd></div>" for label, value in rows)
    return f'<dl class="ra-facts">{inner}</dl>'


def _names(values: list[str]) -> str:
    return ", ".join(e(v) for v in values) if values else MISSING


@dataclass(frozen=True)
class Changed:
    """'Senast ändrad' of a case page: the date of the last commit to its file (or, without git history, the
    case's own date), and the address of the file's history."""

    day: object = None      # datetime.date | None
    history: str = ""       # URL, or "" for no link
    added: object = None    # datetime.date | None: the day the file came into the archive (first commit)


def changed_row(changed: Changed) -> str:
    value = _date(changed.day)
    if changed.history:
        value += f' (<a href="{e(changed.history)}">{e(labels.HISTORY)}</a>)'
    return value


def case_facts(archive: Archive, doc: CaseDoc, changed: Changed = Changed()) -> str:
    c, url = doc.case, urls.case(doc.id)
    r, d = c.referral, c.decision
    board = archive.board(c.board)
    sign = "".join(f"<li>{e(s.name)}{', ' + e(s.role) if s.role else ''}</li>" for s in c.signatories)
    topics = ", ".join(_link(url, urls.topic(t.slug), t.name)
                       for t in (archive.topics.get(slug) for slug in _slugs(c.topics)) if t)
    facts = {
        "board": _link(url, urls.board(board.id), board.name),
        "case_number": e(c.case_number) if c.case_number else MISSING,
        "document_type": e(c.document_type) if c.document_type else MISSING,
        "date": _date(c.date),
        "referral": _link(url, urls.referral(archive.referral_of(doc).key), r.title),
        "referral.case_number": e(r.case_number),
        "referral.sender": e(r.sender),
        "referral.kind": e(r.kind) if r.kind else MISSING,
        "referral.submitters": _names(r.submitters),
        "referral.received": _date(r.received),
        "referral.deadline": _date(r.deadline),
        "decision.date": _date(d.date),
        "decision.paragraph": e(d.paragraph) if d.paragraph else MISSING,
        "decision.position": e(position_label(doc)),
        "prepared_by": e(c.prepared_by) if c.prepared_by else MISSING,
        "handler": e(c.handler) if c.handler else MISSING,
        "signatories": f"<ul>{sign}</ul>" if sign else MISSING,
        "topics": topics or MISSING,
        "attachments": attachment_list(doc) or MISSING,
    }
    if c.source_url:
        facts["source_url"] = f'<a href="{e(c.source_url)}">{e(c.source_url)}</a>'
    rows = [(labels.field(path), value) for path, value in facts.items()]
    if c.effective_date() is None and changed.added:  # no date in the document: say where this one comes from
        rows.append((labels.PUBLISHED, f"{_date(changed.added)} {e(labels.PUBLISHED_FROM_HISTORY)}"))
    rows.append((labels.LAST_CHANGED, changed_row(changed)))
    return f'<section class="ra-case-facts" aria-label="{labels.CASE_FACTS}">{_dl(rows)}</section>'


def _slugs(names: list[str]) -> list[str]:
    return [slugify(n) for n in names]


def attachment_list(doc: CaseDoc) -> str:
    items = []
    for a in doc.case.attachments:
        if a.file:
            items.append(f'<li><a href="{e(urls.relative(urls.case(doc.id), urls.attachment(doc.id, a.file)))}">'
                         f'{e(a.title)}</a></li>')
        else:
            items.append(f'<li>{e(a.title)} <span class="ra-missing">({labels.NOT_IN_ARCHIVE})</span></li>')
    return f"<ol>{''.join(items)}</ol>" if items else ""


def other_answers(archive: Archive, doc: CaseDoc) -> str:
    url = urls.case(doc.id)
    group = archive.referral_of(doc)
    others = [d for d in group.answers if d is not doc]
    link = _link(url, urls.referral(group.key), labels.ALL_ANSWERS)
    if not others:
        return f'<p class="ra-others">{labels.NO_OTHER_ANSWERS} {link}.</p>'
    items = "".join(f'<li>{_link(url, urls.case(d.id), archive.board(d.case.board).name)}: '
                    f'{e(position_label(d))}</li>' for d in others)
    return f'<ul class="ra-others">{items}</ul>\n<p>{link}.</p>'


def corrections(doc: CaseDoc) -> str:
    """The case's corrections, newest first, as notices above its text."""
    notes = "".join(f'<p><strong>{labels.CORRECTION}</strong> {_date(c.date)}: {e(c.description)}</p>'
                    for c in sorted(doc.case.corrections, key=lambda c: c.date, reverse=True))
    return f'<div class="ra-corrections" role="note" aria-label="{labels.field("corrections")}">{notes}</div>' \
        if notes else ""


def case_page(archive: Archive, doc: CaseDoc, body: RenderedBody, changed: Changed = Changed()) -> GeneratedPage:
    c = doc.case
    draft = (f'<p class="ra-draft-banner"><strong>{labels.DRAFT}</strong> – {labels.DRAFT_BANNER}</p>'
             if not doc.published else "") + corrections(doc)
    page = _page(
        _front_matter(c.title, c.summary or f"{c.title}. {archive.board(c.board).name}.", lastmod([doc])),
        heading(c.title),
        Html(draft + case_facts(archive, doc, changed) + body.html
             + other_answers(archive, doc)),
    )
    page.toc = body.toc
    return page


def render_all(archive: Archive, bodies: dict[str, RenderedBody] | None = None,
               made: PageCache | None = None, changed: Callable[[CaseDoc], Changed] | None = None,
               missives: dict[str, RenderedBody] | None = None) -> PageSet:
    """Every generated page, keyed by its Markdown source path relative to the site's docs root.
    `bodies`: the case bodies from render.render_bodies (converted with the default extensions if omitted);
    `made`: a PageCache kept between builds in one process (a serve rebuild remakes only what changed);
    `changed`: each case's 'Senast ändrad' (without it: the case's own date, no history link);
    `missives`: the referral records' bodies, converted (converted here if omitted)."""
    out = PageSet()
    made = made or PageCache()
    bodies = bodies if bodies is not None else render_bodies(archive.cases)
    changed = changed or (lambda doc: Changed(doc.case.effective_date()))
    for doc in archive.cases:
        group = archive.referral_of(doc)
        topics = [archive.topics[slug].name for slug in _slugs(doc.case.topics) if slug in archive.topics]
        last = changed(doc)
        inputs = (doc, bodies[doc.id], group.key, *_with_boards(archive, group.answers), *topics, str(last.day),
                  last.history, str(last.added))
        out[urls.source_path(urls.case(doc.id))] = made.get(
            urls.case(doc.id), inputs, lambda doc=doc, last=last: case_page(archive, doc, bodies[doc.id], last))
    for build in (board_pages, year_pages, topic_pages):
        out.update(build(archive, made))
    out.update(referral_pages(archive, made, missives))
    out[urls.source_path(urls.open_referrals())] = open_referrals_page(archive, dt.date.today())
    return out


def open_referrals_page(archive: Archive, today: dt.date) -> GeneratedPage:
    """Referrals whose deadline has not passed on the build's day, the nearest deadline first, with how many
    of the bodies asked have answered. The page says which day it is true for."""
    url = urls.open_referrals()
    day = long_date(today)
    rows = []
    found = [states.state(archive, g, today) for g in archive.referrals.values() if states.is_open(g, today)]
    for now in sorted((n for n in found if n.open), key=lambda n: (n.deadline, sort_key(n.group.title))):
        g = now.group
        answered = (labels.answered_short(now.answered, len(now.boards)) if g.record
                    else labels.answers_to(len(g.answers)))
        # the number tells two referrals of one title apart (issue 37)
        rows.append(f'<tr><td>{_link(url, urls.referral(g.key), g.title)}</td>'
                    f'<td data-label="{e(labels.field("referral.case_number"))}">{e(g.case_number)}</td>'
                    f'<td data-label="{e(labels.field("referral.sender"))}">{e(g.sender)}</td>'
                    f'<td data-label="{e(labels.DEADLINE)}">{_date(now.deadline)}</td>'
                    f'<td data-label="{e(labels.ANSWERED)}">{e(answered)}</td></tr>')
    columns = "".join(f'<th scope="col">{e(name)}</th>' for name in (
        labels.REFERRAL, labels.field("referral.case_number"), labels.field("referral.sender"), labels.DEADLINE,
        labels.ANSWERED))
    table = (f'<table class="ra-answers ra-open"><caption>{e(labels.OPEN_CAPTION)}</caption><thead><tr>{columns}'
             f'</tr></thead><tbody>{"".join(rows)}</tbody></table>' if rows
             else f'<p class="ra-note">{e(labels.no_open(day))}</p>')
    return _page(_front_matter(labels.OPEN_REFERRALS, labels.open_intro(day)), heading(labels.OPEN_REFERRALS),
                 Html(f'<p>{e(labels.open_intro(day))}</p>' + table))


def attachments(archive: Archive) -> dict[str, str]:
    """Attachment files and documents sent on referral to publish: {site path: absolute source path}."""
    out = {urls.attachment(d.id, a.file): str(d.folder / a.file)
           for d in archive.cases for a in d.case.attachments if a.file}
    out.update({urls.referral_file(g.key, sent.file): str(g.record.folder / sent.file)
                for g in archive.referrals.values() if g.record for sent in g.record.record.documents if sent.file})
    return out


def stats(archive: Archive, from_url: str) -> str:
    rows = [
        (urls.year(index=True), "answer", len(archive.cases)),
        (urls.board(), "board", len(archive.boards_in_use())),
        (urls.referral(), "referral", len(archive.referrals)),
        (urls.topic(), "topic", len(archive.topics)),
    ]
    items = "".join(f'<li><a href="{e(urls.relative(from_url, target))}"><strong>{n}</strong> '
                    f'{e(labels.noun(n, kind))}</a></li>' for target, kind, n in rows)
    return f'<ul class="ra-stats">{items}</ul>'


# --- the preview's changes page ----------------------------------------------------------------------------

CHANGES_URL = "andringar/"


def _field_change(change) -> str:
    label = e(labels.FIELDS.get(change.path, change.path))
    if change.added or change.removed:
        parts = [f"{labels.ADDED_ITEMS}: {', '.join(e(x) for x in change.added)}" if change.added else "",
                 f"{labels.REMOVED_ITEMS}: {', '.join(e(x) for x in change.removed)}" if change.removed else ""]
        return f"<li>{label}: {'; '.join(p for p in parts if p)}</li>"
    old = e(change.old) if change.old is not None else MISSING
    new = e(change.new) if change.new is not None else MISSING
    return f"<li>{label}: {old} → {new}</li>"


def _personal_data(doc, own_phones: frozenset[str]) -> str:
    """What a reviewer should look at in the case, beside its changes (personal_data: the same as `check` warns)."""
    found = personal_data.problems(doc, own_phones)
    if not found:
        return ""
    rows = "".join(f"<li>{e(labels.line_at(p.line))}: {e(personal_data.finding_text(p))}</li>" for p in found)
    return f'<li class="ra-warning">{e(labels.PERSONAL_DATA)}<ul>{rows}</ul></li>'


def _import_record(doc) -> str:
    """The importer's own account of an imported draft (its `import:` record, never on a public page): what a
    reviewer should check first, and how sure each field was."""
    record = getattr(doc.case, "import")
    if record is None:
        return ""
    rows = [f"<li>{e(text)}</li>" for text in record.check]
    unsure = [f for f in record.fields if f.certainty != "säker"]
    if unsure:
        shown = ", ".join(f"{e(labels.FIELDS.get(f.field, f.field))} ({e(f.certainty)}, {e(f.where or '')})"
                          for f in unsure)
        rows.append(f"<li>{e(labels.IMPORT_NOT_SURE)}: {shown}</li>")
    head = labels.import_source(record.source, record.ocr)
    return f'<li class="ra-import">{e(head)}<ul>{"".join(rows)}</ul></li>'


def _case_change(archive: Archive, change, own_phones: frozenset[str]) -> str:
    doc_id = change.source.removeprefix("cases/").removesuffix(".md")
    doc = archive.by_id.get(doc_id)
    gone = next((d for d in archive.withdrawn if d.id == doc_id), None)
    name = _link(CHANGES_URL, urls.case(doc_id), (doc or gone).case.title) if doc or gone else e(change.source)
    if doc is not None and not doc.published:
        name += f' <span class="ra-draft">{labels.DRAFT}</span>'
    details = [_field_change(f) for f in change.fields]
    if gone is not None:
        w = gone.case.withdrawal
        details.insert(0, f'<li class="ra-warning">{e(labels.withdrawn_change(w.date.isoformat(), w.reason, w.full))}</li>')
    if change.sections:
        shown = [s or labels.SECTION_BEFORE_HEADINGS for s in change.sections]
        details.append(f"<li>{labels.CHANGED_SECTIONS}: {', '.join(e(s) for s in shown)}</li>")
    for label, files in ((labels.ATTACHMENTS_ADDED, change.attachments_added),
                         (labels.ATTACHMENTS_REMOVED, change.attachments_removed)):
        if files:
            details.append(f"<li>{label}: {', '.join(e(f) for f in files)}</li>")
    if change.body_changed and doc is not None and doc.published and not change.corrections_added:
        details.append(f'<li class="ra-warning">{e(labels.NO_CORRECTION)}</li>')
    if change.kind == "removed" and change.was_published:
        details.append(_address_fate(archive, urls.case(doc_id)))
    if doc is not None and change.kind != "removed":
        details.append(_personal_data(doc, own_phones))
        details.append(_import_record(doc))
    details = [d for d in details if d]
    inner = f"<ul>{''.join(details)}</ul>" if details else ""
    return f"<li>{name} <code>{e(change.source)}</code>{inner}</li>"


def _address_fate(archive: Archive, url: str) -> str:
    """A published case's address never stops working: it must live on as another case's alias."""
    heir = next((d for d in [*archive.cases, *archive.withdrawn] if url in d.earlier_addresses), None)
    if heir is None:
        return f'<li class="ra-warning">{e(labels.address_gone(url))}</li>'
    return f"<li>{e(labels.ADDRESS_KEPT)} {_link(CHANGES_URL, urls.case(heir.id), heir.case.title)}</li>"


def changes_page(archive: Archive, changes, own_phones: frozenset[str] = frozenset()) -> GeneratedPage:
    """'Ändringar i förhandsversionen': what the preview changes, with links to its pages."""
    blocks = [f"<p>{e(labels.changes_intro(changes.base))}</p>"]
    if changes.reason:
        blocks.append(f'<p class="ra-warning">{e(changes.reason)}</p>')
    for kind, title in (("added", labels.CHANGES_ADDED), ("changed", labels.CHANGES_CHANGED),
                        ("removed", labels.CHANGES_REMOVED)):
        items = [_case_change(archive, c, own_phones) for c in changes.cases if c.kind == kind]
        if items:
            blocks.append(f"<h2>{e(title)}</h2><ul class=\"ra-changes\">{''.join(items)}</ul>")
    if changes.other:
        rows = "".join(f"<li>{e(labels.FILE_STATUS.get(s, s))}: <code>{e(p)}</code></li>" for s, p in changes.other)
        blocks.append(f'<h2>{e(labels.CHANGES_OTHER)}</h2><ul class="ra-changes">{rows}</ul>')
    if not changes.cases and not changes.other and not changes.reason:
        blocks.append(f"<p>{e(labels.CHANGES_NONE)}</p>")
    return _page(_front_matter(labels.CHANGES), heading(labels.CHANGES), Html("".join(blocks)))
