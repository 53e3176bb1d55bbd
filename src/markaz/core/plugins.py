"""How capability apps plug into the shared parts (navigation, demo, test matrices).

An app contributes by defining an optional module (say `markaz.events.demo_data`) or an
attribute on its AppConfig (`nav`); the shared code discovers them here, so adding an app
never means editing another app's files.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    """A link in the center navigation. `audience`: "member" (any role) or "staff"."""

    url_name: str
    label: str
    match: str  # shown as current when the page's URL name contains this
    audience: str = "member"


def markaz_app_names() -> list[str]:
    return [c.name for c in apps.get_app_configs() if c.name.startswith("markaz.")]


def app_modules(submodule: str) -> list[ModuleType]:
    """`markaz.<app>.<submodule>` of every installed app that has one, in INSTALLED_APPS order."""
    found = []
    for name in markaz_app_names():
        try:
            found.append(importlib.import_module(f"{name}.{submodule}"))
        except ModuleNotFoundError as exc:
            if (
                exc.name != f"{name}.{submodule}"
                and exc.name != f"{name}.{submodule.split('.')[0]}"
            ):
                raise
    return found


def nav_items() -> list[NavItem]:
    return [item for c in apps.get_app_configs() for item in getattr(c, "nav", ())]
