"""The second wall: the finished output is scanned for identity numbers before anything is published.

The checker finds numbers in case files and tells staff where; this scan looks at what would actually go out
(page text and attributes, URLs and file names, search documents, data files, the SQLite file's text), so a
number that reached the output some other way stops the build too. Theme assets and the binary search index
are not text of ours: the search documents the index is made from are scanned instead. Pages are also read
for inline scripts: the project writes none (remissarkiv.site.csp), so one found there stops the build too.
"""
from __future__ import annotations

import os
from pathlib import Path

from remissarkiv import parallel
from remissarkiv.opendata import database
from remissarkiv.reading import personnummer
from remissarkiv.site import csp

TEXT_SUFFIXES = {".html", ".htm", ".json", ".xml", ".txt", ".csv", ".ttl", ".rdf", ".atom", ".md", ".yml"}
DATABASE_SUFFIXES = {".db"}  # the SQLite file: its tables' text values are read (opendata.database)
SKIP_DIRS = {"assets", "pagefind", "search"}  # Material's and Pagefind's own files


def _hits(text: str) -> list[personnummer.Hit]:
    return [hit for hit in personnummer.find(text) if not hit.ambiguous]


def _scan_text(text: str) -> list[str]:
    return [hit.masked for hit in _hits(text)]


def _scan_file(path: str) -> tuple[list[str], int]:
    """Identity numbers in a file, and in a page the inline scripts a browser would run (the project emits
    none: remissarkiv.site.csp); the file is read once for both."""
    if path.endswith(tuple(DATABASE_SUFFIXES)):
        return [masked for value in database.text_values(path) for masked in _scan_text(value)], 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    return _scan_text(text), csp.inline_scripts(text) if path.endswith((".html", ".htm")) else 0


def scan_site(site_dir: Path) -> list[str]:
    """One Swedish line for each identity number in the site's text files or in its paths."""
    files, found = [], []
    for folder, dirs, names in os.walk(site_dir):
        rel_folder = os.path.relpath(folder, site_dir)
        if rel_folder == ".":
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in names:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            found += [f"{rel}: personnummer ({hit.masked}) i en adress" for hit in _hits(rel)]
            if os.path.splitext(name)[1].lower() in TEXT_SUFFIXES | DATABASE_SUFFIXES:
                files.append(os.path.join(folder, name))
    for path, (numbers, scripts) in zip(files, parallel.map_items(_scan_file, files)):
        rel = os.path.relpath(path, site_dir)
        found += [f"{rel}: personnummer ({masked}) i den färdiga webbplatsen" for masked in numbers]
        if scripts:
            found.append(f"{rel}: {scripts} inbäddat skript som webbplatsen själv aldrig skriver (<script> utan "
                         "src): ta bort det ur källan – sidornas säkerhetspolicy skulle ändå stoppa det")
    return found


def scan_documents(documents: dict[str, str]) -> list[str]:
    """The same for the search documents (they become the search index, which is not text)."""
    urls = list(documents)
    return [f"sökdokumentet för {url}: personnummer ({masked})"
            for url, numbers in zip(urls, parallel.map_items(_scan_text, [documents[u] for u in urls]))
            for masked in numbers]


class IdentityNumbersFound(Exception):
    """The output holds identity numbers (or a script the project never writes): nothing is published."""

    def __init__(self, lines: list[str]):
        scripts = sum("inbäddat skript" in line for line in lines)
        numbers = len(lines) - scripts
        what = " och ".join(part for part in (f"{numbers} personnummer" if numbers else "",
                                              f"{scripts} inbäddade skript" if scripts else "") if part)
        super().__init__("\n".join(lines + [f"{what} i det som skulle publiceras: ingenting publicerades. Ta bort "
                                            "dem ur källfilerna (cases/ eller docs/) och bygg igen."]))
