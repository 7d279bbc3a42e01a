"""Rich renderables as plain text: what a block says, for tests, exports and screen readers alike."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType


def plain_text(renderable: RenderableType, width: int = 78) -> str:
    """``renderable`` drawn at ``width`` columns without styles, trailing spaces removed."""
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False,
                      force_terminal=False, emoji=False, highlight=False)
    with console.capture() as capture:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in capture.get().splitlines())
