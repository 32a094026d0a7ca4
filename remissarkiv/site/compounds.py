"""Parts of Swedish compound words, found at build time, so that a search for a part finds the whole.

Swedish writes compounds as one word ("samverkansöverenskommelser"), and a stemmer never splits them. A word
is split where both sides are common Swedish words in wordfreq's frequency list, dropping a linking -s- or
-e- from the first part ("samverkans" -> "samverkan"); the second part may itself be split again.
"""
from __future__ import annotations

import functools
import re

MIN_WORD = 9     # shorter words are rarely compounds worth splitting
MIN_PART = 4     # "sam", "för" … would split far too eagerly
HEAD_ZIPF = 3.0  # a first part must be a common word …
TAIL_ZIPF = 2.5  # … and the second part at least a known one
_WORD = re.compile(r"[a-zåäöéü]+")
_LONG_WORD = re.compile(rf"[a-zåäöéü]{{{MIN_WORD},}}")  # the words `split` looks at: whole, never a word's end


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict, zipf_to_freq

    floor = zipf_to_freq(min(HEAD_ZIPF, TAIL_ZIPF))
    return {w: f for w, f in get_frequency_dict("sv", wordlist="best").items() if f >= floor}


def _known(word: str, zipf: float) -> bool:
    from wordfreq import zipf_to_freq

    return len(word) >= MIN_PART and _frequencies().get(word, 0.0) >= zipf_to_freq(zipf)


@functools.lru_cache(maxsize=200_000)
def split(word: str) -> tuple[str, ...]:
    """('samverkan', 'överenskommelser') for 'samverkansöverenskommelser'; () when not a compound we know."""
    word = word.lower()
    if len(word) < MIN_WORD or not _WORD.fullmatch(word):
        return ()
    best: tuple[float, tuple[str, ...]] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        # The form without a linking -s/-e first: 'säkerhets' -> 'säkerhet', which is what people search for.
        lemma = next((h for h in (head[:-1] if head[-1] in "se" else "", head) if h and _known(h, HEAD_ZIPF)), None)
        if lemma is None:
            continue
        tail_parts = (tail,) if _known(tail, TAIL_ZIPF) else split(tail)
        if not tail_parts:
            continue
        score = min(len(lemma), len(tail))  # prefer balanced splits over a long head and a scrap of a tail
        if best is None or score > best[0]:
            best = (score, (lemma, *tail_parts))
    return best[1] if best else ()


def parts_of_text(text: str) -> list[str]:
    """The compound parts of text's words that a prefix search cannot reach, sorted and distinct.

    The first part is left out: it begins the word itself, and Pagefind matches the stem of a query against
    the beginnings of words ("trygghet" finds "trygghetsvandringar"). Indexing it again would only add
    positions to the index chunks that the most common words already fill."""
    seen: set[str] = set()
    for word in set(_LONG_WORD.findall(text.lower())):
        seen.update(split(word)[1:])
    return sorted(seen)
