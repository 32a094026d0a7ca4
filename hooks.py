"""MkDocs glue: generate the archive's pages with the remissarkiv package and hand them to MkDocs.

Kept thin on purpose: all logic lives in the package, so the archive outlives this site generator.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from remissarkiv.site import search
from remissarkiv.site import build as site
from remissarkiv.model.boards import BoardsError

_content: site.SiteContent | None = None
_serving = False
_indexed_once = False
_index: search.IndexBuild | None = None
_serving_dirty = False  # `mkdocs serve --dirty` (make serve): rebuilds keep the pages already built
_served_once = False  # a serve build has finished: its pages are in the site folder
log = logging.getLogger("mkdocs.plugins.remissarkiv")


def on_startup(command, dirty):
    global _serving, _serving_dirty
    _serving = command == "serve"
    _serving_dirty = _serving and dirty


def on_config(config):
    global _content, _index
    if _index is not None:  # left over from a build that never finished
        _index.cancel()
        _index = None
    root = Path(config.config_file_path).parent
    try:
        _content = site.generate(root, include_drafts=os.environ.get("REMISSARKIV_UTKAST") == "1",
                                 extensions=(config.markdown_extensions, config.mdx_configs),
                                 index_work=Path(config.site_dir).parent if _wants_index() else None)
    except (site.CaseErrors, BoardsError) as exc:
        # Abort before MkDocs touches site_dir: the previous site stays as it was, nothing half-published.
        raise Abort(str(exc)) from None
    _index = _content.index  # Pagefind runs while MkDocs renders the site; on_post_build waits for it
    for problem in _content.result.problems:  # only warnings are left; they must not fail --strict
        log.info(str(problem))
    return config


def _wants_index() -> bool:
    """During `mkdocs serve` the index is built once, at start: a rebuild after each edit stays fast."""
    if os.environ.get("REMISSARKIV_SOKINDEX") == "0":  # benchmarks: the build without its search index
        return False
    return not (_serving and _indexed_once)


def on_files(files: Files, config) -> Files:
    assert _content is not None
    for f in files:
        if not f.generated_by:
            f.edit_uri = f"docs/{f.src_uri}"
            if _serving and f.is_documentation_page():
                # Hand-written pages may list cases through macros: few, so always rebuilt under --dirty.
                f.is_modified = lambda: True
    changed = site.changed_pages(_content) if _serving_dirty else None
    in_nav = _nav_files(config.nav)  # MkDocs needs these in every build (namnder.md, ar.md …)
    for src_uri, page in _content.pages.items():
        if _served_once and changed is not None and src_uri not in changed and src_uri not in in_nav:
            # Built by an earlier serve build and unchanged since: its HTML is in place, and MkDocs would spend
            # most of a rebuild walking 13,000 such pages. Links to it live in HTML blocks, which MkDocs
            # does not validate, so leaving it out changes nothing else.
            continue
        f = File.generated(config, src_uri, content=page.markdown)
        f.edit_uri = _content.case_sources.get(src_uri)
        files.append(f)
    for src_uri, abs_path in _content.attachments.items():
        files.append(File.generated(config, src_uri, abs_src_path=abs_path))
    return files


def _nav_files(nav) -> set[str]:
    """The source paths mkdocs.yml's `nav:` names."""
    found: set[str] = set()
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found |= _nav_files(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled theme templates, kept between `mkdocs serve` rebuilds (each rebuild makes a new environment)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_bytecode = _MemoryBytecode()


def on_env(env, config, files):
    env.bytecode_cache = _bytecode
    store: dict[str, str] = {}

    def ra_cache(key: str, caller) -> str:
        """Render a template block once per key and build (overrides/main.html: the navigation sidebar)."""
        if key not in store:
            store[key] = caller()
        return store[key]

    env.globals["ra_cache"] = ra_cache
    return env


def on_page_content(html: str, page, config, files) -> str:
    generated = _content.pages.get(page.file.src_uri) if _content else None
    if generated is None:
        return html
    if generated.toc and page.toc.items:  # the body's headings, converted ahead, go under the page's h1
        page.toc.items[0].children.extend(get_toc(generated.toc).items)
    return generated.fill(html)


def on_post_build(config):
    global _index, _indexed_once, _served_once
    _served_once = _serving_dirty
    if _index is None:
        return
    try:
        _index.finish(Path(config.site_dir))
    except search.SearchIndexError as exc:
        raise Abort(str(exc)) from None
    finally:
        _index = None
    _indexed_once = True


def on_build_error(error):
    global _index, _served_once
    _served_once = False  # some pages may not have been built: let MkDocs compare them all next time
    if _index is not None:
        _index.cancel()
        _index = None
