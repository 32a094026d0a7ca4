"""The form editor in Chromium against `make edit`'s own servers (remissarkiv edit: Decap's local proxy and
`mkdocs serve`, on 127.0.0.1) on a copy of the project: what staff do in the form ends as case files on disk
that `remissarkiv check` accepts and the site shows.

With REMISSARKIV_SKARMBILDER=1 (make screenshots) the staff guide's screenshots are written into docs/bilder/.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from remissarkiv.reading import personnummer
from remissarkiv.site import accessibility
import yaml

from tests.conftest import ROOT, make_project

AXE = ROOT / "node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
GUIDE_SHOTS = ROOT / "docs" / "bilder" / "formular"
SHOTS = ROOT / "test-artifacts" / "screenshots" / "formular"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_for(predicate, seconds: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not _holds(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"väntade förgäves: {what}")
        time.sleep(0.25)


def _holds(predicate) -> bool:
    """The predicate, where a file the proxy is still writing (empty, or cut short) reads as 'not yet'."""
    try:
        return bool(predicate())
    except (ValueError, KeyError, TypeError, yaml.YAMLError):
        return False


class Editor:
    def __init__(self, root: Path):
        self.root = root
        self.port, self.proxy_port = _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "remissarkiv", "--root", str(root), "edit", "--port", str(self.port),
             "--proxy-port", str(self.proxy_port)],
            cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        wait_for(lambda: _get(f"{self.url}/admin/")[0] == 200 or self.process.poll() is not None, 120,
                 "make edit startar")
        assert self.process.poll() is None, self.process.stdout.read()

    def stop(self) -> str:
        self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=30)
        return out

    def case(self, rel: str) -> tuple[dict, str]:
        _, front, body = (self.root / "cases" / rel).read_text(encoding="utf-8").split("---\n", 2)
        return yaml.safe_load(front), body

    def check(self, *paths: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "remissarkiv", "--root", str(self.root), "check", *paths],
                              cwd=self.root, capture_output=True, text=True)


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    server = Editor(make_project(tmp_path_factory.mktemp("redigera"), with_fixtures=False).root)
    yield server
    server.stop()
    # Both servers are gone with it: nothing keeps listening on 127.0.0.1.
    for port in (server.port, server.proxy_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, port


CSP_LOG = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  {directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber}));
"""


