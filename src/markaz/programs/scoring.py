"""Rubric scoring for reviews: weighted totals, reviewer calibration, disagreement and ranking.

Pure functions on plain dataclasses. A review's total is the weighted mean of its criterion
scores, so it stays on the rubric's scale (weights are relative and need not sum to 1).
Standard deviations are population ones (ddof=0): defined for a single value, and the same
formula for a reviewer's own scores and for the pool they are mapped back to.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: float = 1.0
    label: str = ""


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    low: float = 1.0  # the scale every criterion is scored on, e.g. 1-5
    high: float = 5.0

    def __post_init__(self) -> None:
        if not self.criteria:
            raise ValueError("a rubric needs at least one criterion")
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("criterion keys must be unique")
        if any(not c.weight > 0 for c in self.criteria):
            raise ValueError("criterion weights must be positive")
        if not self.low < self.high:
            raise ValueError("the scale needs low < high")


@dataclass(frozen=True)
class Review:
    reviewer: Hashable
    application: Hashable
    scores: Mapping[str, float]  # criterion key -> score on the rubric's scale


@dataclass(frozen=True)
class ReviewTotal:
    reviewer: Hashable
    application: Hashable
    raw: float  # weighted total on the rubric's scale
    value: float  # what aggregation uses: raw, or calibrated when normalization ran
    calibrated: bool = False  # False when the reviewer had too few reviews to calibrate


@dataclass(frozen=True)
class Disagreement:
    """Reviewers disagree on an application when either limit is crossed (None disables it)."""

    max_std: float | None = 1.0  # flag when the std across reviewers is above this
    max_range: float | None = 2.0  # flag when highest minus lowest is at least this

    def flags(self, std: float, spread: float) -> bool:
        return (self.max_std is not None and std > self.max_std) or (
            self.max_range is not None and spread >= self.max_range
        )


@dataclass(frozen=True)
class ApplicationScore:
    application: Hashable
    score: float | None  # mean of the review totals; None when nobody reviewed it
    reviews: int
    std: float
    spread: float  # highest minus lowest total
    disagreement: bool
    rank: int | None  # dense rank, 1 is best; None when unreviewed
    tied: bool  # another application has the same rank
    totals: tuple[float, ...] = field(default=())


def weighted_total(rubric: Rubric, scores: Mapping[str, float]) -> float:
    """Weighted mean of one review's criterion scores; every criterion must be scored."""
    known = {c.key for c in rubric.criteria}
    unknown = set(scores) - known
    if unknown:
        raise ValueError(f"scores for unknown criteria: {sorted(unknown)}")
    total = weight = 0.0
    for c in rubric.criteria:
        if c.key not in scores:
            raise ValueError(f"criterion {c.key!r} is not scored")
        value = float(scores[c.key])
        if not rubric.low <= value <= rubric.high:
            raise ValueError(
                f"score {value} for {c.key!r} is outside {rubric.low:g}-{rubric.high:g}"
            )
        total += c.weight * value
        weight += c.weight
    return total / weight


def review_totals(rubric: Rubric, reviews: Iterable[Review]) -> list[ReviewTotal]:
    out: list[ReviewTotal] = []
    seen: set[tuple[Hashable, Hashable]] = set()
    for r in reviews:
        if (r.reviewer, r.application) in seen:
            raise ValueError(f"{r.reviewer!r} reviewed {r.application!r} twice")
        seen.add((r.reviewer, r.application))
        total = weighted_total(rubric, r.scores)
        out.append(ReviewTotal(r.reviewer, r.application, raw=total, value=total))
    return out


def normalize_by_reviewer(totals: Sequence[ReviewTotal], min_reviews: int = 2) -> list[ReviewTotal]:
    """Correct harsh and lenient reviewers with z-scores mapped back onto the pooled scale.

    A reviewer's totals become pooled_mean + pooled_std * (raw - own_mean) / own_std, where the
    pool is every raw total. A reviewer with fewer than `min_reviews` reviews keeps raw totals
    (one score says nothing about their habits). A reviewer who gave every application the same
    total expressed no preference among them: they all map to the pooled mean. Calibrated values
    can fall slightly outside the rubric's scale; they are meant for comparison, not display.
    """
    if min_reviews < 2:
        raise ValueError("calibration needs at least two reviews per reviewer")
    if not totals:
        return []
    raw = np.array([t.raw for t in totals], dtype=np.float64)
    pooled_mean, pooled_std = float(raw.mean()), float(raw.std())
    by_reviewer: dict[Hashable, list[int]] = defaultdict(list)
    for i, t in enumerate(totals):
        by_reviewer[t.reviewer].append(i)
    value = raw.copy()
    calibrated = np.zeros(len(totals), dtype=bool)
    for idx in by_reviewer.values():
        if len(idx) < min_reviews:
            continue
        own = raw[idx]
        std = float(own.std())
        z = (own - own.mean()) / std if std > 0 else np.zeros(len(idx))
        value[idx] = pooled_mean + pooled_std * z
        calibrated[idx] = True
    return [
        ReviewTotal(t.reviewer, t.application, t.raw, float(v), bool(c))
        for t, v, c in zip(totals, value, calibrated, strict=True)
    ]


def dense_ranks(
    scores: Mapping[Hashable, float], tolerance: float = 1e-9
) -> dict[Hashable, tuple[int, bool]]:
    """Application -> (dense rank, tied); higher scores rank first.

    Scores within `tolerance` of their neighbour in sorted order share a rank, so that float
    noise from calibration (or from different summation orders) never hides a tie.
    """
    ordered = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    ranks: dict[Hashable, int] = {}
    rank, previous = 0, math.inf
    for app, score in ordered:
        if previous - score > tolerance:
            rank += 1
        ranks[app] = rank
        previous = score
    sizes: dict[int, int] = defaultdict(int)
    for r in ranks.values():
        sizes[r] += 1
    return {app: (ranks[app], sizes[ranks[app]] > 1) for app in scores}


def score_applications(
    rubric: Rubric,
    reviews: Iterable[Review],
    *,
    normalize: bool = False,
    min_reviews: int = 2,
    disagreement: Disagreement | None = None,
    applications: Sequence[Hashable] = (),
    tolerance: float = 1e-9,
) -> list[ApplicationScore]:
    """Mean total per application, disagreement flags and a ranking with visible ties.

    Best first; ties keep first-seen order; unreviewed `applications` come last, unranked.
    Disagreement is judged on the totals the mean uses (calibrated ones when normalizing).
    """
    rule = disagreement or Disagreement()
    totals = review_totals(rubric, reviews)
    if normalize:
        totals = normalize_by_reviewer(totals, min_reviews=min_reviews)
    per_app: dict[Hashable, list[float]] = {}
    for t in totals:
        per_app.setdefault(t.application, []).append(t.value)
    means = {app: math.fsum(values) / len(values) for app, values in per_app.items()}
    ranks = dense_ranks(means, tolerance=tolerance)
    order = list(per_app) + [a for a in dict.fromkeys(applications) if a not in per_app]
    out = []
    for app in order:
        values = per_app.get(app)
        if not values:
            out.append(ApplicationScore(app, None, 0, 0.0, 0.0, False, None, False))
            continue
        arr = np.array(values)
        std, spread = float(arr.std()), float(arr.max() - arr.min())
        rank, tied = ranks[app]
        out.append(
            ApplicationScore(
                app,
                means[app],
                len(values),
                std,
                spread,
                rule.flags(std, spread),
                rank,
                tied,
                tuple(values),
            )
        )
    unranked = len(out) + 1
    return sorted(out, key=lambda s: s.rank if s.rank is not None else unranked)
