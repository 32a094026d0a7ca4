"""The one rule for anything that becomes part of a path or an address on the site.

Board ids, case file and folder names, attachment names, topic and referral slugs and earlier addresses all
end up as folders and files in the built site and as URLs. Each segment is a safe slug: lowercase a–z,
digits, '-', '_' and '.', beginning with a letter or digit, never '..', at most MAX_SEGMENT characters (a
file system refuses longer names). Everything that makes a path asks here; `OutputFolder` is the last wall
when a path is written.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

MAX_SEGMENT = 100
_SEGMENT = re.compile(rf"[a-z0-9][a-z0-9_.-]{{0,{MAX_SEGMENT - 1}}}")


def safe_segment(name: str) -> bool:
    """One folder or file name of a site path."""
    return isinstance(name, str) and bool(_SEGMENT.fullmatch(name)) and ".." not in name


def safe_path(path: str, segment: re.Pattern = _SEGMENT) -> bool:
    """A relative site path of safe segments ('remissvar/2019/bromma/' or 'remissvar/2019/bromma/a.pdf')."""
    parts = path[:-1].split("/") if path.endswith("/") else path.split("/")
    return bool(path) and all(segment.fullmatch(part) and ".." not in part for part in parts)


_OUTPUT_SEGMENT = re.compile(r"[a-z0-9][a-z0-9_.-]{0,199}")


def safe_output_path(path: str) -> bool:
    """A path the build writes: made of safe names plus what the build adds to them (index.html, .xml, a
    suffix), so each part may be somewhat longer than a name staff choose."""
    return safe_path(path, _OUTPUT_SEGMENT)


def rule_text() -> str:
    """The rule as staff read it in a message."""
    return (f"små bokstäver a–z, siffror, '-', '_' och '.' (börja med en bokstav eller siffra, högst "
            f"{MAX_SEGMENT} tecken, aldrig '..')")


class UnsafeOutputPath(Exception):
    """A path that would be written outside the site folder: the build stops (a bug or an attack)."""


class OutputFolder:
    """A folder files are written into: each path is checked to lie inside it (resolved, symlinks too) before
    anything is made, and each of its folders is resolved and made once, not once per file."""

    def __init__(self, root: Path):
        self.root = root
        self._base = root.resolve()
        self._ready: set[Path] = set()  # folders below root known to lie inside it, and made

    def target(self, rel: str) -> Path:
        """root / rel, its folder made, once it is certain that it lies inside root."""
        if not rel or os.path.isabs(rel) or "\\" in rel or "\0" in rel or any(p == ".." for p in rel.split("/")):
            raise self._outside(rel)
        target = self.root / rel
        folder = target.parent
        if folder not in self._ready:
            self._check(folder, rel)
            folder.mkdir(parents=True, exist_ok=True)
            self._ready.add(folder)
        if target.is_symlink():  # its folder is inside; the name itself may still lead elsewhere
            self._check(target, rel)
        return target

    def _check(self, path: Path, rel: str) -> None:
        resolved = path.resolve()
        if resolved != self._base and self._base not in resolved.parents:
            raise self._outside(rel)

    @staticmethod
    def _outside(rel: str) -> UnsafeOutputPath:
        return UnsafeOutputPath(f"sökvägen '{rel}' ligger utanför webbplatsens mapp: ingenting publicerades")
