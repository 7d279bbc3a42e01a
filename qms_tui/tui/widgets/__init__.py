"""Widgets shared by the screens: header, record tables, overview blocks, heat map, view bar."""
