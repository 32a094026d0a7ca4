"""Macros for hand-written pages in docs/ (mkdocs-macros). Only pages with `render_macros: true` use them.

Each macro returns escaped HTML built by remissarkiv.pages, so case text never reaches Jinja as template code.

- case_list(board=None, year=None, topic=None, referral=None, limit=None): list of matching cases
- case_count(board=None, year=None, topic=None, referral=None): how many match
- case_link(number): link to a case, by the board's diarienummer or by its id ('2019/bromma-ks-2019-1899')
- latest_cases(limit=10): the newest published cases
- archive_stats(): counts of cases, boards, referrals and topics
- search_config(): the search page's facets, labels and case-number rule as a JSON data block
- subscribe(): "Prenumerera" on the archive's Atom feed, and its <link rel="alternate"> in the page head
- open_data_fields(name): a table of a data file's fields from its JSON Schema (page "Öppna data")
- csv_columns(): a table of api/cases.csv's columns with their Swedish labels
- database_tables(): a table of api/remissarkiv.db's tables and columns
- accessibility_method(): what the accessibility tests verify, and on which pages
- accessibility_cms(): what axe finds in the form editor's own interface (Decap CMS), as a list
- accessibility_date(): that date in running text ('' without a git history)
"""
from __future__ import annotations

from pathlib import Path

from remissarkiv.model import labels
from remissarkiv.opendata import docs as opendata_docs
from remissarkiv.opendata import feeds
from remissarkiv.site import accessibility, facets, mkdocs_glue, pages, search, urls


def _from_url(env) -> str:
    return env.page.url if getattr(env, "page", None) is not None else ""


def define_env(env):
    def archive():
        return mkdocs_glue.find(env.conf).content.archive

    @env.macro
    def case_list(board=None, year=None, topic=None, referral=None, limit=None):
        docs = archive().find(board=board, year=year, topic=topic, referral=referral)
        return pages.case_list(archive(), docs[:limit] if limit else docs, _from_url(env))

    @env.macro
    def case_count(board=None, year=None, topic=None, referral=None):
        return len(archive().find(board=board, year=year, topic=topic, referral=referral))

    @env.macro
    def case_link(number):
        doc = archive().lookup(str(number))
        if doc is None:
            raise ValueError(f"case_link: inget publicerat remissvar har diarienummer eller id {number!r}")
        return f'<a href="{pages.e(urls.relative(_from_url(env), urls.case(doc.id)))}">{pages.e(doc.case.title)}</a>'

    @env.macro
    def latest_cases(limit=10):
        return pages.case_list(archive(), archive().cases[:limit], _from_url(env))

    @env.macro
    def search_config():
        settings = mkdocs_glue.find(env.conf).builder.settings
        size = search.shard_size(settings.search_shards, len(archive().cases)) if settings.search_index else 0
        here = _from_url(env)
        boards = [{"name": b.name, "url": urls.relative(here, urls.board(b.id))} for b in archive().boards_in_use()]
        referrals = urls.relative(here, urls.referral())
        if not size:
            return facets.browser_config_script(boards=boards, referrals=referrals)
        numbers = {"digits": search.ROUTE_DIGITS, "path": search.ROUTE_DIR,
                   "keys": mkdocs_glue.find(env.conf).content.number_routes}  # made once, with the files
        return facets.browser_config_script(search.shard_list(archive(), size), numbers, boards, referrals)

    @env.macro
    def subscribe():
        if not feeds.has_feed(archive().cases):  # no case has a date yet: there is no feed to offer
            return ""
        env.page.meta.update(ra_feed=urls.feed(), ra_feed_title=labels.FEED_ALL)
        return str(pages.subscribe(_from_url(env), urls.feed()))

    @env.macro
    def open_data_fields(name):
        return opendata_docs.fields_table(name)

    @env.macro
    def csv_columns():
        return opendata_docs.csv_table()

    @env.macro
    def database_tables():
        return opendata_docs.database_table()

    @env.macro
    def accessibility_method():
        return accessibility.method_html(Path(env.conf.config_file_path).parent)

    @env.macro
    def accessibility_cms():
        return accessibility.cms_html()

    @env.macro
    def accessibility_date():
        return accessibility.assessed_on(Path(env.conf.config_file_path).parent)

    @env.macro
    def archive_stats():
        a = archive()
        return pages.stats(a, _from_url(env))
