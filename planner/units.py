"""The two units a runner reads in, and how far each one is.

Inside the product every distance is metres and every pace seconds per km; only
what a person reads or types is in their unit.
"""

from __future__ import annotations

from typing import Literal, get_args

# The one list of units: models.choices.Unit is made from it.
Unit = Literal["km", "mi"]
UNITS: tuple[Unit, ...] = get_args(Unit)
METRES_PER_MILE = 1609.344
UNIT_NAMES: dict[Unit, str] = {"km": "kilometres", "mi": "miles"}


def unit_of(value: str) -> Unit:
    """A stored or typed unit as one of the two the product knows; anything else is km."""
    return "mi" if value == "mi" else "km"


def metres_per_unit(unit: Unit) -> float:
    if unit == "km":
        return 1000.0
    if unit == "mi":
        return METRES_PER_MILE
    raise ValueError(f"{unit!r} is not a unit; use 'km' or 'mi'.")
