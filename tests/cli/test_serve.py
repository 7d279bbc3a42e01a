"""``qms serve``: the app in a browser through textual-serve, driven end to end over HTTP and its websocket.

No browser is installed here, so the test does what the page's JavaScript does: GET the page, open the
websocket it names, send the terminal's size, and read the ``qms`` output the server relays (binary frames
of terminal output). The overview's figures must be in it. The server runs as a real process on a free
port and is stopped in a ``finally``, with every app process it started.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from qms_tui.serve import host_allowed, is_loopback

ANSI = re.compile(r"\x1b(?:\[[0-9;?$]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen, limit: float = 20.0) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"qms serve ended with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("qms serve did not listen")


@pytest.fixture
def served(demo_db: Path, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """``qms serve`` on the demo, on a free port: its port and the file its output goes to."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "qms_tui", "serve", "--db", str(demo_db), "--port", str(port)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_listening(port, process)
        yield port, log
        process.send_signal(signal.SIGINT)  # Ctrl+C, as a person stops it
        assert process.wait(timeout=15) == 0, log.read_text()
        time.sleep(0.2)
        with pytest.raises(ProcessLookupError):  # no app process left behind
            os.killpg(process.pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


async def read_screen(url: str, until: tuple[str, ...], limit: float = 30.0) -> str:
    """What the served app draws on an 80×24 terminal, escape sequences taken out, once ``until`` is all in."""
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        await ws.send_str(json.dumps(["resize", {"width": 80, "height": 24}]))
        await ws.send_str(json.dumps(["ping", "p1"]))
        raw, pong, end = b"", False, time.monotonic() + limit
        while time.monotonic() < end:
            try:
                message = await ws.receive(timeout=1)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                raw += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                pong = pong or json.loads(message.data) == ["pong", "p1"]
            else:
                break
            text = ANSI.sub("", raw.decode("utf-8", "replace"))
            if pong and all(part in text for part in until):
                return text
        raise AssertionError(f"not seen {until} (pong: {pong}) in {ANSI.sub('', raw.decode('utf-8', 'replace'))!r}")


@pytest.mark.slow
def test_the_browser_view_shows_the_overview_read_only(served: tuple[int, Path]):
    port, log = served

    async def browse() -> tuple[str, str]:
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/") as page:
            assert page.status == 200
            html = await page.text()
        found = re.search(r'"(ws://[^"]+/ws)"', html)
        assert found, html
        return found.group(1), await read_screen(found.group(1), ("mới 454", "84,1%", "CHỈ ĐỌC"))

    url, screen = asyncio.run(browse())
    assert url == f"ws://127.0.0.1:{port}/ws"  # the address the browser used
    assert "578 = 439 + 113 + 26" in screen
    assert "Kỳ 01/01/2024–01/09/2024" in screen
    assert "READ-ONLY" not in screen  # in Vietnamese, as the app's language says
    assert f"http://127.0.0.1:{port}" in log.read_text()


def test_a_page_of_another_site_or_another_host_name_is_refused(served: tuple[int, Path]):
    port, _ = served

    async def attempts() -> list[int]:
        base = f"http://127.0.0.1:{port}"
        statuses = []
        async with aiohttp.ClientSession() as session:
            for headers in ({"Host": "evil.example"}, {"Host": f"localhost:{port}"}):
                async with session.get(f"{base}/", headers=headers) as response:
                    statuses.append(response.status)
            try:
                async with session.ws_connect(f"{base}/ws", headers={"Origin": "http://evil.example"}):
                    statuses.append(101)
            except aiohttp.WSServerHandshakeError as exc:
                statuses.append(exc.status)
        return statuses

    assert asyncio.run(attempts()) == [403, 200, 403]


def test_a_missing_or_damaged_store_is_refused_before_the_server_starts(qms, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "en")  # the English words are pinned
    missing = qms("serve", "--db", tmp_path / "none.json", "--port", free_port())
    assert (missing.code, missing.err.count("\n")) == (2, 1) and missing.err.startswith("qms: no store at ")
    damaged = tmp_path / "bad.json"
    damaged.write_text("{", encoding="utf-8")
    run = qms("serve", "--db", damaged, "--port", free_port())
    assert run.code == 2 and "is corrupt" in run.err and run.err.count("\n") == 1


def test_a_port_in_use_is_one_line_and_a_public_address_warns(qms, demo_db: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = qms("serve", "--db", demo_db, "--port", port, "--lang", "en")
        assert (run.code, run.out) == (1, "")
        assert run.err == f"qms: port {port} on 127.0.0.1 is already in use: stop what uses it or choose another " \
                          "with --port\n"
        public = qms("serve", "--db", demo_db, "--host", "0.0.0.0", "--port", port, "--lang", "en")
    assert public.code == 1
    warning, error = public.err.splitlines()
    assert warning == "warning: 0.0.0.0 is not a loopback address: anyone who can reach it sees the QMS"
    assert error.startswith(f"qms: port {port} on 0.0.0.0 is already in use")
    unknown = qms("serve", "--db", demo_db, "--host", "no-such-host.invalid", "--port", port)
    assert unknown.code == 1 and unknown.err.startswith("qms: cannot serve on no-such-host.invalid: ")


def test_loopback_and_allowed_host_names():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0")
    allowed = frozenset({"localhost", "qms.example"})
    assert host_allowed("localhost:8000", allowed) and host_allowed("10.0.0.5:8000", allowed)
    assert host_allowed("[::1]:8000", allowed) and host_allowed("QMS.example.", allowed)
    assert not host_allowed("attacker.example:8000", allowed)
    assert not host_allowed('localhost:80"><script>', allowed)
