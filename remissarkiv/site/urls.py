"""The site's URL scheme, in one place. URLs are directory-style and relative to the site root."""
from __future__ import annotations

CASES = "remissvar"
BOARDS = "namnder"
YEARS = "ar"
TOPICS = "amnen"
REFERRALS = "remisser"
OPEN_REFERRALS = "oppna-remisser"  # referrals whose deadline has not passed
UNKNOWN_YEAR = "okant"
FEEDS = "flode"
BOARD_RECORD_ID = "svar-over-tid"  # the board page's record: answers per year, answers in time
PAGE_SIZE = 100  # cases (or referrals) on one page of a listing; later pages are 'sida-N/'


def paged(base: str, page: int) -> str:
    return base if page <= 1 else f"{base}sida-{page}/"


def case(doc_id: str) -> str:
    return f"{CASES}/{doc_id}/"


def attachment(doc_id: str, file: str) -> str:
    return f"{CASES}/{doc_id}/{file}"


def board(board_id: str | None = None, page: int = 1) -> str:
    return paged(f"{BOARDS}/{board_id}/" if board_id else f"{BOARDS}/", page)


def year(value: int | None = None, page: int = 1, index: bool = False) -> str:
    if index:
        return f"{YEARS}/"
    return paged(f"{YEARS}/{value if value is not None else UNKNOWN_YEAR}/", page)


def topic(slug: str | None = None, page: int = 1) -> str:
    return paged(f"{TOPICS}/{slug}/" if slug else f"{TOPICS}/", page)


def referral(key: str | None = None, page: int = 1) -> str:
    return paged(f"{REFERRALS}/{key}/" if key else f"{REFERRALS}/", page)


REFERRALS_BY_DEADLINE = "efter-svarsdag"  # below remisser/: the referral list in other orders and filtered
REFERRALS_BY_SENDER = "remittent"
REFERRALS_BY_STATE = "lage"


def referral_list(sort: str = "", sender: str = "", state: str = "", page: int = 1) -> str:
    """The list of referrals: newest first, by deadline (`sort`), or from one sender or in one state (slugs)."""
    if sort:
        return paged(f"{REFERRALS}/{REFERRALS_BY_DEADLINE}/", page)
    if sender:
        return paged(f"{REFERRALS}/{REFERRALS_BY_SENDER}/{sender}/", page)
    if state:
        return paged(f"{REFERRALS}/{REFERRALS_BY_STATE}/{state}/", page)
    return referral(page=page)


def referral_file(key: str, file: str) -> str:
    """A document sent on referral, published beside the referral's page."""
    return f"{REFERRALS}/{key}/{file}"


def open_referrals() -> str:
    return f"{OPEN_REFERRALS}/"


def feed(board_id: str | None = None, referral_key: str | None = None) -> str:
    """The Atom feed of the whole archive, of one board, or of one referral."""
    if board_id:
        return f"{FEEDS}/{BOARDS}/{board_id}.xml"
    if referral_key:
        return f"{FEEDS}/{REFERRALS}/{referral_key}.xml"
    return f"{FEEDS}/remissvar.xml"


def absolute(base: str, url: str) -> str:
    """A site-root URL as published: under `base` (the site's address) when there is one."""
    return (base.rstrip("/") + "/" + url) if base else url


def source_path(url: str) -> str:
    """Markdown source path whose directory-style URL is `url` ('' is the start page)."""
    return "index.md" if url == "" else url.rstrip("/") + ".md"


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at `from_url` to `to_url`, both directory-style site-root URLs.
    Plain segment arithmetic: a build makes some 150,000 of these, and posixpath.relpath was a tenth of it."""
    base = from_url if from_url.endswith("/") or from_url == "" else from_url.rpartition("/")[0] + "/"
    base_parts = base.split("/")[:-1]
    to_dir = to_url.endswith("/") or to_url == ""
    to_parts = to_url.split("/")[:-1] if to_dir else to_url.split("/")
    common = 0
    for a, b in zip(base_parts, to_parts):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base_parts) - common) + to_parts[common:])
    if to_dir:
        return rel + "/" if rel else "./"
    return rel or "."


def output_path(src_uri: str) -> str:
    """Where a source file lands in the built site (directory URLs): 'a/b.md' -> 'a/b/index.html'."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"
