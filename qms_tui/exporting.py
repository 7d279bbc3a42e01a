"""Save the overview as a text file from the TUI (the same one-page summary as ``qms summary``).

Kept free of Textual so that it can be tested, and extended to other formats, without a terminal.
"""

from __future__ import annotations

from pathlib import Path

from .domain.qms import Period, Qms
from .reports.export import to_text
from .reports.summary import summary_renderable


def summary_file_name(qms: Qms) -> str:
    """``qms-summary-YYYYMMDD.txt``, dated by the "as of" day so that re-exports of one day overwrite."""
    return f"qms-summary-{qms.today:%Y%m%d}.txt"


def export_summary(qms: Qms, period: Period, folder: Path | None = None, lang: str = "vi") -> Path:
    """Write the summary for ``period`` as plain text into ``folder`` (default: the current folder)."""
    path = (folder or Path.cwd()) / summary_file_name(qms)
    path.write_text(to_text(summary_renderable(qms, period, lang)), encoding="utf-8")
    return path
