"""``qms serve`` opened in a real headless Chromium: the page's own JavaScript connects, xterm.js draws the
app, and the overview's figures appear in the page.

Chromium comes from the distribution's packages (``apt-get install chromium``; ``.ci/run`` installs it when
it can). Where it is not installed the test is skipped: tests/cli/test_serve.py drives the same server over
its HTTP and websocket endpoints without a browser. The page is driven over the DevTools protocol with
aiohttp (installed with textual-serve), and WebGL is switched off so that xterm.js draws into the DOM, where
the test reads the terminal's rows as text.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest
from test_serve import served  # noqa: F401  (the fixture: qms serve on the demo, on a free port)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-3d-apis", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1200,800", "--remote-debugging-port=0"]
ROWS = "(() => { const r = document.querySelector('.xterm-rows'); return r ? r.innerText : ''; })()"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (apt-get install chromium)")


async def page_text(debugger: str, url: str, until: tuple[str, ...], limit: float = 40.0) -> str:
    """Open ``url`` in the browser's first tab and return the terminal's rows once ``until`` are all shown."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{debugger}/json/list") as answer:
            tab = next(t for t in await answer.json() if t.get("type") == "page")
        async with session.ws_connect(tab["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 10_000))

            async def call(method: str, **params: object) -> dict:
                number = next(ids)
                await ws.send_str(json.dumps({"id": number, "method": method, "params": params}))
                while True:
                    message = json.loads((await ws.receive(timeout=limit)).data)
                    if message.get("id") == number:
                        return message.get("result", {})

            await call("Page.navigate", url=url)
            text, end = "", time.monotonic() + limit
            while time.monotonic() < end:
                result = await call("Runtime.evaluate", expression=ROWS, returnByValue=True)
                text = result.get("result", {}).get("value") or ""
                if all(word in text for word in until):
                    return text
                await asyncio.sleep(0.3)
            return text


def test_the_overview_appears_in_a_real_browser(served: tuple[int, Path], tmp_path: Path):  # noqa: F811
    port, log = served
    browser = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "about:blank"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = tmp_path / "profile" / "DevToolsActivePort"
        end = time.monotonic() + 20
        while not port_file.exists() and time.monotonic() < end:
            time.sleep(0.05)
        debugger = f"http://127.0.0.1:{port_file.read_text().split()[0]}"
        text = asyncio.run(page_text(debugger, f"http://127.0.0.1:{port}/", ("454", "84,1%", "CHỈ ĐỌC")))
    finally:
        browser.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            browser.wait(timeout=10)
        if browser.poll() is None:
            browser.kill()
    assert "454" in text and "84,1%" in text, (text, log.read_text())  # received and the form's on-time rate
    assert "CHỈ ĐỌC" in text and "Tổng quan" in text  # read-only by default, the tabs in Vietnamese
