"""What HTML a published case may contain: the tags and attributes the enabled Markdown extensions produce
(toc, tables, def_list, superfences with Pygments) and the plain inline tags a document may use.

One list for both walls: the sanitizer applies it to everything published (remissarkiv.site.sanitize), and the
checker explains to staff, with the line, what falls outside it (remissarkiv.reading.content).
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from pygments.token import STANDARD_TYPES

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = HEADINGS | {
    "p", "br", "hr", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
    "abbr", "code", "pre", "kbd", "samp", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "img", "span", "div",
}
ATTRIBUTES = {
    "*": {"lang"},                             # a passage in another language (WCAG 3.1.2), on any tag
    **{h: {"id"} for h in HEADINGS},           # toc's anchors
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align"}, "td": {"align"},          # tables with use_align_attribute (no style=)
}
CLASSES = {
    "a": {"headerlink"},                                         # toc's permalinks
    "div": {"highlight"},                                        # superfences' code blocks
    "span": {name for name in STANDARD_TYPES.values() if name},  # Pygments' token classes
}
URL_SCHEMES = {"http", "https", "mailto"}
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")  # BCP 47, e.g. en, en-GB, se (nordsamiska)


def allowed_attribute(tag: str, name: str) -> bool:
    return name in ATTRIBUTES.get(tag, set()) or name in ATTRIBUTES["*"]


def local_file(src: str) -> str | None:
    """The attachment a relative image source names ('bild.png', './bilder/karta.png'), or None for anything
    that leaves the case's folder or names a host or scheme."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or parts.query or not parts.path or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(unquote(parts.path))
    return None if path.startswith("..") or path == "." else path
