"""Read case files into validated cases, collecting every problem with its line instead of stopping."""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from remissarkiv import parallel
from remissarkiv.config import Limits
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.model.case import Case
from remissarkiv.model.problems import ERROR, CaseFileError, Problem
from remissarkiv.reading import attachments, checks, content, frontmatter, messages, tree
from remissarkiv.model.referral import ReferralRecord
from remissarkiv.reading.casedoc import CaseDoc, LoadResult, RecordDoc
from remissarkiv.site import heavy

MAX_CASE_BYTES = 1_000_000  # a tjänsteutlåtande is some 10 KB of text; a larger file is a mistake


def case_files(cases_dir: Path) -> list[Path]:
    """Every case file below cases_dir, in path order (what else lies there: tree.scan)."""
    return tree.scan(cases_dir, str).cases


def load_one(path: Path, cases_dir: Path, root: Path, text: str | None = None) -> tuple[CaseDoc | None, list[Problem]]:
    """A case file, or `text` as if it were saved at `path` (the form editor asks before it writes)."""
    shown = shown_path(path, root)
    try:
        return _load_one(path, cases_dir, shown, text)
    except Exception as exc:  # noqa: BLE001 – the last wall: one Swedish line, never a traceback
        return None, _unreadable(shown, exc)


def _unreadable(shown: str, exc: Exception) -> list[Problem]:
    return [Problem(shown, 1, 1, ERROR, f"filen kunde inte läsas ({type(exc).__name__}): kontrollera att den är "
                                        "en vanlig textfil med framsida och text")]


def _read_front(path: Path, shown: str, text: str | None = None) -> tuple[frontmatter.FrontMatter | None, list[Problem]]:
    """A case file's or referral record's front matter and body, scanned for what no file may hold; None
    when the file goes no further (unreadable, unsafe, a character no writer takes)."""
    if text is None and path.is_symlink():
        return None, [Problem(shown, 1, 1, ERROR, "ärendefilen är en symbolisk länk: arkivet publicerar bara filer "
                                                  "som ligger i själva förrådet – kopiera in filen")]
    if not tree.safe_name(path.name):
        return None, [Problem(shown, 1, 1, ERROR, tree.unsafe_name_message("ärendefilen", path.name))]
    try:
        text = _read_utf8(path) if text is None else _checked_text(text)
    except CaseFileError as exc:
        return None, [Problem(shown, exc.line, exc.col, ERROR, exc.message)]
    # Identity numbers are looked for in the whole file, even one that is otherwise unreadable, and in its
    # path, which becomes the page's address.
    problems = content.scan_personnummer(shown, text)
    problems += content.identity_problems(shown, shown, 1, "filnamnet: ")
    try:
        fm = frontmatter.split(text)
    except CaseFileError as exc:
        return None, problems + [Problem(shown, exc.line, exc.col, ERROR, exc.message)]
    # What YAML makes of the values, once escapes are read and folded lines joined; duplicates of hits in the
    # file's text are dropped below.
    problems += content.scan_values(shown, fm.data, fm.line_of)
    refused = content.scan_characters(shown, fm.data, fm.line_of, fm.body, fm.body_line, "\\" in fm.yaml_text)
    problems += refused
    problems += content.scan_body(shown, fm.body, fm.body_line)
    problems += _conversion_problems(shown, fm)
    if refused:  # a character no writer can take: the file goes no further
        return None, _distinct_identity_problems(problems)
    return fm, problems


def _load_one(path: Path, cases_dir: Path, shown: str, text: str | None = None) -> tuple[CaseDoc | None, list[Problem]]:
    fm, problems = _read_front(path, shown, text)
    case = _validated(Case, fm, shown, problems)
    if case is None:
        return None, problems
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(cases_dir))
    # A file checked from outside cases/ gets an id from its own folder and name.
    doc_id = rel[:-3] if not rel.startswith("..") else f"{path.parent.name}/{path.stem}"
    doc = CaseDoc(case, doc_id, shown, fm.body, fm.body_line, path.with_suffix(""), fm)
    problems += attachments.scan(doc)
    return doc, _distinct_identity_problems(problems)


def load_record(path: Path, root: Path, text: str | None = None) -> tuple[RecordDoc | None, list[Problem]]:
    """A referral record (cases/remisser/<id>.md): the same walls as a case file, then its own model."""
    shown = shown_path(path, root)
    try:
        fm, problems = _read_front(path, shown, text)
        record = _validated(ReferralRecord, fm, shown, problems)
        if record is None:
            return None, problems
        doc = RecordDoc(record, path.stem, shown, fm.body, fm.body_line, path.with_suffix(""), fm)
        problems += attachments.scan_files(doc, "documents", [(d.file, d.title) for d in record.documents],
                                           "dokumentet", "dokumentets filnamn: ")
        return doc, _distinct_identity_problems(problems)
    except Exception as exc:  # noqa: BLE001 – the last wall: one Swedish line, never a traceback
        return None, _unreadable(shown, exc)


def _validated(model, fm: frontmatter.FrontMatter | None, shown: str, problems: list[Problem]):
    """The front matter as `model` (a case, a referral record), or None with the schema's problems added."""
    if fm is None:
        return None
    try:
        return model.model_validate(fm.data)
    except ValidationError as exc:
        problems += [_schema_problem(shown, fm, err) for err in exc.errors()]
        return None


def _conversion_problems(shown: str, fm: frontmatter.FrontMatter) -> list[Problem]:
    """A body with much markup is converted on trial, as the build would, within the check's time budget."""
    if not heavy.risky(fm.body) or heavy.trial(fm.body):
        return []
    return [Problem(shown, fm.body_line, 1, ERROR, heavy.too_heavy(heavy.CHECK_BUDGET))]


