"""Settings that belong to one capability, kept beside it: each module's `apply(settings)`
receives the settings module's namespace (a dict) and changes it in place. `settings.py`
applies them last, in PARTS order, so a part may extend INSTALLED_APPS or MIDDLEWARE."""

PARTS = ("jobs", "security", "federation", "ops")
