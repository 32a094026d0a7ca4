"""A case as the loader hands it on: the validated front matter and what the site needs besides it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from remissarkiv.model.case import Case
from remissarkiv.model.referral import ReferralRecord
from remissarkiv.model.problems import Problem
from remissarkiv.reading.frontmatter import FrontMatter


@dataclass
class CaseDoc:
    """A validated case with what the site needs besides the front matter."""

    case: Case
    id: str            # path below cases/ without '.md', e.g. '2020/bromma-ks-2019-1899'
    source: str        # path for messages and 'edit this page', e.g. 'cases/2020/bromma-ks-2019-1899.md'
    body: str
    body_line: int
    folder: Path       # the case's own attachment folder
    fm: FrontMatter = field(repr=False)

    @property
    def published(self) -> bool:
        return self.case.status == "publicerad"


@dataclass
class RecordDoc:
    """A validated referral record (cases/remisser/<id>.md)."""

    record: ReferralRecord
    id: str            # the file's name without '.md', e.g. 'ks-2019-1899'
    source: str
    body: str
    body_line: int
    fm: FrontMatter = field(repr=False)


@dataclass
class LoadResult:
    cases: list[CaseDoc]
    problems: list[Problem]
    files: int
    referrals: list[RecordDoc] = field(default_factory=list)
