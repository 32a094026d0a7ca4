"""MkDocs' side of the build: one object holds what the hooks keep between events and between the rebuilds
of `mkdocs serve`. hooks.py only creates it and hands MkDocs its methods.

The only module of the package that knows MkDocs; everything it calls works without it.
"""
from __future__ import annotations

import functools
import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import jinja2
import watchdog.events
import watchdog.observers
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from remissarkiv import heap, parallel
from remissarkiv.config import Settings, SettingsError
from remissarkiv.editor import guard
from remissarkiv.model import slugs
from remissarkiv.model.boards import BoardsError
from remissarkiv.opendata import publish as opendata
from remissarkiv.site import csp, output_scan, render, search
from remissarkiv.site.build import Builder, CaseErrors, SiteContent
from remissarkiv.site.page_render import FastRenderer
from remissarkiv.stages import STAGES

log = logging.getLogger("mkdocs.plugins.remissarkiv")


class MemoryBytecode(jinja2.BytecodeCache):
    """Compiled theme templates, kept between `mkdocs serve` rebuilds (each rebuild makes a new environment)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class _Drop(logging.Filter):
    """Lines a newcomer to `make serve` need not read: MkDocs' English warning that `--dirty` (which make serve
    asks for, to rebuild fast) builds dirty, and the macros plugin's list of its own settings."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not (text.startswith("A 'dirty' build is being performed")
                    or (record.name.startswith("mkdocs.plugins.mkdocs_macros") and record.levelno <= logging.INFO))


def _quiet_greeting() -> None:
    for name in ("mkdocs.commands.build", "mkdocs.plugins.mkdocs_macros.util"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Drop) for f in logger.filters):
            logger.addFilter(_Drop())


STAFF_PAGES = frozenset({"publicera.md"})  # hand-written pages for staff: they keep the theme's edit link


