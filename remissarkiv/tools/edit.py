"""`make edit`: the form editor on this computer.

The editor's local proxy (remissarkiv.editor.proxy, in this process) reads and writes the files in cases/, and
`mkdocs serve` shows the site with the editor at /admin/, rebuilding after each save. Both listen on 127.0.0.1
only, and both answer only requests whose Host names this computer (a page elsewhere could rebind its name to
127.0.0.1); the proxy answers only the editor's own page, and only for paths inside cases/.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from remissarkiv.editor import proxy as editor_proxy

HOST = "127.0.0.1"


class EditError(Exception):
    """The editor cannot start; the message is Swedish."""


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((HOST, port)) == 0


def _free(port: int) -> None:
    if _listening(port):
        raise EditError(f"porten {port} på {HOST} används redan: stäng det som kör där (kanske en tidigare "
                        "make edit eller make serve), eller välj en annan port")


def start_proxy(root: Path, port: int, site_port: int) -> editor_proxy.ProxyServer:
    try:
        return editor_proxy.start(root, port, site_port)
    except OSError as e:
        raise EditError(f"formulärredigerarens lokala proxy startade inte på port {port}: {e.strerror}") from None


def run(root: Path, port: int = 8000, proxy_port: int = 8081) -> int:
    """Both servers until Ctrl+C (or until `mkdocs serve` stops); then neither is left running."""
    _free(port)
    _free(proxy_port)
    # Stopped from outside (a terminal closed, a test ending): the servers stop too (`finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    proxy = start_proxy(root, proxy_port, port)
    env = {**os.environ, "REMISSARKIV_CMS_PROXY": str(proxy_port), "NO_MKDOCS_2_WARNING": "1"}
    print(f"Formulärredigeraren: http://{HOST}:{port}/admin/  (webbplatsen: http://{HOST}:{port}/)", flush=True)
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"{HOST}:{port}"],
                             cwd=root, env=env)
    try:
        return serve.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        proxy.shutdown()
        if serve.poll() is None:
            serve.terminate()
            try:
                serve.wait(10)
            except subprocess.TimeoutExpired:
                serve.kill()
