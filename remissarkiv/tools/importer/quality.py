"""Is the text a person could read? A batch that says every document was read while one came out as letter-spaced
OCR ("S T O C K H O L M S"), a wrong encoding or a blank page is a silent failure: the document is listed as
needing a person, first in the summary, with the reason.

The measure is linear in the text: the share of the words that are Swedish's commonest (vocabulary.yml,
`common_words`), the share of one-letter "words", and how many of the key fields were found.
"""
from __future__ import annotations

import functools
import re

from remissarkiv.tools.importer import vocabulary

MIN_WORDS = 25          # fewer words than this is no answer's text
MIN_COMMON = 0.12       # ordinary Swedish prose has 0.3–0.45 of its words among the commonest
MAX_SINGLE = 0.25       # letter-spaced text is mostly one-letter "words"
MIN_FIELDS = 3          # of batch.KEY_FIELDS: fewer found means the reading failed, whatever the text
SAMPLE = 200_000        # characters judged: enough for any answer, bounded for a huge one
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@functools.cache
def _common() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary.load().raw.get("common_words") or ())


def problems(text: str, found_fields: int) -> list[str]:
    """Why a person must read this document before anything else, in Swedish; empty when it reads as text."""
    words = _WORD.findall(text[:SAMPLE])
    out = []
    if len(words) < MIN_WORDS:
        out.append(f"texten har bara {len(words)} ord: sidorna kan vara bilder som inte tolkades, eller tomma")
    else:
        lower = [w.lower() for w in words]
        common = sum(w in _common() for w in lower if len(w) > 1 or w == "i") / len(words)
        single = sum(len(w) == 1 for w in words) / len(words)
        if single > MAX_SINGLE:
            out.append(f"texten är uppdelad i enstaka bokstäver ({single:.0%} av orden): jämför med originalet "
                       "och skriv av texten")
        elif common < MIN_COMMON:
            out.append(f"texten liknar inte svenska ({common:.0%} vanliga ord, i löptext 30–45 %): fel "
                       "teckenkodning eller dålig textigenkänning – jämför med originalet")
    if found_fields < MIN_FIELDS:
        out.append(f"bara {found_fields} av de viktigaste uppgifterna hittades: fyll i dem ur originalet")
    return out
