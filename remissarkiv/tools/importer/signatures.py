"""Signature blocks: who signed, with what title, however the names and titles are laid out.

Names over titles, one per line or side by side (columns of a PDF, cells of a table, tabs); titles run
together on one line; "Name, title"; a protokollsutdrag's "Vid protokollet" (the secretary) and "Justerat"
(the chair and the adjuster side by side); an e-mail's closing ("Med vänliga hälsningar") followed by a
name, a title, the förvaltning and contact lines. Titles are told by vocabulary.yml's roles and stems, so a
title never listed ("Finansborgarråd", "Förvaltningschef") is still one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from remissarkiv.tools.importer import facts as facts_module
from remissarkiv.tools.importer import vocabulary
from remissarkiv.tools.importer.document import Line

MAX_BLOCK_ROWS = 10


@dataclass
class Block:
    signatories: list[dict] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)      # the lines the block took (names, titles, labels)
    other: list[tuple[Line, str]] = field(default_factory=list)  # lines in it that are no signature: why
    problem: str | None = None
    dates: list[tuple[str, Line]] = field(default_factory=list)  # "Justerat 2023-03-20": not the document's


def _split_roles(text: str) -> list[str]:
    """'Stadsdelsdirektör Avdelningschef Administration' → two titles; 'Biträdande avdelningschef' stays one."""
    _, prefixes = vocabulary.load().role_words()
    roles: list[list[str]] = []
    for word in text.split():
        joins = roles and roles[-1][-1].lower() in prefixes
        if not roles or ((vocabulary.is_role_word(word) or word.lower() in prefixes) and not joins):
            roles.append([word])
        else:
            roles[-1].append(word)
    return [" ".join(r) for r in roles]


def is_role(text: str) -> bool:
    words = text.split()
    return (1 <= len(words) <= 8 and any(vocabulary.is_role_word(w) for w in words) and not text.endswith(".")
            and not vocabulary.parse_date(text))


def is_name(text: str) -> bool:
    return vocabulary.is_name(text)


def _cells(row: list[Line]) -> list[str]:
    return [u.text for u in facts_module.units(row)]


def rows_of(lines: list[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for line in lines:
        if not line.text.strip():
            continue
        key = line.cell[:2] if line.cell else line.row
        if rows and (rows[-1][0].cell[:2] if rows[-1][0].cell else rows[-1][0].row) == key:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _kind(cells: list[str]) -> str:
    if cells and all(is_name(c) for c in cells):
        return "names"
    if cells and all(_name_and_role(c) for c in cells):
        return "both"
    if cells and all(is_role(c) and not is_name(c) for c in cells):
        return "roles"
    if len(cells) == 1 and _run_together(cells[0]):
        return "names"
    return "other"


def _run_together(text: str) -> bool:
    """'Lisa Kinnari Peter Dacke': names side by side that lost their gap."""
    words = text.split()
    return len(words) in (4, 6) and all(vocabulary.NAME_WORD.match(w) for w in words) and not any(
        vocabulary.is_role_word(w) for w in words)


_ROLE_FIRST = re.compile(r"^(?P<role>[^:,]{3,60}?)\s*:\s*(?P<name>.+)$")


def _name_and_role(text: str) -> tuple[str, str] | None:
    """'Lisa Kinnari, stadsdelsdirektör' or 'Ordförande: Birgitta Ljung' as (name, title)."""
    name, comma, role = text.partition(",")
    if comma and is_name(name.strip()) and is_role(role.strip()):
        return name.strip(), role.strip()
    m = _ROLE_FIRST.match(text.strip())
    if m and is_role(m.group("role")) and is_name(m.group("name").strip()):
        return m.group("name").strip(), m.group("role").strip()
    return None


def _pair(names: list[str], roles: list[str]) -> list[dict] | None:
    people, titles = list(names), list(roles)
    split = [r for t in roles for r in _split_roles(t)]
    if len(people) == 1 and len(split) > 1 and _run_together(people[0]):
        titles = split  # "Lisa Kinnari Peter Dacke" over "Stadsdelsdirektör Avdelningschef Administration"
    elif len(titles) != len(people):
        split = [r for t in roles for r in _split_roles(t)]
        titles = split if len(split) == len(people) or len(titles) < len(people) else titles
    if len(people) < len(titles) and len(people) == 1:
        words = people[0].split()
        size = len(words) // len(titles)
        if size in (2, 3) and len(words) % len(titles) == 0:
            people = [" ".join(words[i:i + size]) for i in range(0, len(words), size)]
    if people and len(people) == len(titles):
        return [{"name": n, "role": _capitalise(r)} for n, r in zip(people, titles)]
    return None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def read_block(rows: list[list[Line]], label_role: str | None = None) -> Block:
    """Signatories from rows of names and titles; label_role is the title a label gave ("Vid protokollet")."""
    block = Block()
    names: list[str] = []
    roles: list[str] = []
    for row in rows:
        cells = _cells(row)
        kind = _kind(cells)
        block.lines += row
        if kind == "both":
            block.signatories += [{"name": n, "role": _capitalise(r)} for n, r in map(_name_and_role, cells)]
        elif kind == "names":
            if names:
                block.signatories += _flush(names, roles, label_role, block)
                roles = []
            names = cells
            if roles:
                block.signatories += _flush(names, roles, label_role, block)
                names, roles = [], []
        elif kind == "roles":
            roles = cells
            if names:
                block.signatories += _flush(names, roles, label_role, block)
                names, roles = [], []
    if names:
        block.signatories += _flush(names, roles, label_role, block)
    return block


def _flush(names: list[str], roles: list[str], label_role: str | None, block: Block) -> list[dict]:
    if not roles:
        if label_role and len(names) == 1:
            return [{"name": names[0], "role": label_role}]
        if len(names) == 1 and not _run_together(names[0]):
            return [{"name": names[0], "role": None}]
        block.problem = "namn utan titlar"
        return []
    paired = _pair(names, roles)
    if paired is None:
        block.problem = f"{' / '.join(names)} kunde inte paras ihop med {' / '.join(roles)}"
        return []
    return paired


def trailing(lines: list[Line]) -> tuple[int, Block] | None:
    """A signature block at the end of lines (the last section before Bilagor): (index where it starts, block)."""
    rows = rows_of(lines)
    start = None
    for pos in range(len(rows) - 1, max(-1, len(rows) - MAX_BLOCK_ROWS - 1), -1):
        if _kind(_cells(rows[pos])) in ("names", "roles", "both"):
            start = pos
        else:
            break
    if start is None:
        return None
    kinds = [_kind(_cells(r)) for r in rows[start:]]
    if "names" not in kinds and "both" not in kinds:
        return None
    block = read_block(rows[start:])
    if not block.signatories and not block.problem:
        return None
    return lines.index(rows[start][0]), block


def labelled(lines: list[Line]) -> list[tuple[int, int, Block]]:
    """Blocks under a protokollsutdrag's labels: (start, end) indices into lines and the block."""
    vocab = vocabulary.load()
    roles = {k.lower(): v for k, v in vocab.raw["signature_labels"].items()}
    found = []
    i = 0
    while i < len(lines):
        m = vocab.signature_label.match(lines[i].text.strip()) if lines[i].text.strip() else None
        rest = m.group("value").strip() if m else ""
        if not m or (rest and not vocabulary.parse_date(rest) and not is_name(rest)):
            i += 1
            continue
        label_role = roles.get(re.sub(r"\s+", " ", m.group("label").lower()))
        end = i + 1
        rows: list[list[Line]] = []
        if is_name(rest):
            rows.append([Line(rest, row=lines[i].row)])
        while end < len(lines) and len(rows) < MAX_BLOCK_ROWS:
            if not lines[end].text.strip():
                end += 1
                continue
            after = end
            while after < len(lines) and lines[after].row == lines[end].row:  # one visual row: its columns
                after += 1
            row = [ln for ln in lines[end:after] if ln.text.strip()]
            if _kind(_cells(row)) == "other" or vocab.signature_label.match(lines[end].text.strip()):
                break
            rows.append(row)
            end = after
        block = read_block(rows, label_role)
        block.lines.insert(0, lines[i])
        if day := vocabulary.parse_date(rest):
            block.dates.append((day, lines[i]))
        found.append((i, end, block))
        i = end
    return found
