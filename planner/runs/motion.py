"""Moving time, distance and speed from the recorded points.

How speed is derived: never from the file's own speed field (GPX has none, and the
watches that write one smooth it each in their own way). Between two consecutive points
the runner covered the difference in cumulative distance in the difference in time.
The speed of one such interval is the distance over the time of every interval ending
within a window centred on it (``MOVING_WINDOW_S`` seconds): one GPS wobble at a traffic
light does not make a stop look like running, nor one slow second a stop.

- An interval of more than ``PAUSE_GAP_S`` seconds is a gap in the track. When the
  distance across it shows it was run (at least ``MOVING_SPEED_M_S`` on average: a
  tunnel, a GPS drop-out) it counts as moving, like any interval; otherwise it is a
  paused watch: neither its time nor any distance across it counts, and it is left out
  of every window.
- An interval whose speed is under ``MOVING_SPEED_M_S`` (1 m/s) is stopped time: it
  counts neither as moving time nor as distance run.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

MOVING_SPEED_M_S = 1.0
MOVING_WINDOW_S = 10.0
PAUSE_GAP_S = 20.0


class RecordedPoint(Protocol):
    """What motion reads of a recorded point (``planner.runs.recorded.Sample``).

    A protocol rather than an import: the model's ``RecordedRun.track`` calls into this
    module, so this module must not import the model back.
    """

    @property
    def t_s(self) -> float: ...

    @property
    def distance_m(self) -> float | None: ...

    @property
    def heart_rate(self) -> int | None: ...


@dataclass(frozen=True)
class Track:
    """Per interval (between point i-1 and point i, stored at index i; index 0 is empty).

    ``moving_s`` and ``moving_m`` are cumulative up to each point: they only grow
    over moving intervals.
    """

    times: tuple[float, ...]
    step_s: tuple[float, ...]
    step_m: tuple[float, ...]
    moving: tuple[bool, ...]
    heart_rate: tuple[int | None, ...]
    speed: tuple[float, ...]
    moving_s: tuple[float, ...]
    moving_m: tuple[float, ...]

    @property
    def total_moving_s(self) -> float:
        return self.moving_s[-1] if self.moving_s else 0.0

    @property
    def total_moving_m(self) -> float:
        return self.moving_m[-1] if self.moving_m else 0.0


def window_speeds(
    times: Sequence[float], step_s: Sequence[float], step_m: Sequence[float], window_s: float
) -> list[float]:
    """Speed of every interval over the intervals ending within ``window_s`` around it.

    ``step_s`` and ``step_m`` of a pause must already be zero. Index 0 is 0.0.
    """
    count = len(times)
    prefix_s = [0.0] * count
    prefix_m = [0.0] * count
    for i in range(1, count):
        prefix_s[i] = prefix_s[i - 1] + step_s[i]
        prefix_m[i] = prefix_m[i - 1] + step_m[i]
    half = window_s / 2
    speeds = [0.0] * count
    low = 1
    high = 1
    for i in range(1, count):
        if step_s[i] <= 0:
            continue
        centre = times[i]
        while low < i and times[low] <= centre - half:
            low += 1
        high = max(high, i)
        while high + 1 < count and times[high + 1] <= centre + half:
            high += 1
        seconds = prefix_s[high] - prefix_s[low - 1]
        speeds[i] = (prefix_m[high] - prefix_m[low - 1]) / seconds if seconds > 0 else 0.0
    return speeds


def track_of(samples: Sequence[RecordedPoint]) -> Track:
    """Moving time and distance of a run's points (see the module's docstring)."""
    count = len(samples)
    times = [sample.t_s for sample in samples]
    step_s = [0.0] * count
    step_m = [0.0] * count
    heart_rate: list[int | None] = [None] * count
    last_distance = (samples[0].distance_m or 0.0) if samples else 0.0
    for i in range(1, count):
        sample = samples[i]
        distance = sample.distance_m
        if distance is None:
            distance = last_distance
        seconds = times[i] - times[i - 1]
        metres = max(0.0, distance - last_distance)
        if 0 < seconds <= PAUSE_GAP_S or (
            seconds > PAUSE_GAP_S and metres >= MOVING_SPEED_M_S * seconds
        ):
            step_s[i] = seconds
            step_m[i] = metres
        last_distance = distance
        heart_rate[i] = sample.heart_rate
    speeds = window_speeds(times, step_s, step_m, MOVING_WINDOW_S)
    moving = [False] * count
    moving_s = [0.0] * count
    moving_m = [0.0] * count
    total_s = 0.0
    total_m = 0.0
    for i in range(1, count):
        if step_s[i] > 0 and speeds[i] >= MOVING_SPEED_M_S:
            moving[i] = True
            total_s += step_s[i]
            total_m += step_m[i]
        moving_s[i] = total_s
        moving_m[i] = total_m
    return Track(
        times=tuple(times),
        step_s=tuple(step_s),
        step_m=tuple(step_m),
        moving=tuple(moving),
        heart_rate=tuple(heart_rate),
        speed=tuple(speeds),
        moving_s=tuple(moving_s),
        moving_m=tuple(moving_m),
    )


def cumulative_at(track: Track, cumulative: Sequence[float], t_s: float) -> float:
    """A cumulative per-point figure (``moving_s`` or ``moving_m``) at an elapsed time."""
    i = bisect_right(track.times, t_s)
    if i <= 0:
        return 0.0
    if i >= len(track.times):
        return cumulative[-1]
    span = track.times[i] - track.times[i - 1]
    fraction = (t_s - track.times[i - 1]) / span if span > 0 else 1.0
    return cumulative[i - 1] + fraction * (cumulative[i] - cumulative[i - 1])


def elapsed_at_moving_s(track: Track, moving_s: float) -> float:
    """The elapsed time at which the runner had moved for ``moving_s`` seconds."""
    return _elapsed_at(track, track.moving_s, moving_s)


def elapsed_at_moving_m(track: Track, moving_m: float) -> float:
    """The elapsed time at which the runner had run ``moving_m`` metres."""
    return _elapsed_at(track, track.moving_m, moving_m)


def _elapsed_at(track: Track, cumulative: Sequence[float], amount: float) -> float:
    if not track.times:
        return 0.0
    if amount <= 0:
        return track.times[0]
    i = bisect_left(cumulative, amount)
    if i >= len(cumulative):
        return track.times[-1]
    before = cumulative[i - 1] if i > 0 else 0.0
    grew = cumulative[i] - before
    start = track.times[i - 1] if i > 0 else track.times[0]
    fraction = (amount - before) / grew if grew > 0 else 1.0
    return start + fraction * (track.times[i] - start)


@dataclass(frozen=True)
class Stretch:
    """What was run between two elapsed times."""

    moving_s: float
    distance_m: float
    heart_rate: float | None


def stretch_between(track: Track, windows: Sequence[tuple[float, float]]) -> Stretch:
    """Moving time, distance and average heart rate inside these elapsed-time windows.

    An interval cut by a window's edge counts in proportion, so a boundary between two
    five-second points costs nothing.
    """
    moving_s = 0.0
    distance_m = 0.0
    beats = 0.0
    beat_s = 0.0
    times = track.times
    for start, end in windows:
        i = max(1, bisect_right(times, start))
        while i < len(times) and times[i - 1] < end:
            if track.moving[i]:
                span = times[i] - times[i - 1]
                overlap = min(end, times[i]) - max(start, times[i - 1])
                if overlap > 0:
                    fraction = overlap / span
                    seconds = track.step_s[i] * fraction
                    moving_s += seconds
                    distance_m += track.step_m[i] * fraction
                    rate = track.heart_rate[i]
                    if rate is not None:
                        beats += rate * seconds
                        beat_s += seconds
            i += 1
    return Stretch(moving_s, distance_m, beats / beat_s if beat_s > 0 else None)


EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (mean Earth radius)."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
