"""Runs for tests of recorded runs: the speeds of a 50:00 10K runner's Steady 40 + fast 10,
and a one-week block whose only session is on the day the test files were recorded."""

from __future__ import annotations

from datetime import date

import pytest

from planner.bands import segment_band
from planner.models import Runner, ScheduledSession, TrainingBlock, WorkoutTemplate
from planner.paces import TrainingPaces, offset_to_per_km, paces_for_race
from planner.resolution import resolve
from planner.runs import PlannedSegment
from tests.factories import make_block, make_runner, shipped
from tests.rulebook import rulebook_template

RECORDINGS_MONDAY = date(2026, 3, 2)
RUN_DAY = date(2026, 3, 3)  # the Tuesday the test files were recorded
PACES = paces_for_race(10_000, 50 * 60)
STEADY_SPEED = 1000 / (PACES.ten_k + offset_to_per_km(60, "mi"))
FAST_SPEED = 1000 / PACES.ten_k
TOO_FAST_SPEED = 1000 / (PACES.marathon - 20)
AS_PLANNED = [(2400.0, STEADY_SPEED), (600.0, FAST_SPEED)]


def tuesday_block(runner: Runner, kind: str = "progression") -> TrainingBlock:
    """A one-week block whose only run is on the recordings' Tuesday."""
    progression = kind == "progression"
    return make_block(
        runner,
        published=True,
        start=RECORDINGS_MONDAY,
        weeks=1,
        run_days=frozenset({1}),
        long_run_day=None,
        long_template=None,
        long_minutes=None,
        progression_runs=1 if progression else 0,
        aerobic_floor_percent=80 if progression else 70,
        progression_templates=(shipped("Steady 40 + fast 10"),),
    )


@pytest.fixture
def runner() -> Runner:
    """A runner in London, where the recordings' times are local."""
    return make_runner(time_zone="Europe/London")


@pytest.fixture
def session(runner: Runner) -> ScheduledSession:
    """The runner's one planned run: the Steady 40 + fast 10 on the recordings' Tuesday."""
    session = tuesday_block(runner).sessions.get()
    assert (session.date, session.title) == (RUN_DAY, "Steady 40 + fast 10")
    return session


# Five runners, from a 35:00 to a 70:00 10K.
PROFILES = (35, 42, 50, 60, 70)


def profile_paces(ten_k_minutes: float) -> TrainingPaces:
    return paces_for_race(10_000, ten_k_minutes * 60)


def planned(
    template: str, ten_k_minutes: float, kind: str = "progression", minutes: float | None = None
) -> tuple[PlannedSegment, ...]:
    """A shipped template resolved for one runner, as the judge reads the stored session."""
    paces = profile_paces(ten_k_minutes)
    resolved = resolve(rulebook_template(template), paces, minutes)
    easy_run = kind != "progression"
    segments = []
    for segment in resolved.segments:
        band = segment_band(segment.pace_s_per_km, paces.marathon, easy_run=easy_run)
        segments.append(
            PlannedSegment(
                position=segment.position,
                amount=segment.amount,
                pace_s_per_km=segment.pace_s_per_km,
                hard=segment.zone == "hard",
                duration_s=segment.duration_s,
                distance_m=segment.distance_m,
                band_fast_s_per_km=band.fast_s_per_km,
                band_slow_s_per_km=band.slow_s_per_km,
                same_as=segment.same_as,
            )
        )
    return tuple(segments)


def legs_for(
    plan: tuple[PlannedSegment, ...], paces: dict[int, float] | None = None
) -> list[tuple[float, float]]:
    """Each segment run for its planned time at its target pace, or at ``paces[position]``
    (s/km) for the time its planned distance takes at that pace."""
    legs = []
    for segment in plan:
        pace = (paces or {}).get(segment.position, segment.pace_s_per_km)
        seconds = (
            segment.duration_s if segment.amount == "duration" else segment.distance_m / 1000 * pace
        )
        legs.append((seconds, 1000 / pace))
    return legs


def tuesday_session(
    runner: Runner,
    template: str | WorkoutTemplate = "Steady 40 + fast 10",
    kind: str = "progression",
) -> ScheduledSession:
    """A published one-week block whose Tuesday (the recordings' day) holds ``template``:
    a progression run among easy days (so any template keeps a 70 % floor), or the
    week's easy or long run."""
    chosen = shipped(template) if isinstance(template, str) else template
    choices: dict[str, object] = {
        "start": date(2026, 3, 2),
        "weeks": 1,
        "long_template": None,
        "long_minutes": None,
        "long_run_day": None,
        "aerobic_floor_percent": 70,
    }
    if kind == "progression":
        choices |= {
            "run_days": frozenset({0, 1, 3, 5, 6}),
            "progression_days": frozenset({1}),
            "progression_runs": 1,
            "progression_templates": (chosen,),
            "easy_minutes": 60,
        }
    elif kind == "long":
        choices |= {
            "run_days": frozenset({1}),
            "progression_runs": 0,
            "long_template": chosen,
            "long_minutes": 75,
            "long_run_day": 1,
            "progression_templates": (shipped("Steady 40 + fast 10"),),
        }
    else:
        choices |= {
            "run_days": frozenset({1}),
            "progression_runs": 0,
            "easy_template": chosen,
            "progression_templates": (shipped("Steady 40 + fast 10"),),
        }
    block = make_block(runner, published=True, **choices)
    session = block.sessions.get(date=RUN_DAY)
    assert session.kind == kind
    return session
