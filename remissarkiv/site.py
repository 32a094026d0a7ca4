"""Everything the site needs from the cases, computed once per build, independent of the site generator.

`generate` is what hooks.py calls; `write` lays the same pages out as plain files for any other generator.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import pages, search, urls
from .archive import Archive, Project
from .loader import LoadResult
from .problems import errors, summary
from .render import RenderedBody, render_bodies


class CaseErrors(Exception):
    """The cases have errors: nothing may be published."""

    def __init__(self, result: LoadResult):
        self.result = result
        lines = [str(p) for p in result.problems] + [
            summary(result.problems, result.files) + " Rätta felen ovan; ingenting publicerades."]
        super().__init__("\n".join(lines))


@dataclass
class SiteContent:
    result: LoadResult
    archive: Archive
    pages: dict[str, pages.GeneratedPage]  # Markdown source path -> page
    attachments: dict[str, str]  # site path -> absolute source path
    case_sources: dict[str, str]  # Markdown source path -> case file path in the repository
    bodies: dict[str, RenderedBody]  # case id -> its converted body

    def search_documents(self) -> dict[str, str]:
        """{case page URL: the HTML document the search index reads for it}."""
        return search.documents(self.archive, self.bodies)


_current: SiteContent | None = None


def generate(root: Path, include_drafts: bool = False, extensions: tuple[list, dict] | None = None) -> SiteContent:
    """Load, check and render the archive. `extensions`: the site's Markdown extensions and their settings."""
    global _current
    result, archive = Project(root, include_drafts).load()
    if errors(result.problems):
        raise CaseErrors(result)
    bodies = render_bodies(archive.cases, extensions)
    content = SiteContent(result, archive, pages.render_all(archive, bodies), pages.attachments(archive),
                          {urls.source_path(urls.case(d.id)): d.source for d in archive.cases}, bodies)
    _current = content
    return content


def current() -> SiteContent:
    """The content of the build under way (for macros, which run after the hooks have generated it)."""
    if _current is None:
        raise RuntimeError("Remissarkivet: inget arkiv är laddat – är hooks.py med i mkdocs.yml?")
    return _current


def write(content: SiteContent, out_dir: Path) -> int:
    """Write the generated pages and attachments below out_dir; returns the number of files written."""
    for rel, page in content.pages.items():
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.standalone(), encoding="utf-8")
    for rel, src in content.attachments.items():
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    return len(content.pages) + len(content.attachments)


_written: dict[str, tuple[pages.GeneratedPage, str]] = {}  # path -> the page and text this process wrote there


def materialize(content: SiteContent, cache_dir: Path) -> tuple[dict[str, str], set[str]]:
    """Write the generated pages below cache_dir, touching only files whose text changed; returns
    ({source path: absolute file}, {source paths written now}). `mkdocs serve --dirty` then rebuilds only
    the pages an edit changed."""
    paths, changed = {}, set()
    for rel, page in content.pages.items():
        key = str(cache_dir / rel)
        paths[rel] = key
        last = _written.get(key)
        if last is not None and last[0] is page:  # the same page object as last time (pages._Made): unchanged
            continue
        # The HTML blocks are filled in after conversion, so the file carries their fingerprint: a change
        # in a listing's entries must change the file, or --dirty would skip the page.
        fingerprint = hashlib.sha1("\0".join(page.blocks).encode("utf-8")).hexdigest()
        text = f"{page.markdown}\n<!--ra-fingerprint {fingerprint}-->\n"
        target = Path(key)
        if last is not None and last[1] == text or last is None and target.is_file() \
                and target.read_text(encoding="utf-8") == text:
            _written[key] = (page, text)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        _written[key] = (page, text)
        changed.add(rel)
    return paths, changed
