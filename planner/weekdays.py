"""Weekdays as the coach names them, and the compact form the database keeps.

Run days are stored as a seven-bit mask (bit 0 = Monday) so one column holds
a runner's week and the database can check it with a plain range constraint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = tuple(name[:3] for name in WEEKDAY_NAMES)
ALL_DAYS_MASK = 0b1111111


def days_to_mask(days: Iterable[int]) -> int:
    mask = 0
    for day in days:
        if not 0 <= day <= 6:
            raise ValueError(f"A weekday is 0 (Monday) to 6 (Sunday), not {day}.")
        mask |= 1 << day
    return mask


def mask_to_days(mask: int) -> frozenset[int]:
    if not 0 <= mask <= ALL_DAYS_MASK:
        raise ValueError(f"A run-day mask is 0 to {ALL_DAYS_MASK}, not {mask}.")
    return frozenset(day for day in range(7) if mask & (1 << day))


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the week holding ``day`` (weeks run Monday to Sunday)."""
    return day - dt.timedelta(days=day.weekday())


def is_monday(day: dt.date) -> bool:
    return day.weekday() == 0
