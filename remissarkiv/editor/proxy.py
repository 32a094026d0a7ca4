"""The form editor's local proxy (make edit): Decap CMS's file-system API, answering only the editor, only in cases/.

It replaces decap-server, which answered any Host and wrote any file below the project: through it a page
that rebinds its name to 127.0.0.1 could read `.git/config`, or write a page into docs/ whose macros then run a
command at the next rebuild. Here every request must
- name this computer and our port in `Host` (guard.local_hosts),
- come from the editor's own page (`Origin` of the site server, guard.local_origins),
- be a JSON POST to /api/v1 of one of the actions Decap's local backend uses,
- and name only paths inside cases/ (case files, referral records and their attachments), with no hidden part
  and nothing that climbs out, through `..` or through a link.
Anything else gets 403, a line in the terminal, and nothing is read or written.

The answers are shaped as decap-server's (entries with the file's sha-256 as id, media as base64), so Decap's
own client needs no change. Files are written whole (a temporary file renamed into place): the rebuild that
the save starts never reads half a file.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import sys
import tempfile
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath

from remissarkiv.editor import guard, precheck, removal, roundtrip

API = "/api/v1"
CASES = "cases"
MAX_BODY = 50 * 1024 * 1024  # decap-server's own limit: an attachment travels as base64 inside the JSON
MAX_PATH = 400
MAX_DEPTH = 8
NAME = "Formulärredigerarens proxy"
# Decap's local backend in "simple" publish mode uses these; its editorial-workflow actions need Git.
ACTIONS = frozenset({"info", "entriesByFolder", "entriesByFiles", "getEntry", "persistEntry", "getMedia",
                     "getMediaFile", "persistMedia", "deleteFile", "deleteFiles", "getDeployPreview"})


class Refused(Exception):
    """A request the proxy will not carry out: 403 and the Swedish reason in the terminal."""


class NotSaved(Exception):
    """A case check refuses: nothing is written, and the form shows check's Swedish message."""


class Failed(Exception):
    """A request the proxy could not carry out (a file missing, a disk error): 500, reason in the terminal."""


class CaseFolder:
    """The one folder the editor may touch: cases/ below the project, with its real path fixed at start."""

    def __init__(self, root: Path):
        self.root = Path(os.path.realpath(root))
        self.cases = self.root / CASES

    def resolve(self, raw: object) -> Path:
        """The file a path from the editor names, or Refused: relative, slash-separated, starting with cases/,
        no empty, `.`/`..` or hidden part, and after links are followed still inside cases/."""
        if not isinstance(raw, str) or not raw:
            raise Refused("sökvägen saknas eller är inte text")
        if len(raw) > MAX_PATH or "\\" in raw or "\x00" in raw or raw.startswith("/"):
            raise Refused(f"sökvägen {raw[:80]!r} går inte att använda: skriv en relativ sökväg i {CASES}/")
        parts = raw.rstrip("/").split("/")
        if parts[0] != CASES or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
            raise Refused(f"sökvägen {raw[:80]!r} ligger utanför {CASES}/: formuläret får bara ändra ärendenas "
                          "filer och deras bilagor")
        real = Path(os.path.realpath(self.root.joinpath(*parts)))
        if real != self.cases and self.cases not in real.parents:
            raise Refused(f"sökvägen {raw[:80]!r} leder ut ur {CASES}/ genom en länk")
        return real

    def writable(self, raw: object) -> Path:
        """A file the editor may write or delete: inside cases/ (resolve) and not a folder."""
        path = self.resolve(raw)
        if path.is_dir():
            raise Refused(f"sökvägen {str(raw)[:80]!r} är en mapp: formuläret skriver bara filer")
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


# --- reading and writing --------------------------------------------------------------------------------------
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _entry(folder: CaseFolder, raw: object, label: object = None) -> dict:
    path = folder.resolve(raw)
    shown = {"path": raw, "label": label} if label is not None else {"path": raw}
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError:
        data = None
    if data is None:
        return {"data": None, "file": {**shown, "id": None}}
    return {"data": data.decode("utf-8", errors="replace"), "file": {**shown, "id": _sha256(data)}}


