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
    added: dict[str, dt.date] = field(default_factory=dict)    # repository path -> date of the first commit
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


def _repository(root: Path) -> tuple[str | None, str]:
    """(why git cannot date files here, or None; where root lies inside the repository)."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix")
    except OSError:
        return "git finns inte på datorn", ""
    lines = inside.stdout.split("\n")
    if inside.returncode != 0 or lines[0] != "true":
        return "projektet är inte ett git-förråd", ""
    if lines[1] == "true":
        return "git-förrådet är en grund klon (shallow clone) utan hela historiken", ""
    return None, lines[2]


def last_change(root: Path, paths: list[str]) -> dt.date | None:
    """The date of the newest commit that touched any of `paths` (None without a usable history)."""
    reason, _ = _repository(root)
    if reason:
        return None
    log = _git(root, "log", "-1", "--format=%cs", "--", *paths)
    return dt.date.fromisoformat(log.stdout.strip()) if log.returncode == 0 and log.stdout.strip() else None


def read(root: Path, folder: str = "cases") -> History:
    """The last commit date of every file below `folder` of the repository at `root`, newest commit first."""
    reason, prefix = _repository(root)
    if reason:
        return History(reason=reason)
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
            history.added[path] = day              # … and the last one seen is when the file came in
    return history
