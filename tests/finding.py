"""What the workout-finding tests share: the runners' templates, a run judged from a
file or from points, step laps for a FIT file (tests/test_recordings_finding*.py)."""

from __future__ import annotations

from dataclasses import replace

from planner.rules import SessionKind
from planner.runs import judge, read_recording
from planner.runs.judging import Judgement
from tests.recording_files import (
    Point,
    fit_file,
    gpx_file,
    noisy_points,
    recording_of,
)
from tests.runs import planned, profile_paces

STEADY_40_FAST_10 = "Steady 40 + fast 10"
FIFTHS = "Fifths with fast finish (10 miles)"
OUT_AND_BACK = "Out and back (45 minutes)"
PROGRESSIONS = (STEADY_40_FAST_10, FIFTHS, OUT_AND_BACK)
Legs = list[tuple[float, float]]
Lap = tuple[float, float, int | None]


def judged_file(
    template: str,
    ten_k: int,
    legs: Legs,
    *,
    seed: int = 0,
    kind: SessionKind = "progression",
    laps: tuple[Lap, ...] | None = None,
    turn_at_s: float | None = None,
    speed_noise: float = 0.02,
    stops: tuple[tuple[float, float], ...] = (),
) -> Judgement:
    """A noisy recording of ``legs`` judged against the template for this runner: a GPX
    file, or a FIT file with ``laps`` (start, end, workout step index)."""
    plan = planned(template, ten_k, kind)
    every_s = 5 if laps is None else 10
    points = noisy_points(
        legs, seed=seed, every_s=every_s, turn_at_s=turn_at_s, speed_noise=speed_noise, stops=stops
    )
    data, name = (
        (gpx_file(points), "run.gpx") if laps is None else (fit_file(points, laps=laps), "run.fit")
    )
    return judge(
        read_recording(data, name),
        plan,
        session_kind=kind,
        marathon_s_per_km=profile_paces(ten_k).marathon,
        out_and_back=template == OUT_AND_BACK,
    )


def judged_points(
    template: str,
    ten_k: int,
    legs: Legs | tuple[Point, ...],
    *,
    seed: int = 0,
    gps_distance: bool,
    laps: tuple[Lap, ...] = (),
    turn_at_s: float | None = None,
    stops: tuple[tuple[float, float], ...] = (),
) -> Judgement:
    """As ``judged_file`` without writing and reading a file, for properties: ``legs``
    made into noisy points, or points already made."""
    points = (
        legs
        if isinstance(legs, tuple)
        else noisy_points(legs, seed=seed, turn_at_s=turn_at_s, speed_noise=0.02, stops=stops)
    )
    return judge(
        recording_of(points, gps_distance=gps_distance, laps=laps),
        planned(template, ten_k),
        session_kind="progression",
        marathon_s_per_km=profile_paces(ten_k).marathon,
        out_and_back=template == OUT_AND_BACK,
    )


def between(points: tuple[Point, ...], start_s: float, end_s: float) -> tuple[Point, ...]:
    """The points of one stretch of a run, as if the watch had recorded only that."""
    kept = [point for point in points if start_s <= point.t_s <= end_s]
    first = kept[0]
    return tuple(
        replace(point, t_s=point.t_s - first.t_s, distance_m=point.distance_m - first.distance_m)
        for point in kept
    )


def easy_m_s(ten_k: int) -> float:
    return 1000 / profile_paces(ten_k).easy


def step_laps(legs: Legs, warm_up_s: float = 0.0, cool_down_s: float = 0.0) -> tuple[Lap, ...]:
    """The laps a watch following the workout marks: one per step, none before or after."""
    laps: list[Lap] = []
    at = 0.0
    if warm_up_s:
        laps.append((0.0, warm_up_s, None))
        at = warm_up_s
    for index, (seconds, _) in enumerate(legs):
        laps.append((at, at + seconds, index))
        at += seconds
    if cool_down_s:
        laps.append((at, at + cool_down_s, None))
    return tuple(laps)
