"""Finding the workout inside a run that is longer than the plan.

The rulebook: slide the plan along the run in steps of at most 10 s and take the
position where the squared difference between the 30-s smoothed pace and each
segment's target pace, summed over the plan, is least (the earliest on a tie).

Everything is measured on the run's **moving time** axis, so a stop at a light neither
counts in a segment nor moves the plan. The pace is piecewise constant over moving
intervals, so its running integrals (of pace and of pace squared) are exact and
piecewise linear in moving time: the cost of any stretch is a handful of look-ups, and
the slide does O(log n) work per segment and position, never O(n).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from planner.runs.motion import MOVING_SPEED_M_S, Track, window_speeds

SLIDE_STEP_S = 5.0
PACE_WINDOW_S = 30.0
# The slowest pace a moving second can have (1 m/s): what a smoothed window that took
# in a stop is held to, so one stop does not weigh like an hour of running.
SLOWEST_PACE_S_PER_KM = 1000.0 / MOVING_SPEED_M_S


class Planned(Protocol):
    """What the slide reads of a planned segment (``splitting.PlannedSegment``)."""

    @property
    def amount(self) -> str: ...

    @property
    def same_as(self) -> int | None: ...

    @property
    def duration_s(self) -> float: ...

    @property
    def distance_m(self) -> float: ...

    @property
    def pace_s_per_km(self) -> float: ...


@dataclass(frozen=True)
class MovingAxis:
    """Cumulative figures at every recorded point, against cumulative moving time.

    ``moving_s`` never decreases (it stays flat over a stop); ``pace`` and
    ``pace_squared`` integrate the 30-s smoothed pace over moving seconds.
    """

    moving_s: tuple[float, ...]
    moving_m: tuple[float, ...]
    pace: tuple[float, ...]
    pace_squared: tuple[float, ...]
    total_s: float  # all the moving time, as the track counts it

    def value_at(self, cumulative: Sequence[float], moving_s: float) -> float:
        """A cumulative figure at a moving time, exact between points."""
        times = self.moving_s
        if not times or moving_s <= 0:
            return 0.0
        i = bisect_left(times, moving_s)
        if i >= len(times):
            return cumulative[-1]
        before = times[i - 1] if i > 0 else 0.0
        span = times[i] - before
        start = cumulative[i - 1] if i > 0 else 0.0
        fraction = (moving_s - before) / span if span > 0 else 1.0
        return start + fraction * (cumulative[i] - start)

    def distance_at(self, moving_s: float) -> float:
        return self.value_at(self.moving_m, moving_s)

    def moving_at_distance(self, metres: float) -> float:
        """The moving time at which the runner had run this far (the end if never)."""
        distances = self.moving_m
        if not distances or metres <= 0:
            return 0.0
        i = bisect_left(distances, metres)
        if i >= len(distances):
            return self.total_s
        before = distances[i - 1] if i > 0 else 0.0
        grew = distances[i] - before
        start = self.moving_s[i - 1] if i > 0 else 0.0
        fraction = (metres - before) / grew if grew > 0 else 1.0
        return start + fraction * (self.moving_s[i] - start)

    def cost(self, start_s: float, end_s: float, target_s_per_km: float) -> float:
        """The sum over moving seconds of (smoothed pace − target)² between two times."""
        seconds = end_s - start_s
        if seconds <= 0:
            return 0.0
        squares = self.value_at(self.pace_squared, end_s) - self.value_at(
            self.pace_squared, start_s
        )
        paces = self.value_at(self.pace, end_s) - self.value_at(self.pace, start_s)
        return squares - 2 * target_s_per_km * paces + target_s_per_km**2 * seconds


def moving_axis(track: Track) -> MovingAxis:
    """The run on its moving-time axis (see the module's docstring)."""
    speeds = window_speeds(track.times, track.step_s, track.step_m, PACE_WINDOW_S)
    pace = [0.0] * len(track.times)
    squared = [0.0] * len(track.times)
    total = 0.0
    total_squared = 0.0
    for i in range(1, len(track.times)):
        if track.moving[i]:
            speed = max(speeds[i], MOVING_SPEED_M_S)
            seconds_per_km = min(1000.0 / speed, SLOWEST_PACE_S_PER_KM)
            total += seconds_per_km * track.step_s[i]
            total_squared += seconds_per_km**2 * track.step_s[i]
        pace[i] = total
        squared[i] = total_squared
    return MovingAxis(
        track.moving_s, track.moving_m, tuple(pace), tuple(squared), track.total_moving_s
    )


def lay(axis: MovingAxis, plan: Sequence[Planned], start_s: float) -> list[tuple[float, float]]:
    """Each segment's (start, end) in moving seconds when the plan begins at ``start_s``.

    A timed segment takes its moving time, a distance segment its distance, "the same
    distance as segment k" the distance actually covered in k. Ends may pass the run's
    end; the caller clips them.
    """
    placed: list[tuple[float, float]] = []
    at = start_s
    for segment in plan:
        if segment.amount == "duration":
            end = at + segment.duration_s
        else:
            metres = segment.distance_m
            if segment.amount == "same_distance" and segment.same_as is not None:
                first, last = placed[segment.same_as - 1]
                covered = axis.distance_at(last) - axis.distance_at(first)
                metres = covered if covered > 0 else metres
            reached = axis.distance_at(at) + metres
            # Past the last metre run, the plan goes on at its own pace.
            total_m = axis.moving_m[-1] if axis.moving_m else 0.0
            if reached > total_m:
                end = axis.total_s + (reached - total_m) / 1000 * segment.pace_s_per_km
            else:
                end = axis.moving_at_distance(reached)
        placed.append((at, end))
        at = end
    return placed


@dataclass(frozen=True)
class Slide:
    """Where the plan fits best, and how many positions were tried (the work done)."""

    placed: list[tuple[float, float]]
    positions: int


def slide(axis: MovingAxis, plan: Sequence[Planned]) -> Slide:
    """The best-matching position of the plan in a run longer than it."""
    best: list[tuple[float, float]] = []
    best_cost = 0.0
    positions = 0
    start = 0.0
    total = axis.total_s
    while True:
        placed = lay(axis, plan, start)
        if positions > 0 and placed[-1][1] > total + 1e-6:
            break
        positions += 1
        cost = sum(
            axis.cost(first, last, segment.pace_s_per_km)
            for (first, last), segment in zip(placed, plan, strict=True)
        )
        # Strictly less: the earliest position keeps a tie.
        if not best or cost < best_cost - 1e-9 * max(1.0, best_cost):
            best, best_cost = placed, cost
        start += SLIDE_STEP_S
        if start > total:
            break
    return Slide(best, positions)