def _media(folder: CaseFolder, raw: object) -> dict:
    path = folder.resolve(raw)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise Failed(f"filen {raw!r} går inte att läsa ({e.strerror})") from None
    return {"id": _sha256(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
            "path": raw, "name": PurePosixPath(str(raw)).name}


def _listing(folder: CaseFolder, raw: object, extension: str, depth: int) -> list[str]:
    """Files below a folder in cases/, `depth` levels down, ending with `extension`; links and hidden files are
    left out (a link could lead out of cases/, and check refuses both anyway)."""
    start = folder.resolve(raw)
    found: list[str] = []

    def walk(directory: Path, level: int) -> None:
        if level <= 0:
            return
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if entry.is_dir():
                walk(Path(entry.path), level - 1)
            elif entry.is_file() and entry.name.endswith(extension):
                found.append(folder.relative(Path(entry.path)))

    walk(start, min(int(depth), MAX_DEPTH))
    return found


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".remissarkiv-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _decoded(asset: dict) -> bytes:
    if asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise Refused("en bilaga måste komma som base64")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (binascii.Error, ValueError):
        raise Refused("en bilaga är inte giltig base64") from None


def _move(source: Path, target: Path) -> None:
    """A renamed entry: its file, and its own attachment folder beside it (cases/<year>/<name>/), if any.
    decap-server moved every file of the source's folder, which for a case is the whole year. A target that
    exists was refused by check_paths before anything was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    own, new_own = source.with_suffix(""), target.with_suffix("")
    if own.is_dir() and not own.is_symlink() and not new_own.exists():
        os.replace(own, new_own)


# --- the actions ----------------------------------------------------------------------------------------------
def _params(body: dict) -> dict:
    params = body.get("params", {})
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise Refused("params måste vara ett objekt")
    return params


def _list_of_dicts(value: object, what: str) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Refused(f"{what} måste vara en lista av objekt")
    return value


def check_paths(folder: CaseFolder, action: str, params: dict) -> None:
    """Every path a request names, checked before anything is read or written: one bad path refuses it all."""
    paths: list[object] = []
    writes: list[object] = []  # files written, moved or deleted: never a folder
    if action == "entriesByFolder":
        paths.append(params.get("folder"))
    elif action == "entriesByFiles":
        paths += [f.get("path") for f in _list_of_dicts(params.get("files"), "files")]
    elif action in ("getEntry", "getMediaFile"):
        paths.append(params.get("path"))
    elif action == "deleteFile":
        writes.append(params.get("path"))
    elif action == "getMedia":
        paths.append(params.get("mediaFolder"))
    elif action == "persistMedia":
        asset = params.get("asset")
        writes.append(asset.get("path") if isinstance(asset, dict) else None)
    elif action == "deleteFiles":
        listed = params.get("paths")
        if not isinstance(listed, list) or not listed:
            raise Refused("paths måste vara en lista av sökvägar")
        writes += listed
    elif action == "persistEntry":
        files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else None)
        for f in _list_of_dicts(files, "dataFiles"):
            writes.append(f.get("path"))
            if f.get("newPath") is not None:
                writes.append(f.get("newPath"))
                if f.get("newPath") != f.get("path") and folder.resolve(f.get("newPath")).exists():
                    raise Refused(f"{str(f.get('newPath'))[:80]!r} finns redan: välj ett annat diarienummer "
                                  "eller en annan nämnd")
        writes += [a.get("path") for a in _list_of_dicts(params.get("assets", []), "assets")]
    for raw in paths:
        folder.resolve(raw)
    for raw in writes:
        folder.writable(raw)


def answer(folder: CaseFolder, action: str, params: dict) -> object:
    if action == "info":
        return {"repo": folder.root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "getDeployPreview":
        return None
    if action == "entriesByFolder":
        depth = params.get("depth", 1)
        extension = params.get("extension", "")
        if not isinstance(depth, int) or not isinstance(extension, str):
            raise Refused("depth och extension har fel slag")
        return [_entry(folder, p) for p in _listing(folder, params["folder"], extension, depth)]
    if action == "entriesByFiles":
        return [_entry(folder, f["path"], f.get("label")) for f in params["files"]]
    if action == "getEntry":
        return _entry(folder, params["path"])
    if action == "getMedia":
        return [_media(folder, p) for p in _listing(folder, params["mediaFolder"], "", 1)]
    if action == "getMediaFile":
        return _media(folder, params["path"])
    if action == "persistMedia":
        asset = params["asset"]
        _write(folder.resolve(asset["path"]), _decoded(asset))
        return _media(folder, asset["path"])
    if action in ("deleteFile", "deleteFiles"):
        listed = [params["path"]] if action == "deleteFile" else params["paths"]
        for raw in listed:
            path = folder.resolve(raw)
            if path.is_file():
                path.unlink()
        return {"message": f"deleted {len(listed)} file(s)"}
    if action == "persistEntry":
        return _persist(folder, params)
    raise Refused(f"åtgärden {action!r} finns inte här")


def _persist(folder: CaseFolder, params: dict) -> dict:
    files = params.get("dataFiles") or [params["entry"]]
    writes = []
    for f in files:
        if not isinstance(f.get("raw"), str):
            raise Refused("ett ärendes text saknas")
        path = folder.resolve(f["path"])
        raw = f["raw"]
        full = path.suffix == ".md" and removal.is_full(raw)
        if full:
            raw = removal.emptied(raw)  # a full removal keeps no text and no attachment list
        if path.suffix == ".md" and path.is_file():
            # the change written into the file as it was: comments, order and style kept, a one-line diff
            try:
                raw = roundtrip.merged(path.read_text(encoding="utf-8"), raw)
            except (OSError, UnicodeDecodeError):
                pass
        writes.append((path, raw.encode("utf-8"), f, full))
    assets = [(folder.resolve(a["path"]), _decoded(a)) for a in params.get("assets", [])]
    new_assets = [path for path, _ in assets if not path.exists()]
    for path, data in assets:  # first: the case's check looks for its attachments
        _write(path, data)
    for path, data, f, full in writes:
        # check's rules before the file is written: a case the build would refuse is never saved
        target = folder.resolve(f["newPath"]) if f.get("newPath") else path
        found = precheck.problems(folder.root, target, data.decode("utf-8"), ignore_files=full)
        if found:
            for added in new_assets:
                added.unlink(missing_ok=True)
            raise NotSaved(precheck.message(found))
    for path, data, _, full in writes:
        _write(path, data)
        if full:
            gone = removal.remove(path)
            if gone:
                print(f"{NAME}: fullständig borttagning: {len(gone)} bilagefiler togs bort ({', '.join(gone[:5])})",
                      file=sys.stderr, flush=True)
    if all(f.get("newPath") for f in files):
        for f in files:
            _move(folder.resolve(f["path"]), folder.resolve(f["newPath"]))
    return {"message": "entry persisted"}


# --- HTTP -----------------------------------------------------------------------------------------------------
class Handler(BaseHTTPRequestHandler):
    server: "ProxyServer"
    protocol_version = "HTTP/1.1"
    server_version = "remissarkiv-proxy"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # one line per refusal or failure instead (guard.refuse_line); a save is no news

    def _send(self, status: int, payload: object, origin: str | None = None) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, why: str) -> None:
        guard.refuse_line(NAME, why)
        self.close_connection = True
        self._send(HTTPStatus.FORBIDDEN, {"error": why})

    def _caller(self) -> str | None:
        """The request's Origin when Host and Origin are ours; else refused here, and None."""
        host, origin = self.headers.get("Host"), self.headers.get("Origin")
        if not guard.host_allowed(host, self.server.hosts):
            self._refuse(f"Host {guard.shown(host)} är inte den här datorn")
            return None
        if origin not in self.server.origins:
            self._refuse(f"Origin {guard.shown(origin)} är inte formulärredigeraren")
            return None
        return origin

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's name
        origin = self._caller()
        if origin is None:
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802
        origin = self._caller()
        if origin is None:
            return
        if self.path != API:
            return self._refuse(f"adressen {self.path[:80]!r} finns inte här (bara {API})")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media != "application/json":
            return self._refuse(f"innehållet måste vara JSON, inte {media or 'okänt'}")
        try:
            length = int(self.headers.get("Content-Length") or "-1")
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            return self._refuse(f"begäran måste ange sin längd och vara högst {MAX_BODY // 2**20} MB")
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            return self._refuse("innehållet är inte giltig JSON")
        if not isinstance(body, dict) or body.get("action") not in ACTIONS:
            action = body.get("action") if isinstance(body, dict) else None
            return self._refuse(f"åtgärden {str(action)[:60]!r} är inte tillåten")
        try:
            params = _params(body)
            check_paths(self.server.folder, body["action"], params)
            with self.server.lock:
                result = answer(self.server.folder, body["action"], params)
        except Refused as e:
            return self._refuse(str(e))
        except NotSaved as e:
            print(f"{NAME}: sparades inte: {str(e).splitlines()[1] if len(str(e).splitlines()) > 1 else e}",
                  file=sys.stderr, flush=True)
            return self._send(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(e)}, origin)
        except (Failed, OSError, KeyError, TypeError, AttributeError) as e:
            why = str(e) if isinstance(e, Failed) else f"{type(e).__name__}: {e}"
            print(f"{NAME}: {body['action']} misslyckades: {why}", file=sys.stderr, flush=True)
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": why}, origin)
        self._send(HTTPStatus.OK, result, origin)

    def _other(self) -> None:
        self._refuse(f"metoden {self.command} används inte här")

    do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = _other  # noqa: N815


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int, site_port: int, host: str = "127.0.0.1"):
        self.folder = CaseFolder(root)
        self.lock = threading.Lock()  # one change at a time: a save and a listing never cross
        super().__init__((host, port), Handler)
        self.hosts = guard.local_hosts(self.server_address[1], host)
        self.origins = guard.local_origins(site_port)


def start(root: Path, port: int, site_port: int) -> ProxyServer:
    """The proxy, answering in a thread of its own until shutdown()."""
    server = ProxyServer(root, port, site_port)
    threading.Thread(target=server.serve_forever, name="proxy", daemon=True).start()
    return server
