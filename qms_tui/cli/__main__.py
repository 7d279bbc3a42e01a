"""``python -m qms_tui.cli``: the same as the ``qms`` command (the tests start it this way)."""

from qms_tui.cli import main

main()
