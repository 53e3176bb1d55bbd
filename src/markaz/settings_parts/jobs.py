"""Settings of the jobs capability (see markaz.settings_parts)."""


def apply(s: dict) -> None:
    """Change the settings namespace `s` in place."""