class MkDocsGlue:
    """The archive's MkDocs hooks and their state."""

    def __init__(self) -> None:
        self.builder: Builder | None = None
        self.serving = False          # `mkdocs serve`
        self.serving_dirty = False    # `mkdocs serve --dirty` (make serve): rebuilds keep the pages already built
        self.publishing = False       # `mkdocs build`: a site to publish
        self.history_explained = False  # the build log said once why there are no commit dates
        self.served_once = False      # a serve build has finished: its pages are in the site folder
        self.served_before = False    # a serve build has succeeded: a broken case later keeps its archive
        self.indexed_once = False     # the search index was built in this process (serve builds it once)
        self.index: search.IndexBuild | None = None
        self.bytecode = MemoryBytecode()
        self.renderer = FastRenderer()  # the generated pages: plain headings written, the rest one Markdown
        self.publish: Staging | None = None  # `mkdocs build`: the site is built aside and put in place at the end

    @property
    def content(self) -> SiteContent:
        if self.builder is None or self.builder.content is None:
            raise RuntimeError("Remissarkivet: inget arkiv är laddat – är hooks.py med i mkdocs.yml?")
        return self.builder.content

    # --- MkDocs events --------------------------------------------------------------------------------
    def on_startup(self, command, dirty):
        _quiet_greeting()
        if command == "serve":
            log.info("Remissarkivet: webbplatsen byggs och visas här på datorn; en ändring i cases/, docs/ eller "
                     "data/ byggs om medan du arbetar. Ctrl+C avslutar.")
        self.serving = command == "serve"
        self.serving_dirty = self.serving and dirty
        self.publishing = command in ("build", "gh-deploy") and not dirty

    def on_config(self, config):
        STAGES.start("total")
        if self.index is not None:  # left over from a build that never finished
            self.index.cancel()
            self.index = None
        root = Path(config.config_file_path).parent
        if self.publishing:
            # Everything is written to a folder beside the site and put in place only when the whole build
            # succeeded (on_shutdown): a failure at any step leaves the published site as it was.
            self.publish = Staging(Path(config.site_dir), config)
            config.site_dir = str(self.publish.folder)
        try:
            settings = replace(Settings.from_mapping((config.extra or {}).get("remissarkiv")),
                               site_url=config.site_url or "")
            if self.publishing and settings.open_data and not settings.preview and settings.publication_gaps():
                raise SettingsError(settings.gaps_message())
            if self.builder is None or self.builder.root != root or self.builder.settings != settings:
                self.builder = Builder(root, settings)
            # During `mkdocs serve` the index is built once, at start: a rebuild after each edit stays fast.
            index_work = Path(config.site_dir).parent if not (self.serving and self.indexed_once) else None
            # Like the search index, the open data of `mkdocs serve` is made once, at start: a rebuild after
            # an edit stays within seconds (README: what a rebuild updates).
            content = self.builder.generate(extensions=(config.markdown_extensions, config.mdx_configs),
                                            index_work=index_work, reuse_data=self.serving and self.served_once,
                                            theme_styles=theme_styles(config))
        except (CaseErrors, BoardsError, SettingsError) as exc:
            last = self.builder.content if self.builder is not None else None
            if not (self.serving and self.served_before and last is not None):
                # Abort before MkDocs touches site_dir: the previous site stays as it was, nothing half-published.
                raise Abort(str(exc)) from None
            # `mkdocs serve` holds every request until a rebuild succeeds: a case saved broken (by hand, beside
            # the form) would stop the site and the editor. So the last good archive is built again instead, and
            # the terminal says what stops the new one.
            log.error(f"{exc}\nWebbplatsen visar senaste fungerande version tills felet är rättat; "
                      "formuläret (/admin/) fungerar som vanligt.")
            content = last
            content.index = None  # its search index was put in place by that build
        self.index = content.index  # Pagefind runs while MkDocs renders the site; on_post_build waits for it
        STAGES.start("MkDocs (all of it)")
        for problem in content.result.problems:  # only warnings are left; they must not fail --strict
            log.info(str(problem))
        if content.no_history and not self.history_explained:
            log.info(f"Senast ändrad: {content.no_history} – sidorna visar ärendenas egna datum i stället")
            self.history_explained = True
        return config

    def on_serve(self, server, config, builder):
        """MkDocs' server polls every watched file twice a second: at 10,000 cases each poll walks the whole
        archive, holding the interpreter from the rebuild it should start, and an edit waits for the next walk.
        The system's own notice (inotify) comes at once and costs nothing while nobody edits. The setting
        `serve_polling` keeps the polling, for file systems that send no notice.

        Whatever the watching, the server answers only requests whose Host names this computer: a page elsewhere
        that rebinds its name to 127.0.0.1 must not read the preview (drafts included) or the editor."""
        host, port = server.server_address[:2]
        server.set_app(guard.host_guard(server.get_app(), guard.local_hosts(port, host)))
        if self.builder is None or self.builder.settings.serve_polling:
            return server
        watched = dict(server._watched_paths)  # what MkDocs watches so far (docs, mkdocs.yml, the theme)
        for path, count in watched.items():
            for _ in range(count):
                server.unwatch(path)
        server.observer = ChangesObserver()  # not started yet: server.serve() starts it
        for path, count in watched.items():
            for _ in range(count):
                server.watch(path)
        log.info("Ändringar märks genom filsystemets meddelanden (inotify); där de inte kommer: REMISSARKIV_POLLNING=1")
        return server

    def on_files(self, files: Files, config) -> Files:
        content = self.content
        for f in files:
            if not f.generated_by:
                f.edit_uri = quote(f"docs/{f.src_uri}")
                if self.serving and f.is_documentation_page():
                    # Hand-written pages may list cases through macros: few, so always rebuilt under --dirty.
                    f.is_modified = lambda: True
        changed = self.builder.changed_pages() if self.serving_dirty else None
        in_nav = nav_files(config.nav)  # MkDocs needs these in every build (namnder.md, ar.md …)
        for src_uri, page in content.pages.items():
            if self.served_once and changed is not None and src_uri not in changed and src_uri not in in_nav:
                # Built by an earlier serve build and unchanged since: its HTML is in place, and MkDocs would
                # spend most of a rebuild walking 13,000 such pages. Links to it live in HTML blocks, which
                # MkDocs does not validate, so leaving it out changes nothing else.
                continue
            # Generated pages stay out of the navigation (a nav entry costs every page), unless the nav names them.
            inclusion = InclusionLevel.INCLUDED if src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            f = File.generated(config, src_uri, content=page.markdown, inclusion=inclusion)
            source = content.case_sources.get(src_uri)
            # Material prints the edit link unescaped: a file name must never be able to end the attribute.
            f.edit_uri = quote(source) if source else None
            files.append(f)
        for src_uri, abs_path in [*content.attachments.items(), *content.copies.items()]:
            files.append(File.generated(config, src_uri, abs_src_path=abs_path, inclusion=InclusionLevel.NOT_IN_NAV))
        for src_uri, data in content.data.items():  # open data, redirect pages: copied as they are
            files.append(File.generated(config, src_uri, content=data, inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_env(self, env, config, files):
        env.bytecode_cache = self.bytecode
        store: dict[str, str] = {}

        def ra_cache(key: str, caller) -> str:
            """Render a template block once per key and build (overrides/main.html: the navigation sidebar)."""
            if key not in store:
                store[key] = caller()
            return store[key]

        env.globals["ra_cache"] = ra_cache
        heap.settle()  # MkDocs' files, pages and navigation, made before it renders the first page
        return env

    def on_pre_page(self, page, config, files):
        STAGES.start("MkDocs: Markdown")
        if self.builder.settings.fast_pages and page.file.src_uri in self.content.pages:  # generated (page_render)
            page.render = functools.partial(self.renderer.render, page)
        return page

    def on_page_content(self, html: str, page, config, files) -> str:
        STAGES.stop("MkDocs: Markdown")
        generated = self.content.pages.get(page.file.src_uri)
        if generated is None:  # a hand-written page: its tables scroll in their own box, as a case's do
            return render.box_tables(html)
        if generated.toc and page.toc.items:  # the body's headings, converted ahead, go under the page's h1
            page.toc.items[0].children.extend(get_toc(generated.toc).items)
        # The blocks go in just before the page is rendered (on_page_context): MkDocs converts every page before
        # it renders the first, and would hold all their full HTML at once (some 125 MB at 10,000 cases).
        return html

    def on_page_context(self, context, page, config, nav):
        STAGES.start("MkDocs: templates")
        if not self.builder.settings.preview and page.file.src_uri not in STAFF_PAGES:
            # "Redigera sidan" sends a citizen to a Git host: it stays on reviewers' previews and staff pages
            page.edit_url = None
        generated = self.content.pages.get(page.file.src_uri)
        if generated is not None:
            page.content = generated.fill(page.content)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        STAGES.stop("MkDocs: templates")
        if page.file.generated_by:
            page.content = None  # written: nothing reads it again
        return csp.add(output)

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        return csp.add(output_content) if template_name.endswith(".html") else output_content  # 404.html

    def on_post_build(self, config):
        # The many data files (each case's own, the feeds) are made as they go straight to disk: as MkDocs
        # files they would cost some 0.25 ms each, and held together 130 MB at 10,000 cases. A `serve --dirty`
        # rebuild keeps them from its first build, as it keeps the search index.
        STAGES.stop("MkDocs (all of it)")
        if self.content.open_data is not None and not self.served_once:
            try:
                with STAGES("open data and feeds"):
                    opendata.write(self.content.open_data.bulk(), Path(config.site_dir))
            except slugs.UnsafeOutputPath as exc:
                raise Abort(str(exc)) from None
        self.served_once = self.serving_dirty
        self.served_before = self.serving
        if self.publish is not None:
            # The second wall, while nothing is published yet and Pagefind may still be indexing beside it:
            # the finished site and the search documents are scanned for identity numbers.
            with STAGES("output scan"):
                found = output_scan.scan_site(Path(config.site_dir)) + output_scan.scan_documents(
                    self.content.search_documents)
            if found:
                raise Abort(str(output_scan.IdentityNumbersFound(found)))
        if self.index is None:
            return
        try:
            with STAGES("Pagefind (what is left after MkDocs)"):
                self.index.finish(Path(config.site_dir))
        except search.SearchIndexError as exc:
            raise Abort(str(exc)) from None
        finally:
            self.index = None
        self.indexed_once = True

    def on_build_error(self, error):
        self.served_once = False  # some pages may not have been built: let MkDocs compare them all next time
        if self.index is not None:
            self.index.cancel()
            self.index = None
        if self.publish is not None:
            self.publish.discard()
            self.publish = None

    def on_shutdown(self):
        # Reached after the whole build, MkDocs' strict-mode check included; a failure went through
        # on_build_error, which dropped the staged site.
        if self.publish is not None:
            with STAGES("publish"):
                self.publish.put_in_place()
            self.publish = None
        STAGES.stop("total")
        if self.builder is not None:
            STAGES.write(self.builder.settings.stages_file)


class ChangesObserver(watchdog.observers.Observer):
    """The system's file notices (inotify), of changes only: it also tells when a file is opened or read, and
    every build reads docs/, so MkDocs, which rebuilds on any notice, would rebuild without end."""

    CHANGES = [watchdog.events.FileCreatedEvent, watchdog.events.FileDeletedEvent, watchdog.events.FileModifiedEvent,
               watchdog.events.FileMovedEvent, watchdog.events.FileClosedEvent]

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or self.CHANGES,
                                follow_symlink=follow_symlink)


class Staging:
    """A site built beside the published one and swapped in whole."""

    def __init__(self, target: Path, config):
        self.target = target
        self.config = config
        self.folder = target.with_name(f".{target.name}.bygge-{os.getpid()}")
        shutil.rmtree(self.folder, ignore_errors=True)

    def put_in_place(self) -> None:
        if not self.folder.is_dir():
            return
        old = self.target.with_name(f".{self.target.name}.gammal-{os.getpid()}")
        if self.target.exists():
            self.target.rename(old)  # two renames on one file system: the site is never half-replaced
        self.folder.rename(self.target)
        parallel.remove_tree(old)
        self.config.site_dir = str(self.target)  # for what runs after the build (gh-deploy pushes site_dir)
        log.info(f"Webbplatsen publicerad i {self.target}")

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def theme_styles(config) -> list[str]:
    """The site paths of the theme's main style sheet and the site's own (extra_css): the form editor's preview
    uses them to look like the site."""
    found = []
    for folder in config.theme.dirs:
        found = sorted(p.relative_to(folder).as_posix() for p in Path(folder).glob("assets/stylesheets/main.*.min.css"))
        if found:
            break
    return found[:1] + [str(css) for css in config.extra_css]


def nav_files(nav) -> set[str]:
    """The source paths mkdocs.yml's `nav:` names."""
    found: set[str] = set()
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found |= nav_files(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


def find(config) -> MkDocsGlue:
    """The glue of this build, found among MkDocs' plugins (hooks.py is one): for mkdocs-macros."""
    for plugin in config.plugins.values():
        glue = getattr(plugin, "remissarkiv", None)
        if isinstance(glue, MkDocsGlue):
            return glue
    raise RuntimeError("Remissarkivet: hooks.py saknas i mkdocs.yml (hooks: [hooks.py])")
