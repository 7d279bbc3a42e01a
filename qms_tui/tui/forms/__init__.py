"""Data entry in the TUI: form definitions per table (``tables``), their fields (``fields``), the services'
messages in the session's language (``messages``) and what the register screens share (``editing``)."""
