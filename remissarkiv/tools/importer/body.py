"""The body as Markdown: headings from styles, numbering ("4.2 Synpunkter") or typography (bold, larger); lists
from Word's numbering or the text's own markers; tables as Markdown tables; hard-wrapped lines re-flowed and
hyphenation at a line's end repaired.

The document's own text is text, never markup: what Markdown or HTML would read as a tag, an entity, a link,
emphasis or a block is escaped (`literal`), so a document that quotes `<script>` shows those characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from remissarkiv.tools.importer import vocabulary
from remissarkiv.tools.importer.document import Document, Line

_NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<text>[A-ZÅÄÖ].*)$")
# List markers, the private-use bullets of Word's Symbol and Wingdings fonts included ("\uf0b7").
_LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[-•–*▪●◦□‣⁃∙\uf0b7\uf0a7\uf0fc\uf076\uf0d8\uf0a8])\s*(\S.*)$")
_HYPHENATED = re.compile(r"[a-zåäö]-$")
JOINING_WORDS = {"och", "eller", "samt", "respektive", "som", "till"}
MAX_HEADING_WORDS = 12


@dataclass
class Heading:
    text: str
    level: int          # 2 or 3 (the page's title is level 1)
    group: str | None   # vocabulary group: 'proposal', 'attachments', 'other' or None (the document's own)


def heading(line: Line, document: Document) -> Heading | None:
    text = line.text.strip().rstrip(":").strip()
    if not text or line.cell or line.list_kind:
        return None
    number = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+", text)
    known = vocabulary.load().sections.get(text[number.end():].lower() if number else text.lower())
    if known:  # the vocabulary's spelling, with the document's own numbering kept ("2.1 Remissens innehåll")
        name = known[0] if not number else f"{number.group(1)} {known[0]}"
        return Heading(name, 3 if number and "." in number.group(1) else 2, known[1])
    words = len(text.split())
    if line.heading:
        return Heading(text, 3 if line.heading >= 3 else 2, None)
    if words > MAX_HEADING_WORDS or text.endswith((".", ",", ";")):
        return None
    m = _NUMBERED.match(text)
    if m and "." in m.group("number"):
        return Heading(text, 2 + min(1, m.group("number").count(".")), None)
    big = document.body_size and line.size >= 1.15 * document.body_size
    if big or (line.bold and document.source in ("pdf", "docx")):  # a heading by typography alone
        return Heading(text, 3 if m and "." in m.group("number") else 2, None)
    return None


def join_lines(lines: list[str]) -> str:
    """Re-flow hard-wrapped lines into one paragraph, repairing words hyphenated at the line end. Only the end
    of the text so far is looked at, so the work is linear in the paragraph's length."""
    parts: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not parts:
            parts = [line]
        elif _HYPHENATED.search(parts[-1][-2:]) and line[:1].islower() and line.split()[0] not in JOINING_WORDS:
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        elif parts[-1][-2:-1].isdigit() and parts[-1].endswith("–") and line[:1].isdigit():
            parts.append(line)  # "2024–" / "2030": a range broken at its dash
        else:
            parts.append(" " + line)
    return "".join(parts).strip()


