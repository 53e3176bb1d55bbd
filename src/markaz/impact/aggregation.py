"""Aggregation semantics of impact indicators, as mergeable partial aggregates (no Django).

A `Partial` summarises any set of values (count, sum, weights, min, max, most recent) and two
partials merge into the partial of the union, so roll-ups are built bottom-up (venture →
program → center → network) and kept up to date by merging in a change and, when that is
possible, subtracting what it replaces. The value shown for a partial depends on the
indicator's aggregation rule, and some rules make no sense for some kinds of value:
percentages, ratios, scales and yes/no answers are never summed.

`latest` (a stock: active clients, jobs held) takes the most recent value over time; across
ventures the latest values of additive kinds (counts, money) add up, the others average.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

SUM, MEAN, WEIGHTED_MEAN, LATEST, MAX, MIN = (
    "sum", "mean", "weighted_mean", "latest", "max", "min",
)  # fmt: skip
AGGREGATIONS = (SUM, MEAN, WEIGHTED_MEAN, LATEST, MAX, MIN)

COUNT, PERCENTAGE, CURRENCY, RATIO, BOOLEAN, SCALE = (
    "count", "percentage", "currency", "ratio", "boolean", "scale",
)  # fmt: skip
KINDS = (COUNT, PERCENTAGE, CURRENCY, RATIO, BOOLEAN, SCALE)
ADDITIVE_KINDS = frozenset({COUNT, CURRENCY})

ALLOWED = {
    COUNT: frozenset({SUM, MEAN, LATEST, MAX, MIN}),
    CURRENCY: frozenset({SUM, MEAN, LATEST, MAX, MIN}),
    PERCENTAGE: frozenset({MEAN, WEIGHTED_MEAN, LATEST, MAX, MIN}),
    RATIO: frozenset({MEAN, WEIGHTED_MEAN, LATEST, MAX, MIN}),
    BOOLEAN: frozenset({MEAN, LATEST, MAX, MIN}),
    SCALE: frozenset({MEAN, WEIGHTED_MEAN, LATEST, MAX, MIN}),
}
ZERO = Decimal(0)


class IncompatibleMeasures(ValueError):
    """Two series that may not be combined (different units, currencies, kinds or rules)."""


def allowed(kind: str, aggregation: str) -> bool:
    return aggregation in ALLOWED.get(kind, frozenset())


@dataclass(frozen=True)
class Measure:
    """What makes values addable: same kind, unit, currency and aggregation rule."""

    kind: str
    unit: str
    aggregation: str
    currency: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.kind, self.unit.strip().casefold(), self.aggregation, self.currency.upper())


def check_compatible(measures: list[Measure]) -> None:
    keys = {m.key for m in measures}
    if len(keys) > 1:
        raise IncompatibleMeasures(f"cannot combine {sorted(keys)}")


@dataclass(frozen=True)
class Partial:
    n: int = 0
    total: Decimal = ZERO
    weight: Decimal = ZERO
    weighted_total: Decimal = ZERO
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    latest: Decimal | None = None
    latest_on: date | None = None

    @property
    def empty(self) -> bool:
        return self.n == 0


EMPTY = Partial()


def of(value: Decimal, *, weight: Decimal | None = None, on: date | None = None) -> Partial:
    """The partial of one value (weight 1 unless given: a percentage's base, say)."""
    value = Decimal(value)
    w = Decimal(1) if weight is None else Decimal(weight)
    return Partial(1, value, w, value * w, value, value, value, on)


def _pick(a, b, better):
    if a is None:
        return b
    if b is None:
        return a
    return better(a, b)


def _recency(p: Partial) -> tuple:
    return (p.latest_on is not None, p.latest_on or date.min, p.latest is not None,
            p.latest if p.latest is not None else ZERO)  # fmt: skip


def merge(a: Partial, b: Partial) -> Partial:
    """The partial of the union of two disjoint sets of values (entities side by side)."""
    if a.empty:
        return b
    if b.empty:
        return a
    # The most recent value; on a tie the larger one, so that merging is order-independent.
    if _recency(b) > _recency(a):
        latest, latest_on = b.latest, b.latest_on
    else:
        latest, latest_on = a.latest, a.latest_on
    return Partial(
        a.n + b.n,
        a.total + b.total,
        a.weight + b.weight,
        a.weighted_total + b.weighted_total,
        _pick(a.minimum, b.minimum, min),
        _pick(a.maximum, b.maximum, max),
        latest,
        latest_on,
    )


def merge_all(parts) -> Partial:
    out = EMPTY
    for p in parts:
        out = merge(out, p)
    return out


def over_time(parts, aggregation: str) -> Partial:
    """One entity's periods combined: `latest` keeps the most recent period whole."""
    parts = [p for p in parts if not p.empty]
    if aggregation != LATEST:
        return merge_all(parts)
    if not parts:
        return EMPTY
    return max(parts, key=_recency)


def subtract(a: Partial, b: Partial) -> Partial | None:
    """`a` without the values of `b` (a subset of them), or None when that cannot be known
    without the other values (b held the minimum, the maximum or the most recent value)."""
    if b.empty:
        return a
    n = a.n - b.n
    if n < 0:
        return None
    if n == 0:
        return EMPTY
    if b.minimum is not None and b.minimum <= (a.minimum if a.minimum is not None else b.minimum):
        return None
    if b.maximum is not None and b.maximum >= (a.maximum if a.maximum is not None else b.maximum):
        return None
    if b.latest_on is not None and a.latest_on is not None and b.latest_on >= a.latest_on:
        return None
    return replace(
        a,
        n=n,
        total=a.total - b.total,
        weight=a.weight - b.weight,
        weighted_total=a.weighted_total - b.weighted_total,
    )


def value(p: Partial, aggregation: str, kind: str = COUNT) -> Decimal | None:
    """The figure a partial stands for under the aggregation rule (None when empty)."""
    if p.empty:
        return None
    if aggregation == SUM:
        return p.total
    if aggregation == MEAN:
        return p.total / p.n
    if aggregation == WEIGHTED_MEAN:
        return p.weighted_total / p.weight if p.weight else None
    if aggregation == MAX:
        return p.maximum
    if aggregation == MIN:
        return p.minimum
    if aggregation == LATEST:
        return p.total if kind in ADDITIVE_KINDS else p.total / p.n
    raise ValueError(f"unknown aggregation {aggregation!r}")


def progress(
    current: Decimal | None, *, baseline: Decimal | None, target: Decimal | None
) -> float | None:
    """Share of the way from baseline to target (works for lower-is-better targets too)."""
    if current is None or target is None:
        return None
    base = baseline if baseline is not None else ZERO
    if target == base:
        return 1.0 if current == target else 0.0
    return float((Decimal(current) - base) / (Decimal(target) - base))


def disaggregation_gaps(
    total: Decimal | None, by_dimension: dict[str, list[Decimal]], aggregation: str
) -> dict[str, Decimal]:
    """Dimensions of an additive indicator whose categories do not add up to the total."""
    if total is None or aggregation not in (SUM, LATEST):
        return {}
    return {
        dim: sum(values, ZERO) - Decimal(total)
        for dim, values in by_dimension.items()
        if values and sum(values, ZERO) != Decimal(total)
    }
