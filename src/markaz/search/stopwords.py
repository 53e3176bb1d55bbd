"""Stop word lists (data/stopwords_*.txt), in ordinary spelling.

The analyzer normalizes them exactly like tokens, so one entry covers its hamza, ة/ه and
ى/ي variants.
"""

from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> tuple[str, ...]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


ARABIC = _load("stopwords_ar.txt")
ENGLISH = _load("stopwords_en.txt")
