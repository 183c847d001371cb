"""The pace band: the target a watch shows and the yardstick a recording is judged by.

The rulebook ("The watch", revised) sets one band for both:

- a segment at a set pace: the target ±2.5 %, taken as speed, except that an aerobic
  segment's fast edge is never faster than marathon pace, so "on target" and "faster
  than marathon pace" can never both be said of it;
- an easy or long run's segments: the easy range, from 4 % faster than the easy pace to
  10 % slower (taken as pace: 10:14 /mi gives 9:49–11:15 /mi), never faster than
  marathon pace. Easy running is a range, not a pace to hold.

Keeping it in one pure module means the file on the watch and the verdict after the run
can never disagree about what "on target" meant. Edges are compared at one decimal of a
second per km, the precision intensity uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BAND_FRACTION = 0.025
EASY_FASTER = 0.04
EASY_SLOWER = 0.10
# A finish more than this much faster than its target (as speed) was raced.
RACED_FRACTION = 0.05


def _check(pace_s_per_km: float, what: str) -> None:
    if not (math.isfinite(pace_s_per_km) and pace_s_per_km > 0):
        raise ValueError(f"A pace band needs {what} above zero.")


@dataclass(frozen=True)
class PaceBand:
    """The band as paces in seconds per km: ``fast`` is the fast edge (the smaller)."""

    fast_s_per_km: float
    slow_s_per_km: float

    def contains(self, pace_s_per_km: float) -> bool:
        pace = round(pace_s_per_km, 1)
        return round(self.fast_s_per_km, 1) <= pace <= round(self.slow_s_per_km, 1)

    def slower_than_band(self, pace_s_per_km: float) -> bool:
        return round(pace_s_per_km, 1) > round(self.slow_s_per_km, 1)

    def faster_than_band(self, pace_s_per_km: float) -> bool:
        return round(pace_s_per_km, 1) < round(self.fast_s_per_km, 1)

    @property
    def low_m_per_s(self) -> float:
        """The slow edge as a speed (what a watch's custom target reads)."""
        return 1000.0 / self.slow_s_per_km

    @property
    def high_m_per_s(self) -> float:
        return 1000.0 / self.fast_s_per_km


def band_for(pace_s_per_km: float) -> PaceBand:
    """The plain band around a target pace: ±2.5 % as speed, no clipping."""
    _check(pace_s_per_km, "a pace")
    speed = 1000.0 / pace_s_per_km
    return PaceBand(1000.0 / (speed * (1 + BAND_FRACTION)), 1000.0 / (speed * (1 - BAND_FRACTION)))


def segment_band(pace_s_per_km: float, marathon_s_per_km: float, *, easy_run: bool) -> PaceBand:
    """The band a resolved segment is watched and judged by (see the module's docstring).

    ``easy_run`` is True for an easy, recovery or long run, whose segments take the easy
    range around their own (easy) pace.
    """
    _check(pace_s_per_km, "a pace")
    _check(marathon_s_per_km, "a marathon pace")
    if easy_run:
        fast = pace_s_per_km * (1 - EASY_FASTER)
        slow = pace_s_per_km * (1 + EASY_SLOWER)
    else:
        plain = band_for(pace_s_per_km)
        fast, slow = plain.fast_s_per_km, plain.slow_s_per_km
    aerobic = round(pace_s_per_km, 1) >= round(marathon_s_per_km, 1)
    if easy_run or aerobic:
        fast = max(fast, marathon_s_per_km)
        # An easy pace faster than marathon pace (a bad override) still gets a band.
        slow = max(slow, fast)
    return PaceBand(fast, slow)


def raced(pace_s_per_km: float, target_s_per_km: float) -> bool:
    """More than 5 % faster than the target, as speed: a finish raced, not run."""
    _check(target_s_per_km, "a target pace")
    return round(pace_s_per_km, 1) < round(target_s_per_km / (1 + RACED_FRACTION), 1)
