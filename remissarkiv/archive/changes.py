"""What a preview changes relative to a base: cases added, changed and removed, and other files, from git.

Three git processes whatever the number of files: `git diff --name-status` against the base, `git ls-files`
for files not yet added, and `git cat-file --batch` for the old texts. For a changed case: every front-matter
field that changed (lists as added and removed items), the sections of the text that changed, and its
attachments added or removed.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from remissarkiv.model.problems import CaseFileError
from remissarkiv.reading import frontmatter

CASES = "cases/"
_SECTION = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)


@dataclass
class FieldChange:
    path: str                  # 'decision.position', 'topics'
    old: str | None = None     # for a single value
    new: str | None = None
    added: list[str] = field(default_factory=list)    # for a list
    removed: list[str] = field(default_factory=list)


@dataclass
class CaseChange:
    source: str                # cases/2024/x.md
    kind: str                  # 'added', 'changed', 'removed'
    fields: list[FieldChange] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # headings of the sections whose text changed
    attachments_added: list[str] = field(default_factory=list)
    attachments_removed: list[str] = field(default_factory=list)
    body_changed: bool = False
    corrections_added: bool = False
    was_published: bool = False  # the base's version was published: its address must keep working


@dataclass
class Changes:
    base: str
    cases: list[CaseChange] = field(default_factory=list)
    other: list[tuple[str, str]] = field(default_factory=list)  # (status letter, path): boards.yml, docs/ …
    reason: str | None = None  # why no changes could be computed


def _git(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", errors="replace")


def default_base(root: Path) -> str:
    for ref in ("origin/main", "main"):
        if _git(root, "rev-parse", "--verify", "--quiet", ref).returncode == 0:
            return ref
    return "main"


def compute(root: Path, base: str = "") -> Changes:
    base = base or default_base(root)
    diff = _git(root, "diff", "--name-status", "--no-renames", "-z", base, "--", "cases", "data", "docs")
    if diff.returncode != 0:
        return Changes(base, reason=f"git kunde inte jämföra med '{base}'")
    parts = diff.stdout.split("\0")
    entries = [(parts[i][0], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    # Files not yet added to git are part of the change too (a preview built before the commit).
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", "cases", "data", "docs")
    entries += [("A", path) for path in untracked.stdout.split("\0") if path]
    entries.sort(key=lambda entry: entry[1])
    old_texts = _old_texts(root, base, [path for status, path in entries if status != "A" and path.endswith(".md")
                                        and path.startswith(CASES)])
    changes = Changes(base)
    by_case: dict[str, CaseChange] = {}
    for status, path in entries:
        if path.startswith(CASES) and path.endswith(".md"):
            kind = {"A": "added", "D": "removed"}.get(status, "changed")
            change = CaseChange(path, kind)
            if kind != "added":
                change.was_published = _front(old_texts.get(path, ""))[0].get("status") == "publicerad"
            if kind == "changed":
                _compare(change, old_texts.get(path, ""), (root / path).read_text(encoding="utf-8", errors="replace"))
            by_case[path] = change
            changes.cases.append(change)
        elif not path.startswith(CASES):
            changes.other.append((status, path))
    for status, path in entries:  # attachments: files in a case's folder
        case = _case_of(path, root, by_case) if path.startswith(CASES) and not path.endswith(".md") else None
        if case is not None and status in ("A", "D"):
            name = path[len(case.source) - 3 + 1:]  # below cases/…/<case>/
            (case.attachments_added if status == "A" else case.attachments_removed).append(name)
            if case not in changes.cases:
                changes.cases.append(case)
    return changes


def _case_of(path: str, root: Path, by_case: dict[str, CaseChange]) -> CaseChange | None:
    parts = path.split("/")
    for i in range(len(parts) - 1, 1, -1):
        source = "/".join(parts[:i]) + ".md"
        if source in by_case:
            return by_case[source]
        if (root / source).is_file():
            return by_case.setdefault(source, CaseChange(source, "changed"))
    return None


def _old_texts(root: Path, base: str, paths: list[str]) -> dict[str, str]:
    if not paths:
        return {}
    result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], capture_output=True,
                            input="".join(f"{base}:{p}\n" for p in paths).encode("utf-8"))
    out, texts, pos = result.stdout, {}, 0
    for path in paths:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) < 3 or header[1] == b"missing":
            pos = header_end + 1
            continue
        size = int(header[2])
        texts[path] = out[header_end + 1:header_end + 1 + size].decode("utf-8", errors="replace")
        pos = header_end + 1 + size + 1
    return texts


def _front(text: str):
    try:
        fm = frontmatter.split(text)
        return fm.data, fm.body
    except CaseFileError:
        return {}, text


def _compare(change: CaseChange, old_text: str, new_text: str) -> None:
    (old, old_body), (new, new_body) = _front(old_text), _front(new_text)
    change.fields = diff_fields(old, new)
    change.corrections_added = len(new.get("corrections") or []) > len(old.get("corrections") or [])
    old_sections, new_sections = sections(old_body), sections(new_body)
    change.sections = [name for name in dict.fromkeys([*old_sections, *new_sections])
                       if old_sections.get(name) != new_sections.get(name)]
    change.body_changed = bool(change.sections)


def sections(body: str) -> dict[str, str]:
    """The text under each '## ' heading ('' for what comes before the first)."""
    found: dict[str, str] = {}
    names = [""] + [m.group(1) for m in _SECTION.finditer(body)]
    texts = _SECTION.split(body)
    found[""] = texts[0].strip()
    for i, name in enumerate(names[1:]):
        found[name] = texts[2 + i * 2].strip() if 2 + i * 2 < len(texts) else ""
    return {k: " ".join(v.split()) for k, v in found.items() if k or v}


def diff_fields(old: dict, new: dict, prefix: str = "") -> list[FieldChange]:
    out = []
    for key in dict.fromkeys([*old, *new]):
        path, a, b = f"{prefix}{key}", old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) or isinstance(b, dict):
            out += diff_fields(a if isinstance(a, dict) else {}, b if isinstance(b, dict) else {}, f"{path}.")
        elif isinstance(a, list) or isinstance(b, list):
            olds, news = [_shown(x) for x in a or []], [_shown(x) for x in b or []]
            out.append(FieldChange(path, added=[x for x in news if x not in olds],
                                   removed=[x for x in olds if x not in news]))
        else:
            out.append(FieldChange(path, _shown(a), _shown(b)))
    return out


def _shown(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    return str(value)
