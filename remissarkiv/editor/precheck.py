"""The rules `remissarkiv check` applies, applied by the form editor's proxy before it writes a case (issue 37):
a save the build would refuse is refused instead, with check's Swedish message, and nothing is written.

The same code reads and checks the new text as `check` reads a file (reading.loader, reading.checks), so the
form cannot drift from the build's rules. Rules across cases (two answers of one board to one referral) are
left to `check` and the build, which stay the walls: this only tells staff at once.
"""
from __future__ import annotations

from pathlib import Path

from remissarkiv.archive.project import Project
from remissarkiv.model.boards import BoardRegistry, BoardsError
from remissarkiv.model.problems import ERROR, Problem, errors
from remissarkiv.reading import checks, loader

REFERRALS = "remisser"


def problems(root: Path, path: Path, text: str, ignore_files: bool = False) -> list[Problem]:
    """check's errors for `text` saved as `path` (a case file or referral record below root's cases/).
    `ignore_files`: the case's attachment files are about to be removed (a full removal), so they do not count."""
    project = Project(root.resolve())
    path = path.resolve()
    try:
        boards = BoardRegistry.load(project.boards_file)
    except BoardsError as exc:
        return [Problem("data/boards.yml", 1, 1, ERROR, str(exc))]
    rel = path.relative_to(project.cases_dir)
    if rel.parts and rel.parts[0] == REFERRALS:
        record, found = loader.load_record(path, project.root, text=text)
        if record is not None:
            found += list(checks.check_records([record], [], boards))
        return errors(found)
    doc, found = loader.load_one(path, project.cases_dir, project.root, text=text)
    if doc is not None:
        found += checks.run([doc], boards, project.limits)
    if ignore_files:  # the text and the list are already gone (removal.emptied): only the files are left
        found = [p for p in found if checks.LEFTOVER_FILES not in p.message]
    return errors(found)


def message(found: list[Problem]) -> str:
    """One Swedish message for the form: each problem on its own line, as check prints it, without the path."""
    lines = [f"rad {p.line}: {p.message}" for p in found[:10]]
    more = f"\n… och {len(found) - 10} till" if len(found) > 10 else ""
    return "Remissvaret sparades inte – rätta först:\n" + "\n".join(lines) + more
