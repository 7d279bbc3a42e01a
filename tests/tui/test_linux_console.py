"""The Linux text console (TERM=linux): whole-cell scrollbar thumbs and words for the key symbols its fonts
lack; every other terminal gets Textual's own, even in a process that opened an app on the console before."""

from __future__ import annotations

from textual.command import SearchIcon

from qms_tui.tui.widgets.console import adapt_to_terminal, console_key_display


def test_the_console_gets_whole_cell_thumbs_and_other_terminals_textuals_own():
    from textual.scrollbar import ScrollBar, ScrollBarRender

    assert adapt_to_terminal({"TERM": "linux"}) is True
    assert ScrollBar.renderer is not ScrollBarRender and set(ScrollBar.renderer.VERTICAL_BARS) == {" "}
    assert SearchIcon().render() == ">"
    assert adapt_to_terminal({"TERM": "xterm-256color"}) is False
    assert ScrollBar.renderer is ScrollBarRender
    assert SearchIcon().render() != ">"


def test_key_symbols_the_console_cannot_draw_are_words_there():
    assert console_key_display("⏎", {"TERM": "linux"}) == "Enter"
    assert console_key_display("⏎", {"TERM": "xterm"}) == "⏎"
