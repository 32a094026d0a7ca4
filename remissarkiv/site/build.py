"""Everything the site needs from the cases, computed once per build, independent of the site generator.

A `Builder` holds the state of a site's builds in one process: the settings, the caches that let a
`mkdocs serve` rebuild redo only what an edit changed, and the content of the latest build. hooks.py keeps
one (through remissarkiv.site.mkdocs_glue); `write` lays the pages out as plain files for any other generator.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from remissarkiv import heap
from remissarkiv.archive import changes
from remissarkiv.archive import history as history_
from remissarkiv.archive.indexes import Archive
from remissarkiv.archive.project import Project
from remissarkiv.config import Settings, includes_drafts
from remissarkiv.model import slugs
from remissarkiv.model.problems import ERROR, Problem, errors, summary
from remissarkiv.opendata import publish as opendata
from remissarkiv.opendata.records import FileFactsCache
from remissarkiv.reading import personal_data
from remissarkiv.reading.casedoc import LoadResult
from remissarkiv.reading.loader import FileCache
from remissarkiv.site import addresses, cms, pages, redirects, search, urls, withdrawn
from remissarkiv.site.heavy import HeavyBody, too_heavy
from remissarkiv.site.render import BodyCache, RenderedBody
from remissarkiv.stages import STAGES


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
    search_documents: dict[str, str] = field(default_factory=dict)  # what the index is made from (scanned)
    data: dict[str, bytes] = field(default_factory=dict)  # site path -> open data files, redirect pages
    open_data: opendata.OpenData | None = None  # also the many per-case files and feeds, made as written
    no_history: str | None = None  # why 'Senast ändrad' fell back to the cases' own dates
    copies: dict[str, str] = field(default_factory=dict)  # site path -> a file copied as it is (the form editor's)
    number_routes: list[str] = field(default_factory=list)  # a split index's route files (search.number_routes)


class Builder:
    """One project's site builds in this process, and the state they keep between them."""

    def __init__(self, root: Path, settings: Settings | None = None):
        self.root = root
        self.settings = settings or Settings()
        self.files = FileCache()      # parsed case files, by path and mtime
        self.bodies = BodyCache()     # converted bodies, by their text
        self.made = pages.PageCache()  # generated pages, by the objects they were made from
        self.file_facts = FileFactsCache()  # attachment sizes and checksums for the data files
        self.addresses = addresses.Checker()  # the last clash check of the site's addresses
        self.content: SiteContent | None = None
        self._git: tuple[str | None, history_.History] | None = None  # (HEAD, history of cases/)
        self._fingerprints: dict[str, tuple[pages.GeneratedPage, str]] = {}  # page path -> page, fingerprint

    def generate(self, extensions: tuple[list, dict] | None = None, index_work: Path | None = None,
                 reuse_data: bool = False, theme_styles: list[str] = ()) -> SiteContent:
        """Load, check and render the archive. `extensions`: the site's Markdown extensions and their settings.
        With `index_work` (a folder on the site's file system) and the search index switched on, the index
        starts building there as soon as the bodies are converted; `content.index.finish(site_dir)` puts it
        into the finished site. `theme_styles`: the theme's style sheets (site paths), for the form editor's
        preview."""
        with STAGES("load and check"):
            result, archive = Project(self.root, includes_drafts(self.settings), self.settings.limits()).load(self.files)
        if errors(result.problems):
            raise CaseErrors(result)
        heap.settle()  # the cases live as long as the build
        try:
            with STAGES("bodies"):
                bodies = self.bodies.render(archive.cases, extensions)
                missives = self.bodies.render_records(archive.records(), extensions)
        except HeavyBody as exc:
            raise CaseErrors(LoadResult(result.cases, [Problem(exc.source, exc.line, 1, ERROR, too_heavy(exc.seconds))],
                                        result.files)) from None
        heap.settle()  # and their bodies
        # Pagefind runs beside everything that follows: the earlier it starts, the less it adds to the build.
        wants_index = index_work is not None and self.settings.search_index
        with STAGES("search documents"):
            documents = search.documents(archive, bodies, missives) if wants_index else {}
            size = search.shard_size(self.settings.search_shards, len(archive.cases))
            parts = search.shards(archive, size) if size else None
            index = (search.IndexBuild(documents, index_work, search.engine(self.settings.pagefind, self.root), parts)
                     if wants_index else None)
        STAGES.start("generated pages")
        history = self._history()
        for doc in [*archive.cases, *archive.records()]:  # the publication day where the document gives none
            doc.added = history.added.get(doc.source) if history.reason is None else None
        try:
            made = pages.render_all(archive, bodies, self.made, lambda doc: self._changed(doc, history), missives)
            made.update(withdrawn.notices(archive, self.settings.publisher, self.settings.contact_email))
            if self.settings.preview:
                made[urls.source_path(pages.CHANGES_URL)] = pages.changes_page(
                    archive, changes.compute(self.root, self.settings.base),
                    personal_data.phone_setting(self.settings.own_phones))
            STAGES.stop("generated pages")
            case_sources = {urls.source_path(urls.case(d.id)): d.source for d in archive.cases}
            attachments = pages.attachments(archive)
            moved = redirects.redirects(archive, self.settings.site_url)
            STAGES.start("open data and feeds")
            if reuse_data and self.content is not None:  # a serve rebuild: the data as at the first build
                made_data = self.content.open_data
            else:
                made_data = (opendata.open_data(archive, bodies, self.settings, self.file_facts)
                             if self.settings.open_data else None)
            STAGES.stop("open data and feeds")
            data = dict(made_data.core) if made_data else {}
            admin_data, admin_files = cms.files(self.root, self.settings, archive.boards, list(theme_styles))
            data.update(admin_data)
            routes = search.number_routes(archive, size) if self.settings.search_index and size else {}
            data.update(search.route_files(routes))  # a split index: which parts hold each case number
            # A notice has no edit link (case_sources), but a clash at its address names its file.
            notice_sources = {urls.source_path(urls.case(d.id)): d.source for d in archive.withdrawn}
            named = {**_referral_sources(archive), **notice_sources, **case_sources}
            sources = [(src, named.get(src, f"genererad sida {src}")) for src in made]
            # A page made twice kept only the later one: both are named, so the clash is an error, not a loss.
            sources += [(src, f"genererad sida {src}") for src in made.twice]
            sources += [*attachments.items(), *admin_files.items(), *((path, f"genererad fil {path}") for path in data)]
            sources += [(path, f"genererad fil {path}") for path in (made_data.bulk_paths if made_data else [])]
            sources += [(path, origin) for path, _, origin in moved]
            clashes = self.addresses.problems(sources, self.root / "docs")
            if clashes:
                raise CaseErrors(LoadResult(result.cases, clashes, result.files))
            data.update({path: page for path, page, _ in moved})
            content = SiteContent(result, archive, made, attachments, case_sources, bodies, index, documents,
                                  no_history=history.reason, data=data, open_data=made_data, copies=admin_files,
                                  number_routes=list(routes))
        except BaseException:
            if index:
                index.cancel()
            raise
        self.content = content
        heap.settle()
        return content

    def _history(self) -> history_.History:
        """The git history of cases/, read once per commit: a serve rebuild after an edit reuses it."""
        head = history_.head(self.root)
        if self._git is None or self._git[0] != head:
            self._git = (head, history_.read(self.root))
        return self._git[1]

    def _changed(self, doc, history: history_.History) -> pages.Changed:
        day = history.last_changed(doc.source) if history.reason is None else None
        link = self.settings.history_url + quote(doc.source) if self.settings.history_url else ""
        # Without a commit date (no git, a shallow clone, a file not yet committed): the case's own date.
        return pages.Changed(day or doc.case.effective_date(), link, doc.added)

    def changed_pages(self) -> set[str]:
        """Source paths of the pages whose text differs from the previous call's (all, the first time): a
        `mkdocs serve --dirty` rebuild hands only these to MkDocs."""
        assert self.content is not None
        changed = set()
        for rel, page in self.content.pages.items():
            last = self._fingerprints.get(rel)
            if last is not None and last[0] is page:  # the same page object (pages.PageCache): unchanged
                continue
            fingerprint = hashlib.sha1("\0".join([page.markdown, *page.blocks]).encode("utf-8")).hexdigest()
            if last is None or last[1] != fingerprint:
                changed.add(rel)
            self._fingerprints[rel] = (page, fingerprint)
        return changed


def _referral_sources(archive) -> dict[str, str]:
    """A referral page's source path -> the file that gives it (its record, else its first answer)."""
    return {urls.source_path(urls.referral(g.key)): (g.record.source if g.record else g.answers[0].source)
            for g in archive.referrals.values() if g.record or g.answers}


def generate(root: Path, settings: Settings | None = None) -> SiteContent:
    """One build's content, without keeping anything for a next one (the `pages` command, tests)."""
    return Builder(root, settings).generate()


def write(content: SiteContent, out_dir: Path) -> int:
    """Write the generated pages and attachments below out_dir; returns the number of files written."""
    folder = slugs.OutputFolder(out_dir)
    for rel, page in content.pages.items():
        folder.target(rel).write_text(page.standalone(), encoding="utf-8")
    for rel, src in [*content.attachments.items(), *content.copies.items()]:
        shutil.copyfile(src, folder.target(rel))
    n = opendata.write(content.data.items(), out_dir)
    n += opendata.write(content.open_data.bulk(), out_dir) if content.open_data else 0
    return len(content.pages) + len(content.attachments) + len(content.copies) + n
