"""Checks on a case file's text: personal identity numbers, HTML outside the allowlist, unsafe links, Jinja.

These checks explain to staff, with line and column, what the sanitizer would remove; they are not the wall
(remissarkiv.site.sanitize is). HTML is read with a linear scanner: every pattern below matches in time
proportional to the text, whatever it holds. Code spans and fenced code blocks are blanked first, since
Markdown shows their content literally.
"""
from __future__ import annotations

import html
import itertools
import re

from remissarkiv.model import characters
from remissarkiv.model.allowed_html import LANGUAGE_TAG, TAGS, URL_SCHEMES, allowed_attribute
from remissarkiv.model.problems import ERROR, WARNING, Problem
from remissarkiv.reading import personnummer

# A tag ends at its '>' before the next '<' (a quoted value cannot run past one): each '<' is read at most up to
# the next, so the scan is linear. Without its '>', Markdown shows the text as it is: no tag.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)>")
_ATTRIBUTE = re.compile(r"([^\s\"'<>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_DECLARATION = re.compile(r"<[!?]")
_MD_LINK = re.compile(r"\]\(\s*<?\s*([^)\s>]*)")
_MD_REF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*<?\s*(\S+)", re.M)
_JINJA = re.compile(r"\{\{|\{%|\{#")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
# Python-Markdown's backslash escapes: an escaped character is text ('\\>' ends no tag, '\\`' opens no code).
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!]")


def unsafe_url(value: str) -> str | None:
    """The scheme of a URL that may not be published ('javascript'), read as a browser reads it (entities
    decoded, whitespace and control characters dropped); None for http(s), mailto and relative URLs."""
    compact = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(value)).lower()
    m = re.match(r"([a-z][a-z0-9+.-]*):", compact)
    return m.group(1) if m and m.group(1) not in URL_SCHEMES else None


def blank_code(body: str) -> str:
    """Replace fenced blocks and code spans with spaces, keeping every line and column where it was."""
    out, fence = [], None
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append("")
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        out.append(_blank_spans(_ESCAPE.sub("  ", line) if "\\" in line else line))
    return "\n".join(out)


def _blank_spans(line: str) -> str:
    """Code spans blanked: a run of n backticks opens one that the next run of exactly n closes. Each length's
    runs are visited once, in order, so the work is linear however many runs a line holds."""
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(i)
    seen = dict.fromkeys(by_length, 0)  # per length: how many of its runs lie behind us
    chars, i = list(line), 0
    while i < len(runs):
        start, end = runs[i]
        same, k = by_length[end - start], seen[end - start]
        while k < len(same) and same[k] <= i:
            k += 1
        seen[end - start] = k
        if k == len(same):
            i += 1
            continue
        close = same[k]
        chars[start:runs[close][1]] = " " * (runs[close][1] - start)
        i = close + 1
    return "".join(chars)


def _html_problems(text: str) -> list[tuple[int, str]]:
    """(offset, message) for HTML outside the allowlist."""
    found = [(m.start(), "HTML-kommentarer och deklarationer (<!…>, <?…>) är inte tillåtna i ett remissvar: "
                         "ta bort dem") for m in _DECLARATION.finditer(text)]
    for m in _TAG.finditer(text):
        tag = m.group(1).lower()
        if tag not in TAGS:
            found.append((m.start(), f"HTML-taggen <{tag}> är inte tillåten i ett remissvar: ta bort den"))
            continue
        for a in _ATTRIBUTE.finditer(m.group(2)):
            name, value = a.group(1).lower(), (a.group(2) or "").strip("\"'")
            if not allowed_attribute(tag, name):
                reason = "kör skript" if name.startswith("on") else "är inte tillåtet"
                found.append((m.start(), f"attributet {name}= på <{tag}> {reason}: ta bort det"))
            elif name == "lang" and not LANGUAGE_TAG.fullmatch(value):
                found.append((m.start(), f"lang=\"{value}\" är ingen språkkod: skriv t.ex. lang=\"en\" för engelska"))
            elif name in ("href", "src") and (scheme := unsafe_url(value)):
                found.append((m.start(), f"länkar med {scheme}: är inte tillåtna ({name}=): använd en vanlig "
                                         "webbadress"))
    return found


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?\s*([^)\s>]*)")


def image_sources(text: str) -> list[tuple[int, str]]:
    """(offset, source) of every image in a body, Markdown or HTML (code already blanked)."""
    found = [(m.start(), m.group(1)) for m in _MD_IMAGE.finditer(text)]
    for m in _TAG.finditer(text):
        if m.group(1).lower() == "img":
            found += [(m.start(), (a.group(2) or "").strip("\"'")) for a in _ATTRIBUTE.finditer(m.group(2))
                      if a.group(1).lower() == "src"]
    return sorted(found)


