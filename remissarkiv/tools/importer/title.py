"""The title line and what it says: the referral's title, its case number, sometimes the § and the sender.

Found by its words ("Remissvar …", "Svar på remiss av …", "Yttrande över …", "… – svar på remiss"), else by
its form (a Word Heading 1 or Title, the largest bold line of a PDF's first page). A title wraps over lines
until its case number ends it, its font changes, or a blank line comes.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from remissarkiv.tools.importer import vocabulary
from remissarkiv.tools.importer.document import Document, Line

LOOK_AHEAD = 80          # content lines in which a title is looked for
MAX_TITLE_LINES = 4
_LEAD = re.compile(r"^(?:(?:på|om|över|angående|avseende|gällande)\s+)?(?:remiss(?:en)?\s+(?:av|om|över|angående|"
                   r"avseende|gällande)\s+)?", re.I)
_NUMBER_END = re.compile(rf"(?:\s*[,(–:-]\s*|\s*\.\s+|\s+)(?:dnr\.?:?\s*)?(?P<number>{vocabulary.CASE_NUMBER.pattern})"
                         r"\s*\)?\.?\s*$", re.I)
_SENDER = re.compile(r"^(?P<sender>[^:]+?):\s*(?P<rest>.+)$")  # "Remiss från <sender>: <title>"
# "Säffle kommuns yttrande över …", "Landstingets svar på …": the writer's own words before the title
_OWN_LEAD = re.compile(r"^(?:[A-ZÅÄÖ][\wåäö-]+\s+){0,3}[\wåäö-]*(?:kommuns|stads|landstings|landstingets|regionens|"
                       r"regions|nämndens|styrelsens|förbundets)\s+(?:remiss)?(?:yttrande|svar|remissvar|synpunkter)"
                       r"(?:\s+på\s+remiss(?:en)?)?\s+(?:över|på|om|angående|gällande|avseende|rörande)\s+", re.I)
# "… från X rörande Y", "… från X gällande betänkandet Y": X is who sent the referral, or who answers
_FROM = re.compile(r"^från\s+(?P<who>.{3,80}?)\s+(?:rörande|gällande|angående|avseende|om|över)\s+(?P<rest>.+)$", re.I)
# A title start followed by one of these is a sentence ("Remissvar ska lämnas senast …"), not a title.
_VERBS = {"ska", "skall", "har", "hade", "är", "var", "kommer", "kan", "bör", "måste", "lämnas", "lämnades",
          "skickas", "skickades", "inkom", "sänds", "ges", "gavs", "behandlas", "beslutas", "avges"}
_DESIGNATION = re.compile(r"\(?\b(?P<kind>SOU|Ds)\s?(?P<year>\d{4})\s?:\s?(?P<number>\d{1,3})\b\)?", re.I)
_PREPOSITIONS = {"om", "av", "över", "angående", "avseende", "gällande", "rörande", "för", "med", "till", "kring", "inom"}
_DESIGNATION_END = re.compile(r"\b(?:SOU|Ds)\s?\d{4}\s?:\s?\d{1,3}\)?\.?\s*$", re.I)
_ORGANISATION = re.compile(r"\b(?:kommun|stad|landsting|region|förbund)\w*$", re.I)


@dataclass
class Title:
    start: int                       # index of the first title line in the content lines
    end: int                         # one past the last
    text: str
    referral_title: str | None = None
    referral_number: str | None = None
    paragraph: str | None = None
    sender: str | None = None
    how: str = ""
    where: str = "rubriken"          # where the title stands, for the report ("rad 4" for an e-mail's subject)


def find(lines: list[Line], document: Document) -> Title | None:
    vocab = vocabulary.load()
    window = lines[:LOOK_AHEAD]
    for i, line in enumerate(window):
        text = line.text.strip()
        start = vocab.title_start.match(text) if text and len(text) < 400 else None
        if start and start.group("rest").split()[0].lower() in _VERBS:
            continue  # "Remissvar ska ha inkommit senast …": a sentence about the answer, not its title
        if text and len(text) < 400 and not vocab.label.match(text) and (
                start or vocab.title_end.match(text) or _OWN_LEAD.match(text)):
            return _extend(lines, i, "rubrik som börjar med '" + text.split()[0] + "'")
    for i, line in enumerate(window):  # no title by its words: a subject label ("Ärende: …") gives it
        text = line.text.strip()
        label = vocab.label.match(text) if text and len(text) < 400 else None
        if label and vocab.field_of(label.group("label")) == "subject" and label.group("value"):
            found = split(label.group("value"), i, i + 1, f"etikett '{label.group('label')}'")
            found.where = line.where
            return found
    for i, line in enumerate(window):
        if _looks_like_title(line, document):
            return _extend(lines, i, "rubrikformat" if line.heading else "största fetstil")
    return None


def _looks_like_title(line: Line, document: Document) -> bool:
    text = line.text.strip()
    if not text or len(text.split()) < 2 or vocabulary.load().label.match(text) or line.cell:
        return False
    if vocabulary.load().document_type.match(text) or vocabulary.parse_date(text) == text:
        return False
    if line.heading == 1:
        return True
    big = document.body_size and line.size >= 1.25 * document.body_size
    return bool(big and line.page == 1)


def _extend(lines: list[Line], i: int, how: str) -> Title:
    first = lines[i]
    end = i + 1
    while end < len(lines) and end - i < MAX_TITLE_LINES:
        nxt = lines[end]
        text = nxt.text.strip()
        joined = " ".join(ln.text.strip() for ln in lines[i:end])
        if not text or nxt.heading and not first.heading or _NUMBER_END.search(joined) and not _wraps(lines[end - 1], nxt):
            break
        if _DESIGNATION_END.search(joined):
            break  # "… län (Ds 2015:53)": the designation ends a title as a case number does
        if vocabulary.load().label.match(text) or nxt.cell:  # "Dnr …" under the title is a fact of its own
            break
        if first.size and nxt.size and abs(nxt.size - first.size) > 0.5 or first.bold != nxt.bold and first.size:
            break
        if not first.size and not _NUMBER_END.search(text) and not _wraps(lines[end - 1], nxt):
            break
        if vocabulary.load().title_start.match(text) and not _NUMBER_END.search(joined):
            # "Remiss från kommunstyrelsen, KS 2020/666" under the title: its number and sender, not its words
            title = split(joined, i, end + 1, how)
            under = split(text)
            title.referral_number, title.sender = under.referral_number, title.sender or under.sender or (
                under.referral_title if under.referral_title and len(under.referral_title.split()) <= 3 else None)
            return title
        end += 1
    return split(" ".join(ln.text.strip() for ln in lines[i:end]), i, end, how)


def _wraps(before: Line, after: Line) -> bool:
    """A line that goes on from the one before: the earlier ends mid-phrase (a comma, 'i', 'och'…)."""
    last = before.text.rstrip()
    return last.endswith((",", "–", "-")) or bool(re.search(r"\b(?:i|och|om|för|av|på|till|med|att|över)$", last))


def split(text: str, start: int = 0, end: int = 0, how: str = "") -> Title:
    """A title line's parts: 'Remissvar Motion om X, KS 2019/1899' → 'Motion om X', 'KS 2019/1899'."""
    vocab = vocabulary.load()
    title = Title(start, end, text, how=how)
    rest = text.strip()
    if m := re.match(r"^§\s*(\d{1,4})\.?\s+", rest):
        title.paragraph, rest = f"§ {m.group(1)}", rest[m.end():]
    if m := vocab.title_start.match(rest):
        rest = m.group("rest")
        if m.group("start").lower().endswith("från") and (f := _SENDER.match(rest)):
            title.sender, rest = f.group("sender").strip(), f.group("rest")
    elif m := vocab.title_end.match(rest):
        rest = m.group("rest")
    if m := _FROM.match(rest):
        who = m.group("who").strip(" ,")
        if not _ORGANISATION.search(who):  # "från Kungälvs kommun rörande …" is the writer, not the sender
            title.sender = title.sender or who
        rest = m.group("rest")
    rest = _LEAD.sub("", rest).strip()
    if vocabulary.CASE_NUMBER.fullmatch(rest.strip(" ,.:;")):
        # "Remissvar på KS 2019/1899": the number is all the title gives; the title is someone else's to say
        title.referral_number = rest.strip(" ,.:;")
        return title
    if m := re.match(rf"^(?P<number>{vocabulary.CASE_NUMBER.pattern})\s*[-–:,]\s+", rest):
        title.referral_number, rest = m.group("number"), rest[m.end():]  # "Remissvar Fi2022/02211 - Promemorian …"
    if m := vocab.title_end.match(rest):
        rest = m.group("rest")
    if m := _NUMBER_END.search(rest):
        title.referral_number = m.group("number")
        rest = rest[:m.start()]
    rest = clean(rest)
    title.referral_title = rest or None
    return title


