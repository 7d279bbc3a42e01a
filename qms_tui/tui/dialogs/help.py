"""The help page (``?``): every key of the app, rendered from ``qms_tui/tui/help.<lang>.md`` shipped in the
package, one page per language (a page is prose, not a list of messages: it is translated whole).

What only writes (data entry, the organisation form) sits between ``<!-- write -->`` and ``<!-- /write -->``
lines: on a read-only store that part is left out, so the help offers only keys that do something."""

from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

from qms_tui.labels import lang, tr

WRITE_START, WRITE_END = "<!-- write -->", "<!-- /write -->"


def help_text(read_only: bool = False, language: str | None = None) -> str:
    """The help page's Markdown in ``language`` (the interface's by default), without the keys that write
    when ``read_only``."""
    lines, skipping = [], False
    page = resources.files("qms_tui.tui") / f"help.{language or lang()}.md"
    for line in page.read_text(encoding="utf-8").splitlines():
        marker = line.strip()
        if marker in (WRITE_START, WRITE_END):
            skipping = read_only and marker == WRITE_START
            continue
        if not skipping:
            lines.append(line)
    return "\n".join(lines) + "\n"


class HelpDialog(ModalScreen[None]):
    """A scrolling Markdown page; Esc, q or ? closes it, j/k scroll."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", tr("key_back"), id="help.close"),
        Binding("j", "scroll('down')", tr("key_down"), show=False, id="help.down"),
        Binding("k", "scroll('up')", tr("key_up"), show=False, id="help.up"),
    ]
    CSS_PATH = "help.tcss"

    def __init__(self, read_only: bool = False) -> None:
        super().__init__()
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        """The Markdown page and the closing hint."""
        with Vertical():
            with VerticalScroll(id="help-scroll"):
                yield Markdown(help_text(self.read_only), id="help-markdown")
            yield Label(tr("help_close"))

    def on_mount(self) -> None:
        """j/k and arrows scroll the page at once."""
        self.query_one("#help-scroll").focus()

    def action_scroll(self, direction: str) -> None:
        """Scroll the page one line."""
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.scroll_relative(y=1 if direction == "down" else -1, animate=False)

    def action_close(self) -> None:
        """Back to where the user was."""
        self.dismiss(None)
