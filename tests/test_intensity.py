"""What a template becomes for one runner: how hard each segment is, and how long the run is.

The templates are built from the rulebook's table (docs/domain.md, "Workout
templates"), without zones: the zones come from the runner's marathon pace.
"""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.formatting import distance as format_distance
from planner.formatting import duration as format_duration
from planner.formatting import pace as format_pace
from planner.paces import (
    TrainingPaces,
    offset_to_per_km,
    paces_for_race,
    training_paces,
)
from planner.resolution import (
    ResolvedWorkout,
    Zone,
    intensity_of,
    resolve,
    scale_to_minutes,
    session_title,
)
from tests.rulebook import (
    FIFTHS,
    OUT_AND_BACK,
    RULEBOOK_TEMPLATES,
    STEADY_40_FAST_10,
    TEN_MINUTES_PER_MILE_IN_S_PER_KM,
    rulebook_template,
)


def ten_k_runner(minutes: int) -> TrainingPaces:
    return paces_for_race(10000, minutes * 60)


def zones(workout: ResolvedWorkout) -> list[Zone]:
    return [segment.zone for segment in workout.segments]


# --- The rule: faster than marathon pace is hard ---------------------------------


@pytest.mark.parametrize(
    ("pace", "marathon", "zone"),
    [
        pytest.param(300.0, 326.4, "hard", id="10k-pace-is-hard"),
        pytest.param(337.3, 326.4, "aerobic", id="slower-than-marathon-is-aerobic"),
        pytest.param(326.4, 326.4, "aerobic", id="marathon-pace-itself-is-aerobic"),
        pytest.param(326.3, 326.4, "hard", id="a-tenth-faster-is-hard"),
        pytest.param(326.36, 326.44, "aerobic", id="equal-at-one-decimal-is-aerobic"),
        pytest.param(326.34, 326.36, "hard", id="a-tenth-apart-at-one-decimal-is-hard"),
    ],
)
def test_a_pace_is_hard_only_when_faster_than_marathon_pace_at_one_decimal(
    pace: float, marathon: float, zone: Zone
) -> None:
    assert intensity_of(pace, marathon) == zone


@pytest.mark.parametrize(
    ("pace", "marathon"), [(0.0, 326.4), (-5.0, 326.4), (300.0, math.nan), (math.inf, 326.4)]
)
def test_intensity_of_something_that_is_not_a_pace_is_refused(pace: float, marathon: float) -> None:
    with pytest.raises(ValueError, match="is not a pace"):
        intensity_of(pace, marathon)


paces_s_per_km = st.floats(min_value=120, max_value=1200)


@given(pace=paces_s_per_km, faster_by=st.floats(0, 500), marathon=paces_s_per_km)
def test_anything_faster_than_a_hard_pace_is_hard_too(
    pace: float, faster_by: float, marathon: float
) -> None:
    faster = max(120.0, pace - faster_by)

    if intensity_of(pace, marathon) == "hard":
        assert intensity_of(faster, marathon) == "hard"
    assert intensity_of(max(pace, marathon), marathon) == "aerobic"


# --- The rulebook's worked examples ------------------------------------------------


def test_the_50_minute_10k_runner_has_the_rulebooks_marathon_pace() -> None:
    runner = ten_k_runner(50)

    assert round(runner.marathon, 1) == 326.4
    assert format_pace(runner.marathon, "mi") == "8:45 /mi"


def test_fifths_are_49_47_hard_of_85_28_for_a_50_minute_10k_runner() -> None:
    workout = resolve(rulebook_template(FIFTHS), ten_k_runner(50))

    assert [format_pace(s.pace_s_per_km, "mi") for s in workout.segments] == [
        "9:03 /mi",
        "8:48 /mi",
        "8:33 /mi",
        "8:18 /mi",
        "8:03 /mi",
    ]
    assert zones(workout) == ["aerobic", "aerobic", "hard", "hard", "hard"]
    assert format_distance(workout.distance_m, "mi") == "10 mi"
    assert format_duration(workout.total_seconds) == "1:25:28"
    assert format_duration(workout.hard_seconds) == "49:47"
    assert format_duration(workout.aerobic_seconds) == "35:41"


def test_fifths_are_four_hard_segments_of_five_for_a_70_minute_10k_runner() -> None:
    workout = resolve(rulebook_template(FIFTHS), ten_k_runner(70))

    assert zones(workout) == ["aerobic", "hard", "hard", "hard", "hard"]


@pytest.mark.parametrize("ten_k_minutes", [35, 50, 70])
def test_steady_40_fast_10_is_exactly_ten_hard_minutes(ten_k_minutes: int) -> None:
    workout = resolve(rulebook_template(STEADY_40_FAST_10), ten_k_runner(ten_k_minutes))

    assert zones(workout) == ["aerobic", "hard"]
    assert workout.hard_seconds == 10 * 60
    assert workout.aerobic_seconds == 40 * 60


def test_out_and_back_for_a_ten_minute_mile_easy_pace_comes_back_hard_at_8_30() -> None:
    runner = paces_for_race(10000, 50 * 60, easy_override_s_per_km=TEN_MINUTES_PER_MILE_IN_S_PER_KM)

    out, back = resolve(rulebook_template(OUT_AND_BACK), runner).segments

    assert format_duration(out.duration_s) == "25:00"
    assert format_distance(out.distance_m, "mi") == "2.5 mi"
    assert format_pace(back.pace_s_per_km, "mi") == "8:30 /mi"
    assert format_duration(back.duration_s) == "21:15"
    assert (out.zone, back.zone) == ("aerobic", "hard")


