"""A Content-Security-Policy for every page, as a <meta> element (a static host may set no headers).

A wall of its own behind the sanitizer: the set of inline scripts the project emits is known from its
templates, not read from the finished page, and it is empty: Material's two inline scripts are files of the
site's own (overrides/partials/javascripts/), and JSON data blocks (type="application/json") never run. So
the policy allows no inline script at all, and `inline_scripts` lets the output scan fail the build when a page
holds one anyway. Scripts come only from the site's own origin ('self'), which since previews are published
on an origin of their own (CONTRIBUTING.md, "Previews and publication") holds only what main built: a tighter
list of paths would need the host in every page (CSP path sources require one), so a build could no longer be
served as a preview, by `make serve` or in the tests. Pagefind's search engine is WebAssembly
('wasm-unsafe-eval'). Images, styles, fonts and connections come from this site only; no plugin, no form
posting elsewhere, no <base>. Styles keep 'unsafe-inline': the theme sets style attributes, and a style cannot
run script.
"""
from __future__ import annotations

import re

# A script element's start tag (attributes bounded, so the scan stays linear on any page).
_SCRIPT_START = re.compile(r"<script\b([^>]{0,1000})>", re.I)
# Its end tag as a browser reads it: ASCII letters in any case (never 'ſ' or 'K', which re.I alone would match).
_SCRIPT_END = re.compile(r"</script", re.I | re.A)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
DATA_TYPES = {"application/json", "application/ld+json"}  # data, never run by a browser
_HEAD = re.compile(r"<head>", re.I)

POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
          "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
          "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'")


def policy(html: str = "") -> str:
    """The same for every page: nothing in it is read from the page."""
    return POLICY


def add(html: str) -> str:
    """The page with its policy as the first element of <head> (it applies to what follows it)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    return _HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


def inline_scripts(html: str) -> int:
    """How many inline scripts a browser would run in the page (the project emits none)."""
    count, at = 0, 0
    while (m := _SCRIPT_START.search(html, at)) is not None:
        end = found.start() if (found := _SCRIPT_END.search(html, m.end())) else -1
        body = html[m.end():end if end >= 0 else len(html)]
        kind = _TYPE.search(m.group(1))
        if not _SRC.search(m.group(1)) and (kind is None or kind.group(1).lower() not in DATA_TYPES) and body.strip():
            count += 1
        if end < 0:
            break
        at = end
    return count
