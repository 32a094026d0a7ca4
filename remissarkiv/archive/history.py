"""When each case file last changed, from git: one `git log` for the whole archive.

"Senast ändrad" on a case page is the date of the last commit that touched its file. Without git, or in a
shallow clone (whose history is cut off, so its dates would be wrong), there is no such date: the caller falls
back to the case's own dates, and `reason` says why, for one line in the build log.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class History:
    changed: dict[str, dt.date] = field(default_factory=dict)  # repository path -> date of the last commit
    reason: str | None = None  # why there are no dates (no git, shallow clone); None when there are

    def last_changed(self, repository_path: str) -> dt.date | None:
        return self.changed.get(repository_path)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8",
                          errors="replace")


def head(root: Path) -> str | None:
    """The commit checked out (None without git): the history changes only when it does."""
    try:
        result = _git(root, "rev-parse", "HEAD")
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def read(root: Path, folder: str = "cases") -> History:
    """The last commit date of every file below `folder` of the repository at `root`, newest commit first."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix")
    except OSError:
        return History(reason="git finns inte på datorn")
    lines = inside.stdout.split("\n")
    if inside.returncode != 0 or lines[0] != "true":
        return History(reason="projektet är inte ett git-förråd")
    if lines[1] == "true":
        return History(reason="git-förrådet är en grund klon (shallow clone) utan hela historiken")
    prefix = lines[2]  # where root lies inside the repository
    log = _git(root, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", folder)
    if log.returncode != 0:
        return History(reason="git log misslyckades")
    history = History()
    day = None
    for line in log.stdout.split("\n"):
        if line.startswith("\0"):
            day = dt.date.fromisoformat(line[1:])
        elif line and day is not None:
            path = line[len(prefix):] if prefix and line.startswith(prefix) else line
            history.changed.setdefault(path, day)  # newest first: the first date seen is the last change
    return history
