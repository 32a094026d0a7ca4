"""A case as the loader hands it on: the validated front matter and what the site needs besides it."""
from __future__ import annotations

import datetime as dt
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
    # The day the file first came into the archive's git history (set by the build; None without history):
    # the publication day of a case whose document gives no date.
    added: dt.date | None = field(default=None, repr=False, compare=False)

    @property
    def published(self) -> bool:
        return self.case.status == "publicerad"

    @property
    def withdrawn(self) -> bool:
        """Taken down: its address shows a notice (site.withdrawn), nothing of its text is published."""
        return self.case.status == "avpublicerad"

    @property
    def earlier_addresses(self) -> list[str]:
        """The earlier addresses the site keeps for it: none after a full removal, since an earlier address can
        carry a person's name, and only the canonical address shows the notice, which names nothing."""
        if self.withdrawn and self.case.withdrawal and self.case.withdrawal.full:
            return []
        return list(self.case.aliases)

    def updated(self) -> dt.date | None:
        """When the answer last changed in public (Case.updated), else the day it came into the archive."""
        return self.case.updated() or self.added

    def published_on(self) -> dt.date | None:
        """The answer's own date, else the day it came into the archive."""
        return self.case.effective_date() or self.added


@dataclass
class RecordDoc:
    """A validated referral record (cases/remisser/<id>.md)."""

    record: ReferralRecord
    id: str            # the file's name without '.md', e.g. 'ks-2019-1899'
    source: str
    body: str
    body_line: int
    folder: Path       # the record's own folder, cases/remisser/<id>/: the documents sent, as files
    fm: FrontMatter = field(repr=False)
    added: dt.date | None = field(default=None, repr=False, compare=False)  # first commit (set by the build)

    def missive(self) -> str | None:
        """The missive's text as written (Markdown), or None when the record has none."""
        return self.body.strip() + "\n" if self.body.strip() else None


@dataclass
class LoadResult:
    cases: list[CaseDoc]
    problems: list[Problem]
    files: int
    referrals: list[RecordDoc] = field(default_factory=list)
