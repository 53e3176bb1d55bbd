"""The bilingual demo network: `markaz demo` and `markaz seed --demo` call seed_demo()."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from markaz.core.plugins import app_modules
from markaz.demo.compose import demo_plan
from markaz.demo.datafiles import load
from markaz.demo.progress import progress_bar
from markaz.demo.seed_steps import DEMO_PASSWORD, Seeder

STEPS = (
    ("networks and centers", Seeder.networks_and_centers),
    ("organizations", Seeder.organizations),
    ("partnerships", Seeder.partnerships),
    ("demo logins", Seeder.logins),
    ("people", Seeder.people_),
    ("affiliations", Seeder.affiliations_),
    ("ventures", Seeder.ventures_),
    ("venture teams", Seeder.team_),
)
DEMO_URLS = ("http://127.0.0.1:8000/en/", "http://127.0.0.1:8000/ar/")


def seed_demo(progress: bool = False) -> dict[str, Any]:
    """Create whatever part of the demo network is missing; idempotent, one transaction.

    Returns how many demo rows of each kind exist afterwards, plus `created` per kind.
    """
    from markaz.core.audit import record
    from markaz.demo.funding import seed_funding
    from markaz.demo.knowledge import seed_knowledge

    seeder = Seeder(demo_plan())
    bar = progress_bar(progress, total=len(STEPS), title="Demo network")
    with bar as advance, transaction.atomic():
        for label, step in STEPS:
            step(seeder)
            advance(label)
        seeder.created["awards"] += seed_funding()
        slugs = [c["slug"] for c in seeder.plan["centers"]]
        seeder.created["knowledge entries"] += seed_knowledge(slugs)
        # Each capability app may seed its own part: `markaz.<app>.demo_data.seed(slugs)`
        # returns {kind: number created}; it must be idempotent.
        for module in app_modules("demo_data"):
            for kind, count in module.seed(slugs).items():
                seeder.created[kind] += count
        if seeder.created.total():
            record(
                action="demo.network.seeded",
                object_type="demo.network",
                changes={"created": dict(+seeder.created)},
            )
    if seeder.created.total():
        # Bulk-created rows bypass the signals that index single writes: index them all.
        from markaz.knowledge.reindex import rebuild

        rebuild()
    return seeder.summary()


def demo_logins() -> list[dict[str, str]]:
    """The demo accounts: username, password, role and where the role applies."""
    centers = {c["slug"]: c["name_en"] for c in load("centers")}
    networks = {n["slug"]: n["name_en"] for n in load("networks")}
    rows = []
    for p in load("logins"):
        if p.get("network_coordinator"):
            where = networks[p["network_coordinator"]]
        elif p.get("superuser"):
            where = "All centers"
        else:
            where = centers[p["center"]]
        rows.append(
            {
                "username": p["username"],
                "password": DEMO_PASSWORD,
                "role": p["label"],
                "center": where,
            }
        )
    return rows


def print_logins() -> None:
    """A table of the demo logins on stdout, and where to open the demo."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Markaz demo logins", title_justify="left")
    for column in ("Username", "Password", "Role", "Center"):
        table.add_column(column, style="bold" if column == "Username" else None)
    for row in demo_logins():
        table.add_row(row["username"], row["password"], row["role"], row["center"])
    console = Console()
    console.print(table)
    console.print(f"English: {DEMO_URLS[0]}   Arabic: {DEMO_URLS[1]}")
