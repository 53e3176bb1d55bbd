"""Social return on investment (no Django): present value of outcomes over the inputs.

Each outcome's yearly value is quantity × financial proxy, less deadweight (what would have
happened anyway), displacement (what it pushed elsewhere) and attribution (others' share);
after the first year it falls by the drop-off rate. Values are discounted at the discount
rate; the ratio is the total present value over the value of the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

ONE = Decimal(1)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Outcome:
    name: str
    quantity: Decimal
    proxy: Decimal  # value of one unit of the outcome, in the analysis currency
    deadweight: Decimal  # shares, 0 to 1
    attribution: Decimal
    displacement: Decimal
    drop_off: Decimal
    years: int = 1


@dataclass(frozen=True)
class Result:
    total_present_value: Decimal
    inputs: Decimal
    ratio: Decimal | None
    net_present_value: Decimal
    by_outcome: list[Decimal]  # present values, in the order of the outcomes


def yearly_impact(o: Outcome) -> Decimal:
    return (
        Decimal(o.quantity)
        * Decimal(o.proxy)
        * (ONE - o.deadweight)
        * (ONE - o.displacement)
        * (ONE - o.attribution)
    )


def present_value(o: Outcome, discount_rate: Decimal) -> Decimal:
    first = yearly_impact(o)
    total = Decimal(0)
    for year in range(1, max(o.years, 1) + 1):
        value = first * (ONE - o.drop_off) ** (year - 1)
        total += value / (ONE + discount_rate) ** year
    return total


def compute(outcomes: list[Outcome], *, inputs: Decimal, discount_rate: Decimal) -> Result:
    by_outcome = [present_value(o, discount_rate) for o in outcomes]
    total = sum(by_outcome, Decimal(0))
    inputs = Decimal(inputs)
    ratio = (total / inputs) if inputs > 0 else None
    return Result(total, inputs, ratio, total - inputs, by_outcome)


def _clamp(x: Decimal) -> Decimal:
    return min(max(x, Decimal(0)), ONE)


SENSITIVITY = (
    # (label key, field, change)
    ("deadweight_up", "deadweight", Decimal("0.10")),
    ("deadweight_down", "deadweight", Decimal("-0.10")),
    ("attribution_up", "attribution", Decimal("0.10")),
    ("attribution_down", "attribution", Decimal("-0.10")),
    ("displacement_up", "displacement", Decimal("0.10")),
    ("drop_off_up", "drop_off", Decimal("0.10")),
    ("proxy_down", "proxy", Decimal("-0.20")),
    ("proxy_up", "proxy", Decimal("0.20")),
    ("discount_up", "discount_rate", Decimal("0.02")),
    ("discount_down", "discount_rate", Decimal("-0.02")),
)


def sensitivity(
    outcomes: list[Outcome], *, inputs: Decimal, discount_rate: Decimal
) -> list[tuple[str, Decimal | None]]:
    """The ratio when one assumption moves (shares by ±10 points, proxies by ±20 %,
    the discount rate by ±2 points), for every outcome at once."""
    rows = [("base", compute(outcomes, inputs=inputs, discount_rate=discount_rate).ratio)]
    for label, field, change in SENSITIVITY:
        rate = discount_rate
        changed = outcomes
        if field == "discount_rate":
            rate = max(discount_rate + change, Decimal(0))
        elif field == "proxy":
            changed = [replace(o, proxy=o.proxy * (ONE + change)) for o in outcomes]
        else:
            changed = [replace(o, **{field: _clamp(getattr(o, field) + change)}) for o in outcomes]
        rows.append((label, compute(changed, inputs=inputs, discount_rate=rate).ratio))
    return rows


def analyse(analysis) -> tuple[list, Result, list[tuple[str, Decimal | None]]]:
    """A stored analysis (inputs, discount rate, outcome rows) worked out: its outcome rows,
    the result and the sensitivity table."""
    rows = list(analysis.outcomes.all())
    outcomes = [
        Outcome(o.name, o.quantity, o.proxy, o.deadweight, o.attribution, o.displacement,
                o.drop_off, o.years)
        for o in rows
    ]  # fmt: skip
    kw = {"inputs": analysis.inputs, "discount_rate": analysis.discount_rate}
    return rows, compute(outcomes, **kw), sensitivity(outcomes, **kw)
