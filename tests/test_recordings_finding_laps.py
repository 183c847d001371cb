"""Finding the workout inside real runs: laps of one step, unstepped laps, the slide,
the out-and-back's turn and GPS gaps (the rulebook's "Recorded runs", revised)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.rules import SessionKind
from planner.runs import Lap as RecordedLap
from planner.runs import RecordedRun, Sample, judge, read_recording
from planner.runs.splitting import PlannedSegment, split
from planner.runs.wording import describe
from tests.finding import (
    FIFTHS,
    OUT_AND_BACK,
    PROGRESSIONS,
    STEADY_40_FAST_10,
    Lap,
    Legs,
    easy_m_s,
    judged_file,
)
from tests.recording_files import (
    START,
    gps_gap,
    gpx_file,
    paused,
    run_points,
)
from tests.runs import legs_for, planned, profile_paces

# --- laps, the slide, the turn and gaps ---


def test_laps_of_one_step_are_one_segment_and_unstepped_laps_are_warm_up_and_cool_down() -> None:
    plan = planned(STEADY_40_FAST_10, 50)
    legs: Legs = [(600, easy_m_s(50)), *legs_for(plan), (600, easy_m_s(50))]
    laps: tuple[Lap, ...] = (
        (0, 600, None),
        (600, 1800, 0),
        (1800, 3000, 0),
        (3000, 3600, 1),
        (3600, 4200, None),
    )

    judgement = judged_file(STEADY_40_FAST_10, 50, legs, laps=laps)

    assert judgement.split_by == "laps"
    assert [round(result.moving_s) for result in judgement.segments] == [2400, 600]
    assert judgement.warm_up is not None
    assert judgement.cool_down is not None
    assert round(judgement.warm_up.moving_s) == round(judgement.cool_down.moving_s) == 600
    assert len(judgement.laps_m) == 4
    assert judgement.verdict == "as_planned"


def test_a_watch_whose_last_step_lost_its_index_is_read_as_if_it_had_no_laps() -> None:
    plan = planned(STEADY_40_FAST_10, 50)
    legs = legs_for(plan)
    laps: tuple[Lap, ...] = ((0, 2400, 0), (2400, 3000, None))

    judgement = judged_file(STEADY_40_FAST_10, 50, legs, laps=laps)

    assert judgement.split_by != "laps"
    assert judgement.verdict == "as_planned"


def test_a_three_minute_gps_gap_run_through_counts_as_moving_and_a_paused_watch_does_not() -> None:
    points = run_points([(1800, 3.0)])
    gap = read_recording(gpx_file(gps_gap(points, after_s=600, gap_s=180)), "gap.gpx")
    pause = read_recording(gpx_file(paused(points, after_s=600, pause_s=180)), "pause.gpx")

    assert gap.track.total_moving_s == pytest.approx(1800, abs=1)
    assert gap.track.total_moving_m == pytest.approx(5400, rel=0.001)
    assert pause.track.total_moving_s == pytest.approx(1800, abs=6)
    assert pause.track.total_moving_m == pytest.approx(5400, abs=20)
    assert pause.samples[-1].t_s == pytest.approx(1980)


@pytest.mark.parametrize("ten_k", [60, 70])
def test_a_slower_runners_out_and_back_can_fail(ten_k: int) -> None:
    plan = planned(OUT_AND_BACK, ten_k)
    assert not plan[1].hard  # the way back is aerobic for them
    out_s = round(plan[0].duration_s)
    legs: Legs = [(out_s, 1000 / plan[0].pace_s_per_km), (out_s, 1000 / plan[0].pace_s_per_km)]

    judgement = judged_file(OUT_AND_BACK, ten_k, legs, turn_at_s=out_s)

    assert judgement.split_by == "turn"
    assert judgement.verdict == "no_fast_finish"


def test_the_slide_tries_one_position_per_five_seconds_of_a_day_long_run() -> None:
    # 86,400 one-second points, the most a run may have: the work is counted, not timed.
    samples = tuple(Sample(float(t), 3.0 * t) for t in range(86_400))
    recording = RecordedRun(sport="running", start=START, samples=samples)
    plan = planned(FIFTHS, 50)

    found = split(recording, plan)

    assert found.split_by == "slide"
    plan_s = sum(segment.distance_m for segment in plan) / 3.0
    assert found.positions <= (86_399 - plan_s) / 5 + 2


def test_an_on_target_easy_day_is_inside_the_easy_range_and_11_percent_faster_is_too_fast() -> None:
    easy = profile_paces(50).easy
    on_target = judged_file("Easy run", 50, [(2400, 1000 / (easy * 0.97))], kind="easy")
    too_fast = judged_file("Easy run", 50, [(2400, 1000 / (easy * 0.89))], kind="easy")

    assert on_target.verdict == "as_planned"
    assert on_target.segments[0].on_target
    assert too_fast.verdict == "too_fast"


def test_the_plan_must_carry_its_bands() -> None:
    plan = planned(STEADY_40_FAST_10, 50)
    broken = (PlannedSegment(**{**plan[0].__dict__, "band_fast_s_per_km": 0.0}), plan[1])
    recording = read_recording(gpx_file(run_points([(600, 3.0)])), "run.gpx")

    with pytest.raises(ValueError, match="band"):
        split(recording, broken)


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(0.0, 30.0), st.floats(0.0, 12.0), st.booleans()),
        min_size=2,
        max_size=200,
    ),
    laps=st.lists(
        st.tuples(st.floats(0.0, 3000.0), st.floats(0.0, 600.0), st.none() | st.integers(-1, 6)),
        max_size=8,
    ),
    template=st.sampled_from(PROGRESSIONS),
    kind=st.sampled_from(["progression", "easy", "long"]),
)
def test_any_recorded_points_and_laps_get_one_verdict_and_a_sentence(
    steps: list[tuple[float, float, bool]],
    laps: list[tuple[float, float, int | None]],
    template: str,
    kind: SessionKind,
) -> None:
    samples = [Sample(0.0, 0.0, lat=51.5, lon=-0.12)]
    for seconds, metres, north in steps:
        last = samples[-1]
        samples.append(
            Sample(
                last.t_s + seconds,
                (last.distance_m or 0.0) + metres,
                lat=(last.lat or 0.0) + (metres / 111_000 if north else 0.0),
                lon=-0.12,
            )
        )
    recording = RecordedRun(
        sport="running",
        start=START,
        samples=tuple(samples),
        laps=tuple(RecordedLap(start, start + length, step) for start, length, step in laps),
    )

    judgement = judge(
        recording,
        planned(template, 50),
        session_kind=kind,
        marathon_s_per_km=profile_paces(50).marathon,
        out_and_back=template == OUT_AND_BACK,
    )

    assert 0 <= judgement.completed_percent <= 100
    assert judgement.workout_moving_s <= judgement.moving_s + 1e-6
    for unit in ("mi", "km"):
        assert describe(judgement, unit)
