"""Finding the workout inside the run: each planned segment's part, the warm-up before it
and the cool-down after it (the rulebook's "Recorded runs", revised).

The first way that applies:

1. **Laps.** A watch following the exported workout marks its laps with the step it was
   on: the laps of step i are segment i+1 (consecutive laps of one step are one
   segment, so a stray lap press splits nothing). Laps without a step before the first
   step are the warm-up, after the last the cool-down; one between two steps belongs to
   the step before it. Used only when every planned step has a lap: a watch whose last
   step lost its index is read as if it had no laps, so it can never look cut short.
2. **The turn.** An out-and-back with GPS turns at the point farthest from the start:
   the way out ends there (its planned amount before it), the way back is the distance
   actually run out.
3. **The slide.** A run longer than the plan: the plan goes where its pace shape fits
   best (:mod:`planner.runs.sliding`).
4. **From the start.** A run no longer than the plan: the amounts in order from the
   first moving second; what the run lacks, the last segments lack.

All of this counts moving time only (stopped time never counts; a gap in the track the
distance shows was run counts as moving, see :mod:`planner.runs.motion`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planner.resolution import AmountKind
from planner.runs.motion import (
    Stretch,
    Track,
    cumulative_at,
    elapsed_at_moving_s,
    haversine_m,
    stretch_between,
)
from planner.runs.recorded import RecordedRun
from planner.runs.sliding import lay, moving_axis, slide

SplitBy = Literal["laps", "turn", "slide", "amounts"]
Window = tuple[float, float]


@dataclass(frozen=True)
class PlannedSegment:
    """One resolved segment of the session, as the coach planned it: facts, no words.

    ``duration_s`` and ``distance_m`` are the resolved amounts (both are known once a
    pace is); ``amount`` says which one the segment is measured by, and ``same_as`` which
    earlier segment's distance a "same distance" segment repeats. The band is the one
    the watch showed (``planner.bands.segment_band``).
    """

    position: int
    amount: AmountKind
    pace_s_per_km: float
    hard: bool
    duration_s: float
    distance_m: float
    band_fast_s_per_km: float
    band_slow_s_per_km: float
    same_as: int | None = None


@dataclass(frozen=True)
class RunSegment:
    """Where one planned segment fell in the recording, and what was run in it.

    ``planned`` is the amount the segment asked for in its own measure (seconds for a
    timed segment, metres otherwise); ``run`` is the same measure as run. ``start_m``
    and ``end_m`` are where it lies along the run's distance (for the chart).
    """

    segment: PlannedSegment
    windows: tuple[Window, ...]
    stretch: Stretch
    planned: float
    run: float
    start_m: float
    end_m: float


@dataclass(frozen=True)
class Part:
    """The warm-up or the cool-down: what was run outside the workout."""

    stretch: Stretch
    start_m: float
    end_m: float


@dataclass(frozen=True)
class Split:
    split_by: SplitBy
    segments: tuple[RunSegment, ...]
    warm_up: Part
    cool_down: Part
    # Where the watch marked laps, as distances along the run (for the chart).
    laps_m: tuple[float, ...] = ()
    # Positions the slide tried (0 when it did not slide): the work done.
    positions: int = 0


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
        if not 0 < segment.band_fast_s_per_km <= segment.band_slow_s_per_km:
            raise ValueError(f"Segment {expected} has no pace band.")
        if segment.amount == "same_distance" and not (
            segment.same_as is not None and 1 <= segment.same_as < expected
        ):
            raise ValueError(f"Segment {expected} must repeat the distance of an earlier segment.")


def _at_m(track: Track, t_s: float) -> float:
    return cumulative_at(track, track.moving_m, t_s)


def _planned_amount(segment: PlannedSegment, runs: Sequence[RunSegment]) -> float:
    if segment.amount == "duration":
        return segment.duration_s
    if segment.amount == "same_distance" and segment.same_as is not None:
        covered = runs[segment.same_as - 1].stretch.distance_m
        if covered > 0:
            return covered
    return segment.distance_m


def _run_segment(
    track: Track, segment: PlannedSegment, windows: Sequence[Window], runs: Sequence[RunSegment]
) -> RunSegment:
    stretch = stretch_between(track, windows)
    run = stretch.moving_s if segment.amount == "duration" else stretch.distance_m
    starts = [start for start, _ in windows]
    ends = [end for _, end in windows]
    return RunSegment(
        segment,
        tuple(windows),
        stretch,
        _planned_amount(segment, runs),
        run,
        _at_m(track, min(starts)) if starts else 0.0,
        _at_m(track, max(ends)) if ends else 0.0,
    )


def _part(track: Track, start: float, end: float) -> Part:
    windows = [(start, end)] if end > start else []
    return Part(stretch_between(track, windows), _at_m(track, start), _at_m(track, max(start, end)))


def _by_laps(recording: RecordedRun, planned: Sequence[PlannedSegment]) -> Split | None:
    count = len(planned)
    laps = sorted(recording.laps, key=lambda lap: lap.start_t_s)
    steps = [
        lap.step_index if lap.step_index is not None and 0 <= lap.step_index < count else None
        for lap in laps
    ]
    stepped = [lap for lap, index in zip(laps, steps, strict=True) if index is not None]
    if {index for index in steps if index is not None} != set(range(count)):
        return None
    first = min(lap.start_t_s for lap in stepped)
    last = max(lap.end_t_s for lap in stepped)
    windows: list[list[Window]] = [[] for _ in range(count)]
    step: int | None = None
    # Laps that overlap (a damaged file) never count one second twice.
    covered = first
    for lap, index in zip(laps, steps, strict=True):
        start, end = max(lap.start_t_s, covered), lap.end_t_s
        if index is not None:
            step = index
        elif step is None or not (first <= lap.start_t_s and lap.end_t_s <= last):
            continue
        if end > start:
            windows[step].append((start, end))
            covered = end
    track = recording.track
    runs: list[RunSegment] = []
    for segment, found in zip(planned, windows, strict=True):
        runs.append(_run_segment(track, segment, found, runs))
    begin, end = _ends(track)
    # A lap pressed during the last step ends the workout on the watch; the running
    # after it carries no step. The step goes on until its amount is run.
    short = runs[-1].planned - runs[-1].run
    if short > 0 and last < end:
        axis = moving_axis(track)
        at = cumulative_at(track, track.moving_s, last)
        if runs[-1].segment.amount == "duration":
            until = at + short
        else:
            until = axis.moving_at_distance(axis.distance_at(at) + short)
        extended = min(end, elapsed_at_moving_s(track, min(until, track.total_moving_s)))
        windows[-1].append((last, extended))
        last = extended
        runs[-1] = _run_segment(track, planned[-1], windows[-1], runs[:-1])
    return Split(
        "laps",
        tuple(runs),
        _part(track, begin, first),
        _part(track, last, end),
    )


def _ends(track: Track) -> tuple[float, float]:
    return (track.times[0], track.times[-1]) if track.times else (0.0, 0.0)


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


def _from_moving(
    recording: RecordedRun,
    planned: Sequence[PlannedSegment],
    placed: Sequence[tuple[float, float]],
    split_by: SplitBy,
    positions: int = 0,
) -> Split:
    track = recording.track
    total = track.total_moving_s
    runs: list[RunSegment] = []
    bounds: list[tuple[float, float]] = []
    for segment, (first, last) in zip(planned, placed, strict=True):
        start = elapsed_at_moving_s(track, min(max(first, 0.0), total))
        end = elapsed_at_moving_s(track, min(max(last, first, 0.0), total))
        bounds.append((start, max(start, end)))
        runs.append(_run_segment(track, segment, [bounds[-1]], runs))
    begin, finish = _ends(track)
    return Split(
        split_by,
        tuple(runs),
        _part(track, begin, bounds[0][0]),
        _part(track, bounds[-1][1], finish),
        positions=positions,
    )


def _turned(recording: RecordedRun, planned: Sequence[PlannedSegment]) -> Split | None:
    turn = _turn_t_s(recording)
    if turn is None:
        return None
    track = recording.track
    axis = moving_axis(track)
    turn_moving = cumulative_at(track, track.moving_s, turn)
    out = planned[0]
    if out.amount == "duration":
        out_start = max(0.0, turn_moving - out.duration_s)
    else:
        turn_m = axis.distance_at(turn_moving)
        out_start = axis.moving_at_distance(max(0.0, turn_m - out.distance_m))
    # The way back is the distance actually run out, whatever the plan resolved.
    covered = axis.distance_at(turn_moving) - axis.distance_at(out_start)
    back_end = axis.moving_at_distance(axis.distance_at(turn_moving) + covered)
    return _from_moving(
        recording, planned, [(out_start, turn_moving), (turn_moving, back_end)], "turn"
    )


def split(
    recording: RecordedRun, planned: Sequence[PlannedSegment], *, out_and_back: bool = False
) -> Split:
    """Each planned segment's part of the run (see the module's docstring)."""
    check_plan(planned)
    found = _found(recording, planned, out_and_back)
    # Every lap the watch marked, whichever way the workout was found, for the chart.
    laps = sorted(recording.laps, key=lambda lap: lap.start_t_s)
    marks = tuple(_at_m(recording.track, lap.start_t_s) for lap in laps[1:])
    return dataclasses.replace(found, laps_m=marks)


def _found(recording: RecordedRun, planned: Sequence[PlannedSegment], out_and_back: bool) -> Split:
    by_laps = _by_laps(recording, planned) if recording.laps else None
    if by_laps is not None:
        return by_laps
    if out_and_back and len(planned) == 2:
        turned = _turned(recording, planned)
        if turned is not None:
            return turned
    axis = moving_axis(recording.track)
    from_start = lay(axis, planned, 0.0)
    if from_start[-1][1] < axis.total_s - 1.0:
        found = slide(axis, planned)
        return _from_moving(recording, planned, found.placed, "slide", found.positions)
    return _from_moving(recording, planned, from_start, "amounts")
