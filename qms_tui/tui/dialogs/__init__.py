"""Modal dialogs: the period picker, the help page, and a filterable choice list."""
