"""The province roll-up of many agencies' stores (no Textual here)."""
