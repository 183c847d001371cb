"""Judging a recorded run by the session's intent: one verdict code, and the facts of
every segment, the warm-up and the cool-down. No words: those are built when read
(:mod:`planner.runs.wording`), in the runner's unit of the day.

The verdict is the first of these that applies (the rulebook's order):

- ``cut_short``: under 80 % of the plan was run in the workout, each segment measured
  as it was written; the share is rounded down (79.9 % is 79 %);
- ``started_too_fast`` (progression runs): a segment planned aerobic, before the fast
  finish, was run faster than marathon pace;
- ``no_fast_finish`` (progression runs): the fast finish gained less than half its
  planned gain on the segment before (or on the whole workout before it, whichever
  gain is smaller), and is slower than its band;
- ``finish_off_target`` (progression runs): the fast finish is slower than its band,
  though it gained at least half the planned gain;
- ``finish_too_fast`` (progression runs): the fast finish is more than 5 % faster than
  its target (raced);
- ``too_fast`` (easy, recovery and long runs): the workout's average pace is faster
  than the fast edge of the easy range;
- ``much_longer``: the whole run's moving time is over 150 % of the planned time, or
  its distance over 150 % of a plan measured by distance;
- ``as_planned``.

The **fast finish** is the last segment planned faster than the one before it, whatever
its intensity. Paces are compared at one decimal of a second per km, as intensity is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planner.bands import PaceBand, raced
from planner.resolution import AmountKind
from planner.rules import SessionKind
from planner.runs.motion import stretch_between
from planner.runs.recorded import RecordedRun
from planner.runs.splitting import (
    Part,
    PlannedSegment,
    RunSegment,
    SplitBy,
    split,
)

Verdict = Literal[
    "cut_short",
    "started_too_fast",
    "no_fast_finish",
    "finish_off_target",
    "finish_too_fast",
    "too_fast",
    "much_longer",
    "as_planned",
]
PaceStatus = Literal["on_target", "fast", "slow", "not_run"]

CUT_SHORT_BELOW_PERCENT = 80
MUCH_LONGER_THAN = 1.5
# The stored form of a judgement; an older one is judged again before it is read.
JUDGEMENT_FORMAT = 2
_EASY_KINDS = frozenset({"easy", "recovery", "long"})


def faster_than(pace_s_per_km: float, than_s_per_km: float) -> bool:
    """Faster at one decimal of a second per km, the precision every comparison uses."""
    return round(pace_s_per_km, 1) < round(than_s_per_km, 1)


def pace_of(moving_s: float, distance_m: float) -> float | None:
    # A few metres do not make a pace: a stretch under 10 m is "not run".
    return moving_s / distance_m * 1000 if distance_m >= 10 and moving_s > 0 else None


@dataclass(frozen=True)
class SegmentResult:
    """What was run in one planned segment, beside what was planned.

    ``pace_off_s_per_km`` is the actual pace minus the target (positive: slower); it is
    there even when on target. ``completed`` is the share of the segment's planned
    amount that was run (0 to 1). ``start_m`` and ``end_m`` place it along the run.
    """

    position: int
    amount: AmountKind
    same_as: int | None
    hard: bool
    planned_s: float
    planned_m: float
    target_pace_s_per_km: float
    band_fast_s_per_km: float
    band_slow_s_per_km: float
    moving_s: float
    distance_m: float
    pace_s_per_km: float | None
    heart_rate: float | None
    status: PaceStatus
    pace_off_s_per_km: float | None
    completed: float
    start_m: float
    end_m: float

    @property
    def on_target(self) -> bool:
        return self.status == "on_target"

    @property
    def band(self) -> PaceBand:
        return PaceBand(self.band_fast_s_per_km, self.band_slow_s_per_km)


@dataclass(frozen=True)
class PartResult:
    """The warm-up or the cool-down: counted in the week, never in the verdict."""

    moving_s: float
    distance_m: float
    pace_s_per_km: float | None
    heart_rate: float | None
    start_m: float
    end_m: float


@dataclass(frozen=True)
class Judgement:
    """A recording judged against its session.

    ``moving_s``, ``distance_m``, ``pace_s_per_km`` and ``heart_rate`` are the whole
    run's; ``workout_*`` the planned segments' only. ``completed`` is the share of the
    plan run, ``completed_percent`` that share rounded down. ``finish`` is the fast
    finish's position (None when the plan has none); the gains are in s/km.
    """

    verdict: Verdict
    session_kind: SessionKind
    segments: tuple[SegmentResult, ...]
    warm_up: PartResult | None
    cool_down: PartResult | None
    moving_s: float
    distance_m: float
    pace_s_per_km: float | None
    heart_rate: float | None
    workout_moving_s: float
    workout_distance_m: float
    workout_pace_s_per_km: float | None
    completed: float
    completed_percent: int
    planned_s: float
    planned_m: float
    by_distance: bool
    marathon_s_per_km: float
    split_by: SplitBy
    finish: int | None
    planned_gain_s_per_km: float | None
    actual_gain_s_per_km: float | None
    laps_m: tuple[float, ...] = ()
    format: int = JUDGEMENT_FORMAT

    @property
    def finish_result(self) -> SegmentResult | None:
        return None if self.finish is None else self.segments[self.finish - 1]

    @property
    def before_finish(self) -> SegmentResult | None:
        return None if self.finish is None else self.segments[self.finish - 2]


def _result(run: RunSegment) -> SegmentResult:
    segment = run.segment
    stretch = run.stretch
    pace = pace_of(stretch.moving_s, stretch.distance_m)
    band = PaceBand(segment.band_fast_s_per_km, segment.band_slow_s_per_km)
    status: PaceStatus
    if pace is None:
        status = "not_run"
    elif band.contains(pace):
        status = "on_target"
    else:
        status = "fast" if band.faster_than_band(pace) else "slow"
    return SegmentResult(
        position=segment.position,
        amount=segment.amount,
        same_as=segment.same_as,
        hard=segment.hard,
        planned_s=segment.duration_s,
        planned_m=segment.distance_m,
        target_pace_s_per_km=segment.pace_s_per_km,
        band_fast_s_per_km=segment.band_fast_s_per_km,
        band_slow_s_per_km=segment.band_slow_s_per_km,
        moving_s=stretch.moving_s,
        distance_m=stretch.distance_m,
        pace_s_per_km=pace,
        heart_rate=stretch.heart_rate,
        status=status,
        pace_off_s_per_km=None if pace is None else pace - segment.pace_s_per_km,
        completed=min(1.0, run.run / run.planned) if run.planned > 0 else 1.0,
        start_m=run.start_m,
        end_m=run.end_m,
    )


def _part(part: Part) -> PartResult | None:
    stretch = part.stretch
    if stretch.moving_s <= 0:
        return None
    return PartResult(
        moving_s=stretch.moving_s,
        distance_m=stretch.distance_m,
        pace_s_per_km=pace_of(stretch.moving_s, stretch.distance_m),
        heart_rate=stretch.heart_rate,
        start_m=part.start_m,
        end_m=part.end_m,
    )


def completed_share(runs: Sequence[RunSegment], results: Sequence[SegmentResult]) -> float:
    # Each segment weighs what it was planned to take, so a missed 10-minute finish
    # costs as much whether it was written in minutes or in miles.
    weights = [max(0.0, run.segment.duration_s) for run in runs]
    total = sum(weights)
    if total <= 0:
        return min(result.completed for result in results)
    return sum(w * r.completed for w, r in zip(weights, results, strict=True)) / total


def fast_finish(planned: Sequence[PlannedSegment]) -> int | None:
    """The position of the last segment planned faster than the one before it."""
    for index in range(len(planned) - 1, 0, -1):
        if faster_than(planned[index].pace_s_per_km, planned[index - 1].pace_s_per_km):
            return planned[index].position
    return None


def _actual_gain(results: Sequence[SegmentResult], finish: int) -> float | None:
    """How much faster the fast finish was run than the steady part before it (s/km).

    The gain on the segment before, but never more than the gain on the whole workout
    before the finish (its moving time over its distance): one segment's GPS noise
    cannot make a run at one pace look like a speed-up, and a real speed-up is faster
    than both.
    """
    last, before = results[finish - 1], results[finish - 2]
    if last.pace_s_per_km is None or before.pace_s_per_km is None:
        return None
    earlier = [r for r in results[: finish - 1] if r.pace_s_per_km is not None]
    seconds = sum(r.moving_s for r in earlier)
    metres = sum(r.distance_m for r in earlier)
    gain = before.pace_s_per_km - last.pace_s_per_km
    if metres > 0:
        gain = min(gain, seconds / metres * 1000 - last.pace_s_per_km)
    return gain


def _progression_verdict(
    results: Sequence[SegmentResult], finish: int | None, marathon: float
) -> Verdict | None:
    for result in results:
        if finish is not None and result.position >= finish:
            break
        if (
            not result.hard
            and result.pace_s_per_km is not None
            and faster_than(result.pace_s_per_km, marathon)
        ):
            return "started_too_fast"
    if finish is None:
        return None
    last, before = results[finish - 1], results[finish - 2]
    planned_gain = before.target_pace_s_per_km - last.target_pace_s_per_km
    if last.pace_s_per_km is None or last.status == "slow":
        gained = _actual_gain(results, finish)
        gained = 0.0 if gained is None else gained
        return "no_fast_finish" if gained < planned_gain / 2 else "finish_off_target"
    if raced(last.pace_s_per_km, last.target_pace_s_per_km):
        return "finish_too_fast"
    return None


def _much_longer(
    run_s: float, run_m: float, planned_s: float, planned_m: float, by_distance: bool
) -> bool:
    if planned_s > 0 and run_s > MUCH_LONGER_THAN * planned_s:
        return True
    return by_distance and planned_m > 0 and run_m > MUCH_LONGER_THAN * planned_m


def _whole_heart_rate(recording: RecordedRun) -> float | None:
    track = recording.track
    if not track.times:
        return None
    return stretch_between(track, [(track.times[0], track.times[-1])]).heart_rate


def judge(
    recording: RecordedRun,
    planned: Sequence[PlannedSegment],
    *,
    session_kind: SessionKind,
    marathon_s_per_km: float,
    out_and_back: bool = False,
) -> Judgement:
    """The verdict on a recorded run and what was run in each part of it."""
    if not (math.isfinite(marathon_s_per_km) and marathon_s_per_km > 0):
        raise ValueError("A marathon pace above zero is needed to judge a run.")
    found = split(recording, planned, out_and_back=out_and_back)
    results = tuple(_result(run) for run in found.segments)
    track = recording.track
    moving_s, distance_m = track.total_moving_s, track.total_moving_m
    workout_s = sum(result.moving_s for result in results)
    workout_m = sum(result.distance_m for result in results)
    workout_pace = pace_of(workout_s, workout_m)
    completed = completed_share(found.segments, results)
    percent = math.floor(completed * 100 + 1e-9)
    finish = fast_finish(planned) if session_kind == "progression" else None
    planned_s = sum(segment.duration_s for segment in planned)
    planned_m = sum(segment.distance_m for segment in planned)
    by_distance = all(segment.amount != "duration" for segment in planned)
    verdict: Verdict | None = None
    if percent < CUT_SHORT_BELOW_PERCENT:
        verdict = "cut_short"
    elif session_kind == "progression":
        verdict = _progression_verdict(results, finish, marathon_s_per_km)
    elif session_kind in _EASY_KINDS and workout_pace is not None:
        fast_edge = min(result.band_fast_s_per_km for result in results)
        if faster_than(workout_pace, fast_edge):
            verdict = "too_fast"
    if verdict is None and _much_longer(moving_s, distance_m, planned_s, planned_m, by_distance):
        verdict = "much_longer"
    last = results[finish - 1] if finish is not None else None
    before = results[finish - 2] if finish is not None else None
    return Judgement(
        verdict=verdict or "as_planned",
        session_kind=session_kind,
        segments=results,
        warm_up=_part(found.warm_up),
        cool_down=_part(found.cool_down),
        moving_s=moving_s,
        distance_m=distance_m,
        pace_s_per_km=pace_of(moving_s, distance_m),
        heart_rate=_whole_heart_rate(recording),
        workout_moving_s=workout_s,
        workout_distance_m=workout_m,
        workout_pace_s_per_km=workout_pace,
        completed=completed,
        completed_percent=percent,
        planned_s=planned_s,
        planned_m=planned_m,
        by_distance=by_distance,
        marathon_s_per_km=marathon_s_per_km,
        split_by=found.split_by,
        finish=finish,
        planned_gain_s_per_km=(
            before.target_pace_s_per_km - last.target_pace_s_per_km
            if last is not None and before is not None
            else None
        ),
        actual_gain_s_per_km=_actual_gain(results, finish) if finish is not None else None,
        laps_m=found.laps_m,
    )