def _markdown_links(text: str) -> list[tuple[int, str]]:
    return [(m.start(1), m.group(1)) for pattern in (_MD_LINK, _MD_REF) for m in pattern.finditer(text)]


def link_targets(text: str) -> list[tuple[int, str]]:
    """(offset, target) of every link in a body, Markdown or HTML (code already blanked)."""
    found = _markdown_links(text)
    for m in _TAG.finditer(text):
        if m.group(1).lower() == "a":
            found += [(m.start(), (a.group(2) or "").strip("\"'")) for a in _ATTRIBUTE.finditer(m.group(2))
                      if a.group(1).lower() == "href"]
    return sorted(found)


def _link_problems(text: str) -> list[tuple[int, str]]:
    return [(offset, f"länkar med {scheme}: är inte tillåtna: använd en vanlig webbadress")
            for offset, target in _markdown_links(text) if (scheme := unsafe_url(target))]


def _position(text: str, offset: int) -> tuple[int, int]:
    """(line index from 0, column from 1) of an offset."""
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def scan_body(path: str, body: str, body_line: int) -> list[Problem]:
    problems: list[Problem] = []
    # Cheap guards first: most bodies have no markup, no links and no braces at all.
    has_markup, has_links, has_braces = "<" in body, "](" in body or "]:" in body, "{" in body
    text = blank_code(body) if has_markup or has_links else body
    found = (_html_problems(text) if has_markup else []) + (_link_problems(text) if has_links else [])
    for offset, message in sorted(found):
        line, col = _position(text, offset)
        problems.append(Problem(path, body_line + line, col, ERROR, message))
    if has_braces:
        for i, line in enumerate(body.split("\n")):
            m = _JINJA.search(line)
            if m:
                problems.append(Problem(path, body_line + i, m.start() + 1, WARNING,
                                        f"texten innehåller mallkod ({m.group(0)}): den visas precis som den står "
                                        "och körs aldrig – kontrollera att den hör till dokumentet"))
    return problems


def identity_message(hit: personnummer.Hit) -> tuple[str, str]:
    """(severity, message) for a hit: an error, or a warning when it may be a mobile number."""
    if hit.ambiguous:
        return WARNING, (f"'{hit.masked}' kan vara ett mobilnummer men också ett personnummer: kontrollera att det "
                         "inte är ett personnummer (skriv mobilnummer med mellanslag, t.ex. 070-123 45 67)")
    kind = "samordningsnummer" if hit.coordination else "personnummer"
    return ERROR, f"{kind} ({hit.masked}) får inte publiceras: ta bort numret ur filen"


def identity_problems(path: str, text: str, line: int | None = None, prefix: str = "") -> list[Problem]:
    """A problem for each identity number in text: at its own line and column, or at `line` (column 1) for text
    that is not the file's own (a YAML value, a file name, an attachment); `prefix` says where it was found."""
    problems = []
    for hit in personnummer.find(text):
        if line is None:
            at, col = _position(text, hit.start)
            at += 1
        else:
            at, col = line, 1
        severity, message = identity_message(hit)
        problems.append(Problem(path, at, col, severity, prefix + message))
    return problems


def scan_personnummer(path: str, text: str) -> list[Problem]:
    return identity_problems(path, text)


def scan_values(path: str, data, line_of) -> list[Problem]:
    """Identity numbers in the front matter's values as YAML reads them: escapes ("\\x38…") and folded lines
    hide them from a scan of the file's text. `line_of(loc)`: the line of the value at loc."""
    return [p for loc, value in _strings(data, ()) if personnummer.find(value)
            for p in identity_problems(path, value, line_of(loc))]


def scan_characters(path: str, data, line_of, body: str, body_line: int, escapes: bool = True) -> list[Problem]:
    """Characters that may not be published (model.characters), in the front matter's values as YAML reads
    them (escapes such as "\\x0b") and in the body, each at its line: no page, feed or data file meets one.
    `escapes`: whether the YAML text has a backslash at all (YAML itself refuses such characters written out)."""
    problems = [Problem(path, line_of(loc), 1, ERROR, f"{'.'.join(map(str, loc))}: {characters.message(bad.group(0))}")
                for loc, value in (_strings(data, ()) if escapes else ())
                if (bad := characters.first_forbidden(value))]
    for bad in itertools.islice(characters.FORBIDDEN.finditer(body), 5):  # a few suffice to explain
        line, col = _position(body, bad.start())
        problems.append(Problem(path, body_line + line, col, ERROR, characters.message(bad.group(0))))
    return problems


def _strings(data, loc: tuple):
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))
