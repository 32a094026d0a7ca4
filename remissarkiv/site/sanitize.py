"""Case HTML through an allowlist sanitizer (nh3, the Python binding of Ammonia) on its way out.

Every piece of HTML made from a case's text passes `clean` after Markdown and before it reaches a page, the
search documents or a data file. Nothing outside remissarkiv.model.allowed_html survives: no script, no style,
no event attribute, no iframe or form, no URL scheme but http, https and mailto (and relative links), and
images only from the case's own attachments. The checker (remissarkiv.reading.content) tells staff what is
wrong; safety does not depend on it seeing everything.
"""
from __future__ import annotations

import nh3

from remissarkiv.model.allowed_html import ATTRIBUTES, CLASSES, LANGUAGE_TAG, TAGS, URL_SCHEMES, local_file


def clean(html: str, images: frozenset[str] = frozenset()) -> str:
    """`html` with only the allowed tags, attributes, classes and URLs. `images`: the case's attachment files,
    the only sources an <img> may show (relative to the case page, as the attachments are published)."""
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return value if local_file(value) in images else None
        if attribute == "lang":
            return value if LANGUAGE_TAG.fullmatch(value) else None
        return value

    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES, url_schemes=URL_SCHEMES,
                     attribute_filter=keep, strip_comments=True, link_rel="noopener noreferrer")
