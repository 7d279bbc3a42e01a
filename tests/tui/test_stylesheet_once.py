"""Each stylesheet is parsed once before the first frame, and again only when the theme's variables change
(``tui/stylesheet.py``: Textual's own stylesheet parsed every source three times at start-up)."""

from __future__ import annotations

from collections import Counter

import textual.css.stylesheet as textual_stylesheet

from qms_tui.tui.widgets.footer import QmsFooter


async def test_every_source_is_parsed_once_until_the_theme_changes(app, monkeypatch):
    parsed: Counter[str] = Counter()
    parse = textual_stylesheet.parse

    def counting(scope, css, read_from, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed[str(read_from)] += 1
        return parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("app.tcss" in source for source in parsed)
        assert max(parsed.values()) == 1, parsed
        await pilot.press("5")  # another screen: its own CSS parsed, the others not again
        await pilot.pause()
        assert any("dossiers.tcss" in source for source in parsed)
        for name in ("app.tcss", "overview.tcss", "'App.DEFAULT_CSS'", "'Screen.DEFAULT_CSS'"):
            assert [count for source, count in parsed.items() if name in source] == [1], (name, parsed)
        dark = app.screen.query_one(QmsFooter).styles.background
        app.theme = "textual-light"  # new variables: every source parsed again, with the new colours
        await pilot.pause()
        assert all(count >= 2 for source, count in parsed.items() if "tcss" in source), parsed
        assert app.screen.query_one(QmsFooter).styles.background != dark
