"""DOCX (python-docx): paragraphs with their heading level, automatic numbering and bullets, bold; tables cell
by cell; the header and footer parts as page furniture (read for facts, never body).
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from remissarkiv.tools.importer.document import Document, Line

_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.I)
_TITLE_STYLES = {"title", "rubrik", "titel"}


def read(path: Path) -> Document:
    from remissarkiv.tools.importer.extract import MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, ExtractError

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            # zipfile stops at each member's declared size, so the declared sum bounds what is unpacked.
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise ExtractError(f"DOCX-filen packar upp till mer än {MAX_UNPACKED_BYTES // 1_000_000} MB eller "
                                   f"{MAX_ZIP_ENTRIES} delar: den är ingen vanlig Word-fil och importeras inte")
            if "word/document.xml" not in archive.namelist():
                raise ExtractError("filen är ett zip-arkiv men inget Word-dokument (word/document.xml saknas): "
                                   "spara dokumentet som .docx i Word")
        from docx import Document as open_docx

        doc = open_docx(str(path))
        return _read(doc)
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 – a truncated or foreign file fails in zipfile, lxml or python-docx
        raise ExtractError(f"DOCX-filen kunde inte läsas – den verkar skadad eller avkortad ({type(exc).__name__}):"
                           " öppna den i Word och spara den på nytt") from None


def _blocks(element, parent):
    """Paragraphs and tables in document order, also inside content controls (w:sdt), which municipal
    templates use for their Dnr and Datum fields and python-docx's own iteration passes by."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == _qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == _qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == _qn("w:sdt"):
            content = child.find(_qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, parent)


def _read(doc) -> Document:
    from remissarkiv.tools.importer.extract import refuse_long

    refuse_long(int(_PARAGRAPH_COUNT(doc.element.body)))  # each paragraph is a line at least
    formats, styles = _numbering_formats(doc), {}
    lines: list[Line] = []
    tables = 0
    for block in _blocks(doc.element.body, doc._body):
        if hasattr(block, "rows"):
            tables += 1
            lines += _table(block._tbl, tables)
            lines.append(Line(""))
        else:
            lines += _paragraph(block, formats, styles)
        refuse_long(len(lines))  # a paragraph of many line breaks is many lines
    rows: dict[tuple[int, int], int] = {}
    for index, line in enumerate(lines):
        # the cells of one table row are one visual row (a signature table: names side by side)
        line.row = rows.setdefault(line.cell[:2], index) if line.cell else index
        line.top = float(index)
    return Document(lines, source="docx", furniture=_furniture(doc))


def _furniture(doc) -> list[Line]:
    """The header and footer parts' text, each line once."""
    furniture: list[Line] = []
    seen: set[str] = set()
    for section in doc.sections:
        for part in (section.header, section.footer):
            for block in _blocks(part._element, part):
                texts = [ln.text for ln in _table(block._tbl, 0)] if hasattr(block, "rows") else [_text(block._p)]
                for text in (t.strip() for block_text in texts for t in block_text.split("\n")):
                    if text and text not in seen:
                        seen.add(text)
                        furniture.append(Line(text))
    return furniture


_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _xpath(expression: str):
    from lxml import etree

    return etree.XPath(expression, namespaces=_W)  # works on python-docx's elements and on plain ones


_TEXT = _xpath("(.//w:t | .//w:tab | .//w:br | .//w:cr | .//w:noBreakHyphen)[not(ancestor::w:pPr) and not(ancestor::w:del)]")
_SKIP = {"{%s}%s" % (_W["w"], tag) for tag in ("txbxContent", "p")}  # a text box, or a paragraph inside one
_BOXES = _xpath(".//w:txbxContent")
_BOX_PARAGRAPHS = _xpath("./w:p")
_CELL_PARAGRAPHS = _xpath("./w:p | ./w:sdt/w:sdtContent/w:p")


def _text(p) -> str:
    """A paragraph's text with what python-docx's Paragraph.text leaves out: runs inside content controls,
    fields and smart tags. Text boxes are read as paragraphs of their own (_paragraph)."""
    parts = []
    for node in _TEXT(p):
        if _in_box(node, p):
            continue
        tag = node.tag.rsplit("}", 1)[-1]
        parts.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "-" if tag == "noBreakHyphen"
                     else "\n")
    return "".join(parts)


def _in_box(node, paragraph) -> bool:
    """Inside a text box (or a paragraph of one) below this paragraph: read as the box's own paragraph."""
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _SKIP:
            return True
        parent = parent.getparent()
    return False


def _paragraph(para, formats: dict, styles: dict) -> list[Line]:
    text = _text(para._p)
    boxes = _BOXES(para._p)
    if boxes:  # a text box (a letterhead, a fact panel) anchored here: its paragraphs follow this one
        from docx.text.paragraph import Paragraph

        inner = [Paragraph(p, para._parent) for box in boxes for p in _BOX_PARAGRAPHS(box)]
        return [*(_paragraph_lines(para, text, formats, styles) if text.strip() else []),
                *[ln for p in inner for ln in _paragraph(p, formats, styles)]]
    if not text.strip():
        return [Line("")]
    return _paragraph_lines(para, text, formats, styles)


