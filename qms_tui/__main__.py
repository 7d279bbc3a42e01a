"""``python -m qms_tui``: the same as the ``qms`` command."""

from qms_tui.cli import main

main()
