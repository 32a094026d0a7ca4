"""Characters that may not be published: those XML 1.0 forbids (feeds, RDF, sitemap, HTML parsers).

Control characters other than tab and line breaks, U+FFFE and U+FFFF, and lone halves of a surrogate pair
(what a YAML escape such as "\\ud83d" makes; Python keeps them, but no UTF-8 file can hold them). The checker
refuses them at their line, so no writer ever meets one.
"""
from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def first_forbidden(text: str) -> re.Match | None:
    return FORBIDDEN.search(text)


def message(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    if "\ud800" <= ch <= "\udfff":
        return (f"tecknet {code} är en halv del av ett teckenpar (surrogat, t.ex. från en YAML-escape som "
                "\"\\ud83d\"): skriv tecknet självt, t.ex. en emoji direkt i texten, eller ta bort escapen")
    return (f"tecknet {code} är ett styrtecken som inte får publiceras (varken i sidor, flöden eller data): "
            "ta bort det (det kommer ofta från en YAML-escape som \"\\x0b\" eller från inklistrad text)")