def _style(para, styles: dict):
    """The paragraph's style, looked up once per style id: python-docx searches all styles for the default one
    on every look-up (0.06 ms each with Word's own styles; 99,000 paragraphs took 21 s)."""
    key = para._p.style
    if key not in styles:
        styles[key] = para.style
    return styles[key]


def _paragraph_lines(para, text: str, formats: dict, styles: dict) -> list[Line]:
    style = _style(para, styles)
    name = (style.name if style is not None else "") or ""
    heading = _heading_level(para, name, style)
    # a heading in Word's outline numbering is a heading, not a list item
    kind, level = ("", 0) if heading else _list(para, style, name, formats)
    runs = [r for r in para.runs if r.text.strip()]
    bold = bool(runs) and all(_run_bold(r, style) for r in runs)
    parts = text.split("\n")
    out = [Line(part, heading=heading, list_kind=kind if i == 0 else "", list_level=level, bold=bold)
           for i, part in enumerate(parts)]
    return [*out, Line("")]


def _heading_level(para, name: str, style) -> int:
    m = _HEADING_STYLE.match(name.strip())
    if m:
        return int(m.group(1))
    if name.strip().lower() in _TITLE_STYLES:
        return 1
    style_ppr = style.element.pPr if style is not None else None
    for element in (para._p.pPr, style_ppr):
        outline = element.find(_qn("w:outlineLvl")) if element is not None else None
        if outline is not None and (value := outline.get(_qn("w:val"))) and value.isdigit() and int(value) < 9:
            return int(value) + 1
    return 0


def _list(para, style, name: str, formats: dict) -> tuple[str, int]:
    """('ol' | 'ul', level) for a paragraph in Word's numbering, from its own or its style's numPr."""
    holders = [para._p.pPr]
    while style is not None:
        holders.append(style.element.pPr)
        style = style.base_style
    for ppr in holders:
        numpr = ppr.find(_qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            continue
        num = numpr.find(_qn("w:numId"))
        lvl = numpr.find(_qn("w:ilvl"))
        num_id = num.get(_qn("w:val")) if num is not None else None
        level = int(lvl.get(_qn("w:val"))) if lvl is not None else 0
        if num_id in (None, "0"):
            return "", 0
        fmt = formats.get((num_id, level)) or formats.get((num_id, 0))
        if fmt is None:
            fmt = "bullet" if re.search(r"bullet|punkt", name, re.I) else "decimal"
        return ("ul" if fmt in ("bullet", "none") else "ol"), level
    if re.search(r"list bullet|punktlista", name, re.I):
        return "ul", 0
    if re.search(r"list number|numrerad lista", name, re.I):
        return "ol", 0
    return "", 0


def _numbering_formats(doc) -> dict[tuple[str, int], str]:
    try:
        root = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in root.findall(_qn("w:abstractNum")):
        levels = {}
        for lvl in node.findall(_qn("w:lvl")):
            fmt = lvl.find(_qn("w:numFmt"))
            levels[int(lvl.get(_qn("w:ilvl"), "0"))] = fmt.get(_qn("w:val")) if fmt is not None else "decimal"
        abstract[node.get(_qn("w:abstractNumId"))] = levels
    formats = {}
    for num in root.findall(_qn("w:num")):
        ref = num.find(_qn("w:abstractNumId"))
        for level, fmt in abstract.get(ref.get(_qn("w:val")) if ref is not None else "", {}).items():
            formats[(num.get(_qn("w:numId")), level)] = fmt
    return formats


def _run_bold(run, style) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _table(table, number: int) -> list[Line]:
    """A Line per text line of each cell, read from the table's XML. A cell that continues a vertical merge
    (w:vMerge without "restart") is empty here: its text stands in the merge's first row. python-docx's
    row.cells looked up each such cell's first row by walking the rows above with XPath, which made a table of
    merged cells cubic in its rows (300 rows of three cells: 9 s, 600 rows: 40 s); this reads each cell once."""
    lines = []
    for r, row in enumerate(_ROWS(table), start=1):
        for column, cell in enumerate(_CELLS(row), start=1):
            if _continues_merge(cell):
                continue
            for text in "\n".join(_text(p) for p in _CELL_PARAGRAPHS(cell)).split("\n"):
                if text.strip():
                    lines.append(Line(text.strip(), cell=(number, r, column)))
    return lines


_ROWS = _xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr")
_CELLS = _xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc")
_MERGE = _xpath("./w:tcPr/w:vMerge")
_PARAGRAPH_COUNT = _xpath("count(.//w:p)")


def _continues_merge(cell) -> bool:
    merge = _MERGE(cell)
    return bool(merge) and merge[0].get(_qn("w:val"), "continue") == "continue"


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)
