"""One formatter for each thing a person reads: a share, a pace, a time, a distance,
a day.

Pure. The pages, the refusals, the calendar feed and the exports all call these,
so a week at 79.96 % aerobic reads "79 %" everywhere (shares are rounded down, so a
week just under the floor never reads as on it).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Context, Decimal

from planner.limits import SHARE_TOLERANCE
from planner.units import Unit, metres_per_unit
from planner.weekdays import WEEKDAY_NAMES, WEEKDAY_SHORT

# Enough digits for the largest float with two decimals: the default context keeps
# 28 digits, and quantizing anything wider raises InvalidOperation.
_EVERY_DIGIT = Context(prec=400)

MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def percent(fraction: float, decimals: int = 0) -> str:
    """A share or a floor as a percentage, rounded down: 0.7996 → "79 %".

    Rounding down means a value just past a limit never reads as on it; a rise of
    10.05 % asks for ``decimals=1`` ("10 %" would read as within a 10 % limit).
    """
    scale = 10**decimals
    scaled = fraction * 100 * scale + SHARE_TOLERANCE * 100 * scale
    if not math.isfinite(scaled):  # a huge share overflows the float, never a real one
        raise ValueError(f"{fraction} is not a share.")
    shown = math.floor(scaled) / scale
    text = f"{shown:.{decimals}f}"
    return f"{text.rstrip('0').rstrip('.') if decimals else text} %"


def whole_seconds(seconds: float) -> int:
    # Half a second goes up, as a stopwatch reader would expect; Python's round()
    # would send 482.5 down to the even 482.
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"{seconds} is not a length of time.")
    return int(Decimal(seconds).quantize(Decimal(1), rounding=ROUND_HALF_UP, context=_EVERY_DIGIT))


def pace(s_per_km: float, unit: Unit) -> str:
    """A pace as the runner reads it: "8:03 /mi"."""
    minutes, seconds = divmod(whole_seconds(s_per_km * metres_per_unit(unit) / 1000), 60)
    return f"{minutes}:{seconds:02d} /{unit}"


def duration(seconds: float) -> str:
    """Hours only when there are any: 1:25:28, but 25:28."""
    hours, rest = divmod(whole_seconds(seconds), 3600)
    minutes, whole = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{whole:02d}"
    return f"{minutes}:{whole:02d}"


def whole(value: float) -> str:
    """A number rounded half up, as a person rounds: 254.5 → "255"."""
    return str(int(Decimal(repr(value)).quantize(Decimal(1), ROUND_HALF_UP)))


def minutes(seconds: float) -> str:
    """Whole minutes: "50 min"."""
    if not math.isfinite(seconds):
        raise ValueError(f"{seconds} is not a length of time.")
    return f"{round(seconds / 60)} min"


def total_time(seconds: float) -> str:
    """A week's or a block's time: "50 min" under an hour, then hours and minutes, "4:05 h"."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{seconds} is not a length of time.")
    whole_minutes = round(seconds / 60)
    if whole_minutes < 60:
        return f"{whole_minutes} min"
    hours, rest = divmod(whole_minutes, 60)
    return f"{hours}:{rest:02d} h"


def total_distance(metres: float, unit: Unit) -> str:
    """A week's or a block's distance to a tenth, in the runner's unit: "42.2 km"."""
    return f"{_in_unit(metres, unit, Decimal('0.1')):f} {unit}"


def distance(metres: float, unit: Unit) -> str:
    """A distance such as 2 mi, 2.5 mi or 16.09 km: two decimals at most."""
    shown = f"{_in_unit(metres, unit, Decimal('0.01')):f}"
    return f"{shown.rstrip('0').rstrip('.')} {unit}"


def _in_unit(metres: float, unit: Unit, step: Decimal) -> Decimal:
    """A distance in the runner's unit, rounded half up to ``step``."""
    if not (math.isfinite(metres) and metres >= 0):
        raise ValueError(f"{metres} is not a distance.")
    # repr gives the shortest decimal that reads back as this float, so 42.195
    # rounds as the 42.195 a person wrote rather than its binary neighbour.
    amount = Decimal(repr(metres / metres_per_unit(unit)))
    return amount.quantize(step, rounding=ROUND_HALF_UP, context=_EVERY_DIGIT)


def day(when: dt.date) -> str:
    """'Tue 3 Mar': English whatever the server's locale."""
    return f"{WEEKDAY_SHORT[when.weekday()]} {when.day} {MONTH_SHORT[when.month - 1]}"


def long_day(when: dt.date) -> str:
    """'Tuesday 3 March 2026', for a date far from today."""
    return f"{WEEKDAY_NAMES[when.weekday()]} {when.day} {when:%B} {when.year}"


def day_month(when: dt.date) -> str:
    """'3 Mar': a day in a calendar whose weekday is its column."""
    return f"{when.day} {MONTH_SHORT[when.month - 1]}"


def weekday_date(when: dt.date) -> str:
    """'Tuesday 3 March', for a day this year or close to it."""
    return f"{WEEKDAY_NAMES[when.weekday()]} {when.day} {when:%B}"


def day_with_year(when: dt.date) -> str:
    return f"{day(when)} {when.year}"


def weekday_name(weekday: int) -> str:
    return WEEKDAY_NAMES[weekday] if 0 <= weekday <= 6 else str(weekday)


def in_unit(metres: float, unit: Unit, places: int = 2) -> float:
    """A distance as a number in ``unit`` (for a spreadsheet cell), rounded half up."""
    amount = Decimal(repr(metres / metres_per_unit(unit)))
    step = Decimal(1).scaleb(-places)
    return float(amount.quantize(step, rounding=ROUND_HALF_UP, context=_EVERY_DIGIT))


def week_range(monday: dt.date) -> str:
    """'Mon 2 Mar – Sun 8 Mar'."""
    return f"{day(monday)} – {day(monday + dt.timedelta(days=6))}"
