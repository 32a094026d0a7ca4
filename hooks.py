"""MkDocs glue: generate the archive's pages with the remissarkiv package and hand them to MkDocs.

Kept thin on purpose: the state and logic live in remissarkiv.site.mkdocs_glue (and all the rest of the package
works without MkDocs), so the archive outlives this site generator.
"""
from remissarkiv.site.mkdocs_glue import MkDocsGlue

remissarkiv = MkDocsGlue()  # one object for the whole process: `mkdocs serve` keeps it between rebuilds

on_startup = remissarkiv.on_startup
on_config = remissarkiv.on_config
on_serve = remissarkiv.on_serve
on_files = remissarkiv.on_files
on_env = remissarkiv.on_env
on_pre_page = remissarkiv.on_pre_page
on_page_content = remissarkiv.on_page_content
on_page_context = remissarkiv.on_page_context
on_post_page = remissarkiv.on_post_page
on_post_template = remissarkiv.on_post_template
on_post_build = remissarkiv.on_post_build
on_build_error = remissarkiv.on_build_error
on_shutdown = remissarkiv.on_shutdown
