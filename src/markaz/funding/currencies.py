"""ISO 4217 currency codes (from the 360Giving codelist in `data/`) and their minor units.

Pure module: no Django imports, so exports and benchmarks can use it alone.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# Decimal places of the currencies that do not use 2 (ISO 4217); every other code uses 2.
MINOR_UNITS = {
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "CLF": 4, "UYW": 4,
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0,
}  # fmt: skip


@cache
def currencies() -> dict[str, str]:
    """Code → English name, in code order."""
    with (DATA / "360giving" / "currency.csv").open(encoding="utf-8") as fh:
        return {row["Code"]: row["Title"] for row in csv.DictReader(fh)}


def minor_units(code: str) -> int:
    return MINOR_UNITS.get(code, 2)


def quantum(code: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(code))


def has_minor_units(amount: Decimal, code: str) -> bool:
    """True when amount carries no more decimal places than the currency allows."""
    return amount == amount.quantize(quantum(code))


def convert(amount: Decimal, rate: Decimal, to_code: str) -> Decimal:
    """amount × rate, rounded half-even to the target currency's minor units."""
    return (amount * rate).quantize(quantum(to_code))
