"""The build's settings, in one typed place.

A site build reads them from mkdocs.yml (`extra: remissarkiv:`, where `!ENV` lets CI and benchmarks switch
them); the staff commands make them from their flags. Nothing else reads the environment.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Mapping


class SettingsError(Exception):
    """A setting has an unknown name or a value of the wrong kind; the message is Swedish."""


@dataclass(frozen=True)
class Settings:
    drafts: bool = False        # cases with status: utkast are built too (previews only, never production)
    preview: bool = False       # a reviewers' preview: drafts included, a banner and noindex on every page
    base: str = ""              # what a preview's changes page compares with (git ref; "" : origin/main or main)
    search_index: bool = True   # build the Pagefind index (benchmarks measure the build without it)
    history_url: str = ""       # a file's history in the repository is this + its path ("" : no link)

    @classmethod
    def from_mapping(cls, values: Mapping | None, where: str = "mkdocs.yml: extra.remissarkiv") -> "Settings":
        values = dict(values or {})
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(f"{where}: okänd inställning '{unknown[0]}': tillåtna är {', '.join(known)}")
        return cls(**{name: _typed(known[name].type, value, f"{where}.{name}") for name, value in values.items()})


def includes_drafts(settings: "Settings") -> bool:
    return settings.drafts or settings.preview


def _typed(kind: str, value: object, where: str):
    if kind == "str":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise SettingsError(f"{where}: värdet {value!r} ska vara text")
        return value.strip()
    return _boolean(value, where)


def _boolean(value: object, where: str) -> bool:
    # !ENV gives what the variable holds, read as YAML: true/false, or 1/0 as the scripts set it.
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "ja", "nej"):
        return value.strip().lower() in ("true", "1", "ja")
    raise SettingsError(f"{where}: värdet {value!r} ska vara true eller false")
