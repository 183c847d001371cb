"""The shipped templates, read from the database, give the rulebook's worked examples."""

from __future__ import annotations

import pytest

from planner import formatting, paces, units
from tests.factories import shipped

pytestmark = pytest.mark.django_db


def test_fifths_for_a_50_minute_10k_runner() -> None:
    runner_paces = paces.paces_for_race(10000, 50 * 60)

    workout = shipped("Fifths with fast finish (10 miles)").resolve_for(runner_paces)

    assert [formatting.pace(s.pace_s_per_km, "mi") for s in workout.segments] == [
        "9:03 /mi",
        "8:48 /mi",
        "8:33 /mi",
        "8:18 /mi",
        "8:03 /mi",
    ]
    assert workout.distance_m == pytest.approx(10 * units.METRES_PER_MILE)
    assert round(workout.total_seconds) == 85 * 60 + 28
    assert round(workout.hard_seconds) == 49 * 60 + 47


def test_out_and_back_for_a_runner_whose_easy_pace_is_ten_minute_miles() -> None:
    runner_paces = paces.paces_for_race(10000, 50 * 60, easy_override_s_per_km=600 / 1.609344)

    outward, back = shipped("Out and back (45 minutes)").resolve_for(runner_paces).segments

    assert round(outward.duration_s) == 25 * 60
    assert outward.distance_m == pytest.approx(2.5 * units.METRES_PER_MILE)
    assert round(back.duration_s) == 21 * 60 + 15
    assert formatting.pace(back.pace_s_per_km, "mi") == "8:30 /mi"
    assert back.zone == "hard"


def test_steady_40_fast_10_is_ten_hard_minutes_of_fifty() -> None:
    workout = shipped("Steady 40 + fast 10").resolve_for(paces.paces_for_race(10000, 50 * 60))

    assert workout.total_minutes == pytest.approx(50)
    assert workout.hard_minutes == pytest.approx(10)


def test_resolved_segments_remember_whether_they_were_a_distance_or_a_time() -> None:
    runner_paces = paces.paces_for_race(10000, 50 * 60)

    fifths = shipped("Fifths with fast finish (10 miles)").resolve_for(runner_paces)
    steady = shipped("Steady 40 + fast 10").resolve_for(runner_paces)
    out_and_back = shipped("Out and back (45 minutes)").resolve_for(runner_paces)

    assert all(segment.by_distance for segment in fifths.segments)
    assert not any(segment.by_distance for segment in steady.segments)
    assert [segment.by_distance for segment in out_and_back.segments] == [False, True]
