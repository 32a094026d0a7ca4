"""A problem found in a case file, reported as `path:line:col: fel|varning: message`."""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "fel"
WARNING = "varning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class CaseFileError(Exception):
    """Raised when one file cannot be read at all; carries the line it concerns."""

    def __init__(self, line: int, message: str, col: int = 1):
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def summary(problems: list[Problem], files: int) -> str:
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    files_word = "fil" if files == 1 else "filer"
    warn_word = "varning" if n_warn == 1 else "varningar"
    return f"{files} {files_word} kontrollerade: {n_err} fel, {n_warn} {warn_word}."
