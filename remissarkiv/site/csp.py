"""A Content-Security-Policy for every page, as a <meta> element (a static host may set no headers).

A further wall behind the sanitizer: the browser runs only the site's own script files and the few inline
scripts the theme writes, each allowed by its SHA-256 hash, so a script that got into a page some other way
does not run. Images, styles, fonts and connections come from this site only; no plugin, no form posting
elsewhere, no <base>. Pagefind's search engine is WebAssembly ('wasm-unsafe-eval'). Styles keep
'unsafe-inline': the theme sets style attributes, and a style cannot run script.
"""
from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_HEAD = re.compile(r"<head>", re.I)


def policy(html: str) -> str:
    hashes = sorted({_hash(body) for attrs, body in _INLINE_SCRIPT.findall(html)
                     if "application/json" not in attrs.lower() and body.strip()})
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *(f"'sha256-{h}'" for h in hashes)])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'")


def add(html: str) -> str:
    """The page with its policy as the first element of <head> (it applies to what follows it)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return _HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


def _hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
