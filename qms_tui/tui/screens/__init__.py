"""The app's screens, one a file: five main screens (keys 1–5) and the detail screens pushed on them."""
