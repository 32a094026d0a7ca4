"""Checks on a case file's text: personal identity numbers, unsafe HTML and links, Jinja markers.

HTML is read with a real HTML parser (html.parser); code spans and fenced code blocks are blanked first,
since Markdown shows their content literally.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from remissarkiv.model.problems import ERROR, WARNING, Problem
from remissarkiv.reading import personnummer

UNSAFE_TAGS = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "meta", "link",
               "style", "form", "noscript", "template"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset",
             "cite", "longdesc", "ping"}
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
_MD_LINK = re.compile(r"\]\(\s*<?\s*([^)\s>]*)")
_MD_REF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?\s*(\S+)")
_JINJA = re.compile(r"\{\{|\{%|\{#")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _unsafe_url(value: str) -> bool:
    compact = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    return compact.startswith(UNSAFE_SCHEMES)


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
        out.append(_CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line))
    return "\n".join(out)


class _HtmlScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        if tag in UNSAFE_TAGS:
            self.found.append((line, col, f"HTML-taggen <{tag}> är inte tillåten i ett remissvar: ta bort den"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, col, f"attributet {name}= kör skript och är inte tillåtet: ta bort det"))
            elif name in URL_ATTRS and value and _unsafe_url(value):
                self.found.append((line, col, f"länkar med {value.split(':')[0].strip().lower()}: är inte tillåtna "
                                              f"({name}=): använd en vanlig webbadress"))
            elif name == "srcdoc":
                self.found.append((line, col, "attributet srcdoc= är inte tillåtet: ta bort det"))

    handle_startendtag = handle_starttag


def scan_body(path: str, body: str, body_line: int) -> list[Problem]:
    problems: list[Problem] = []
    # Cheap guards first: most bodies have no markup, no links and no braces at all.
    has_markup, has_links, has_braces = "<" in body, "](" in body or "]:" in body, "{" in body
    text = blank_code(body) if has_markup or has_links else body
    if has_markup:
        scanner = _HtmlScanner()
        scanner.feed(text)
        scanner.close()
        problems += [Problem(path, body_line + line - 1, col + 1, ERROR, msg) for line, col, msg in scanner.found]
    if has_links:
        for i, line in enumerate(text.split("\n")):
            for pattern in (_MD_LINK, _MD_REF):
                for m in pattern.finditer(line):
                    if _unsafe_url(m.group(1)):
                        scheme = m.group(1).split(":")[0].lower()
                        problems.append(Problem(path, body_line + i, m.start(1) + 1, ERROR,
                                                f"länkar med {scheme}: är inte tillåtna: använd en vanlig webbadress"))
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


def scan_personnummer(path: str, text: str) -> list[Problem]:
    problems = []
    for hit in personnummer.find(text):
        line = text.count("\n", 0, hit.start) + 1
        col = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
        severity, message = identity_message(hit)
        problems.append(Problem(path, line, col, severity, message))
    return problems


def scan_values(path: str, data, line_of) -> list[Problem]:
    """Identity numbers in the front matter's values as YAML reads them: escapes ("\\x38…") and folded lines
    hide them from a scan of the file's text. `line_of(loc)`: the line of the value at loc."""
    problems = []
    for loc, value in _strings(data, ()):
        for hit in personnummer.find(value):
            severity, message = identity_message(hit)
            problems.append(Problem(path, line_of(loc), 1, severity, message))
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
