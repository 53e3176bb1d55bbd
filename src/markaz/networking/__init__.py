"""networking."""
