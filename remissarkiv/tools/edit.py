"""`make edit`: the form editor on this computer.

Decap's local proxy (decap-server, pinned by package-lock.json) reads and writes the case files on disk, and
`mkdocs serve` shows the site with the editor at /admin/, rebuilding after each save. Both listen on 127.0.0.1
only: the proxy writes whatever it is asked to below the project, so no other computer may reach it (and it
answers only pages of 127.0.0.1 or localhost, decap-server's default ORIGIN).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from remissarkiv.site import vendor

PROXY = "decap-server/dist/index.js"
HOST = "127.0.0.1"


class EditError(Exception):
    """The editor cannot start; the message is Swedish."""


def proxy_command(root: Path) -> list[str]:
    node = shutil.which("node")
    if node is None:
        raise EditError("Node.js saknas: kör make install (den installerar nodejs och formulärredigeraren)")
    found = vendor.find(root, PROXY)
    if found is not None:
        return [node, str(found)]
    raise EditError("Formulärredigerarens lokala proxy (decap-server) saknas i node_modules: kör make install")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((HOST, port)) == 0


def _free(port: int) -> None:
    if _listening(port):
        raise EditError(f"porten {port} på {HOST} används redan: stäng det som kör där (kanske en tidigare "
                        "make edit eller make serve), eller välj en annan port")


def start_proxy(root: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(root.resolve()), "BIND_HOST": HOST, "PORT": str(port),
           "MODE": "fs", "LOG_LEVEL": "warn"}
    proxy = subprocess.Popen(proxy_command(root), cwd=root, env=env)
    deadline = time.monotonic() + 30
    while not _listening(port):
        if proxy.poll() is not None or time.monotonic() > deadline:
            proxy.kill()
            raise EditError("formulärredigerarens lokala proxy startade inte: se meddelandena ovan")
        time.sleep(0.1)
    return proxy


def run(root: Path, port: int = 8000, proxy_port: int = 8081) -> int:
    """Both servers until Ctrl+C (or until `mkdocs serve` stops); then neither is left running."""
    _free(port)
    _free(proxy_port)
    # Stopped from outside (a terminal closed, a test ending): the servers stop too (`finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    proxy = start_proxy(root, proxy_port)
    env = {**os.environ, "REMISSARKIV_CMS_PROXY": str(proxy_port)}
    print(f"Formulärredigeraren: http://{HOST}:{port}/admin/  (webbplatsen: http://{HOST}:{port}/)", flush=True)
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"{HOST}:{port}"],
                             cwd=root, env=env)
    try:
        return serve.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (serve, proxy):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