@pytest.mark.parametrize(
    ("ten_k_minutes", "return_zone"),
    [(35, "hard"), (40, "hard"), (60, "aerobic"), (70, "aerobic")],
)
def test_out_and_backs_return_is_hard_for_fast_runners_and_aerobic_for_slow_ones(
    ten_k_minutes: int, return_zone: Zone
) -> None:
    workout = resolve(rulebook_template(OUT_AND_BACK), ten_k_runner(ten_k_minutes))

    assert zones(workout) == ["aerobic", return_zone]


# --- Properties: zones and totals agree --------------------------------------------

fitness_levels = st.floats(min_value=10, max_value=100)
template_names = st.sampled_from(sorted(RULEBOOK_TEMPLATES))


@given(name=template_names, fitness=fitness_levels)
def test_every_segments_zone_is_its_pace_against_marathon_pace(name: str, fitness: float) -> None:
    runner = training_paces(fitness)

    workout = resolve(rulebook_template(name), runner)

    for segment in workout.segments:
        assert segment.zone == intensity_of(segment.pace_s_per_km, runner.marathon)
    assert workout.hard_seconds == sum(s.duration_s for s in workout.segments if s.zone == "hard")
    assert workout.aerobic_seconds == sum(
        s.duration_s for s in workout.segments if s.zone == "aerobic"
    )


@given(fitness=fitness_levels)
def test_easy_and_long_runs_are_aerobic_for_every_runner(fitness: float) -> None:
    runner = training_paces(fitness)

    for name in ("Easy run", "Long run"):
        assert resolve(rulebook_template(name), runner).hard_seconds == 0


# --- Sized to the runner: one length in minutes, segments in proportion ------------


def test_fifths_at_60_minutes_are_five_equal_distances() -> None:
    runner = ten_k_runner(50)
    template = resolve(rulebook_template(FIFTHS), runner)

    session = resolve(rulebook_template(FIFTHS), runner, minutes=60)

    assert len({s.distance_m for s in session.segments}) == 1
    assert abs(session.total_seconds - 60 * 60) <= 1
    assert format_duration(session.total_seconds) == "1:00:00"
    assert zones(session) == zones(template)
    assert session == scale_to_minutes(template, 60)


def test_a_shortened_out_and_back_still_returns_over_the_same_ground() -> None:
    out, back = resolve(rulebook_template(OUT_AND_BACK), ten_k_runner(50), minutes=30).segments

    assert back.distance_m == out.distance_m
    assert out.duration_s + back.duration_s == pytest.approx(30 * 60)


@given(
    name=template_names,
    fitness=fitness_levels,
    minutes=st.floats(min_value=1, max_value=600),
)
def test_sizing_keeps_the_length_asked_for_every_pace_zone_and_distance_ratio(
    name: str, fitness: float, minutes: float
) -> None:
    template = resolve(rulebook_template(name), training_paces(fitness))

    session = scale_to_minutes(template, minutes)

    assert abs(session.total_seconds - minutes * 60) <= 1
    assert [s.pace_s_per_km for s in session.segments] == [
        s.pace_s_per_km for s in template.segments
    ]
    assert zones(session) == zones(template)
    first, first_before = session.segments[0].distance_m, template.segments[0].distance_m
    for sized, original in zip(session.segments, template.segments, strict=True):
        assert math.isclose(sized.distance_m / first, original.distance_m / first_before)
        assert math.isclose(sized.duration_s, sized.distance_m / 1000 * sized.pace_s_per_km)


def test_an_offset_keeps_the_fifths_paces_15_seconds_a_mile_apart_at_any_length() -> None:
    session = resolve(rulebook_template(FIFTHS), ten_k_runner(50), minutes=45)

    steps = [a.pace_s_per_km - b.pace_s_per_km for a, b in pairwise(session.segments)]
    assert steps == pytest.approx([offset_to_per_km(15, "mi")] * 4)


# --- What the session is called ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "minutes", "own_minutes", "title"),
    [
        pytest.param(FIFTHS, 60, 85.47, "Fifths with fast finish, 60 min", id="fifths-60"),
        pytest.param(OUT_AND_BACK, 30, 46.25, "Out and back, 30 min", id="out-and-back-30"),
        pytest.param(
            STEADY_40_FAST_10, 60, 50, "Steady 40 + fast 10, 60 min", id="no-length-in-name"
        ),
        pytest.param(FIFTHS, None, 85.47, FIFTHS, id="own-length-keeps-the-name"),
        pytest.param(FIFTHS, 85, 85.47, FIFTHS, id="same-whole-minutes-keeps-the-name"),
        pytest.param(FIFTHS, 86, 85.47, "Fifths with fast finish, 86 min", id="a-minute-more"),
        pytest.param("Hills (hilly)", 30, 40, "Hills (hilly), 30 min", id="not-a-length"),
        pytest.param("Tempo (8 km)", 30, 40, "Tempo, 30 min", id="kilometres"),
        pytest.param("Long (1.5 hours)", 75, 90, "Long, 75 min", id="hours"),
        pytest.param("(10 miles)", 30, 85, "(10 miles), 30 min", id="nothing-but-a-length"),
    ],
)
def test_a_resized_session_says_its_own_length(
    name: str, minutes: float | None, own_minutes: float, title: str
) -> None:
    assert session_title(name, minutes, own_minutes) == title


@pytest.mark.parametrize("marathon", [math.nan, 0.0, -326.4])
def test_paces_without_a_marathon_pace_cannot_tell_aerobic_from_hard(marathon: float) -> None:
    runner = replace(ten_k_runner(50), marathon=marathon)

    with pytest.raises(ValueError, match="no marathon pace"):
        resolve(rulebook_template(STEADY_40_FAST_10), runner)
