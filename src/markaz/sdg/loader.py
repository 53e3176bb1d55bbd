"""Load the shipped SDG reference data; idempotent (used by the data migration and tests)."""

from __future__ import annotations

import json
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "sdg.json"


def load_sdg_data(goal_model, target_model, indicator_model) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for goal in data["goals"]:
        goal_model.objects.update_or_create(number=goal["number"], defaults=goal)
    positions: dict[int, int] = {}
    for target in data["targets"]:
        positions[target["goal"]] = positions.get(target["goal"], 0) + 1
        target_model.objects.update_or_create(
            code=target["code"],
            defaults={
                "goal_id": target["goal"],
                "position": positions[target["goal"]],
                "title_en": target["title_en"],
                "title_ar": target["title_ar"],
            },
        )
    seen: set[str] = set()
    per_target: dict[str, int] = {}
    for ind in data["indicators"]:
        if ind["code"] in seen:
            continue
        seen.add(ind["code"])
        per_target[ind["target"]] = per_target.get(ind["target"], 0) + 1
        indicator_model.objects.update_or_create(
            code=ind["code"],
            defaults={
                "target_id": ind["target"],
                "position": per_target[ind["target"]],
                "title_en": ind["title_en"],
                "title_ar": ind["title_ar"],
            },
        )