def _distinct_identity_problems(problems: list[Problem]) -> list[Problem]:
    """One problem per number and line: the text scan and the value scan often find the same one."""
    seen: set[tuple] = set()
    out = []
    for p in problems:
        key = (p.line, p.severity, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _key(path: Path) -> str:
    """A file's key in the cache: its absolute path as given (one file under two spellings is read twice)."""
    return str(path) if path.is_absolute() else os.path.abspath(path)


def _load_task(args: tuple[Path, Path, Path]) -> tuple[CaseDoc | None, list[Problem]]:
    return load_one(*args)


class FileCache:
    """Results by absolute path, valid while (mtime, size) is unchanged: `mkdocs serve` rebuilds re-read only
    the files that changed, and an unchanged file gives the same CaseDoc object (pages.PageCache relies on it)."""

    def __init__(self) -> None:
        self._results: dict[str, tuple[tuple[int, int], CaseDoc | None, list[Problem]]] = {}
        self._records: dict[str, tuple[tuple[int, int], RecordDoc | None, list[Problem]]] = {}
        self._boards: tuple[str, tuple[int, int], BoardRegistry] | None = None
        self.checked = checks.Remembered()

    def boards(self, path: Path) -> BoardRegistry:
        """The board registry, the same object while its file is unchanged (checks.Remembered relies on it)."""
        key, stamp = _key(path), _stamp(path) if path.is_file() else (0, 0)
        if self._boards is None or self._boards[:2] != (key, stamp):
            self._boards = (key, stamp, BoardRegistry.load(path))
        return self._boards[2]

    def read_records(self, files: list[Path], root: Path) -> list[tuple[RecordDoc | None, list[Problem]]]:
        """The same for referral records: an unchanged record stays the same object, so its page is kept too."""
        out = []
        for path in files:
            key, stamp = _key(path), _stamp(path)
            if key not in self._records or self._records[key][0] != stamp:
                self._records[key] = (stamp, *load_record(path, root))
            out.append(self._records[key][1:])
        return out

    def read_all(self, files: list[Path], cases_dir: Path, root: Path) -> list[tuple[CaseDoc | None, list[Problem]]]:
        stamps = [_stamp(f) for f in files]
        keys = [_key(f) for f in files]
        done = self._results
        todo = [i for i, key in enumerate(keys) if key not in done or done[key][0] != stamps[i]]
        results = parallel.map_items(_load_task, [(files[i], cases_dir, root) for i in todo])
        for i, result in zip(todo, results):
            done[keys[i]] = (stamps[i], *result)
        return [(done[key][1], done[key][2]) for key in keys]


def load(cases_dir: Path, boards: BoardRegistry, root: Path | None = None, also: list[Path] = (),
         cache: FileCache | None = None, limits: Limits | None = None) -> LoadResult:
    """Every case below cases_dir, and the files in `also` (checked from elsewhere), with every problem found,
    including everything in cases/ that is not a case. `cache`: a FileCache kept between loads in one process
    (a build's), so unchanged files are not read again."""
    root = root or cases_dir.parent
    scanned = tree.scan(cases_dir, lambda p: shown_path(p, root))
    known = {os.path.abspath(p) for p in scanned.cases + scanned.referrals} if also else set()
    files = scanned.cases + [p for p in also if os.path.abspath(p) not in known]
    docs: list[CaseDoc] = []
    problems: list[Problem] = list(scanned.problems)
    for doc, found in (cache or FileCache()).read_all(files, cases_dir, root):
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    records = []
    for record, found in (cache or FileCache()).read_records(scanned.referrals, root):
        problems.extend(found)
        if record is not None:
            records.append(record)
    problems.extend(checks.run(docs, boards, limits, scanned.has_folder, cache.checked if cache else None))
    problems.extend(checks.check_records(records, docs, boards, scanned.has_folder))
    return LoadResult(docs, sorted(problems), len(files) + len(scanned.referrals), records)


def _read_utf8(path: Path) -> str:
    if path.stat().st_size > MAX_CASE_BYTES:
        raise CaseFileError(1, f"filen är större än {MAX_CASE_BYTES // 1_000_000} MB: en ärendefil innehåller "
                               "bara dokumentets text – lägg stora bilagor i ärendets mapp")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CaseFileError(line, "filen är inte sparad som UTF-8: spara om den med teckenkodningen UTF-8") from None
    return text.removeprefix("\ufeff")


def _checked_text(text: str) -> str:
    """Text given instead of a file (the form's), held to the file's size limit."""
    if len(text.encode("utf-8")) > MAX_CASE_BYTES:
        raise CaseFileError(1, f"texten är större än {MAX_CASE_BYTES // 1_000_000} MB: en ärendefil innehåller "
                               "bara dokumentets text – lägg stora bilagor i ärendets mapp")
    return text.removeprefix("\ufeff")


def _schema_problem(shown: str, fm: frontmatter.FrontMatter, err: dict) -> Problem:
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        line = fm.key_line(loc)
    elif err["type"] == "missing" and len(loc) > 1:
        line = fm.key_line(loc[:-1])  # the parent's key: the missing field belongs under it
    else:
        line = fm.line_of(loc)
    return Problem(shown, line, 1, ERROR, messages.translate(err))


def shown_path(path: Path, root: Path) -> str:
    """The path as staff see it: relative to the project root when inside it (no symlink resolution: fast)."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()
