"""Finding the workout inside real runs, and the revised verdicts: properties over
generated recordings with GPS noise, warm-ups, stops and stray laps, for five runners
from a 35:00 to a 70:00 10K (the rulebook's "Recorded runs", revised)."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from planner.bands import segment_band
from planner.rules import SessionKind
from planner.runs import judge, read_recording
from planner.runs.judging import Verdict, fast_finish
from planner.runs.wording import describe
from tests.finding import (
    FIFTHS,
    OUT_AND_BACK,
    PROGRESSIONS,
    STEADY_40_FAST_10,
    Legs,
    between,
    easy_m_s,
    judged_file,
    judged_points,
    step_laps,
)
from tests.recording_files import (
    gpx_file,
    noisy_points,
    run_points,
)
from tests.runs import PROFILES, legs_for, planned, profile_paces

# --- the fast finish and the bands ---


@pytest.mark.parametrize("ten_k", PROFILES)
def test_the_fast_finish_is_the_last_segment_planned_faster_than_the_one_before(ten_k: int) -> None:
    assert fast_finish(planned(STEADY_40_FAST_10, ten_k)) == 2
    assert fast_finish(planned(FIFTHS, ten_k)) == 5
    # The way back is the fast finish even where it is aerobic (slow runners).
    assert fast_finish(planned(OUT_AND_BACK, ten_k)) == 2
    assert fast_finish(planned("Easy run", ten_k, "easy")) is None


def test_the_easy_range_of_a_10_14_easy_pace_is_9_49_to_11_15_per_mile() -> None:
    easy = 614 / 1.609344  # 10:14 /mi in s/km
    band = segment_band(easy, marathon_s_per_km=easy * 0.8, easy_run=True)

    assert round(band.fast_s_per_km * 1.609344) == 9 * 60 + 49
    assert round(band.slow_s_per_km * 1.609344) == 11 * 60 + 15


@pytest.mark.parametrize("ten_k", PROFILES)
def test_no_aerobic_band_reaches_past_marathon_pace_and_a_hard_one_is_plus_minus_2_5_percent(
    ten_k: int,
) -> None:
    marathon = profile_paces(ten_k).marathon
    for template in PROGRESSIONS:
        for segment in planned(template, ten_k):
            assert segment.band_fast_s_per_km < segment.pace_s_per_km < segment.band_slow_s_per_km
            if segment.hard:
                assert 1000 / segment.band_fast_s_per_km == pytest.approx(
                    1000 / segment.pace_s_per_km * 1.025
                )
            else:
                assert segment.band_fast_s_per_km >= marathon
    (easy,) = planned("Easy run", ten_k, "easy")
    assert easy.band_fast_s_per_km == pytest.approx(max(marathon, easy.pace_s_per_km * 0.96))
    assert easy.band_slow_s_per_km == pytest.approx(easy.pace_s_per_km * 1.10)


# --- the properties the issue asks for ---

# Each generated case judges whole runs, so a property draws a few dozen of them.
A_FEW_SLOW_RUNS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
WORKOUTS = st.sampled_from(PROGRESSIONS)
RUNNERS = st.sampled_from(PROFILES)
SEEDS = st.integers(0, 10_000)
A_RUN: dict[str, st.SearchStrategy[Any]] = {"template": WORKOUTS, "ten_k": RUNNERS, "seed": SEEDS}


@A_FEW_SLOW_RUNS
@given(
    template=WORKOUTS,
    ten_k=RUNNERS,
    seeds=st.lists(SEEDS, min_size=3, max_size=3, unique=True),
    pace_factor=st.floats(1.0, 1.08),
    longer=st.floats(1.0, 1.3),
    gps_distance=st.booleans(),
)
# Seed 372's noise once made the segment before the finish slow enough for the finish
# to look like half the planned gain: the gain is now also taken on the steady part.
@example(
    template="Fifths with fast finish (10 miles)",
    ten_k=70,
    seeds=[0, 1, 372],
    pace_factor=1.0,
    longer=1.1875,
    gps_distance=True,
)
def test_a_run_at_one_pace_has_no_fast_finish_whatever_the_noise(
    template: str,
    ten_k: int,
    seeds: list[int],
    pace_factor: float,
    longer: float,
    gps_distance: bool,
) -> None:
    plan = planned(template, ten_k)
    # At the first segment's pace or a little slower, for the plan's time or longer.
    pace = plan[0].pace_s_per_km * pace_factor
    seconds = sum(seconds for seconds, _ in legs_for(plan)) * longer
    turn = seconds / 2 if template == OUT_AND_BACK else None

    verdicts = {
        judged_points(
            template,
            ten_k,
            [(seconds, 1000 / pace)],
            seed=seed,
            turn_at_s=turn,
            gps_distance=gps_distance,
        ).verdict
        for seed in seeds
    }

    assert verdicts == {"no_fast_finish"}


@A_FEW_SLOW_RUNS
@given(
    **A_RUN,
    warm_up=st.floats(0.0, 1.0),
    cool_down=st.floats(0.0, 1.0),
    stop=st.booleans(),
    gps_distance=st.booleans(),
)
def test_a_warm_up_and_cool_down_never_change_the_verdict_of_a_run_on_target(
    template: str,
    ten_k: int,
    seed: int,
    warm_up: float,
    cool_down: float,
    stop: bool,
    gps_distance: bool,
) -> None:
    plan = planned(template, ten_k)
    legs = legs_for(plan)
    plan_s = sum(seconds for seconds, _ in legs)
    # Together up to the plan's own length, jogged at easy pace, with a light to wait at.
    warm_up_s = round(plan_s * warm_up / 2 / 5) * 5
    cool_down_s = round(plan_s * cool_down / 2 / 5) * 5
    run: Legs = [(warm_up_s, easy_m_s(ten_k)), *legs, (cool_down_s, easy_m_s(ten_k))]
    stops = ((warm_up_s / 2, 40.0),) if stop and warm_up_s > 120 else ()
    # The turn in elapsed time: after the way out and any wait at the light.
    waited = sum(seconds for _, seconds in stops)
    turn = warm_up_s + legs[0][0] + waited if template == OUT_AND_BACK else None

    for noise in (seed, seed + 1):  # several noise seeds per case
        points = noisy_points(run, seed=noise, turn_at_s=turn, speed_noise=0.02, stops=stops)
        judgement = judged_points(template, ten_k, points, gps_distance=gps_distance)
        # The same workout, noise and all, recorded without the warm-up and cool-down.
        start = warm_up_s + waited
        alone = judged_points(
            template, ten_k, between(points, start, start + plan_s), gps_distance=gps_distance
        )
        # A run on target: every segment inside its band (with this noise, a fifth
        # planned 3 s/mi slower than marathon pace can average past it).
        assume(alone.verdict == "as_planned" and all(r.on_target for r in alone.segments))
        # The only thing extra running may change is the note that the run was much longer.
        if (warm_up_s + cool_down_s) / plan_s <= 0.45:
            assert judgement.verdict == "as_planned"
        else:
            assert judgement.verdict in ("as_planned", "much_longer")
        assert all(result.on_target for result in judgement.segments)
        if warm_up_s >= 60:
            assert judgement.warm_up is not None
            assert judgement.warm_up.moving_s == pytest.approx(warm_up_s, abs=40)


@A_FEW_SLOW_RUNS
@given(
    **A_RUN,
    at=st.floats(0.0, 1.0),
    where=st.floats(0.05, 0.95),
    keeps_step=st.booleans(),
)
def test_a_stray_lap_never_makes_a_full_run_cut_short(
    template: str, ten_k: int, seed: int, at: float, where: float, keeps_step: bool
) -> None:
    plan = planned(template, ten_k)
    legs: Legs = [(round(seconds / 10) * 10.0, speed) for seconds, speed in legs_for(plan)]
    laps = list(step_laps(legs, warm_up_s=300, cool_down_s=300))
    # One press of the lap button somewhere in the workout: the watch splits the lap it
    # is on, and the new lap carries the same step, or (after the last step's end was
    # missed) none at all.
    stray = 1 + min(len(legs) - 1, int(at * len(legs)))
    start, end, step = laps[stray]
    middle = round((start + (end - start) * where) / 5) * 5
    laps[stray : stray + 1] = [(start, middle, step), (middle, end, step if keeps_step else None)]
    run: Legs = [(300, easy_m_s(ten_k)), *legs, (300, easy_m_s(ten_k))]
    turn = 300 + legs[0][0] if template == OUT_AND_BACK else None

    judgement = judged_points(
        template, ten_k, run, seed=seed, laps=tuple(laps), turn_at_s=turn, gps_distance=False
    )

    assert judgement.verdict != "cut_short"
    assert judgement.completed_percent >= 95


# --- each verdict from a GPX without laps and from a FIT with step laps ---


def _case(verdict: str, ten_k: int) -> tuple[str, SessionKind, Legs]:
    paces = profile_paces(ten_k)
    plan = planned(STEADY_40_FAST_10, ten_k)
    steady, fast = plan[0].pace_s_per_km, plan[1].pace_s_per_km
    easy = paces.easy
    cases: dict[str, tuple[str, SessionKind, Legs]] = {
        "as_planned": (
            STEADY_40_FAST_10,
            "progression",
            [(2400, 1000 / steady), (600, 1000 / fast)],
        ),
        "cut_short": (STEADY_40_FAST_10, "progression", [(1800, 1000 / steady)]),
        "started_too_fast": (
            STEADY_40_FAST_10,
            "progression",
            [(2400, 1000 / (paces.marathon * 0.97)), (600, 1000 / fast)],
        ),
        "no_fast_finish": (
            STEADY_40_FAST_10,
            "progression",
            [(2400, 1000 / steady), (600, 1000 / steady)],
        ),
        "finish_off_target": (
            STEADY_40_FAST_10,
            "progression",
            [(2400, 1000 / steady), (600, 1000 / (fast + (steady - fast) * 0.4))],
        ),
        "finish_too_fast": (
            STEADY_40_FAST_10,
            "progression",
            [(2400, 1000 / steady), (600, 1000 / (fast * 0.92))],
        ),
        "too_fast": ("Easy run", "easy", [(2400, 1000 / (easy * 0.89))]),
        "much_longer": ("Long run", "long", [(4500, 1000 / easy), (4500, 1000 / easy)]),
    }
    return cases[verdict]


# Every verdict the judge can give: a new one fails here until it has a case.
VERDICTS = get_args(Verdict)


@pytest.mark.parametrize("ten_k", [35, 70])
@pytest.mark.parametrize("verdict", VERDICTS)
def test_each_verdict_from_a_gpx_without_laps_after_a_warm_up(verdict: str, ten_k: int) -> None:
    template, kind, legs = _case(verdict, ten_k)
    run: Legs = [(420, easy_m_s(ten_k)), *legs]

    judgement = judged_file(template, ten_k, run, kind=kind, seed=ten_k)

    assert judgement.verdict == verdict
    assert judgement.split_by in ("slide", "amounts")
    assert describe(judgement, "km")


@pytest.mark.parametrize("ten_k", [42, 60])
@pytest.mark.parametrize("verdict", VERDICTS)
def test_each_verdict_from_a_fit_with_step_laps(verdict: str, ten_k: int) -> None:
    template, kind, legs = _case(verdict, ten_k)
    plan_steps = len(planned(template, ten_k, kind))
    # A run longer than its one step: the watch went on after the step's end.
    laps = step_laps(legs[:plan_steps], cool_down_s=sum(s for s, _ in legs[plan_steps:]))

    judgement = judged_file(template, ten_k, legs, kind=kind, laps=laps, seed=ten_k)

    assert judgement.verdict == verdict
    if verdict != "cut_short":
        assert judgement.split_by == "laps"
    assert describe(judgement, "mi")


def test_cut_short_rounds_the_share_down() -> None:
    plan = planned(STEADY_40_FAST_10, 50)
    steady = 1000 / plan[0].pace_s_per_km
    # 39:57 of 50:00 is 79.9 %: cut short, and said as 79 %.
    legs: Legs = [(2397, steady)]
    recording = read_recording(gpx_file(run_points(legs, every_s=1)), "run.gpx")

    judgement = judge(
        recording, plan, session_kind="progression", marathon_s_per_km=profile_paces(50).marathon
    )

    assert judgement.completed == pytest.approx(0.799, abs=0.0005)
    assert judgement.verdict == "cut_short"
    assert describe(judgement, "km") == "39:57 run of 50:00 planned (79 % of the plan)"
