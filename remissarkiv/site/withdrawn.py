"""A withdrawn case's address: a short notice instead of its page (what was withdrawn, when, why, whom to ask).

The notice keeps the address answering (no 404 for an old link or a bookmark) while nothing of the case's text,
attachments or facts stays on the site. After a full removal (`withdrawal.full`, e.g. after a request under
GDPR art. 17) the notice does not even name the case: only the day and the reason.
"""
from __future__ import annotations

from remissarkiv.archive.indexes import Archive
from remissarkiv.model import labels
from remissarkiv.model.swedish import long_date
from remissarkiv.reading.casedoc import CaseDoc
from remissarkiv.site import urls
from remissarkiv.site.pages import GeneratedPage, Html, _front_matter, _link, _page, e, heading


def title(doc: CaseDoc) -> str:
    return labels.REMOVED_TITLE if doc.case.withdrawal.full else labels.WITHDRAWN_TITLE


def _what(archive: Archive, doc: CaseDoc, url: str) -> str:
    c, day = doc.case, long_date(doc.case.withdrawal.date)
    if c.withdrawal.full:
        return f"<p>{e(labels.withdrawn_removed(day))}</p>"
    board = archive.boards.get(c.board)
    group = archive.referral_named(c.referral.case_number)
    referral = (_link(url, urls.referral(group.key), c.referral.case_number) if group else e(c.referral.case_number))
    return (f"<p>{e(labels.withdrawn_lead(day))}</p>\n<dl class=\"ra-facts\">"
            f"<dt>{labels.field('title')}</dt><dd>{e(c.title)}</dd>"
            f"<dt>{labels.field('board')}</dt><dd>{e(board.name if board else c.board)}</dd>"
            f"<dt>{labels.field('referral.case_number')}</dt><dd>{referral}</dd></dl>")


def _ask(publisher: str, email: str) -> str:
    if not (publisher or email):
        return ""
    who = e(publisher or email)
    mail = f' (<a href="mailto:{e(email)}">{e(email)}</a>)' if email and publisher else ""
    return f"<p>{labels.WITHDRAWN_ASK} {who}{mail}.</p>"


def notice(archive: Archive, doc: CaseDoc, publisher: str = "", email: str = "") -> GeneratedPage:
    url, w = urls.case(doc.id), doc.case.withdrawal
    block = (f'<div class="ra-withdrawn" role="note">{_what(archive, doc, url)}'
             f"<p><strong>{labels.field('withdrawal.reason')}:</strong> {e(w.reason)}</p>"
             f"{_ask(publisher, email)}<p>{e(labels.WITHDRAWN_COPY)}</p></div>")
    return _page(_front_matter(title(doc), w.reason, w.date.isoformat(), noindex=True), heading(title(doc)),
                 Html(block))


def notices(archive: Archive, publisher: str = "", email: str = "") -> dict[str, GeneratedPage]:
    """Source path -> notice, one per withdrawn case."""
    return {urls.source_path(urls.case(doc.id)): notice(archive, doc, publisher, email) for doc in archive.withdrawn}
