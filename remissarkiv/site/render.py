"""Case bodies as HTML, converted in worker processes with one reusable Markdown instance each.

The site generator then only converts a small page skeleton; the body's headings come back as table-of-
contents tokens. Compound-word parts for the search index are found in the same pass.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import markdown
from lxml import html as lxml_html

from remissarkiv import parallel
from remissarkiv.model import labels
from remissarkiv.site import compounds, sanitize
from remissarkiv.site.heavy import BUILD_BUDGET, HeavyBody, risky

# Used when no site generator passes its own configuration (`remissarkiv pages`).
DEFAULT_EXTENSIONS: tuple[list, dict] = (["toc", "tables", "def_list", "pymdownx.superfences"],
                                         {"toc": {"permalink": True, "permalink_title": labels.HEADING_LINK},
                                          "tables": {"use_align_attribute": True}})


@dataclass
class RenderedBody:
    html: str
    toc: list[dict]     # Python-Markdown toc_tokens of the body's headings
    parts: list[str]    # compound-word parts for the search index


class _Converter:
    """The one Markdown instance of this process, made again only when the extensions change. Each worker
    process has its own: this is a per-process tool like a compiled pattern, not state of a build."""

    md: markdown.Markdown | None = None
    key: str | None = None

    @classmethod
    def get(cls, extensions: list, configs: dict) -> markdown.Markdown:
        key = repr((extensions, configs))
        if cls.md is None or cls.key != key:
            cls.md, cls.key = markdown.Markdown(extensions=extensions, extension_configs=configs), key
        return cls.md


_TABLE = re.compile(r"<table>.*?</table>", re.S)  # Markdown's tables: no attributes, never nested


def box_tables(html: str) -> str:
    """Every table that Markdown made, in a box of its own (`table_box`), numbered on its page."""
    if "<table>" not in html:
        return html
    numbers = itertools.count(1)
    return _TABLE.sub(lambda m: table_box(m.group(0), labels.table(next(numbers))), html)


def table_box(table_html: str, name: str) -> str:
    """A table in a box that scrolls on its own when the table is wider than the screen; the keyboard can
    reach the box (tabindex) and a screen reader names it (WCAG 1.4.10, 2.1.1)."""
    return f'<div class="ra-table-wrap" role="region" tabindex="0" aria-label="{name}">{table_html}</div>'


def _render(task: tuple[str, str, frozenset, list, dict, str]) -> RenderedBody:
    """One body as HTML. `ending`: a heading the site adds after it (a case page's 'Andra svar'), converted in
    the same pass so that its anchor is unique on the page; '' for none."""
    body, search_text, images, extensions, configs, ending = task
    md = _Converter.get(extensions, configs)
    md.reset()
    # Case text is untrusted: whatever Markdown made of it passes the allowlist sanitizer before anything else.
    html = sanitize.clean(md.convert(f"{body.strip()}\n\n## {ending}\n" if ending else body), images)
    if ending:  # that heading is the site's, not the document's: keep it out of the search index and excerpts
        head, sep, tail = html.rpartition("<h2 ")
        html = f"{head}<h2 data-pagefind-ignore {tail}" if sep else html
    html = box_tables(html)
    return RenderedBody(html, list(getattr(md, "toc_tokens", [])), compounds.parts_of_text(search_text))


def convert_for_trial(body: str) -> None:
    """A body converted as the build converts it, with the default extensions (heavy.trial)."""
    _render((body, "", frozenset(), *DEFAULT_EXTENSIONS, labels.OTHER_ANSWERS))


def plain_text(body_html: str) -> str:
    """The published text without markup: one paragraph per block, the site's own additions left out."""
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    for node in root.xpath('.//*[@data-pagefind-ignore] | .//a[contains(@class, "headerlink")]'):
        node.drop_tree()
    blocks = [_block_text(child) for child in root]
    if root.text and root.text.strip():
        blocks.insert(0, _words(root.text))
    return "\n\n".join(b for b in blocks if b) + "\n"


def _words(text: str) -> str:
    return " ".join(text.split())


def _block_text(block) -> str:
    """A list keeps one item a line, a table one row a line (cells between ' | '); other blocks run on."""
    if block.tag == "div" and "ra-table-wrap" in block.get("class", ""):
        block = block[0]
    if block.tag in ("ul", "ol"):
        return "\n".join("- " + _words(item.text_content()) for item in block.iterchildren("li"))
    if block.tag == "table":
        return "\n".join(" | ".join(_words(cell.text_content()) for cell in row.iterchildren("th", "td"))
                         for row in block.iter("tr"))
    return _words(block.text_content())


class BodyCache:
    """Bodies converted earlier in this process, by their inputs: a `mkdocs serve` rebuild converts only the
    case that was edited."""

    def __init__(self) -> None:
        self._done: dict[tuple, RenderedBody] = {}

    def render(self, docs, extensions: tuple[list, dict] | None = None) -> dict[str, RenderedBody]:
        exts, configs = extensions or DEFAULT_EXTENSIONS
        compounds.split("förvärmning")  # load the word list before forking, so workers share it
        settings = repr((exts, configs))
        # Keys of strings the loader already holds (their hashes are cached): cheap to compare on every rebuild.
        images = {d.id: frozenset(a.file for a in d.case.attachments if a.file) for d in docs}
        keys = {d.id: (d.body, d.case.title, d.case.summary, d.case.referral.title, images[d.id], settings)
                for d in docs}
        todo = [d for d in docs if keys[d.id] not in self._done]
        tasks = {d.id: (d.body, " ".join([d.case.title, d.case.summary or "", d.case.referral.title, d.body]),
                        images[d.id], exts, configs, labels.OTHER_ANSWERS) for d in todo}
        self._convert(todo, keys, tasks)
        return {doc_id: self._done[key] for doc_id, key in keys.items()}

    def render_records(self, records, extensions: tuple[list, dict] | None = None) -> dict[str, RenderedBody]:
        """The missives of the referral records (their bodies), by record id: the same conversion and walls
        as a case body; a document sent on referral is linked, never shown as an image."""
        exts, configs = extensions or DEFAULT_EXTENSIONS
        settings = repr((exts, configs))
        keys = {r.id: ("remiss", r.body, r.record.title, settings) for r in records}
        todo = [r for r in records if keys[r.id] not in self._done]
        tasks = {r.id: (r.body, f"{r.record.title} {r.body}", frozenset(), exts, configs, "") for r in todo}
        self._convert(todo, keys, tasks)
        return {rec_id: self._done[key] for rec_id, key in keys.items()}

    def _convert(self, todo: list, keys: dict, tasks: dict) -> None:
        heavy = [d for d in todo if risky(d.body)]
        light = [d for d in todo if not risky(d.body)]
        for doc, body in zip(light, parallel.map_items(_render, [tasks[d.id] for d in light])):
            self._done[keys[doc.id]] = body
        for doc in heavy:  # few or none: each in a process of its own, stopped at its budget
            try:
                self._done[keys[doc.id]] = parallel.isolated(_render, tasks[doc.id], BUILD_BUDGET)
            except parallel.OverBudget:
                raise HeavyBody(doc.source, doc.body_line, BUILD_BUDGET) from None


def render_bodies(docs, extensions: tuple[list, dict] | None = None) -> dict[str, RenderedBody]:
    """Convert bodies once, without keeping them (for callers outside a build)."""
    return BodyCache().render(docs, extensions)
