"""Pacte: keep every client relationship on a sound footing."""

__version__ = "0.1.0"
