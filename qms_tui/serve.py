"""``qms serve``: the same app in a browser, for the meeting room's screen, with textual-serve.

Each browser tab that connects starts its own ``qms`` process (read-only unless ``--writable``) and
textual-serve relays its terminal output over a websocket. What this module adds to textual-serve's
``Server`` is what a server holding an agency's QMS needs:

- the address is checked before anything starts: a port in use or a host that does not resolve is one line
  and exit 1, never a traceback from inside the event loop;
- a request must name this machine (``Host``: an IP address, ``localhost``, this host's names or ``--host``)
  and a browser's websocket must come from a page of it (``Origin``), so a web page open in the same
  browser cannot read the QMS through ``localhost`` (cross-site websocket hijacking, DNS rebinding);
- the page points its websocket at the address the browser used, so an SSH tunnel on another local port
  (``ssh -L 9000:localhost:8000``) works.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import re
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
NETLOC = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
"""A ``Host`` as browsers send it: a name or an address, and a port; anything else is refused (it goes into
the page's links)."""


class ServeError(Exception):
    """The server cannot start on that address: one line on stderr, exit 1 (invalid input)."""

    exit_code = 1


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` resolves to is on this machine only (127.0.0.0/8, ::1)."""
    return all(ipaddress.ip_address(address).is_loopback for address in _addresses(host))


def _addresses(host: str) -> list[str]:
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"cannot serve on {host}: {getattr(exc, 'strerror', None) or exc}") from None
    return [str(info[4][0]).split("%", 1)[0] for info in found]


def check_port(host: str, port: int) -> None:
    """Refuse a port already in use (or not ours to take) before the server starts.

    Binds as the server will (``SO_REUSEADDR``, as asyncio does), on each address of ``host``, and lets go."""
    for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise ServeError(bind_problem(host, port, exc)) from None


def bind_problem(host: str, port: int, exc: OSError) -> str:
    """The line for an address the server cannot listen on."""
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use: stop what uses it or choose another with --port"
    if exc.errno == errno.EACCES:
        return f"port {port} on {host} is not allowed for this user: choose one above 1023 with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot serve on {host}: not an address of this machine"
    return f"cannot serve on {host}:{port}: {exc.strerror or exc}"


def allowed_hosts(host: str) -> frozenset[str]:
    """The names a request may give in ``Host`` besides any IP address: loopback, this machine, ``--host``."""
    names = {*LOOPBACK_NAMES, host.lower()}
    with contextlib.suppress(OSError):
        names.add(socket.gethostname().lower())
        names.add(socket.getfqdn().lower())
    return frozenset(names)


def host_allowed(netloc: str, allowed: frozenset[str]) -> bool:
    """Whether ``netloc`` (``host[:port]`` of a ``Host`` or ``Origin``) names this machine: an IP address or
    one of ``allowed``. A DNS name pointed at this machine by someone else (rebinding) is refused."""
    if not NETLOC.fullmatch(netloc):
        return False
    name = urlsplit(f"//{netloc}").hostname or ""
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name.rstrip(".").lower() in allowed


def make_server(command: str, host: str, port: int, *, banner: str) -> Any:
    """A textual-serve ``Server`` for ``command`` on ``host:port``, with the checks above; ``banner`` is
    printed once it listens. textual-serve is imported here, so no other ``qms`` command loads aiohttp."""
    from aiohttp import web
    from textual_serve.server import Server

    allowed = allowed_hosts(host)

    @web.middleware
    async def same_machine(request: web.Request, handler: Callable[[web.Request], Awaitable[Any]]) -> Any:
        if not host_allowed(request.host, allowed):
            raise web.HTTPForbidden(text="qms serve: unknown host name\n")
        origin = request.headers.get("Origin")
        if origin is not None and not host_allowed(urlsplit(origin).netloc, allowed):
            raise web.HTTPForbidden(text="qms serve: a page of another site may not open the QMS\n")
        return await handler(request)

    class QmsServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(same_machine)
            return app

        async def handle_index(self, request: web.Request) -> Any:
            self.public_url = f"{request.scheme}://{request.host}"  # the page's links: the address typed
            return await super().handle_index(request)

        async def on_startup(self, app: web.Application) -> None:
            self.console.print(banner, highlight=False, markup=False)

        def serve(self, debug: bool = False) -> None:
            try:
                super().serve(debug)
            finally:
                reap_apps()

    return QmsServer(command, host=host, port=port, title="qms-tui")


def reap_apps(limit: float = 5.0) -> None:
    """Wait, at most ``limit`` seconds, for the app processes that textual-serve started to end. It stops each
    one (``quit``) and reads its output to the end, but never waits for the process itself: a server stopped
    right after a browser left could exit before its shell did, leaving it a zombie in the process group
    until the system reaped it (a race that an app which starts and stops faster made visible)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no child left
        if pid == 0:
            time.sleep(0.02)