def clean(rest: str) -> str:
    """A referral's title as the archive writes it: without the writer's lead ("Säffle kommuns yttrande över"),
    descriptor words ("betänkandet", "Delbetänkande av Indelningskommittén –"), quotes, and with an SOU or Ds
    designation last, in parentheses: "Låt fler forma framtiden! (SOU 2016:5)"."""
    rest = rest.strip(" ,.:;–-")
    rest = _OWN_LEAD.sub("", rest)
    designation = _DESIGNATION.search(rest)
    if designation:
        rest = (rest[:designation.start()] + " " + rest[designation.end():]).strip()
    for pattern in _descriptors():
        m = pattern.match(rest)
        after = rest[m.end():].strip(" ,.:;–-\"'”") if m else ""
        # "Promemorian Skärpta regler …" names its title; "Promemoria om statens stöd …" is the title
        if after and after.split()[0].lower() not in _PREPOSITIONS:
            rest = rest[m.end():]
    rest = re.sub(r"\s+", " ", rest).strip(" ,.:;–-")
    rest = re.sub(r"(?<=\w) ([-–])(?=\w)", r" \1 ", rest)  # "indelning -tre" as "indelning - tre"
    rest = re.sub(r"^[\"”“'](.+?)[\"”“']\.?$", r"\1", rest).strip(" ,.:;–-")
    if rest.endswith("(") or rest.count("(") > rest.count(")"):
        rest = rest.rstrip("( ")
    if designation:
        kind = "SOU" if designation.group("kind").upper() == "SOU" else "Ds"
        rest = f"{rest} ({kind} {designation.group('year')}:{designation.group('number')})".strip()
    return rest[:1].upper() + rest[1:] if rest else ""


@functools.cache
def _descriptors() -> list[re.Pattern]:
    return [re.compile(rf"^(?:{rx})(?:\s*[;:,.–-]\s*|\s+)", re.I)
            for rx in vocabulary.load().raw.get("title_descriptors") or ()]
