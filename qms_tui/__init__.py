"""qms-tui: a keyboard-driven terminal app for reviewing a TCVN ISO 9001:2015 QMS."""

__version__ = "0.1.0"
