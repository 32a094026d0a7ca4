"""The form editor's local proxy (make edit) answers only the editor, on this computer, inside cases/.

A page elsewhere reaches 127.0.0.1 through the registrar's browser: by rebinding its own name (its requests then
carry `Host: evil.example:<port>`) or by posting from its own origin. Each such request, and every path that is
not a case file, referral record or attachment, must be refused with 403, a line in the terminal, and nothing
read or written. The Decap client's own requests still work (tests/test_cms_browser.py drives it in Chromium).
"""
from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
from pathlib import Path

import pytest

from remissarkiv.editor import guard, proxy

SITE_PORT = 8123  # the editor page's port: only its Origin may call the proxy
EDITOR = f"http://127.0.0.1:{SITE_PORT}"
OPTIONS = {"commitMessage": "m", "useWorkflow": False, "status": "", "collectionName": "remissvar"}
BOARDS = ("boards:\n  - {id: bromma, name: Bromma stadsdelsnämnd, kind: stadsdelsnämnd}\n"
          "  - {id: farsta, name: Farsta stadsdelsnämnd, kind: stadsdelsnämnd}\n")


def case_text(title: str = "Ett svar", board: str = "bromma", number: str = "KS 2024/1", extra: str = "") -> str:
    """A case file check accepts (the proxy checks a case before it writes it, issue 37)."""
    return (f"---\ntitle: {title}\nboard: {board}\nstatus: utkast\nreferral:\n  title: Motion om torget\n"
            f"  case_number: {number}\n  sender: Kommunstyrelsen\n{extra}---\nText\n")