@pytest.fixture
def form(browser, editor):
    """A fresh browser context (no drafts kept from another test) that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.add_init_script(CSP_LOG)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.requests = requests
    yield page
    own = (f"{editor.url}/", f"http://127.0.0.1:{editor.proxy_port}/", "blob:", "data:")
    assert [u for u in requests if not u.startswith(own)] == [], "en begäran till en annan värd"
    violations = page.evaluate("window.__csp") if not page.is_closed() else []
    # mkdocs serve puts its live-reload script into every page it serves; the policy stops it (the published
    # page has no inline script: tests/test_cms.py). Anything else the policy stops is a fault.
    assert [v for v in violations if v["blocked"] != "inline"] == [], violations
    assert len([v for v in violations if v["blocked"] == "inline"]) <= 1
    context.close()


def open_editor(page, editor, where: str = "") -> None:
    page.goto(f"{editor.url}/admin/#/{where}")
    page.get_by_role("button", name="Logga in").click()
    page.locator("[id^='title-field-']").first.wait_for() if "/entries/" in where or where.endswith("/new") \
        else page.get_by_role("link", name="Remissvar").first.wait_for()


def field(page, name: str, n: int = 0):
    return page.locator(f"[id^='{name}-field-']").nth(n)


def choose(page, name: str, text: str, n: int = 0) -> None:
    field(page, name, n).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def publish(page) -> None:
    """Save (Decap's "Publish"): named for what it does here, the status field decides what is published."""
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_role("menuitem", name="Spara nu").click()


def write_body(page, text: str) -> None:
    page.locator("[data-slate-editor=true]").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def fill_new_case(page, number: str = "KS 2025/555", title: str = "Motion om fler parkbänkar",
                  sender: str = "Kommunstyrelsen") -> None:
    field(page, "title").fill(f"Remissvar: {title}")
    choose(page, "board", "Farsta")
    field(page, "date").fill("2025-10-01")
    field(page, "title", 1).fill(title)
    field(page, "case_number", 1).fill(number)
    if sender:
        field(page, "sender").fill(sender)
    choose(page, "position", "Tillstyrker")
    page.get_by_role("button", name="Lägg till undertecknare").click()
    field(page, "name").fill("Eva Ek")
    field(page, "role").fill("Stadsdelsdirektör")
    write_body(page, "Nämnden tillstyrker motionen. Fler bänkar behövs i Farsta centrum.")


def fill_review(page, who: str = "Anna Granskare", day: str = "2025-10-02") -> None:
    """The review record publishing needs: the third date field is the review's (after the case's and the
    decision's)."""
    field(page, "by").fill(who)
    field(page, "date", 2).fill(day)


def shot(page, name: str, showing=None) -> None:
    if showing is not None:
        showing.scroll_into_view_if_needed()
    for folder in [SHOTS] + ([GUIDE_SHOTS] if os.environ.get("REMISSARKIV_SKARMBILDER") else []):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"))


def page_shows(editor, url: str, *texts: str) -> bool:
    status, html = _get(f"{editor.url}/{url}")
    return status == 200 and all(t in html for t in texts)


def test_a_case_written_in_the_form_is_a_case_file_check_accepts_and_the_site_shows(form, editor):
    open_editor(form, editor, "collections/remissvar/new")
    shot(form, "1-nytt-remissvar")
    fill_new_case(form)
    fill_review(form)
    shot(form, "2-ifyllt-med-forhandsvisning")
    publish(form)
    # Named as `remissarkiv new` names it: the year of the document's date, the board, the referral's number.
    path = editor.root / "cases/2025/farsta-ks-2025-555.md"
    wait_for(path.exists, 30, path)
    front, body = editor.case("2025/farsta-ks-2025-555.md")
    assert front == {"title": "Remissvar: Motion om fler parkbänkar", "board": "farsta",
                     "date": dt.date(2025, 10, 1), "status": "publicerad",
                     "referral": {"title": "Motion om fler parkbänkar", "case_number": "KS 2025/555",
                                  "sender": "Kommunstyrelsen"},
                     "decision": {"position": "tillstyrker"},
                     "signatories": [{"name": "Eva Ek", "role": "Stadsdelsdirektör"}],
                     "review": {"by": "Anna Granskare", "date": dt.date(2025, 10, 2)}}
    assert body.strip() == "Nämnden tillstyrker motionen. Fler bänkar behövs i Farsta centrum."
    result = editor.check()
    assert result.returncode == 0 and "0 fel" in result.stdout, result.stdout + result.stderr
    wait_for(lambda: page_shows(editor, "remissvar/2025/farsta-ks-2025-555/", "Fler bänkar behövs",
                                "Tillstyrker", "Eva Ek"), 90, "sidan byggs")


def test_a_draft_saved_without_a_review_leaves_the_review_out_and_check_accepts_it(form, editor):
    """The review group is optional in the form (a draft has none): left empty, it is no group at all, not a
    review without a name (which check would refuse)."""
    open_editor(form, editor, "collections/utkast/new")
    fill_new_case(form, number="KS 2025/556", title="Motion om fler papperskorgar")
    publish(form)
    path = editor.root / "cases/2025/farsta-ks-2025-556.md"
    wait_for(path.exists, 30, path)
    # Issue 37: a saved draft is "saved", not "published" (the status field decides what is published)
    form.get_by_text("Remissvaret sparat").first.wait_for()
    assert form.get_by_role("button", name=re.compile("^Publicera")).count() == 0
    assert form.get_by_role("button", name=re.compile("^Sparat")).count() == 1
    front, _ = editor.case("2025/farsta-ks-2025-556.md")
    assert front["status"] == "utkast" and front.get("review") is None and front.get("withdrawal") is None, front
    result = editor.check(str(path))
    assert result.returncode == 0 and "0 fel" in result.stdout, result.stdout + result.stderr


def test_changing_an_existing_cases_position_in_the_form_changes_the_file_and_the_page(form, editor):
    before, body_before = editor.case("2019/bromma-ks-2019-1899.md")
    open_editor(form, editor, "collections/remissvar/entries/2019/bromma-ks-2019-1899")
    # The preview looks like the case page: the fact list with the site's labels and styles
    preview = form.frame_locator("#preview-pane")
    assert preview.locator("dl.ra-facts dt").first.inner_text() == "Nämnd"
    assert "Lämnar synpunkter" in preview.locator("dl.ra-facts").inner_text()
    choose(form, "position", "Avstyrker")
    assert "Avstyrker" in preview.locator("dl.ra-facts").inner_text()
    shot(form, "3-andra-stallningstagande")
    publish(form)
    wait_for(lambda: editor.case("2019/bromma-ks-2019-1899.md")[0]["decision"]["position"] == "avstyrker", 30)
    after, body_after = editor.case("2019/bromma-ks-2019-1899.md")
    before["decision"]["position"] = "avstyrker"
    assert after == before and body_after.strip() == body_before.strip()  # nothing else changed
    assert editor.check().returncode == 0
    wait_for(lambda: page_shows(editor, "remissvar/2019/bromma-ks-2019-1899/", "<dd>Avstyrker</dd>"), 90)


def test_an_uploaded_attachment_lands_in_the_cases_own_folder_and_in_its_list(form, editor, tmp_path):
    upload = tmp_path / "karta-over-banker.txt"
    upload.write_text("Karta över de nya parkbänkarna i Farsta centrum.\n", encoding="utf-8")
    open_editor(form, editor, "collections/remissvar/entries/2019/bromma-ks-2019-1899")
    form.get_by_role("button", name="Lägg till bilagor").click()
    field(form, "title", 3).fill("Karta över bänkarna")
    form.get_by_role("button", name="Välj en fil").click()
    form.locator("input[type=file]").set_input_files(str(upload))
    form.get_by_role("button", name="Välj markerad").click()
    shot(form, "4-bilaga")
    publish(form)
    stored = editor.root / "cases/2019/bromma-ks-2019-1899/karta-over-banker.txt"
    wait_for(stored.exists, 30, stored)
    assert stored.read_bytes() == upload.read_bytes()
    attachments = editor.case("2019/bromma-ks-2019-1899.md")[0]["attachments"]
    assert attachments[-1] == {"title": "Karta över bänkarna", "file": "karta-over-banker.txt"}
    assert editor.check().returncode == 0
    wait_for(lambda: page_shows(editor, "remissvar/2019/bromma-ks-2019-1899/", "Karta över bänkarna"), 90)


def _refused(form, editor, message: str, name: str = "") -> None:
    publish(form)
    said = form.get_by_text(message).first
    said.wait_for(timeout=10_000)
    if name:
        shot(form, name, said)
    assert not list((editor.root / "cases").rglob("*-ks-2025-9*.md"))


def test_an_invalid_case_number_cannot_be_saved_and_the_form_says_why(form, editor):
    open_editor(form, editor, "collections/remissvar/new")
    fill_new_case(form, number="KS 2025/901 (ny)")
    _refused(form, editor, "Remittentens diarienummer matchar inte mönstret: ett diarienummer har minst en siffra",
             "5-fel-diarienummer")


def test_a_missing_required_field_cannot_be_saved_and_the_form_says_why(form, editor):
    open_editor(form, editor, "collections/remissvar/new")
    fill_new_case(form, number="KS 2025/902", sender="")
    _refused(form, editor, "Remittent är obligatoriskt.")


IDENTITY_NUMBER = "811218-9876"  # the domain notes' test number (valid date and check digit)


def test_an_identity_number_in_the_text_is_stopped_and_the_form_says_so(form, editor):
    open_editor(form, editor, "collections/remissvar/new")
    fill_new_case(form, number="KS 2025/903")
    write_body(form, f" Sökanden har personnummer {IDENTITY_NUMBER}.")
    _refused(form, editor, "personnummer eller samordningsnummer (811218-****) i fältet ”Text”", "6-personnummer")
    # The same guard stops the file when it comes another way (Git): check and the build refuse it.
    path = editor.root / "cases/2025/farsta-ks-2025-903.md"
    path.write_text("---\ntitle: T\nboard: farsta\nstatus: publicerad\nreferral:\n  title: R\n"
                    "  case_number: KS 2025/903\n  sender: KS\nreview:\n  by: Provgranskare\n  date: 2024-06-01\n---\n"
                    f"Sökanden har personnummer {IDENTITY_NUMBER}.\n", encoding="utf-8")
    try:
        result = editor.check()
        assert result.returncode == 1 and "personnummer" in result.stdout and "811218-****" in result.stdout
    finally:
        path.unlink()


IDENTITY_CORPUS = [
    "811218-9876", "19811218-9876", "8112189876", "811218+9876", "811218 - 9876", "701063-2391", "811218–9876",
    "81121&#56;-9876", "8112<b>18</b>-9876", "81\u00ad1218-9876", "８１１２１８-９８７６", "*811218*-9876",
    "811218-\n9876", "Dnr 811218-9875", "08-508 08 508", "KS 2019/1899", "2019-12-18", "811318-9876",
    "0701234567", "070-1234567", "20811218-9876", "1234567890", "19000229-0000", "000229-0005", "811218-98761",
    "x811218-9876y", "811218/9876", "1.811218-9876", "tel 0812189876",
]


def test_the_forms_identity_number_check_finds_what_check_finds(form, editor):
    open_editor(form, editor)
    found = form.evaluate("texts => texts.map(t => window.remissarkivIdentityNumbers(t).length)", IDENTITY_CORPUS)
    expected = [len([h for h in personnummer.find(t) if not h.ambiguous]) for t in IDENTITY_CORPUS]
    assert found == expected
    assert sum(expected) >= 10 and expected.count(0) >= 8  # the corpus has both kinds


def test_no_request_leaves_the_computer_while_the_editor_loads_and_edits(form, editor):
    open_editor(form, editor, "collections/utkast/new")
    field(form, "title").fill("x")
    form.wait_for_timeout(500)
    hosts = {u.split("/")[2] for u in form.requests if "://" in u}
    assert hosts == {f"127.0.0.1:{editor.port}", f"127.0.0.1:{editor.proxy_port}"}, hosts


@pytest.mark.parametrize("width", [1280, 375])  # issue 37: on a phone too
@pytest.mark.parametrize("where", ["collections/remissvar", "collections/remissvar/new", "collections/remisser",
                                   "collections/remissvar/entries/2019/bromma-ks-2019-1899"])
def test_axe_on_the_admin_page_finds_only_what_the_cms_itself_brings(browser, editor, where, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE", bypass_csp=True)
    page = context.new_page()
    try:
        open_editor(page, editor, where)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                   TAGS)["violations"]
        found = {v["id"]: [str(n["target"]) for n in v["nodes"][:3]] for v in violations}
        print(f"axe, {where}, {width} px: {found}")
        # Decap's own faults are listed in the statement (accessibility.CMS_VIOLATIONS); anything else is ours.
        assert set(found) - set(accessibility.CMS_VIOLATIONS) == set(), found
    finally:
        context.close()


IMPORTED = """---
title: "Remissvar: Motion om fler cykelställ"
board: farsta
case_number: null
document_type: tjänsteutlåtande
date: 2025-09-01
status: utkast
referral:
  title: Motion om fler cykelställ
  case_number: KS 2025/560
  sender: Kommunstyrelsen
decision:
  position: tillstyrker
import:
  source: farsta-cykelstall.pdf
  sha256: 9c1f0c8e3b7a4d2f9c1f0c8e3b7a4d2f9c1f0c8e3b7a4d2f9c1f0c8e3b7a4d2f
  ocr: true
  date: 2025-09-03
  check: ["Osäkra uppgifter: date"]
  fields:
    - {field: date, where: "s. 1, rad 4", how: ensam rad, certainty: osäker}
    - {field: referral.case_number, where: rubriken, how: rubriken, certainty: trolig}
---

Nämnden tillstyrker motionen.
"""


def test_the_import_record_is_shown_read_only_and_saved_as_it_was(form, editor):
    """Issue 36: the importer's record is a read-only table in the form; a save of the case keeps it unchanged."""
    path = editor.root / "cases/2025/farsta-ks-2025-560.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(IMPORTED, encoding="utf-8")
    before, _ = editor.case("2025/farsta-ks-2025-560.md")
    open_editor(form, editor, "collections/utkast/entries/2025/farsta-ks-2025-560")
    record = form.locator(".ra-readonly")
    record.wait_for()
    text = record.inner_text()
    assert "farsta-cykelstall.pdf" in text and "Osäkra uppgifter: date" in text and "s. 1, rad 4" in text
    assert record.locator("th[scope=col]").all_inner_texts()[:4] == ["Uppgift", "Var den stod", "Hur den lästes",
                                                                    "Säkerhet"]
    assert record.locator("input, textarea, select").count() == 0  # nothing in it can be edited
    choose(form, "position", "Avstyrker")
    publish(form)
    wait_for(lambda: editor.case("2025/farsta-ks-2025-560.md")[0]["decision"]["position"] == "avstyrker", 30)
    after, _ = editor.case("2025/farsta-ks-2025-560.md")
    assert after["import"] == before["import"]
    result = editor.check(str(path))
    assert result.returncode == 0 and "0 fel" in result.stdout, result.stdout + result.stderr


def test_a_case_check_refuses_is_not_saved_and_the_form_says_why_in_swedish(form, editor):
    """Issue 37: publishing without a review used to be saved, then stopped the build and the editor. Now the
    proxy applies check's rules first: nothing is written, the form shows check's message, and it still answers."""
    open_editor(form, editor, "collections/remissvar/new")
    fill_new_case(form, number="KS 2025/570", title="Motion om fler bänkar vid vattnet")
    publish(form)  # no review: check refuses a published case without one
    message = form.get_by_text("Kunde inte spara", exact=False).first
    message.wait_for(timeout=20_000)
    assert "granskning" in message.inner_text().lower()
    path = editor.root / "cases/2025/farsta-ks-2025-570.md"
    assert not path.exists()
    fill_review(form)  # the way back: the entry is still open with everything filled in
    publish(form)
    wait_for(path.exists, 30, path)
    result = editor.check(str(path))
    assert result.returncode == 0 and "0 fel" in result.stdout, result.stdout + result.stderr


def test_a_case_broken_outside_the_form_never_stops_the_editor_or_the_site(form, editor):
    """Issue 37: a hand-edited case that the build refuses makes the rebuild fail; the site keeps serving the
    last good build, /admin/ and the proxy keep answering, and the form opens the other cases."""
    path = editor.root / "cases/2025/farsta-ks-2025-580.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: Trasig\nboard: finns-inte\nstatus: publicerad\n---\nText\n", encoding="utf-8")
    try:
        time.sleep(6)  # the server notices the change and tries to rebuild
        for url in ("admin/", "remissvar/2019/bromma-ks-2019-1899/", ""):
            status, _ = _get(f"{editor.url}/{url}")
            assert status == 200, url
        open_editor(form, editor, "collections/remissvar/entries/2019/bromma-ks-2019-1899")
        assert field(form, "title").input_value().startswith("Remissvar")
    finally:
        path.unlink()


