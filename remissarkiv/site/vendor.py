"""The Node packages the site and the staff tools use (pinned by package-lock.json, put in node_modules by make
install): Pagefind, Decap CMS and its local proxy. Looked for in the project's folder, then in the source
checkout this package runs from."""
from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def folders(root: Path | None) -> list[Path]:
    return [base / "node_modules" for base in (root, PACKAGE_ROOT) if base is not None]


def find(root: Path | None, relative: str) -> Path | None:
    """node_modules/<relative> of the project, else of this checkout; None when neither has it."""
    for folder in folders(root):
        if (folder / relative).exists():
            return folder / relative
    return None
