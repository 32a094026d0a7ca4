"""MkDocs' `Page.render` for the generated pages, with one Markdown instance for the whole build.

MkDocs makes a new Markdown instance, with every extension, for each page (about 1 ms, some 3 s of a
2,000-case build). A generated page's Markdown is its heading and placeholders for HTML made ahead, so the
instance is made once and reset between pages (Markdown.reset, the library's way to reuse one); everything
else is what MkDocs 1.6's own `Page.render` does, with its own processors (raw-HTML anchors, relative links,
the title). Only for MkDocs 1.x (pinned <2). The output is byte for byte MkDocs' own: tests/test_page_render.py
builds a site both ways (setting `fast_pages`) and compares every file.
"""
from __future__ import annotations

import logging
import re

import markdown
from markdown.extensions import toc as toc_ext
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc


class SharedRenderer:
    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._config = None

    def _markdown(self, config) -> markdown.Markdown:
        if self._md is None or self._config is not config:  # a new build (serve makes a new config): anew
            self._md = markdown.Markdown(extensions=config["markdown_extensions"],
                                         extension_configs=config["mdx_configs"] or {})
            self._config = config
        return self._md.reset()

    def render(self, page, config, files) -> None:
        md = self._markdown(config)
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors


# --- generated pages without a Markdown pass -----------------------------------------------------------------
# A generated page's Markdown is headings (`pages.heading`) and placeholders for the HTML made ahead. When every
# heading is plain text (no character that HTML escapes: & < > " '; Markdown's own punctuation comes escaped by
# pages.heading and is shown as it is) the page's HTML is written here as Python-Markdown's toc extension writes
# it; anything else takes the Markdown pass above. tests/test_page_render.py holds the two to the same output.
_PLAIN = re.compile(r"[^&<>\"'\s\x00-\x1f\x7f]+(?: [^&<>\"'\s\x00-\x1f\x7f]+)*")
_HEADING = re.compile(r"(#{1,6}) (.+)")
_PLACEHOLDER = re.compile(r"<!--ra:\d+-->")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")


def _permalink(config) -> str | None:
    """The toc extension's permalink title when it writes the usual '¶' link, else None (no fast path)."""
    if "toc" not in config["markdown_extensions"]:
        return None
    toc = (config["mdx_configs"] or {}).get("toc", {})
    if toc.get("permalink") is not True or set(toc) - {"permalink", "permalink_title"}:
        return None
    return toc.get("permalink_title", "Permanent link")


def plain_page(text: str, permalink_title: str) -> tuple[str, list[dict]] | None:
    """(HTML, toc tokens) of a generated page's Markdown, or None when it is not headings and placeholders of
    plain text."""
    blocks, tokens, stack, used = [], [], [], set()
    for line in text.split("\n"):
        if not line:
            continue
        if _PLACEHOLDER.fullmatch(line):
            blocks.append(line + "\n")
            continue
        m = _HEADING.fullmatch(line)
        if m is None:
            return None
        name = _MARKDOWN_ESCAPE.sub(r"\1", m.group(2))
        if not _PLAIN.fullmatch(name) or name != name.strip() or "  " in name:
            return None
        slug = toc_ext.slugify(name, "-")
        if not slug:
            return None
        slug = toc_ext.unique(slug, used)
        level = len(m.group(1))
        blocks.append(f'<h{level} id="{slug}">{name}<a class="headerlink" href="#{slug}" '
                      f'title="{permalink_title}">&para;</a></h{level}>')
        token = {"level": level, "id": slug, "name": name, "html": name, "data-toc-label": "", "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return "\n".join(blocks).strip(), tokens


class FastRenderer(SharedRenderer):
    """Generated pages of plain headings without Markdown; the rest through the shared instance."""

    def render(self, page, config, files) -> None:
        permalink_title = _permalink(config)
        made = plain_page(page.markdown, permalink_title) if permalink_title is not None else None
        if made is None:
            return super().render(page, config, files)
        page.content, tokens = made
        page.toc = get_toc(tokens)
        page._title_from_render = tokens[0]["name"] if tokens and tokens[0]["level"] == 1 and \
            page.markdown.lstrip("\n").startswith("# ") else None
        ids = _ids(tokens)
        page.present_anchor_ids = ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:  # each permalink is a link to its own anchor
            page.links_to_anchors = {page.file: {i: f"#{i}" for i in sorted(ids)}} if ids else {}


def _ids(tokens: list[dict]) -> set[str]:
    return {t["id"] for t in tokens} | {i for t in tokens for i in _ids(t["children"])}
