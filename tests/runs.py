"""Runs for tests of recorded runs: the speeds of a 50:00 10K runner's Steady 40 + fast 10,
and a one-week block whose only session is on the day the test files were recorded."""

from __future__ import annotations

from datetime import date

import pytest

from planner.models import Runner, ScheduledSession, TrainingBlock
from planner.paces import offset_to_per_km, paces_for_race
from tests.factories import make_block, make_runner, shipped

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
