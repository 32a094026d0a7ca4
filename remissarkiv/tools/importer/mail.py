"""E-mail: an .eml file (the standard library's `email`) or a message saved as text from Outlook.

Both become the same lines: the headers as Outlook writes them in Swedish ("Från:", "Skickat:", "Till:",
"Kopia:", "Ämne:"), a blank line, then the message's text. The labels are read by facts.py like any other.
"""
from __future__ import annotations

import re

from remissarkiv.model.swedish import MONTHS
from remissarkiv.tools.importer.document import Document
from remissarkiv.tools.importer.text import lines_of

_HEADER = re.compile(r"^(från|from|skickat|sent|datum|date|till|to|kopia|cc|ämne|subject)\s*:", re.I)
# A message with more parts than this is no letter: the email package takes about half a millisecond a part
# (and walks them again for the body and the attachments), so 20,000 parts took 10 s.
MAX_PARTS = 500
# Every MIME boundary line starts with "--": counting such lines before parsing bounds the parts from above,
# whatever the boundaries are called or however deep the parts nest.
_DELIMITER = re.compile(rb"^--", re.M)


def looks_like_mail(text: str) -> bool:
    """The first filled lines are a sender and a sent-date or subject header."""
    head = [ln for ln in text[:4000].split("\n") if ln.strip()][:8]
    found = {m.group(1).lower() for ln in head if (m := _HEADER.match(ln.strip()))}
    return bool(found & {"från", "from"}) and bool(found & {"skickat", "sent", "datum", "date", "ämne", "subject"})


def read_text(text: str) -> Document:
    lines, pages = lines_of(text)
    return Document(lines, source="e-post", pages=pages)


def read_eml(data: bytes) -> Document:
    from email import policy
    from email.parser import BytesParser

    from remissarkiv.tools.importer.extract import ExtractError

    _refuse_many_parts(data)
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        headers = [(label, message.get(name)) for label, name in
                   (("Från", "From"), ("Skickat", "Date"), ("Till", "To"), ("Kopia", "Cc"), ("Ämne", "Subject"))]
        plain, html = message.get_body(preferencelist=("plain",)), message.get_body(preferencelist=("html",))
        body = plain.get_content() if plain is not None else ""
        if html is not None:
            # a plain part that is only a stub ("see the HTML version") loses to the HTML part's text
            rich = _html_text(html.get_content())
            if len(body.split()) < len(rich.split()) // 2:
                body = rich
        attached = [p.get_filename() for p in message.iter_attachments() if p.get_filename()]
    except Exception as exc:  # noqa: BLE001 – a broken message fails in many places of the email package
        raise ExtractError(f"e-postfilen kunde inte läsas ({type(exc).__name__}): spara meddelandet igen "
                           "som .eml eller som text") from None
    if not message.get("From"):
        raise ExtractError("filen saknar avsändare (From:) och är inget e-postmeddelande: spara det som .eml "
                           "ur e-postprogrammet, eller som text")
    head = [f"{label}: {_date(value) if label == 'Skickat' else value}" for label, value in headers if value]
    tail = ["", "Bilagor", *attached] if attached else []
    lines, pages = lines_of("\n".join([*head, "", *body.replace("\r\n", "\n").split("\n"), *tail]))
    return Document(lines, source="e-post", pages=pages)


def _refuse_many_parts(data: bytes) -> None:
    from remissarkiv.tools.importer.extract import ExtractError

    count = 0
    for _ in _DELIMITER.finditer(data):
        count += 1
        if count > MAX_PARTS:
            raise ExtractError(f"e-postmeddelandet har fler än {MAX_PARTS} delar (bilagor och avsnitt): det är inget "
                               "vanligt brev – spara själva meddelandet som text (.txt) och importera det")


def _date(value) -> str:
    """An RFC 5322 date as Outlook writes it in Swedish ('den 17 november 2022 14:32'), so one rule reads both."""
    day = getattr(value, "datetime", None)
    if day is None:
        return str(value)
    return f"den {day.day} {MONTHS[day.month - 1]} {day.year} {day:%H:%M}"


_HIDDEN = ("style", "script", "head")


def _html_text(html: str) -> str:
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 – an empty or broken HTML part has no text to give
        return ""
    # Style sheets and scripts are no text of the message; the head is not shown either (its title included).
    if root.tag in _HIDDEN:
        return ""
    for hidden in [el for el in root.iter(*_HIDDEN)]:
        hidden.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "tr", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()
