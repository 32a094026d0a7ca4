"""The build's settings, in one typed place.

A site build reads them from mkdocs.yml (`extra: remissarkiv:`, where `!ENV` lets CI and benchmarks switch
them); the staff commands make them from their flags. Nothing else reads the environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

import yaml


@dataclass(frozen=True)
class Limits:
    """What one case may add to the site: each topic is a page, each earlier address a page, each attachment a
    file. A case beyond them is refused by `check` (a mistake, or an attempt to flood the site). And what
    publishing one requires: a review record (`review:`), unless the organisation switched that off."""

    topics: int = 30
    aliases: int = 20
    attachments: int = 100
    review_required: bool = True


class SettingsError(Exception):
    """A setting has an unknown name or a value of the wrong kind; the message is Swedish."""


@dataclass(frozen=True)
class Settings:
    drafts: bool = False        # cases with status: utkast are built too (previews only, never production)
    preview: bool = False       # a reviewers' preview: drafts included, a banner and noindex on every page
    base: str = ""              # what a preview's changes page compares with (git ref; "" : origin/main or main)
    search_index: bool = True   # build the Pagefind index (benchmarks measure the build without it)
    # 0: one search index; N: an index split into parts of whole years with at most N cases each (a larger year
    # alone; 1: one part per year), built one after another (archives past ~20,000 cases)
    search_shards: int = -1  # -1 or "auto": search.shard_size's rule (one index up to 12,000 cases)
    pagefind: str = ""          # "" : the Pagefind that package-lock.json pins (npm); "pypi": PyPI's, for make bench
    open_data: bool = True      # write the data files, feeds and catalogue (benchmarks measure the build without)
    stages_file: str = ""       # make bench: each stage's wall and CPU time appended here (remissarkiv.stages)
    fast_pages: bool = True     # generated pages skip MkDocs' Markdown pass (site.page_render); off: MkDocs' own
    serve_polling: bool = False  # `mkdocs serve` looks for edits by polling (MkDocs' way) instead of inotify
    history_url: str = ""       # a file's history in the repository is this + its path ("" : no link)
    site_url: str = ""          # the published address (mkdocs.yml site_url): absolute links in data and feeds
    # Open data: who publishes the archive, how to reach them, the data's licence (a URI). A production build
    # requires them (api/dcat.ttl cannot be made without them); a preview leaves the catalogue out.
    publisher: str = ""
    publisher_url: str = ""
    contact_email: str = ""
    license: str = ""
    # The organisation's own phone numbers, comma-separated: `check` does not ask reviewers about them.
    own_phones: str = ""
    # The form editor at /admin/ (Decap CMS, remissarkiv.site.cms): the Git host it saves to (README,
    # "Formulärredigeraren"). Checked by cms.backend_config: the values go into the editor's configuration and
    # into the admin page's Content-Security-Policy.
    cms_backend: str = ""        # "" : not connected (the page says how); "github" or "gitlab"
    cms_repo: str = ""           # owner/name (GitLab: group/…/name)
    cms_branch: str = "main"
    cms_base_url: str = ""       # GitHub: the organisation's own OAuth proxy; GitLab: its host (https://gitlab.com)
    cms_auth_endpoint: str = ""  # the login path on cms_base_url ("" : the editor's default for the backend)
    cms_api_root: str = ""       # a self-hosted Git host's API (https://gitlab.example.se/api/v4)
    cms_app_id: str = ""         # GitLab: the OAuth application's id (PKCE: no secret, no proxy)
    cms_local_proxy: int = 0     # make edit: the port of the editor's local proxy on 127.0.0.1 (0: none)
    # Limits per case (Limits): mkdocs.yml may raise them for an archive that needs more.
    max_topics: int = Limits.topics
    max_aliases: int = Limits.aliases
    max_attachments: int = Limits.attachments
    # Publishing a case needs a review record (who reviewed it, when): the organisation's routine for personal
    # data under GDPR. Off only where another system keeps that record.
    require_review: bool = Limits.review_required

    def limits(self) -> Limits:
        return Limits(self.max_topics, self.max_aliases, self.max_attachments, self.require_review)

    def publication_gaps(self) -> list[str]:
        """The open-data settings a production build still lacks, by name."""
        return [name for name in ("site_url", "publisher", "publisher_url", "contact_email", "license")
                if not getattr(self, name)]

    def gaps_message(self) -> str:
        names = ", ".join(("site_url" if n == "site_url" else f"extra.remissarkiv.{n}") for n in self.publication_gaps())
        return (f"mkdocs.yml: {names} saknas – en publicering behöver utgivare, kontaktadress och licens för "
                "öppna data (api/dcat.ttl) och webbplatsens adress; fyll i dem i mkdocs.yml")

    @classmethod
    def from_mapping(cls, values: Mapping | None, where: str = "mkdocs.yml: extra.remissarkiv") -> "Settings":
        values = dict(values or {})
        known = {f.name: f for f in fields(cls) if f.name != "site_url"}  # site_url is MkDocs' own setting
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(f"{where}: okänd inställning '{unknown[0]}': tillåtna är {', '.join(known)}")
        typed = {}
        if str(values.get("search_shards", "")).strip().lower() in ("auto", "-1"):  # search.shard_size's rule
            del values["search_shards"]
            typed["search_shards"] = -1
        return cls(**typed, **{name: _typed(known[name].type, value, f"{where}.{name}")
                               for name, value in values.items()})


def from_mkdocs_yml(path: Path) -> Settings:
    """The settings a site build of this mkdocs.yml would use (for the staff commands, without MkDocs)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkDocsLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: kan inte läsas ({exc.__class__.__name__})") from None
    settings = Settings.from_mapping((data.get("extra") or {}).get("remissarkiv"))
    return replace(settings, site_url=str(data.get("site_url") or ""))


class _MkDocsLoader(yaml.SafeLoader):
    """YAML as MkDocs reads mkdocs.yml: `!ENV VAR` or `!ENV [VAR, …, default]`; other tags are not ours."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1]
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_MkDocsLoader.add_constructor("!ENV", _env)
_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def includes_drafts(settings: "Settings") -> bool:
    return settings.drafts or settings.preview


def _typed(kind: str, value: object, where: str):
    if kind == "int":
        return _count(value, where)
    if kind == "str":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise SettingsError(f"{where}: värdet {value!r} ska vara text")
        return value.strip()
    return _boolean(value, where)


def _count(value: object, where: str) -> int:
    # !ENV gives what the variable holds, read as YAML; false/true (the old switch) mean 0 and 1.
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise SettingsError(f"{where}: värdet {value!r} ska vara ett heltal, 0 eller större")


def _boolean(value: object, where: str) -> bool:
    # !ENV gives what the variable holds, read as YAML: true/false, or 1/0 as the scripts set it.
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "ja", "nej"):
        return value.strip().lower() in ("true", "1", "ja")
    raise SettingsError(f"{where}: värdet {value!r} ska vara true eller false")
