"""A tile-free map: countries' approximate centroids projected onto an SVG (no Django needed).

The data file ships with the app (see `data/centroids.json` for its source). Countries it does
not know are listed beside the map instead of being placed.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

WIDTH, HEIGHT = 720, 360
DATA = Path(__file__).parent / "data" / "centroids.json"


@cache
def centroids() -> dict[str, tuple[float, float]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))["points"]
    return {code: (float(lat), float(lon)) for code, (lat, lon) in raw.items()}


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection into the WIDTH × HEIGHT box."""
    return round((lon + 180) / 360 * WIDTH, 1), round((90 - lat) / 180 * HEIGHT, 1)


def place(country_codes: list[str]) -> tuple[list[dict], list[str]]:
    """(dots with x, y, code, count, radius; codes that could not be placed)."""
    known = centroids()
    counts = Counter(country_codes)
    dots, unplaced = [], []
    for code, count in sorted(counts.items()):
        if code not in known:
            unplaced.append(code)
            continue
        x, y = project(*known[code])
        dots.append({"code": code, "count": count, "x": x, "y": y, "r": 5 + 3 * min(count, 5)})
    return dots, unplaced


def graticule() -> dict[str, list[float]]:
    """Lines every 30 degrees, for orientation."""
    return {
        "xs": [project(0, lon)[0] for lon in range(-150, 180, 30)],
        "ys": [project(lat, 0)[1] for lat in range(-60, 90, 30)],
    }
