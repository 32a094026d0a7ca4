"""Plain text: as saved from Word, a PDF reader or Outlook (UTF-8, UTF-16 or Windows-1252; CRLF or LF).

Pages are split at form feeds. An e-mail saved as text ("Från: … Skickat: … Ämne: …") is recognised by its
headers and read the same way as an .eml (mail.py).
"""
from __future__ import annotations

from remissarkiv.tools.importer.document import Document, Line

# Characters that are never in a letter's text: a decoded file full of them was not text, or not this encoding.
_CONTROL = {chr(c) for c in range(32)} - {"\n", "\r", "\t", "\f"}


def decode(data: bytes) -> str:
    from remissarkiv.tools.importer.extract import ExtractError

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ExtractError("textfilens teckenkodning känns inte igen (varken UTF-8, UTF-16 eller "
                                   "Windows-1252): spara den som UTF-8 och importera igen") from None
    sample = text[:20_000]
    if sample and sum(ch in _CONTROL for ch in sample) > len(sample) // 100:
        raise ExtractError("filen innehåller styrtecken och är ingen text i en känd teckenkodning: spara den som "
                           "UTF-8-text, PDF eller DOCX och importera igen")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lines_of(text: str) -> tuple[list[Line], int]:
    from remissarkiv.tools.importer.extract import refuse_long

    refuse_long(text.count("\n") + text.count("\f") + 1)  # counted in C before a Line is made
    lines: list[Line] = []
    pages = text.split("\f")
    for number, page in enumerate(pages, start=1):
        for index, line in enumerate(page.split("\n")):
            lines.append(Line(line.rstrip(), page=number, top=float(index), row=len(lines)))
    return lines, len(pages)


def read(data: bytes) -> Document:
    from remissarkiv.tools.importer import mail

    text = decode(data)
    if mail.looks_like_mail(text):
        return mail.read_text(text)
    lines, pages = lines_of(text)
    return Document(lines, source="text", pages=pages)
