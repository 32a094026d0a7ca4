"""Everything the site needs from the cases, computed once per build, independent of the site generator.

`generate` is what hooks.py calls; `write` lays the same pages out as plain files for any other generator.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from remissarkiv.site import pages, search, urls
from remissarkiv.archive.indexes import Archive
from remissarkiv.archive.project import Project
from remissarkiv.reading.casedoc import LoadResult
from remissarkiv.model.problems import errors, summary
from remissarkiv.site.render import RenderedBody, render_bodies


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
    index: search.IndexBuild | None = None  # the search index being built, if one was asked for


_current: SiteContent | None = None


def generate(root: Path, include_drafts: bool = False, extensions: tuple[list, dict] | None = None,
             index_work: Path | None = None) -> SiteContent:
    """Load, check and render the archive. `extensions`: the site's Markdown extensions and their settings.
    With `index_work` (a folder on the site's file system), the search index starts building there as soon as
    the case bodies are converted; `content.index.finish(site_dir)` puts it into the finished site."""
    global _current
    result, archive = Project(root, include_drafts).load()
    if errors(result.problems):
        raise CaseErrors(result)
    bodies = render_bodies(archive.cases, extensions)
    # Pagefind runs beside everything that follows: the earlier it starts, the less it adds to the build.
    index = search.IndexBuild(search.documents(archive, bodies), index_work) if index_work else None
    try:
        content = SiteContent(result, archive, pages.render_all(archive, bodies), pages.attachments(archive),
                              {urls.source_path(urls.case(d.id)): d.source for d in archive.cases}, bodies, index)
    except BaseException:
        if index:
            index.cancel()
        raise
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


_previous: dict[str, tuple[pages.GeneratedPage, str]] = {}  # page path -> the page and its fingerprint


def changed_pages(content: SiteContent) -> set[str]:
    """Source paths of the pages whose text differs from the previous call's in this process (all, the first
    time): a `mkdocs serve --dirty` rebuild hands only these to MkDocs."""
    changed = set()
    for rel, page in content.pages.items():
        last = _previous.get(rel)
        if last is not None and last[0] is page:  # the same page object (pages._Made): unchanged
            continue
        fingerprint = hashlib.sha1("\0".join([page.markdown, *page.blocks]).encode("utf-8")).hexdigest()
        if last is None or last[1] != fingerprint:
            changed.add(rel)
        _previous[rel] = (page, fingerprint)
    return changed
