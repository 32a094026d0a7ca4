"""Who may talk to the servers of `make edit` and `make serve`: this computer's pages, by name, and nobody else.

Both servers listen on 127.0.0.1, but a web page anywhere can still reach them through the browser: a page that
rebinds its own host name to 127.0.0.1 sends `Host: evil.example:8081`, and any page can post to 127.0.0.1 with
its own `Origin`. So the Host must name this computer and the port we listen on, and the local proxy also wants
the editor's own Origin (the site server's address). Every refusal is a line in the terminal.
"""
from __future__ import annotations

import sys
from typing import Callable, Iterable

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def local_hosts(port: int, bound: str = "127.0.0.1") -> frozenset[str]:
    """The Host headers that name this computer at `port` (and the address the server was bound to)."""
    names = {*LOOPBACK_NAMES, bound}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:
        hosts |= names
    return frozenset(h.lower() for h in hosts)


def local_origins(port: int) -> frozenset[str]:
    """The editor's own Origin: the site server of make edit, by either of its local names."""
    return frozenset(f"http://{name}:{port}" for name in LOOPBACK_NAMES)


def host_allowed(host: str | None, allowed: frozenset[str]) -> bool:
    return host is not None and host.strip().lower() in allowed


def refuse_line(server: str, why: str) -> None:
    print(f"{server}: en begäran vägrades (403): {why}", file=sys.stderr, flush=True)


def shown(value: str | None) -> str:
    return "saknas" if value is None else repr(value[:120])


def host_guard(app: Callable, allowed: frozenset[str], server: str = "Förhandsvisningen") -> Callable:
    """A WSGI application that answers only requests whose Host names this computer (MkDocs' serve)."""
    def guarded(environ: dict, start_response: Callable) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if host_allowed(host, allowed):
            return app(environ, start_response)
        refuse_line(server, f"Host {shown(host)} är inte den här datorn; öppna http://127.0.0.1:…/ i stället")
        start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
        return ["Förbjudet: bara den här datorns adresser (127.0.0.1, localhost) får användas.".encode()]
    return guarded
