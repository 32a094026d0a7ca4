"""The board registry (data/boards.yml): today's and historical boards with their validity dates."""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from remissarkiv.model import characters, slugs


@dataclass(frozen=True)
class Board:
    id: str
    name: str
    kind: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None
    predecessors: tuple[str, ...] = field(default_factory=tuple)
    prefixes: tuple[str, ...] = field(default_factory=tuple)  # case-number prefixes, e.g. ('KS',)
    offices: tuple[str, ...] = field(default_factory=tuple)   # who writes for it: ('Stadsledningskontoret',)
    names: tuple[str, ...] = field(default_factory=tuple)     # other and earlier names: ('KS', 'Landstingsstyrelsen')

    def existed_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


@dataclass(frozen=True)
class Organisation:
    """Whose archive this is: a kommun, region or kommunalförbund, by its name and the other names it goes by."""
    name: str
    names: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.names)


class BoardsError(Exception):
    """data/boards.yml is missing or malformed; the message is Swedish and names the file."""


class BoardRegistry:
    def __init__(self, boards: list[Board], organisation: Organisation | None = None):
        self._by_id = {b.id: b for b in boards}
        self.organisation = organisation

    @classmethod
    def load(cls, path: Path) -> "BoardRegistry":
        """The registry, or BoardsError naming the file and line. The file is input like a case file: an id
        becomes folders and addresses on the site, so it must be a safe slug, and ids must be unique."""
        try:
            node, raw = _parse(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BoardsError(f"{path}: nämndregistret saknas – det ska ligga i data/boards.yml") from None
        except UnicodeDecodeError:
            raise BoardsError(f"{path}:1: nämndregistret är inte sparat som UTF-8") from None
        except yaml.YAMLError as exc:
            line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 1
            raise BoardsError(f"{path}:{line}: YAML-fel i nämndregistret") from None
        entries = (raw or {}).get("boards") if isinstance(raw, dict) else None
        if not isinstance(entries, list) or not entries:
            raise BoardsError(f"{path}:1: nämndregistret innehåller inga nämnder under 'boards:'")
        lines = _entry_lines(node)
        boards: list[Board] = []
        first_line: dict[str, int] = {}
        for i, b in enumerate(entries):
            line = lines[i] if i < len(lines) else 1
            board = _board(b, f"{path}:{line}", i)
            if board.id in first_line:
                raise BoardsError(f"{path}:{line}: nämnden '{board.id}' finns redan på rad {first_line[board.id]}: "
                                  "varje nämnd har ett eget id – ta bort eller byt id på den ena")
            first_line[board.id] = line
            boards.append(board)
        return cls(boards, _organisation(raw.get("organisation"), f"{path}:{_key_line(node, 'organisation')}"))

    def get(self, board_id: str) -> Board | None:
        return self._by_id.get(board_id)

    def __contains__(self, board_id: str) -> bool:
        return board_id in self._by_id

    def __iter__(self):
        return iter(self._by_id.values())

    def similar(self, value: object, n: int = 3) -> list[Board]:
        """Boards a mistyped id or a name probably meant ('bromm', 'Bromma', 'bromma-sdn'), best first."""
        text = str(value).strip().lower()[:200]
        if not text:
            return []
        keys: dict[str, str] = {}
        for b in self._by_id.values():
            for key in (b.id.lower(), b.name.lower(), b.name.lower().split(" ")[0]):
                keys.setdefault(key, b.id)
        found = [keys[k] for k in difflib.get_close_matches(text, keys, n=n * 3, cutoff=0.6)]
        found += [b.id for b in self._by_id.values() if len(text) >= 4 and (text in b.id or text in b.name.lower())]
        return [self._by_id[i] for i in dict.fromkeys(found)][:n]

    def suggestion(self, value: object) -> str:
        """"menade du 'bromma' (Bromma stadsdelsnämnd)? – " to open a message's advice, or '' when none is close."""
        close = self.similar(value)
        if not close:
            return ""
        return "menade du " + " eller ".join(f"'{b.id}' ({b.name})" for b in close) + "? – "

    def ids(self) -> list[str]:
        return list(self._by_id)


def _parse(text: str) -> tuple[yaml.Node | None, object]:
    """The node tree (for line numbers) and the data built from it, from one parse."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _entry_lines(node) -> list[int]:
    """File line (from 1) of each entry under 'boards:'."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "boards" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


MAX_NAMES = 50       # other names or offices of one board: a registry's list, not a document
MAX_NAME_LENGTH = 200


def _key_line(node, wanted: str) -> int:
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if key.value == wanted:
                return key.start_mark.line + 1
    return 1


def _names(value, where: str, key: str) -> tuple[str, ...]:
    """A list of names (offices, other names): text, each a line's worth, no control characters."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > MAX_NAMES or not all(isinstance(v, str) and v.strip()
                                                                        for v in value):
        raise BoardsError(f"{where}: {key} ska vara en lista med namn (text), högst {MAX_NAMES}")
    for v in value:
        if len(v) > MAX_NAME_LENGTH:
            raise BoardsError(f"{where}: {key}: namnet '{v[:60]}…' är längre än {MAX_NAME_LENGTH} tecken")
        if bad := characters.first_forbidden(v):
            raise BoardsError(f"{where}: {key}: {characters.message(bad.group(0))}")
    return tuple(v.strip() for v in value)


def _organisation(raw, where: str) -> Organisation | None:
    """'organisation: {name: Stockholms stad, names: [Stockholms kommun]}', or none (an archive that has not
    said whose it is: the importer then cannot tell another organisation's document from its own)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise BoardsError(f"{where}: organisation ska ha ett namn: 'organisation: {{name: Stockholms stad}}'")
    return Organisation(_names(raw["name"], where, "organisation")[0], _names(raw.get("names"), where, "names"))


def _board(b, where: str, i: int) -> Board:
    if not isinstance(b, dict) or not isinstance(b.get("id"), str) or not isinstance(b.get("name"), str):
        raise BoardsError(f"{where}: nämnd nummer {i + 1} saknar id eller name (båda ska vara text)")
    if not slugs.safe_segment(b["id"]):
        raise BoardsError(f"{where}: nämndens id '{b['id'][:200]}' blir en webbadress och får bara innehålla "
                          f"{slugs.rule_text()}")
    for key in ("name", "kind", "successor"):
        value = b.get(key)
        if isinstance(value, str) and (bad := characters.first_forbidden(value)):
            raise BoardsError(f"{where}: {key}: {characters.message(bad.group(0))}")
    for key in ("valid_from", "valid_to"):
        if b.get(key) is not None and not isinstance(b.get(key), dt.date):
            raise BoardsError(f"{where}: {key} ska vara ett datum ÅÅÅÅ-MM-DD eller null")
    try:
        return Board(id=b["id"], name=b["name"], kind=str(b.get("kind", "nämnd")),
                     valid_from=b.get("valid_from"), valid_to=b.get("valid_to"),
                     successor=b.get("successor"), predecessors=tuple(b.get("predecessors") or ()),
                     prefixes=tuple(str(p).upper() for p in b.get("prefixes") or ()),
                     offices=_names(b.get("offices"), where, "offices"), names=_names(b.get("names"), where, "names"))
    except (TypeError, ValueError):
        raise BoardsError(f"{where}: nämnd nummer {i + 1} har fält av fel slag") from None