def test_changing_one_field_in_the_form_changes_one_line_of_the_file(form, editor):
    """Issue 37: the form's save is written into the file as it was – comments, key order, quoting and wrapping
    stay – so the reviewer's diff shows the one change."""
    path = editor.root / "cases/2019/bromma-ks-2019-1899.md"
    before = path.read_text(encoding="utf-8")
    old_line = next(line for line in before.splitlines() if line.strip().startswith("position:"))
    open_editor(form, editor, "collections/remissvar/entries/2019/bromma-ks-2019-1899")
    choose(form, "position", "Delvis")
    publish(form)
    wait_for(lambda: "position: delvis" in path.read_text(encoding="utf-8"), 30)
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [f"-{old_line}", f"+{old_line.split(':')[0]}: delvis"], changed
    assert before.count("\n#") == after.count("\n#") > 3  # every comment kept
    path.write_text(before, encoding="utf-8")  # the other tests see the case as it was


@pytest.fixture
def phone(browser, editor):
    """The editor on a phone: 375 px wide, touch, Swedish."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="sv-SE", has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def _no_panning(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"sidan är {width} px bred på en 375 px skärm"
    box = page.get_by_role("button", name=re.compile("^Spara")).first.bounding_box()  # "Spara", then "Sparat"
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375


def test_a_registrar_writes_and_saves_a_case_on_a_phone_without_panning(phone, editor):
    """Issue 37: at 375 px the editor was 801 px wide and the save button off-screen."""
    started = time.monotonic()
    open_editor(phone, editor, "collections/remissvar/new")
    _no_panning(phone)
    fill_new_case(phone, number="KS 2025/590", title="Motion om fler lekplatser")
    fill_review(phone)
    _no_panning(phone)
    publish(phone)
    path = editor.root / "cases/2025/farsta-ks-2025-590.md"
    wait_for(path.exists, 30, path)
    _no_panning(phone)
    result = editor.check(str(path))
    assert result.returncode == 0 and "0 fel" in result.stdout, result.stdout + result.stderr
    print(f"\nregistratorns uppgift på 375 px: {time.monotonic() - started:.1f} s")