CASE = case_text()


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "projekt"
    for folder in ("cases/2024/bromma-ks-2024-1", "cases/remisser", "docs", ".git", "overrides", "data"):
        (root / folder).mkdir(parents=True)
    files = {"cases/2024/bromma-ks-2024-1.md": CASE, "cases/2024/bromma-ks-2024-1/bilaga.txt": "bilaga",
             "cases/remisser/ks-2024-1.md": "---\ntitle: Remiss\n---\n", "docs/index.md": "# Start\n",
             "mkdocs.yml": "site_name: x\n", "hooks.py": "", ".git/config": "[core]\n\turl = secret\n",
             "data/boards.yml": BOARDS}
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    (tmp_path / "utanfor.txt").write_text("utanför projektet", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    srv = proxy.start(tmp_path_factory.mktemp("tom"), 0, SITE_PORT)
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server(running, root):
    running.folder = proxy.CaseFolder(root)  # one server for the module; each test its own project
    return running


def _snapshot(root: Path) -> dict[str, str]:
    """Every file below the project's parent (so a write that climbs out shows too), with its content's hash."""
    out = {}
    for path in sorted(root.parent.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(root.parent))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _call(server, body: object, *, host: str | None = None, origin: str | None = EDITOR, method: str = "POST",
          path: str = "/api/v1", content_type: str = "application/json") -> tuple[int, object]:
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Host": host or f"127.0.0.1:{port}", "Content-Type": content_type}
    if origin is not None:
        headers["Origin"] = origin
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    try:
        return response.status, json.loads(raw) if raw else None
    except ValueError:
        return response.status, raw


def _persist(path: str, raw: str = CASE, assets: list | None = None, new_path: str | None = None) -> dict:
    entry = {"slug": "x", "path": path, "raw": raw}
    if new_path is not None:
        entry["newPath"] = new_path
    return {"action": "persistEntry", "params": {"branch": "main", "dataFiles": [entry], "assets": assets or [],
                                                  "options": OPTIONS}}


def _asset(path: str, content: bytes = b"<?php system($_GET[c]);") -> dict:
    return {"path": path, "content": base64.b64encode(content).decode(), "encoding": "base64"}


# --- the caller: Host and Origin -----------------------------------------------------------------------------
FOREIGN = [
    ("evil.example:{port}", EDITOR),                       # DNS rebinding: the page's own name, our address
    ("evil.example", EDITOR),
    ("127.0.0.1.evil.example:{port}", EDITOR),
    ("localhost.:{port}", EDITOR),
    ("127.0.0.1:{port}", "http://evil.example"),           # a foreign page posting to us
    ("127.0.0.1:{port}", "http://127.0.0.1:9999"),         # another local page: not the editor
    ("127.0.0.1:{port}", "https://127.0.0.1:8123"),
    ("127.0.0.1:{port}", "null"),                          # a sandboxed frame or a file:// page
    ("127.0.0.1:{port}", None),                            # no Origin at all
    ("127.0.0.1:1", EDITOR),                               # our name, another port
    ("", EDITOR),
]


@pytest.mark.parametrize("host,origin", FOREIGN)
@pytest.mark.parametrize("request_body", ["info", "read", "write"])
def test_a_foreign_host_or_origin_is_refused_and_nothing_is_read_or_written(server, root, host, origin,
                                                                           request_body, capsys):
    port = server.server_address[1]
    body = {"info": {"action": "info"},
            "read": {"action": "getEntry", "params": {"branch": "main", "path": "cases/2024/bromma-ks-2024-1.md"}},
            "write": _persist("cases/2024/bromma-ks-2024-1.md", raw=case_text("Ändrad"))}[request_body]
    before = _snapshot(root)
    status, answer = _call(server, body, host=host.format(port=port) or " ", origin=origin)
    assert status == 403
    assert "bromma" not in json.dumps(answer, ensure_ascii=False)
    assert _snapshot(root) == before
    assert "Formulärredigerarens proxy: en begäran vägrades (403)" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
@pytest.mark.parametrize("origin", [EDITOR, f"http://localhost:{SITE_PORT}"])
def test_the_editor_on_this_computer_is_answered(server, host, origin):
    status, answer = _call(server, {"action": "info"}, host=host.format(port=server.server_address[1]),
                           origin=origin)
    assert status == 200 and answer["type"] == "local_fs"


def test_the_preflight_is_answered_for_the_editor_alone(server):
    status, _ = _call(server, b"", method="OPTIONS")
    assert status == 204
    assert _call(server, b"", method="OPTIONS", origin="http://evil.example")[0] == 403


@pytest.mark.parametrize("method,path,content_type", [
    ("POST", "/api/v1", "text/plain"),                     # a "simple" request, which needs no preflight
    ("POST", "/api/v1", "application/x-www-form-urlencoded"),
    ("POST", "/api/v1", "multipart/form-data; boundary=x"),
    ("POST", "/api/v2", "application/json"),
    ("POST", "/", "application/json"),
    ("GET", "/api/v1", "application/json"),
    ("PUT", "/api/v1", "application/json"),
    ("DELETE", "/api/v1", "application/json"),
])
def test_only_a_json_post_to_the_api_is_taken(server, root, method, path, content_type):
    before = _snapshot(root)
    status, _ = _call(server, _persist("cases/2024/ny.md"), method=method, path=path, content_type=content_type)
    assert status == 403
    assert _snapshot(root) == before


@pytest.mark.parametrize("body", [b"{", b"[1, 2]", b'"info"', b'{"action": "unpublishedEntries"}',
                                  b'{"action": "publishUnpublishedEntry", "params": {}}',
                                  b'{"action": "persistEntry", "params": "x"}', "{\"action\": \"info\"}\udcff".encode(
                                      "utf-8", "surrogatepass")])
def test_a_malformed_or_unknown_request_is_refused(server, root, body):
    before = _snapshot(root)
    assert _call(server, body)[0] == 403
    assert _snapshot(root) == before


# --- the paths -------------------------------------------------------------------------------------------------
OUTSIDE = ["docs/index.md", "docs/ny-sida.md", "mkdocs.yml", "hooks.py", ".git/config", ".git/hooks/post-commit",
           "overrides/main.html", "../utanfor.txt", "cases/../docs/index.md", "cases/../../utanfor.txt",
           "cases/2024/../../hooks.py", "/etc/passwd", str(Path("/tmp") / "x.md"), "cases\\..\\hooks.py",
           "cases/.git/config", "cases/2024/.dold.md", "./cases/2024/a.md", "cases//2024/a.md", "cases/./a.md",
           "Cases/2024/a.md", "casesx/a.md", "cases/länk/hooks.py", "cases/länk", "cases/2024/a.md\x00.txt", "",
           "x" * 5000]


@pytest.fixture
def linked(root):
    """cases/länk -> the project root: a path through it reads as inside cases/ until the link is followed."""
    os.symlink(root, root / "cases/länk")
    return root


@pytest.mark.parametrize("path", OUTSIDE + ["cases", "cases/2024", "cases/2024/bromma-ks-2024-1"])
@pytest.mark.parametrize("how", ["persistEntry", "newPath", "asset", "persistMedia", "deleteFile", "deleteFiles"])
def test_a_write_outside_cases_is_refused_and_nothing_is_written(server, linked, path, how, capsys):
    root = linked
    before = _snapshot(root)
    body = {"persistEntry": _persist(path),
            "newPath": _persist("cases/2024/bromma-ks-2024-1.md", new_path=path),
            "asset": _persist("cases/2024/ok.md", assets=[_asset("cases/2024/ok.txt"), _asset(path)]),
            "persistMedia": {"action": "persistMedia", "params": {"branch": "main", "asset": _asset(path),
                                                                  "options": {"commitMessage": "m"}}},
            "deleteFile": {"action": "deleteFile", "params": {"branch": "main", "path": path,
                                                              "options": {"commitMessage": "m"}}},
            "deleteFiles": {"action": "deleteFiles", "params": {
                "branch": "main", "paths": ["cases/2024/bromma-ks-2024-1/bilaga.txt", path],
                "options": {"commitMessage": "m"}}}}[how]
    status, _ = _call(server, body)
    assert status == 403
    assert _snapshot(root) == before  # not even the request's good half
    assert "vägrades (403)" in capsys.readouterr().err


@pytest.mark.parametrize("path", OUTSIDE)
@pytest.mark.parametrize("how", ["getEntry", "getMediaFile", "entriesByFiles", "entriesByFolder", "getMedia"])
def test_a_read_outside_cases_is_refused(server, linked, path, how):
    params = {"getEntry": {"path": path}, "getMediaFile": {"path": path},
              "entriesByFiles": {"files": [{"path": "cases/2024/bromma-ks-2024-1.md"}, {"path": path}]},
              "entriesByFolder": {"folder": path, "extension": "", "depth": 5},
              "getMedia": {"mediaFolder": path}}[how]
    status, answer = _call(server, {"action": how, "params": {"branch": "main", **params}})
    assert status == 403
    assert "secret" not in json.dumps(answer) and "site_name" not in json.dumps(answer)


def test_a_listing_of_cases_leaves_out_links_and_hidden_files(server, linked):
    (linked / "cases/.dold.md").write_text("dold", encoding="utf-8")
    status, answer = _call(server, {"action": "entriesByFolder",
                                    "params": {"branch": "main", "folder": "cases", "extension": "", "depth": 8}})
    assert status == 200
    assert sorted(e["file"]["path"] for e in answer) == [
        "cases/2024/bromma-ks-2024-1.md", "cases/2024/bromma-ks-2024-1/bilaga.txt", "cases/remisser/ks-2024-1.md"]


# --- what the editor does, still done ----------------------------------------------------------------------------
def test_the_editors_own_requests_read_and_write_case_files_and_attachments(server, root):
    status, entries = _call(server, {"action": "entriesByFolder", "params": {
        "branch": "main", "folder": "cases", "extension": "md", "depth": 3}})
    assert status == 200
    assert {e["file"]["path"] for e in entries} == {"cases/2024/bromma-ks-2024-1.md", "cases/remisser/ks-2024-1.md"}
    case = next(e for e in entries if e["file"]["path"] == "cases/2024/bromma-ks-2024-1.md")
    assert case["data"] == CASE and case["file"]["id"] == hashlib.sha256(CASE.encode()).hexdigest()

    new = case_text("Nytt svar åäö", "farsta", "KS 2025/2")
    assert _call(server, _persist("cases/2025/farsta-ks-2025-2.md", raw=new,
                                  assets=[_asset("cases/2025/farsta-ks-2025-2/karta.pdf", b"%PDF-1.4")]))[0] == 200
    assert (root / "cases/2025/farsta-ks-2025-2.md").read_text(encoding="utf-8") == new
    assert (root / "cases/2025/farsta-ks-2025-2/karta.pdf").read_bytes() == b"%PDF-1.4"
    status, media = _call(server, {"action": "getMedia", "params": {"branch": "main",
                                                                    "mediaFolder": "cases/2025/farsta-ks-2025-2"}})
    assert status == 200 and [m["name"] for m in media] == ["karta.pdf"]
    assert base64.b64decode(media[0]["content"]) == b"%PDF-1.4"
    assert _call(server, {"action": "deleteFile", "params": {
        "branch": "main", "path": "cases/2025/farsta-ks-2025-2/karta.pdf", "options": {"commitMessage": "m"}}})[0] \
        == 200
    assert not (root / "cases/2025/farsta-ks-2025-2/karta.pdf").exists()
    assert not list(root.rglob(".remissarkiv-*"))  # no temporary file left behind


def test_a_rename_onto_another_case_is_refused_before_anything_is_written(server, root):
    (root / "cases/2024/annat-ks-2024-9.md").write_text(CASE, encoding="utf-8")
    before = _snapshot(root)
    status, _ = _call(server, _persist("cases/2024/bromma-ks-2024-1.md", raw=case_text("Ändrad"),
                                       new_path="cases/2024/annat-ks-2024-9.md"))
    assert status == 403
    assert _snapshot(root) == before


def test_a_renamed_case_takes_its_own_attachments_and_nothing_of_its_years_other_cases(server, root):
    (root / "cases/2024/annat-ks-2024-9.md").write_text(CASE, encoding="utf-8")
    status, _ = _call(server, _persist("cases/2024/bromma-ks-2024-1.md", new_path="cases/2024/farsta-ks-2024-1.md"))
    assert status == 200
    assert (root / "cases/2024/farsta-ks-2024-1.md").is_file()
    assert (root / "cases/2024/farsta-ks-2024-1/bilaga.txt").is_file()
    assert (root / "cases/2024/annat-ks-2024-9.md").is_file()  # decap-server moved the whole folder
    assert not (root / "cases/2024/bromma-ks-2024-1.md").exists()


def test_the_site_servers_guard_answers_this_computer_only():
    seen = []

    def app(environ, start_response):
        seen.append(environ["HTTP_HOST"])
        start_response("200 OK", [])
        return [b"ok"]

    guarded = guard.host_guard(app, guard.local_hosts(8000))
    statuses = []
    for host in ["127.0.0.1:8000", "localhost:8000", "evil.example:8000", "127.0.0.1:8001", None, "127.0.0.1"]:
        environ = {"HTTP_HOST": host} if host is not None else {}
        guarded(environ, lambda status, headers: statuses.append(status.split()[0]))
    assert statuses == ["200", "200", "403", "403", "403", "403"]
    assert seen == ["127.0.0.1:8000", "localhost:8000"]


def test_nothing_of_decap_server_is_left_to_start():
    # The proxy is ours: decap-server (which wrote anywhere below the project and read a .env file) is gone.
    package = json.loads((Path(__file__).resolve().parent.parent / "package.json").read_text(encoding="utf-8"))
    assert "decap-server" not in package["devDependencies"]


# --- check's rules before a save (issue 37) ---------------------------------------------------------------------

@pytest.mark.parametrize("extra, words", [
    ("", "granskning"),                                              # publicerad without a review
    ("review: {by: Anna Granskare, date: 2025-10-02}\nwithdrawal: {date: 2025-10-01, reason: Fel}\n",
     "avpublicer"),                                                  # withdrawn before it was reviewed
])
def test_a_case_check_refuses_is_not_saved_and_the_form_gets_checks_message(server, root, extra, words):
    before = _snapshot(root)
    status_line = "avpublicerad" if "withdrawal" in extra else "publicerad"
    text = case_text("Publicerat svar", "farsta", "KS 2025/3", extra).replace("status: utkast",
                                                                              f"status: {status_line}")
    status, answer = _call(server, _persist("cases/2025/farsta-ks-2025-3.md", raw=text,
                                            assets=[_asset("cases/2025/farsta-ks-2025-3/karta.pdf", b"%PDF-1.4")]))
    assert status == 422 and "sparades inte" in answer["error"] and words in answer["error"].lower(), answer
    assert _snapshot(root) == before  # neither the case nor its new attachment was written
    assert _call(server, {"action": "info", "params": {"branch": "main"}})[0] == 200  # the editor still answers
    # the control: the same case as a draft is saved
    ok = case_text("Publicerat svar", "farsta", "KS 2025/3")
    assert _call(server, _persist("cases/2025/farsta-ks-2025-3.md", raw=ok))[0] == 200


# --- a save written into the file as it was (issue 37, point 5) ----------------------------------------------------

OLD = """---
# Bromma's answer (a comment the form never shows)
title: "Remissvar: Motion om torget"
board: bromma
status: utkast
referral:
  title: Motion om torget
  case_number: KS 2024/1   # the sender's number
  sender: Kommunstyrelsen
topics: [Trygghet, Stadsmiljö]
summary: null
---
Text
"""


def _form_text(**changes) -> str:
    """What Decap sends: the same data in its own order and style, without comments."""
    import yaml as pyyaml

    from remissarkiv.reading import frontmatter

    data = frontmatter.split(OLD).data
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return "---\n" + pyyaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\nText\n"


def test_one_changed_field_is_one_changed_line_and_comments_stay():
    from remissarkiv.editor import roundtrip

    out = roundtrip.merged(OLD, _form_text(board="farsta"))
    assert out == OLD.replace("board: bromma", "board: farsta")


def test_added_and_removed_fields_change_only_their_lines():
    from remissarkiv.editor import roundtrip

    out = roundtrip.merged(OLD, _form_text(handler="Karin Karlsson", topics=None))
    lines = out.splitlines()
    assert "handler: Karin Karlsson" in lines and not any(line.startswith("topics") for line in lines)
    assert "# Bromma's answer (a comment the form never shows)" in lines
    assert "  case_number: KS 2024/1   # the sender's number" in lines


def test_a_merge_that_would_not_read_back_as_the_form_sent_writes_the_forms_text(monkeypatch):
    from remissarkiv.editor import roundtrip

    sent = _form_text(board="farsta")
    monkeypatch.setattr(roundtrip, "_update", lambda old, new: old)  # a merge that loses the change
    assert roundtrip.merged(OLD, sent) == sent
    assert roundtrip.merged("not a case", sent) == sent


def test_a_full_removal_saved_in_the_form_leaves_no_text_no_list_and_no_file(server, root):
    """Issue 37, point 4: the case keeps no text and no attachment list, its files are deleted, and check
    accepts what is left."""
    folder = root / "cases/2024/bromma-ks-2024-1"
    (folder / "karta.pdf").write_bytes(b"%PDF-1.4 hemlig karta")
    text = case_text("Borttaget svar", extra=(
        "attachments:\n  - {title: Karta, file: karta.pdf}\n  - {title: Bilaga, file: bilaga.txt}\n"
        "review: {by: Anna Granskare, date: 2024-05-01}\n"
        "withdrawal: {date: 2024-10-01, reason: Begäran om radering., full: true}\n")).replace(
        "status: utkast", "status: avpublicerad").replace("Text\n", "Hemlig text som ska bort.\n")
    status, answer = _call(server, _persist("cases/2024/bromma-ks-2024-1.md", raw=text))
    assert status == 200, answer
    saved = (root / "cases/2024/bromma-ks-2024-1.md").read_text(encoding="utf-8")
    assert "Hemlig text" not in saved and "karta.pdf" not in saved and "attachments: []" in saved
    assert not folder.exists()
    from remissarkiv.editor import precheck

    assert precheck.problems(root, root / "cases/2024/bromma-ks-2024-1.md", saved) == []
