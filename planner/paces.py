"""Race result to training paces, after Daniels and Gilbert's VDOT.

Speeds are in metres per minute and times in minutes inside the formulas, because
that is how the published coefficients are written. Everything that leaves this
module is in seconds, metres, and seconds per kilometre.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from planner.formatting import duration as format_duration
from planner.formatting import pace as format_pace
from planner.limits import LONGEST_RACE_M, SHORTEST_RACE_M
from planner.units import Unit, metres_per_unit

SLOWEST_RACE_SPEED = 50.0  # m/min: 20:00 per km, a walk
FASTEST_RACE_SPEED = 1000.0  # m/min: 1:00 per km, beyond any human
LOWEST_VDOT = 10.0
HIGHEST_VDOT = 100.0

EASY_SLOWEST_FRACTION = 0.59
EASY_FASTEST_FRACTION = 0.74
EASY_FRACTION = (EASY_SLOWEST_FRACTION + EASY_FASTEST_FRACTION) / 2
THRESHOLD_FRACTION = 0.88
INTERVAL_FRACTION = 0.975

MARATHON_M = 42195.0
TEN_K_M = 10000.0

# A hand-set easy pace outside this is a typing slip, not a runner.
FASTEST_EASY_OVERRIDE_S_PER_KM = 120.0
SLOWEST_EASY_OVERRIDE_S_PER_KM = 1200.0


class InvalidRace(ValueError):
    """A race result or fitness level the pace tables cannot stand behind."""


@dataclass(frozen=True)
class TrainingPaces:
    """Every target pace for one runner, in seconds per kilometre."""

    vdot: float
    easy: float
    marathon: float
    threshold: float
    interval: float
    ten_k: float
    easy_slowest: float
    easy_fastest: float


def _oxygen_cost(speed: float) -> float:
    return -4.60 + 0.182258 * speed + 0.000104 * speed**2


def _sustainable_fraction(minutes: float) -> float:
    return (
        0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)
    )


def _vdot_of_effort(distance_m: float, minutes: float) -> float:
    return _oxygen_cost(distance_m / minutes) / _sustainable_fraction(minutes)


def _check_distance(distance_m: float) -> None:
    if SHORTEST_RACE_M <= distance_m <= LONGEST_RACE_M:
        return
    limits = f"A race must be between {SHORTEST_RACE_M:,.0f} m and {LONGEST_RACE_M:,.0f} m"
    if distance_m > LONGEST_RACE_M and math.isfinite(distance_m):
        raise InvalidRace(
            f"{limits}; {distance_m:,.0f} m is longer than a marathon, "
            "which the pace tables do not cover."
        )
    shown = f"{distance_m:,.0f} m" if math.isfinite(distance_m) else "that distance"
    raise InvalidRace(f"{limits}; {shown} is not a running race.")


def _check_vdot(vdot: float) -> None:
    if not LOWEST_VDOT <= vdot <= HIGHEST_VDOT:
        shown = f"{vdot:.1f}" if math.isfinite(vdot) else "that result"
        raise InvalidRace(
            f"A VDOT of {shown} is outside what the pace tables cover "
            f"({LOWEST_VDOT:.0f} to {HIGHEST_VDOT:.0f}); check the race distance and time."
        )


def vdot(distance_m: float, seconds: float) -> float:
    """The runner's VDOT from one race result."""
    _check_distance(distance_m)
    if not (math.isfinite(seconds) and seconds > 0):
        raise InvalidRace("A race time must be more than zero seconds.")
    minutes = seconds / 60
    speed = distance_m / minutes
    if not SLOWEST_RACE_SPEED <= speed <= FASTEST_RACE_SPEED:
        raise InvalidRace(
            f"{distance_m:,.0f} m in {format_duration(seconds)} is {speed:,.0f} m per minute; "
            f"a race is run between {SLOWEST_RACE_SPEED:,.0f} and {FASTEST_RACE_SPEED:,.0f} m "
            "per minute (20:00 to 1:00 per km). Check the distance and the time."
        )
    fitness = _vdot_of_effort(distance_m, minutes)
    # Refused here rather than later so that a race accepted on the runner's form
    # always yields paces.
    if not LOWEST_VDOT <= fitness <= HIGHEST_VDOT:
        raise InvalidRace(
            f"{distance_m:,.0f} m in {format_duration(seconds)} works out at VDOT {fitness:.1f}; "
            f"the pace tables cover VDOT {LOWEST_VDOT:.0f} to {HIGHEST_VDOT:.0f}. "
            "Check the distance and the time."
        )
    return fitness


