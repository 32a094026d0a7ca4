"""What lies in cases/: the case files, and a problem for everything else that is there.

Nothing in cases/ is skipped unseen. A case file is `<name>.md` with a safe name (in `cases/remisser/` it is a
referral record, model/referral.py); the folder of the same name
beside it holds its attachments (remissarkiv.reading.checks looks at those). Anything else is reported: a
file that is not a case (`.MD`, `.markdown`, `.html` …), a hidden file or folder, a symbolic link (it could
publish a file from outside the repository), and names that would make unsafe or ambiguous URLs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from remissarkiv.model import referral, slugs
from remissarkiv.model.problems import ERROR, Problem
from remissarkiv.model.swedish import slugify

CASE_SUFFIX = ".md"


@dataclass
class Tree:
    cases: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    referrals: list[Path] = field(default_factory=list)  # cases/remisser/*.md: referral records
    # Every folder read, cases/ included (not a linked or hidden one: those are problems, never read). A folder
    # whose parent is here was seen or not by this scan: the checks ask this set, not the disk, once a case.
    folders: set[str] = field(default_factory=set)

    def has_folder(self, path: Path) -> bool:
        """Whether `path` is a folder the scan read; outside the scanned tree, the disk answers."""
        name = str(path)
        if os.path.dirname(name) in self.folders:
            return name in self.folders
        return folder_on_disk(path)


def folder_on_disk(path: Path) -> bool:
    """A folder that is not a link (a linked folder is reported by scan, never walked)."""
    return path.is_dir() and not path.is_symlink()


def safe_name(name: str) -> bool:
    """Names of case files, folders and attachments become URLs: the site's one rule (model.slugs)."""
    return slugs.safe_segment(name)


def suggested_name(name: str) -> str:
    """A safe name for `name`: 'Bromma KS 2019:1899.MD' -> 'bromma-ks-2019-1899.md'."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return slugify(name)[:slugs.MAX_SEGMENT]
    return f"{slugify(stem)[:slugs.MAX_SEGMENT - len(suffix) - 1]}.{slugify(suffix)}"


def unsafe_name_message(kind: str, name: str) -> str:
    return (f"{kind} '{name}' har ett namn som inte får bli en webbadress: använd bara {slugs.rule_text()} – "
            f"byt till exempel namn till '{suggested_name(name)}'")


def scan(cases_dir: Path, shown) -> Tree:
    """Every case file below cases_dir, in path order, and a problem for everything that is not one.
    `shown(path)`: the path as staff see it in messages."""
    tree = Tree()
    if cases_dir.is_symlink():
        tree.problems.append(_problem(shown(cases_dir), "mappen cases/ är en symbolisk länk: arkivet publicerar "
                                                        "bara filer som ligger i själva förrådet"))
        return tree
    folders = [cases_dir]
    while folders:
        here = folders.pop()
        tree.folders.add(str(here))
        attachment_folder = _is_attachment_folder(here, cases_dir)
        # os.scandir, not os.walk: an entry tells whether it is a link without a system call of its own.
        try:
            with os.scandir(here) as entries:
                found = [(entry.name, entry.is_dir(), entry.is_symlink()) for entry in entries]
        except OSError as exc:
            tree.folders.discard(str(here))
            tree.problems.append(_problem(shown(here), f"mappen kan inte läsas ({exc.strerror or exc}): ge den "
                                                       "läsrättigheter eller flytta ut den ur cases/"))
            continue
        for name, is_dir, is_link in found:
            path = here / name
            if is_dir:
                problem = _entry_problem(name, is_link, "mappen", attachment_folder)
                if problem:
                    tree.problems.append(_problem(shown(path), problem))  # nothing below it is read
                else:
                    folders.append(path)
            elif attachment_folder:  # attachments: checked against the case's list (checks.check_attachments)
                if is_link or name.startswith("."):
                    tree.problems.append(_problem(shown(path), _entry_problem(name, is_link, "filen", True)))
            elif problem := _entry_problem(name, is_link, "filen", False):
                tree.problems.append(_problem(shown(path), problem))
            elif here == cases_dir / referral.FOLDER:
                tree.referrals.append(path)
            else:
                tree.cases.append(path)
    tree.cases.sort(key=lambda p: p.parts)
    tree.referrals.sort()
    tree.problems.sort()
    return tree


def _is_attachment_folder(folder: Path, cases_dir: Path) -> bool:
    """A folder beside a case file of the same name (or inside such a folder) holds attachments."""
    while folder != cases_dir and folder != folder.parent:
        if folder.with_name(folder.name + CASE_SUFFIX).is_file():
            return True
        folder = folder.parent
    return False


def _entry_problem(name: str, is_link: bool, kind: str, in_attachments: bool) -> str | None:
    if is_link:
        return (f"{kind} '{name}' är en symbolisk länk: arkivet publicerar bara filer som ligger i själva "
                "förrådet – kopiera in innehållet eller ta bort länken")
    if name.startswith("."):
        return f"{kind} '{name}' är dold och publiceras inte: ta bort den ur cases/"
    if kind == "filen" and not in_attachments and not name.endswith(CASE_SUFFIX):
        lower = name.lower()
        if lower.endswith((".md", ".markdown", ".mdown", ".mkd")):
            return (f"'{name}' ser ut som en ärendefil men läses inte: ärendefiler slutar på '.md' med små "
                    f"bokstäver – byt namn till '{suggested_name(name.rpartition('.')[0] + '.md')}'")
        return (f"'{name}' är ingen ärendefil (.md) och ligger inte i ett ärendes bilagemapp: flytta den till "
                "mappen som heter som ärendefilen, eller ta bort den")
    if not in_attachments and not safe_name(name):
        return unsafe_name_message("mappen" if kind == "mappen" else "ärendefilen", name)
    return None


def _problem(shown: str, message: str) -> Problem:
    return Problem(shown, 1, 1, ERROR, message)
