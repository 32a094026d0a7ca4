"""Earlier addresses of case pages (`aliases:`): each gets a small page that sends the reader on.

A case's address never changes once published; when its file must move, its old address goes into
`aliases`, and this page keeps every old link working. Plain HTML without scripts, outside the theme.
"""
from __future__ import annotations

from html import escape

from remissarkiv.archive.indexes import Archive
from remissarkiv.model import labels
from remissarkiv.site import urls, withdrawn
from remissarkiv.site.addresses import Origin
from remissarkiv.site.urls import absolute


def redirect_page(from_url: str, to_url: str, title: str, base: str) -> bytes:
    target = escape(urls.relative(from_url, to_url))
    return (f'<!doctype html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{escape(labels.MOVED)}</title>\n<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{escape(absolute(base, to_url))}">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n</head>\n<body>\n'
            f'<p>{escape(labels.MOVED_TO)} <a href="{target}">{escape(title)}</a>.</p>\n'
            f'</body>\n</html>\n').encode("utf-8")


def redirects(archive: Archive, base: str) -> list[tuple[str, bytes, Origin]]:
    """(site path, page, where it comes from as staff see it), one per alias of a case in the archive; two
    cases may name one alias, which the address check (site.addresses) reports."""
    return [(f"{alias}index.html", redirect_page(alias, urls.case(doc.id), _title(doc), base),
             Origin(doc.source, doc.fm.line_of(("aliases", i)), f"aliases: {alias}"))
            for doc in [*archive.cases, *archive.withdrawn] for i, alias in enumerate(doc.earlier_addresses)]


def _title(doc) -> str:
    """The link's text: the case's title, or for a withdrawn case its notice's."""
    return withdrawn.title(doc) if doc.withdrawn else doc.case.title
