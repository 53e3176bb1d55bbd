"""Markaz: the platform on which social innovation centers run their work."""

__version__ = "0.1.0"
