"""Laying the planned segments over what was actually run.

Three ways, the first that applies:

1. **Laps.** A watch following the exported workout marks a lap per step and writes
   the step index on it: step i is segment i+1, exactly as the runner's watch saw it.
2. **The turn.** For an out-and-back with GPS, the return begins at the point farthest
   from the start, wherever the runner actually turned.
3. **Amounts.** Otherwise the plan is laid over the run in order: a timed segment takes
   that much moving time, a distance segment that much distance run, "the same distance
   as segment k" the distance actually covered in k. The last takes the rest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planner.runs.motion import (
    Stretch,
    Track,
    cumulative_at,
    elapsed_at_moving_m,
    elapsed_at_moving_s,
    haversine_m,
    stretch_between,
)
from planner.runs.recorded import RecordedRun

AmountKind = Literal["duration", "distance", "same_distance"]
SplitBy = Literal["laps", "turn", "amounts"]
Window = tuple[float, float]


@dataclass(frozen=True)
class PlannedSegment:
    """One resolved segment of the session, as the coach planned it.

    ``duration_s`` and ``distance_m`` are the resolved amounts (both are known once a
    pace is); ``amount`` says which one the segment is measured by. ``label`` is how
    the runner's card names it ("steady 40 min", "last 2 mi").
    """

    position: int
    amount: AmountKind
    pace_s_per_km: float
    hard: bool
    duration_s: float
    distance_m: float
    same_as: int | None = None
    label: str = ""


@dataclass(frozen=True)
class RunSegment:
    """Where one planned segment fell in the recording, and what was run in it.

    ``planned`` is the amount the segment asked for in its own measure (seconds for a
    timed segment, metres otherwise); ``run`` is the same measure as run.
    """

    segment: PlannedSegment
    windows: tuple[Window, ...]
    stretch: Stretch
    planned: float
    run: float


def check_plan(planned: Sequence[PlannedSegment]) -> None:
    """Raise ValueError for a plan the caller built wrongly (not the runner's fault)."""
    if not planned:
        raise ValueError("A recording is judged against at least one planned segment.")
    for expected, segment in enumerate(planned, start=1):
        if segment.position != expected:
            raise ValueError(f"Planned segments must be numbered 1, 2, 3…; got {segment.position}.")
        if not (math.isfinite(segment.pace_s_per_km) and segment.pace_s_per_km > 0):
            raise ValueError(f"Segment {expected} has no pace above zero.")
        if not all(
            math.isfinite(amount) and amount >= 0
            for amount in (segment.duration_s, segment.distance_m)
        ):
            raise ValueError(f"Segment {expected} has a planned time or distance below zero.")
        if segment.amount == "same_distance" and not (
            segment.same_as is not None and 1 <= segment.same_as < expected
        ):
            raise ValueError(f"Segment {expected} must repeat the distance of an earlier segment.")


def _lap_windows(recording: RecordedRun, count: int) -> list[list[Window]] | None:
    windows: list[list[Window]] = [[] for _ in range(count)]
    found = False
    for lap in recording.laps:
        if lap.step_index is not None and 0 <= lap.step_index < count:
            windows[lap.step_index].append((lap.start_t_s, lap.end_t_s))
            found = True
    return windows if found else None


def _turn_t_s(recording: RecordedRun) -> float | None:
    origin: tuple[float, float] | None = None
    farthest = -1.0
    turn: float | None = None
    for sample in recording.samples:
        if sample.lat is None or sample.lon is None:
            continue
        if origin is None:
            origin = (sample.lat, sample.lon)
        metres = haversine_m(origin[0], origin[1], sample.lat, sample.lon)
        if metres > farthest:
            farthest = metres
            turn = sample.t_s
    # A run that never left the start (a treadmill with GPS on) has no turn to find.
    return turn if farthest > 0 else None


def _planned_amount(segment: PlannedSegment, runs: list[RunSegment]) -> float:
    if segment.amount == "duration":
        return segment.duration_s
    if segment.amount == "same_distance" and segment.same_as is not None:
        covered = runs[segment.same_as - 1].stretch.distance_m
        if covered > 0:
            return covered
    return segment.distance_m


def _run_segment(
    track: Track, segment: PlannedSegment, windows: Sequence[Window], runs: list[RunSegment]
) -> RunSegment:
    stretch = stretch_between(track, windows)
    run = stretch.moving_s if segment.amount == "duration" else stretch.distance_m
    return RunSegment(segment, tuple(windows), stretch, _planned_amount(segment, runs), run)


def _end_of(track: Track, segment: PlannedSegment, start: float, runs: list[RunSegment]) -> float:
    if segment.amount == "duration":
        moved = cumulative_at(track, track.moving_s, start)
        return elapsed_at_moving_s(track, moved + segment.duration_s)
    run_m = cumulative_at(track, track.moving_m, start)
    return elapsed_at_moving_m(track, run_m + _planned_amount(segment, runs))


def split(
    recording: RecordedRun, planned: Sequence[PlannedSegment], *, out_and_back: bool = False
) -> tuple[SplitBy, tuple[RunSegment, ...]]:
    """Each planned segment's part of the run (see the module's docstring)."""
    check_plan(planned)
    track = recording.track
    end = track.times[-1] if track.times else 0.0
    runs: list[RunSegment] = []
    by_laps = _lap_windows(recording, len(planned))
    if by_laps is not None:
        for segment, windows in zip(planned, by_laps, strict=True):
            runs.append(_run_segment(track, segment, windows, runs))
        return "laps", tuple(runs)
    turn = _turn_t_s(recording) if out_and_back and len(planned) >= 2 else None
    start = track.times[0] if track.times else 0.0
    for index, segment in enumerate(planned):
        if index == len(planned) - 1:
            finish = end
        elif turn is not None and index == len(planned) - 2:
            finish = max(start, turn)
        else:
            finish = min(end, max(start, _end_of(track, segment, start, runs)))
        runs.append(_run_segment(track, segment, [(start, finish)], runs))
        start = finish
    return ("turn" if turn is not None else "amounts"), tuple(runs)
