"""Judging a recorded run by the session's intent: one verdict, and every segment's facts.

The verdict is the first of these that applies (the rulebook's order):

- ``cut_short``: under 80 % of the plan was run, each segment measured as it was
  written (a timed segment by moving time, a distance segment by distance);
- ``started_too_fast`` (progression runs): a segment planned aerobic was run faster
  than marathon pace;
- ``no_fast_finish`` (progression runs): the last hard segment was slower than its
  band and no faster than the segment before it;
- ``finish_off_target`` (progression runs): the last hard segment was faster than the
  one before it, but still slower than its band;
- ``too_fast`` (easy, recovery and long runs): faster than marathon pace on average;
- ``as_planned``.

Paces are compared at one decimal of a second per km, as intensity is, so a runner is
never "faster" by floating-point noise. "On target" is the watch's own pace band.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planner.bands import band_for
from planner.resolution import Zone
from planner.runs.motion import stretch_between
from planner.runs.recorded import RecordedRun
from planner.runs.splitting import PlannedSegment, RunSegment, SplitBy, split

SessionKind = Literal["progression", "easy", "recovery", "long"]
Verdict = Literal[
    "cut_short",
    "started_too_fast",
    "no_fast_finish",
    "finish_off_target",
    "too_fast",
    "as_planned",
]
PaceStatus = Literal["on_target", "fast", "slow", "not_run"]

CUT_SHORT_BELOW = 0.8
# Recovery runs are easy runs by another name: too fast is too fast.
_EASY_KINDS = frozenset({"easy", "recovery", "long"})


def intensity_of(pace_s_per_km: float, marathon_s_per_km: float) -> Zone:
    """Hard when faster than the runner's marathon pace, aerobic otherwise.

    The same rule and name as ``planner.resolution.intensity_of``: both paces compared
    at one decimal of a second per km.
    """
    for pace in (pace_s_per_km, marathon_s_per_km):
        if not (math.isfinite(pace) and pace > 0):
            raise ValueError(f"{pace} s per km is not a pace.")
    return "hard" if round(pace_s_per_km, 1) < round(marathon_s_per_km, 1) else "aerobic"


def faster_than(pace_s_per_km: float, than_s_per_km: float) -> bool:
    """Faster at one decimal of a second per km, the precision every comparison uses."""
    return round(pace_s_per_km, 1) < round(than_s_per_km, 1)


def _pace(moving_s: float, distance_m: float) -> float | None:
    # A few metres do not make a pace: a stretch under 10 m is "not run".
    return moving_s / distance_m * 1000 if distance_m >= 10 and moving_s > 0 else None


@dataclass(frozen=True)
class SegmentResult:
    """What was run in one planned segment.

    ``pace_off_s_per_km`` is the actual pace minus the target (positive: slower); it
    is there even when on target, for a page that wants to show it.
    ``completed`` is the share of the segment's planned amount that was run (0 to 1).
    """

    position: int
    label: str
    hard: bool
    target_pace_s_per_km: float
    moving_s: float
    distance_m: float
    pace_s_per_km: float | None
    heart_rate: float | None
    status: PaceStatus
    pace_off_s_per_km: float | None
    completed: float

    @property
    def on_target(self) -> bool:
        return self.status == "on_target"


@dataclass(frozen=True)
class Judgement:
    """A recording judged against its session. ``completed`` is the share of the plan
    run (see ``cut_short``); ``planned_s`` is the plan's resolved length."""

    verdict: Verdict
    session_kind: SessionKind
    segments: tuple[SegmentResult, ...]
    moving_s: float
    distance_m: float
    pace_s_per_km: float | None
    heart_rate: float | None
    completed: float
    planned_s: float
    marathon_s_per_km: float
    split_by: SplitBy


def _result(run: RunSegment) -> SegmentResult:
    segment = run.segment
    stretch = run.stretch
    pace = _pace(stretch.moving_s, stretch.distance_m)
    status: PaceStatus
    if pace is None:
        status = "not_run"
    elif band_for(segment.pace_s_per_km).contains(pace):
        status = "on_target"
    else:
        status = "fast" if pace < segment.pace_s_per_km else "slow"
    return SegmentResult(
        position=segment.position,
        label=segment.label or f"segment {segment.position}",
        hard=segment.hard,
        target_pace_s_per_km=segment.pace_s_per_km,
        moving_s=stretch.moving_s,
        distance_m=stretch.distance_m,
        pace_s_per_km=pace,
        heart_rate=stretch.heart_rate,
        status=status,
        pace_off_s_per_km=None if pace is None else pace - segment.pace_s_per_km,
        completed=min(1.0, run.run / run.planned) if run.planned > 0 else 1.0,
    )


def _completed(runs: Sequence[RunSegment], results: Sequence[SegmentResult]) -> float:
    # Each segment weighs what it was planned to take, so a missed 10-minute finish
    # costs as much whether it was written in minutes or in miles.
    weights = [max(0.0, run.segment.duration_s) for run in runs]
    total = sum(weights)
    if total <= 0:
        return min(result.completed for result in results)
    return sum(w * r.completed for w, r in zip(weights, results, strict=True)) / total


def _progression_verdict(results: Sequence[SegmentResult], marathon: float) -> Verdict:
    for result in results:
        if (
            not result.hard
            and result.pace_s_per_km is not None
            and faster_than(result.pace_s_per_km, marathon)
        ):
            return "started_too_fast"
    hard = [index for index, result in enumerate(results) if result.hard]
    if not hard:
        return "as_planned"
    last = results[hard[-1]]
    before = results[hard[-1] - 1] if hard[-1] > 0 else None
    if last.pace_s_per_km is None:
        return "no_fast_finish"
    if last.status != "slow":
        return "as_planned"
    sped_up = (
        before is not None
        and before.pace_s_per_km is not None
        and faster_than(last.pace_s_per_km, before.pace_s_per_km)
    )
    return "finish_off_target" if sped_up else "no_fast_finish"


def judge(
    recording: RecordedRun,
    planned: Sequence[PlannedSegment],
    *,
    session_kind: SessionKind,
    marathon_s_per_km: float,
    out_and_back: bool = False,
) -> Judgement:
    """The verdict on a recorded run and what was run in each planned segment."""
    if not (math.isfinite(marathon_s_per_km) and marathon_s_per_km > 0):
        raise ValueError("A marathon pace above zero is needed to judge a run.")
    split_by, runs = split(recording, planned, out_and_back=out_and_back)
    results = tuple(_result(run) for run in runs)
    track = recording.track
    whole = stretch_between(track, [(track.times[0], track.times[-1])]) if track.times else None
    moving_s = track.total_moving_s
    distance_m = track.total_moving_m
    average = _pace(moving_s, distance_m)
    completed = _completed(runs, results)
    verdict: Verdict
    if completed < CUT_SHORT_BELOW:
        verdict = "cut_short"
    elif session_kind == "progression":
        verdict = _progression_verdict(results, marathon_s_per_km)
    elif (
        session_kind in _EASY_KINDS
        and average is not None
        and faster_than(average, marathon_s_per_km)
    ):
        verdict = "too_fast"
    else:
        verdict = "as_planned"
    return Judgement(
        verdict=verdict,
        session_kind=session_kind,
        segments=results,
        moving_s=moving_s,
        distance_m=distance_m,
        pace_s_per_km=average,
        heart_rate=whole.heart_rate if whole else None,
        completed=completed,
        planned_s=sum(segment.duration_s for segment in planned),
        marathon_s_per_km=marathon_s_per_km,
        split_by=split_by,
    )
