"""One model of a document, whatever its format: lines with their layout.

A PDF gives positions, font sizes and weights; a DOCX gives paragraph styles, list numbering and table cells;
text and e-mail give lines only. Every reader makes the same `Line`s, and everything after reading (page
furniture, facts, signatures, the body) works on them. Each line ends up somewhere – a field, the body, or a
reported list of lines left out with the reason – and `Document.fate` records where, so a test can ask that no
line is unaccounted for.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)  # a long document has many: without a __dict__ each takes a third of the memory
class Line:
    text: str
    page: int = 1
    number: int = 0           # 1-based, in reading order over the whole document (set by Document)
    x: float = 0.0            # left edge in points from the page's left (0 where the format has no position)
    top: float = 0.0          # distance from the page's top in points (the line's index for text)
    bottom: float = 0.0
    size: float = 0.0         # font size in points (0: unknown)
    bold: bool = False
    heading: int = 0          # heading level from a Word style or outline level (1–6); 0: none
    list_kind: str = ""       # "ol" or "ul": a paragraph in Word's automatic numbering or bullets
    list_level: int = 0
    cell: tuple[int, int, int] | None = None  # (table, row, column), 1-based, for a table cell
    row: int = 0              # lines of the same visual row (columns side by side) share it

    @property
    def where(self) -> str:
        """Where a staff member finds the line in the original, in Swedish."""
        if self.cell:
            table, row, column = self.cell
            return f"tabell {table}, rad {row}, kolumn {column}"
        return f"s. {self.page}, rad {self.number}" if self.page > 1 or self.x else f"rad {self.number}"


@dataclass
class Document:
    lines: list[Line]
    source: str = ""                                 # "pdf", "docx", "text", "e-post"
    pages: int = 1
    ocr: bool = False                                # the text came from OCR
    body_size: float = 0.0                           # the most common font size (PDF): headings are larger
    furniture: list[Line] = field(default_factory=list)  # headers and footers from the format itself (DOCX)
    fate: dict[int, str] = field(default_factory=dict)   # line number → where it went

    def __post_init__(self) -> None:
        for i, line in enumerate(self.lines, start=1):
            line.number = i
        start = len(self.lines)
        for i, line in enumerate(self.furniture, start=start + 1):
            line.number = i

    def place(self, line: Line, where: str) -> None:
        """Record where a line went; the first place given wins (a line read as a fact is not also body)."""
        self.fate.setdefault(line.number, where)

    def unaccounted(self) -> list[Line]:
        return [ln for ln in self.lines + self.furniture if ln.text.strip() and ln.number not in self.fate]
