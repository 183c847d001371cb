"""A run thinned to one point every five seconds for the chart, and its storage form.

The stream's length follows the recorded points, never the clock: a paused watch (a
gap over ``PAUSE_GAP_S``) gives one stopped point, not one every five seconds of the
pause, so a point dated centuries after the rest costs one point, not billions. It is
also never longer than ``MAX_CHART_POINTS``, a whole longest run's worth.

No positions are kept: the chart needs none, and a runner's route (where they live)
should not sit in the database for a pace chart. Stored as zlib-packed JSON of whole
numbers (decimetres, centimetres per second, beats per minute), a two-hour run in a
few kilobytes.
"""

from __future__ import annotations

import json
import math
import zlib
from bisect import bisect_right
from dataclasses import dataclass

from planner.limits import LONGEST_RUN_HOURS
from planner.runs.motion import PAUSE_GAP_S, cumulative_at
from planner.runs.recorded import RecordedRun

CHART_STEP_S = 5
MAX_CHART_POINTS = LONGEST_RUN_HOURS * 3600 // CHART_STEP_S + 1
_FORMAT = 1
_LARGEST_STORED = 4 * 1024 * 1024


@dataclass(frozen=True)
class ChartPoint:
    """``speed_m_s`` is the moving speed (0 when stopped or paused)."""

    t_s: int
    distance_m: float
    speed_m_s: float
    heart_rate: int | None


@dataclass(frozen=True)
class ChartStream:
    points: tuple[ChartPoint, ...]


def chart_stream(recording: RecordedRun) -> ChartStream:
    """The run every ``CHART_STEP_S`` seconds of elapsed time, pauses shown once each."""
    track = recording.track
    times = track.times
    if not times:
        return ChartStream(())
    points: list[ChartPoint] = []
    t_s = 0
    while t_s <= times[-1] and len(points) < MAX_CHART_POINTS:
        i = bisect_right(times, t_s)
        # The interval holding t_s ends at point i; at the very end, the last one.
        interval = min(i, len(times) - 1)
        moving = track.moving[interval]
        sample = recording.samples[i - 1]
        fresh = t_s - times[i - 1] <= PAUSE_GAP_S
        points.append(
            ChartPoint(
                t_s=t_s,
                distance_m=cumulative_at(track, track.moving_m, t_s),
                speed_m_s=track.speed[interval] if moving else 0.0,
                heart_rate=sample.heart_rate if fresh else None,
            )
        )
        t_s += CHART_STEP_S
        if i < len(times) and times[i] - times[i - 1] > PAUSE_GAP_S:
            # A pause: the next point is the first step at or after the watch resumed.
            resumed = math.ceil(times[i] / CHART_STEP_S) * CHART_STEP_S
            t_s = max(t_s, resumed)
    return ChartStream(tuple(points))


def encode_stream(stream: ChartStream) -> bytes:
    """Compact bytes for storage; :func:`decode_stream` reads them back."""
    distances: list[int] = []
    last = 0
    for point in stream.points:
        decimetres = round(point.distance_m * 10)
        distances.append(decimetres - last)
        last = decimetres
    body = {
        "v": _FORMAT,
        "t": [point.t_s for point in stream.points],
        "d": distances,
        "s": [round(point.speed_m_s * 100) for point in stream.points],
        "h": [point.heart_rate or 0 for point in stream.points],
    }
    return zlib.compress(json.dumps(body, separators=(",", ":")).encode(), 9)


def decode_stream(data: bytes) -> ChartStream:
    """The stream :func:`encode_stream` stored; ValueError for anything else."""
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(data, _LARGEST_STORED)
        if inflater.unconsumed_tail:
            raise ValueError("A stored chart stream is larger than any run's.")
        body = json.loads(text)
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("This is not a stored chart stream.") from error
    if not isinstance(body, dict) or body.get("v") != _FORMAT:
        raise ValueError("This chart stream is in a format this version cannot read.")
    columns: list[list[int]] = []
    for key in ("t", "d", "s", "h"):
        column = body.get(key)
        if not isinstance(column, list) or not all(type(value) is int for value in column):
            raise ValueError("This chart stream is damaged.")
        columns.append(column)
    if len({len(column) for column in columns}) != 1:
        raise ValueError("This chart stream is damaged.")
    times, deltas, speeds, rates = columns
    points: list[ChartPoint] = []
    decimetres = 0
    for t_s, delta, speed, rate in zip(times, deltas, speeds, rates, strict=True):
        decimetres += delta
        points.append(ChartPoint(t_s, decimetres / 10, speed / 100, rate or None))
    return ChartStream(tuple(points))