def blocks(lines: list[Line]) -> list[tuple[str, int, str]]:
    """Paragraphs, list items and tables as (kind, level, text): kind 'p', 'ol', 'ul' or 'table'."""
    out: list[tuple[str, int, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        if line.cell:
            table = [ln for ln in lines[i:] if ln.cell and ln.cell[0] == line.cell[0]]
            out.append(("table", 0, [markdown_table(table)]))
            i += len(table)
            continue
        i += 1
        if not text:
            out.append(("", 0, []))
        elif line.list_kind:
            out.append((line.list_kind, line.list_level, [text]))
        elif m := _LIST_ITEM.match(text):
            out.append(("ol" if m.group(1)[0].isdigit() else "ul", 0, [m.group(2)]))
        elif out and out[-1][0] in ("p", "ol", "ul") and out[-1][2]:
            out[-1][2].append(text)
        else:
            out.append(("p", 0, [text]))
    return [(kind, level, parts[0] if kind == "table" else join_lines(parts))
            for kind, level, parts in out if kind and parts]


TABLE_TOLERANCE = 12.0  # points: the columns of a PDF table start within this of each other, row by row
_TABLE_IDS = 1000       # PDF tables are numbered from here, apart from Word's


def pdf_tables(lines: list[Line]) -> None:
    """Mark rows of a PDF body that line up in two or more columns as table cells (markdown_table makes them
    a table): at least two rows with the same columns; a row whose text sits only under later columns
    continues the cells above it (a wrapped cell)."""
    rows: list[list[Line]] = []
    for line in lines:
        if line.cell:  # a ruled table, found by its rules already
            rows.append([])
        elif line.text.strip() and line.x:
            if rows and rows[-1] and rows[-1][0].row == line.row:
                rows[-1].append(line)
            else:
                rows.append([line])
    table, run = _TABLE_IDS, []
    for row in [*rows, []]:
        if run and row and _continues_table(run, row):  # an empty row (a ruled table between) ends a run
            run.append(row)
            continue
        _mark(run, table)
        table += 1 if run else 0
        run = [row] if len(row) >= 2 else []


def _columns_of(row: list[Line]) -> list[float]:
    return [ln.x for ln in row]


def _continues_table(run: list[list[Line]], row: list[Line]) -> bool:
    columns = _columns_of(run[0])
    if len(row) == len(columns):
        return all(abs(a - b) <= TABLE_TOLERANCE for a, b in zip(_columns_of(row), columns))
    # a wrapped cell: text only under columns after the first
    return 0 < len(row) < len(columns) and all(
        any(abs(ln.x - c) <= TABLE_TOLERANCE for c in columns[1:]) for ln in row)


def _mark(run: list[list[Line]], table: int) -> None:
    full = [row for row in run if len(row) == len(_columns_of(run[0]))] if run else []
    if len(full) < 2:
        return
    columns = _columns_of(run[0])
    number = 0
    for row in run:
        if len(row) == len(columns):
            number += 1
        for line in row:
            column = min(range(len(columns)), key=lambda c: abs(columns[c] - line.x))
            line.cell = (table, number, column + 1)


def markdown_table(cells: list[Line]) -> str:
    rows: dict[int, dict[int, list[str]]] = {}
    for line in cells:
        _, r, c = line.cell
        rows.setdefault(r, {}).setdefault(c, []).append(line.text.strip())
    width = max((max(cols) for cols in rows.values()), default=1)
    grid = [[_cell(" ".join(cols.get(c, []))) for c in range(1, width + 1)] for _, cols in sorted(rows.items())]
    head, *rest = grid
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rest]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return literal(text) or " "  # its '|' escaped with the rest


# What Python-Markdown would read as markup inside a line: a backslash escape, a code span, emphasis, a link or
# image, a table's cell border ('|': the tables extension is on), a tag, comment or autolink ('<'), and an
# entity ('&' before a name and ';', or before '#': "&#60" is one to Python-Markdown even without its ';').
# '<' and '&' become entities (Python-Markdown has no backslash escape for them); the rest take a backslash.
_INLINE = re.compile(r"[\\`*_\[\]|<]|&(?=#|[0-9A-Za-z]+;)")
# What would start a block at the start of a paragraph or list item: a heading, a quote, a list or rule, a
# numbered list ("2024. Remissen …"), a definition (": …") or a fenced block ("~~~"). Python-Markdown has no
# backslash escape for ':' and '~': those become entities.
_BLOCK = re.compile(r"^(?:[#>+*-]|(?P<number>\d+)(?=[.)](?:\s|$))|(?P<entity>[:~]))")
_ENTITIES = {"<": "&lt;", "&": "&amp;", ":": "&#58;", "~": "&#126;"}
_INLINE_ADDRESS = re.compile(r"<([^<>\s@]+@[^<>\s]+)>")


def literal(text: str) -> str:
    """Markdown that shows exactly this text (one line): markup in a document is quoted, never run. A mail
    address in angle brackets ("Anna <a@example.invalid>") keeps only the address, as it is no tag."""
    text = _INLINE.sub(lambda m: _ENTITIES.get(m.group(0)) or "\\" + m.group(0),
                       _INLINE_ADDRESS.sub(r"\1", text))
    m = _BLOCK.match(text)
    if not m:
        return text
    if m.group("number"):  # the dot (or parenthesis) after the number
        return f"{text[:m.end()]}\\{text[m.end():]}"
    if m.group("entity"):
        return _ENTITIES[text[0]] + text[1:]
    return "\\" + text


def heading_literal(text: str) -> str:
    """A heading's text as `literal`, with its closing '#'s escaped: Markdown drops them ("C#" stays "C#")."""
    core = text.rstrip("#")
    return literal(core) + "\\#" * (len(text) - len(core))


def markdown(items: list[tuple[str, int, str]]) -> str:
    chunks: list[str] = []
    counters: dict[int, int] = {}
    previous, previous_level, indent = "", 0, 0
    for kind, level, text in items:
        if kind in ("ol", "ul"):
            # one list goes on while its kind does (a nested level may be of the other kind)
            same = previous in ("ol", "ul") and (kind == previous or level != previous_level)
            # a list starts at the margin and goes one level deeper at a time: indented further, Markdown
            # would show the item as code (Word's numbering may start at its second level)
            indent = min(level, indent + 1) if same else 0
            if not same:
                counters = {}
            counters = {k: v for k, v in counters.items() if k <= indent}
            counters[indent] = counters.get(indent, 0) + 1
            marker = f"{counters[indent]}." if kind == "ol" else "-"
            item = "    " * indent + f"{marker} {literal(text)}"
            if same:
                chunks[-1] += "\n" + item
            else:
                chunks.append(item)
        else:
            chunks.append(text if kind == "table" else literal(text))  # a table's cells are escaped already
        previous, previous_level = kind, level
    return "\n\n".join(chunks)
