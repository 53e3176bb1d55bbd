"""Reading the demo's JSON data files (split into small files, merged here)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str) -> Any:
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def load_series(prefix: str) -> list[dict[str, Any]]:
    """`<prefix>_01.json`, `<prefix>_02.json` … concatenated (lists) in file order."""
    rows: list[dict[str, Any]] = []
    for path in sorted(DATA_DIR.glob(f"{prefix}_[0-9][0-9].json")):
        rows.extend(load(path.stem))
    return rows


@cache
def load_names() -> dict[str, dict[str, list[list[str]]]]:
    """Name groups (`levant`, `ghana` …): `female`, `male`, `family` as [English, Arabic]."""
    groups: dict[str, dict[str, list[list[str]]]] = {}
    for path in sorted(DATA_DIR.glob("names_[0-9][0-9].json")):
        groups.update(load(path.stem))
    return groups
