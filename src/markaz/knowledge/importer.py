"""Bulk import of knowledge entries from JSON Lines: every row checked, then all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from markaz.core.access import AccessScope
from markaz.core.models import Center, Role
from markaz.knowledge import services
from markaz.knowledge.models import Entry, EntryType, Status, Visibility
from markaz.sdg.models import Goal


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} bad line(s)")
        self.errors = errors


def admin_scope(center: Center) -> AccessScope:
    """The command line acts as an administrator of the target center, and nowhere else."""
    return AccessScope(user=AnonymousUser(), roles={center.pk: frozenset({Role.ADMIN})})


def _check(row: object, seen: dict[str, int], known: set[str], sdgs: set[int]) -> list[str]:
    if not isinstance(row, dict):
        return ["a line must be a JSON object"]
    problems = []
    ext = row.get("id")
    if not isinstance(ext, str) or not ext.strip():
        problems.append('"id" must be a non-empty string')
    elif ext in seen:
        problems.append(f"duplicate id {ext!r} (first on line {seen[ext]})")
    elif ext in known:
        problems.append(f"id {ext!r} was already imported into this center")
    if row.get("lang", "ar") not in ("ar", "en"):
        problems.append('"lang" must be "ar" or "en"')
    for name in ("title", "summary", "body"):
        if not isinstance(row.get(name, ""), str):
            problems.append(f'"{name}" must be a string')
    if isinstance(row.get("title"), str) and not row["title"].strip():
        problems.append('"title" is empty')
    if "title" not in row:
        problems.append('"title" is missing')
    if row.get("type") not in EntryType.values:
        problems.append(f"unknown type {row.get('type')!r}; use one of {', '.join(EntryType)}")
    if row.get("visibility", Visibility.PUBLIC) not in Visibility.values:
        problems.append('"visibility" must be center, network or public')
    goals = row.get("sdgs", [])
    if not isinstance(goals, list) or not all(isinstance(g, int) and g in sdgs for g in goals):
        problems.append('"sdgs" must be a list of SDG numbers 1-17')
    tags = row.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append('"tags" must be a list of strings')
    return problems


def parse(lines: Iterable[str], center: Center) -> list[tuple[int, dict]]:
    """Rows with their line numbers; raises `ImportFailed` listing every bad line."""
    errors: list[RowError] = []
    rows: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    known = set(Entry.objects.filter(center=center).values_list("external_id", flat=True))
    sdgs = set(Goal.objects.values_list("number", flat=True))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(RowError(number, f"not valid JSON ({exc.msg})"))
            continue
        problems = _check(row, seen, known, sdgs)
        errors.extend(RowError(number, p) for p in problems)
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            seen.setdefault(row["id"], number)
        if not problems:
            rows.append((number, row))
    if errors:
        raise ImportFailed(errors)
    return rows


@transaction.atomic
def import_entries(lines: Iterable[str], *, center: Center, progress=None) -> list[Entry]:
    """Create and publish one entry per line, keeping each `id` as `external_id`."""
    rows = parse(lines, center)
    scope = admin_scope(center)
    goals = Goal.objects.in_bulk()
    created = []
    for number, row in rows:
        lang = row.get("lang", "ar")
        data = {
            "type": row["type"],
            f"title_{lang}": row["title"],
            f"summary_{lang}": row.get("summary", ""),
            f"body_{lang}": row.get("body", ""),
            "tags": row.get("tags", []),
            "visibility": row.get("visibility", Visibility.PUBLIC),
        }
        try:
            entry = services.create_entry(
                scope=scope,
                center=center,
                data=data,
                sdgs=[goals[g] for g in row.get("sdgs", [])],
                external_id=row["id"],
            )
            entry = services.set_entry_status(scope=scope, entry=entry, status=Status.PUBLISHED)
        except ValidationError as exc:
            raise ImportFailed([RowError(number, "; ".join(exc.messages))]) from exc
        created.append(entry)
        if progress is not None:
            progress()
    return created
