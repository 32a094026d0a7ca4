"""The board registry (data/boards.yml): today's and historical boards with their validity dates."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml


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

    def existed_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class BoardsError(Exception):
    """data/boards.yml is missing or malformed; the message is Swedish and names the file."""


class BoardRegistry:
    def __init__(self, boards: list[Board]):
        self._by_id = {b.id: b for b in boards}

    @classmethod
    def load(cls, path: Path) -> "BoardRegistry":
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BoardsError(f"{path}: nämndregistret saknas – det ska ligga i data/boards.yml") from None
        except yaml.YAMLError as exc:
            line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 1
            raise BoardsError(f"{path}:{line}: YAML-fel i nämndregistret") from None
        boards = []
        for i, b in enumerate((raw or {}).get("boards") or []):
            try:
                boards.append(Board(
                    id=b["id"], name=b["name"], kind=b.get("kind", "nämnd"),
                    valid_from=b.get("valid_from"), valid_to=b.get("valid_to"),
                    successor=b.get("successor"), predecessors=tuple(b.get("predecessors") or ()),
                    prefixes=tuple(p.upper() for p in b.get("prefixes") or ()),
                ))
            except (KeyError, TypeError):
                raise BoardsError(f"{path}: nämnd nummer {i + 1} saknar id eller name") from None
        if not boards:
            raise BoardsError(f"{path}: nämndregistret innehåller inga nämnder under 'boards:'")
        return cls(boards)

    def get(self, board_id: str) -> Board | None:
        return self._by_id.get(board_id)

    def __contains__(self, board_id: str) -> bool:
        return board_id in self._by_id

    def __iter__(self):
        return iter(self._by_id.values())

    def ids(self) -> list[str]:
        return list(self._by_id)
