"""A full removal saved in the form (issue 37, point 4): the case file keeps no text and no attachment list, and
the attachment files in the case's own folder are deleted, so nothing of the document is left for a running
preview to serve. `check` makes any leftover an error; this is the form doing it for the registrar.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from remissarkiv.model.problems import CaseFileError
from remissarkiv.reading import frontmatter


def is_full(text: str) -> bool:
    try:
        data = frontmatter.split(text).data
    except CaseFileError:
        return False
    if not isinstance(data, dict):
        return False  # not a case at all: check says so
    withdrawal = data.get("withdrawal")
    return data.get("status") == "avpublicerad" and isinstance(withdrawal, dict) and withdrawal.get("full") is True


def emptied(text: str) -> str:
    """The case without its text and attachment list (the rest as the form sent it)."""
    fm = frontmatter.split(text)
    data = dict(fm.data)
    data["attachments"] = []
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096) + "---\n"


def files_to_remove(case_file: Path) -> list[Path]:
    """Every file in the case's own folder (cases/<year>/<name>/), its attachments."""
    folder = case_file.with_suffix("")
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def remove(case_file: Path) -> list[str]:
    """Delete the attachment files and the emptied folders; the names removed, for the terminal."""
    removed = []
    for path in files_to_remove(case_file):
        path.unlink(missing_ok=True)
        removed.append(path.name)
    folder = case_file.with_suffix("")
    if folder.is_symlink() or not folder.is_dir():
        return removed  # a link is never followed out of cases/ (the proxy refuses one as a path too)
    for directory in sorted((d for d in folder.rglob("*") if d.is_dir()), key=lambda d: len(d.parts), reverse=True):
        directory.rmdir()
    if folder.is_dir():
        folder.rmdir()
    return removed
