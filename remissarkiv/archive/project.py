"""A project: where its inputs live, and loading them into an archive."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from remissarkiv.archive.indexes import Archive
from remissarkiv.config import Limits
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading import loader
from remissarkiv.reading.casedoc import LoadResult


@dataclass
class Project:
    """Where a project's inputs live; the defaults are the repository layout."""

    root: Path
    include_drafts: bool = False
    limits: Limits = field(default_factory=Limits)

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def boards_file(self) -> Path:
        return self.root / "data" / "boards.yml"

    def load(self, cache: loader.FileCache | None = None) -> tuple[LoadResult, Archive]:
        boards = cache.boards(self.boards_file) if cache else BoardRegistry.load(self.boards_file)
        result = loader.load(self.cases_dir, boards, root=self.root, cache=cache, limits=self.limits)
        docs = [d for d in result.cases if d.published or (self.include_drafts and not d.withdrawn)]
        return result, Archive(docs, boards, result.referrals, [d for d in result.cases if d.withdrawn])