def race_time(vdot: float, distance_m: float) -> float:
    """Seconds a runner of this VDOT would take to race this distance."""
    _check_distance(distance_m)
    _check_vdot(vdot)
    # The effort's VDOT falls as the time grows, so bisection on time is safe. The
    # bracket is wider than the race speed limits: VDOT 10 to 100 lands well inside.
    quick = distance_m / 1500.0
    slow = distance_m / 30.0
    for _ in range(100):
        middle = (quick + slow) / 2
        if _vdot_of_effort(distance_m, middle) > vdot:
            quick = middle
        else:
            slow = middle
        if slow - quick < 1e-9:
            break
    return (quick + slow) / 2 * 60


def speed_at_vo2(vo2: float) -> float:
    """Metres per minute at which running costs this much oxygen (ml/kg/min)."""
    if not (math.isfinite(vo2) and vo2 > -4.60):
        raise ValueError(f"An oxygen cost of {vo2} ml/kg/min gives no running speed.")
    a, b = 0.000104, 0.182258
    return (-b + math.sqrt(b**2 + 4 * a * (vo2 + 4.60))) / (2 * a)


def _pace_at_fraction(vdot: float, fraction: float) -> float:
    return 60_000 / speed_at_vo2(fraction * vdot)


def training_paces(vdot: float, easy_override_s_per_km: float | None = None) -> TrainingPaces:
    """Every target pace for a runner of this VDOT."""
    _check_vdot(vdot)
    easy = _pace_at_fraction(vdot, EASY_FRACTION)
    if easy_override_s_per_km is not None:
        if not (
            FASTEST_EASY_OVERRIDE_S_PER_KM
            <= easy_override_s_per_km
            <= SLOWEST_EASY_OVERRIDE_S_PER_KM
        ):
            raise ValueError(
                "An easy pace must be between "
                f"{format_pace(FASTEST_EASY_OVERRIDE_S_PER_KM, 'km')} and "
                f"{format_pace(SLOWEST_EASY_OVERRIDE_S_PER_KM, 'km')}."
            )
        easy = easy_override_s_per_km
    return TrainingPaces(
        vdot=vdot,
        easy=easy,
        marathon=race_time(vdot, MARATHON_M) / (MARATHON_M / 1000),
        threshold=_pace_at_fraction(vdot, THRESHOLD_FRACTION),
        interval=_pace_at_fraction(vdot, INTERVAL_FRACTION),
        ten_k=race_time(vdot, TEN_K_M) / (TEN_K_M / 1000),
        easy_slowest=_pace_at_fraction(vdot, EASY_SLOWEST_FRACTION),
        easy_fastest=_pace_at_fraction(vdot, EASY_FASTEST_FRACTION),
    )


def paces_for_race(
    distance_m: float, seconds: float, easy_override_s_per_km: float | None = None
) -> TrainingPaces:
    """Every target pace from one race result."""
    return training_paces(vdot(distance_m, seconds), easy_override_s_per_km)


def pace_in_unit(s_per_km: float, unit: Unit) -> float:
    """Seconds per kilometre or per mile."""
    return s_per_km * metres_per_unit(unit) / 1000


def offset_to_per_km(offset_s: float, unit: Unit) -> float:
    """An offset written per mile or per km, as seconds per km."""
    return offset_s * 1000 / metres_per_unit(unit)


_DURATION = re.compile(r"(\d+)(?::(\d\d))?(?::(\d\d))?", re.ASCII)


def parse_duration(text: str) -> int:
    """Seconds from "1:50:59", "50:00" or a bare number of seconds such as "3000"."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f'"{text}" is not a time; write it as h:mm:ss, m:ss or whole seconds, '
            "for example 1:50:59 or 50:00."
        )
    parts = [int(part) for part in match.groups() if part is not None]
    for part in parts[1:]:
        if part > 59:
            raise ValueError(
                f'"{text}" has {part} after a colon; minutes and seconds there go up to 59.'
            )
    total = 0
    for part in parts:
        total = total * 60 + part
    return total
