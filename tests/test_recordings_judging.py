"""Judging recorded runs by intent, with the rulebook's runner: a 50:00 10K."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.bands import segment_band
from planner.paces import offset_to_per_km, paces_for_race
from planner.resolution import AmountKind, intensity_of
from planner.rules import SessionKind
from planner.runs import read_recording
from planner.runs.judging import Judgement, judge
from planner.runs.recorded import RecordedRun, Sample
from planner.runs.splitting import PlannedSegment, split
from planner.runs.wording import describe, segment_name
from planner.units import METRES_PER_MILE
from tests.recording_files import START, fit_file, gpx_file, run_points

PACES = paces_for_race(10_000, 50 * 60)
MARATHON_PACE = PACES.marathon  # 326.4 s/km, 8:45 /mi
STEADY_PACE = PACES.ten_k + offset_to_per_km(60, "mi")  # 9:03 /mi
FAST_PACE = PACES.ten_k  # 8:03 /mi
EASY_PACE = PACES.easy


def speed(s_per_km: float) -> float:
    return 1000 / s_per_km


def segment(
    position: int,
    pace: float,
    *,
    label: str = "",
    easy_run: bool = False,
    duration_s: float | None = None,
    distance_m: float | None = None,
    same_as: int | None = None,
) -> PlannedSegment:
    # The amount the coach wrote follows from what the case gives: a time, a distance,
    # or "the same distance as segment k".
    timed = duration_s is not None and distance_m is None
    amount: AmountKind = "same_distance" if same_as else "duration" if timed else "distance"
    if duration_s is None:
        assert distance_m is not None
        duration_s = distance_m / 1000 * pace
    if distance_m is None:
        distance_m = duration_s / pace * 1000
    band = segment_band(pace, MARATHON_PACE, easy_run=easy_run)
    del label  # a name for the reader of the test; the judge reads facts only
    return PlannedSegment(
        position=position,
        amount=amount,
        pace_s_per_km=pace,
        hard=intensity_of(pace, MARATHON_PACE) == "hard",
        duration_s=duration_s,
        distance_m=distance_m,
        same_as=same_as,
        band_fast_s_per_km=band.fast_s_per_km,
        band_slow_s_per_km=band.slow_s_per_km,
    )


STEADY_40_FAST_10_SEGMENTS = (
    segment(1, STEADY_PACE, duration_s=2400, label="steady 40 min"),
    segment(2, FAST_PACE, duration_s=600, label="last 10 min"),
)


def judged(
    legs: list[tuple[float, float]],
    planned: tuple[PlannedSegment, ...] = STEADY_40_FAST_10_SEGMENTS,
    kind: SessionKind = "progression",
    *,
    as_fit: bool = False,
    **options: bool,
) -> Judgement:
    # GPX by default: fit-tool takes most of a second to write a run, and FIT reading
    # has its own tests; the as-planned run goes through FIT end to end.
    points = run_points(legs, every_s=10 if as_fit else 5)
    data, name = (fit_file(points), "run.fit") if as_fit else (gpx_file(points), "run.gpx")
    recording = read_recording(data, name)
    return judge(recording, planned, session_kind=kind, marathon_s_per_km=MARATHON_PACE, **options)


def test_the_rulebook_runner_has_the_rulebook_paces() -> None:
    assert pytest.approx(326.4, abs=0.1) == MARATHON_PACE
    assert pytest.approx(482.8, abs=0.1) == FAST_PACE * METRES_PER_MILE / 1000
    assert [s.hard for s in STEADY_40_FAST_10_SEGMENTS] == [False, True]


def test_steady_40_and_fast_10_run_as_planned() -> None:
    judgement = judged([(2400, speed(STEADY_PACE)), (600, speed(FAST_PACE))], as_fit=True)

    assert judgement.verdict == "as_planned"
    assert judgement.split_by == "amounts"
    steady, fast = judgement.segments
    assert steady.moving_s == pytest.approx(2400, abs=1)
    assert fast.moving_s == pytest.approx(600, abs=1)
    assert steady.pace_s_per_km == pytest.approx(STEADY_PACE, abs=0.5)
    assert fast.pace_s_per_km == pytest.approx(FAST_PACE, abs=0.5)
    assert steady.on_target
    assert fast.on_target
    assert fast.heart_rate == pytest.approx(150)
    assert judgement.moving_s == pytest.approx(3000, abs=1)
    assert (
        describe(judgement, "mi") == "The fast finish (10 min) at 8:03 /mi, target 8:03: on target"
    )


def test_a_run_all_at_the_steady_pace_has_no_fast_finish() -> None:
    judgement = judged([(3000, speed(STEADY_PACE))])

    assert judgement.verdict == "no_fast_finish"
    assert judgement.segments[1].status == "slow"
    assert describe(judgement, "mi") == (
        "The fast finish (10 min) averaged 9:03 /mi, target 8:03: "
        "no faster than the steady 40 min, of 60 s /mi planned"
    )


def test_a_steady_part_faster_than_marathon_pace_started_too_fast() -> None:
    judgement = judged(
        [(2400, speed(MARATHON_PACE - offset_to_per_km(5, "mi"))), (600, speed(FAST_PACE))]
    )

    assert judgement.verdict == "started_too_fast"
    assert describe(judgement, "mi") == (
        "The steady 40 min averaged 8:40 /mi, faster than your marathon pace 8:45"
    )


def test_speeding_up_short_of_the_band_is_a_finish_off_target() -> None:
    judgement = judged([(2400, speed(STEADY_PACE)), (600, speed(FAST_PACE + 15))])

    assert judgement.verdict == "finish_off_target"
    assert judgement.segments[1].status == "slow"
    assert describe(judgement, "km").endswith(
        "22 s /km faster than the steady 40 min, of 37 planned"
    )


def test_a_finish_faster_than_its_band_but_within_5_percent_is_still_as_planned() -> None:
    judgement = judged([(2400, speed(STEADY_PACE)), (600, speed(FAST_PACE - 10))])

    assert judgement.verdict == "as_planned"
    assert describe(judgement, "km").endswith(": 10 s /km fast")


def test_a_finish_more_than_5_percent_faster_than_its_target_was_raced() -> None:
    # The rulebook changed this: it used to be as planned.
    judgement = judged([(2400, speed(STEADY_PACE)), (600, speed(FAST_PACE - 20))])

    assert judgement.verdict == "finish_too_fast"


def test_stopping_after_30_minutes_is_cut_short() -> None:
    judgement = judged([(1800, speed(STEADY_PACE))])

    assert judgement.verdict == "cut_short"
    assert judgement.completed == pytest.approx(0.6, abs=0.01)
    assert judgement.segments[1].status == "not_run"
    assert describe(judgement, "mi") == "30:00 run of 50:00 planned (60 % of the plan)"


def test_cut_short_comes_before_started_too_fast() -> None:
    judgement = judged([(1200, speed(MARATHON_PACE - 20))])

    assert judgement.verdict == "cut_short"


def test_an_easy_run_faster_than_marathon_pace_is_too_fast() -> None:
    easy = (segment(1, EASY_PACE, duration_s=2400, label="40 min", easy_run=True),)

    judgement = judged([(2400, speed(MARATHON_PACE - 10))], easy, kind="easy")

    assert judgement.verdict == "too_fast"
    assert describe(judgement, "mi").startswith("40:00 at 8:29 /mi, faster than the easy range")


@pytest.mark.parametrize("kind", ["easy", "recovery", "long"])
def test_an_easy_run_at_easy_pace_is_as_planned(kind: SessionKind) -> None:
    easy = (segment(1, EASY_PACE, duration_s=2400, label="40 min", easy_run=True),)

    judgement = judged([(2400, speed(EASY_PACE))], easy, kind=kind)

    assert judgement.verdict == "as_planned"
    assert describe(judgement, "km").startswith("40:00 at ")


def _fifths() -> tuple[PlannedSegment, ...]:
    offsets = [60, 45, 30, 15, 0]
    return tuple(
        segment(
            position,
            FAST_PACE + offset_to_per_km(offset, "mi"),
            distance_m=1000,
            label=f"fifth {position}",
        )
        for position, offset in enumerate(offsets, start=1)
    )


def test_the_fifths_are_split_by_the_laps_the_watch_marked_with_step_indexes() -> None:
    fifths = _fifths()
    # Fifths of a 5 km run, to keep the file small. The watch measured short, so each
    # 1 km lap came up after 950 m of the file's distance: laying the amounts over the
    # run would cut in the wrong places.
    legs = [(300.0, speed(EASY_PACE))]
    laps: list[tuple[float, float, int | None]] = [(0.0, 300.0, None)]
    for index, planned in enumerate(fifths):
        seconds = round(0.95 * planned.pace_s_per_km / 10) * 10
        laps.append((laps[-1][1], laps[-1][1] + seconds, index))
        legs.append((seconds, speed(planned.pace_s_per_km)))
    points = run_points(legs, every_s=10)
    recording = read_recording(fit_file(points, laps=tuple(laps)), "fifths.fit")

    judgement = judge(
        recording, fifths, session_kind="progression", marathon_s_per_km=MARATHON_PACE
    )

    assert judgement.split_by == "laps"
    for result, planned in zip(judgement.segments, fifths, strict=True):
        assert result.pace_s_per_km == pytest.approx(planned.pace_s_per_km, abs=1)
        assert result.distance_m == pytest.approx(950, rel=0.02)
    assert [result.hard for result in judgement.segments] == [False, False, True, True, True]
    assert judgement.verdict == "as_planned"


def _out_and_back() -> tuple[PlannedSegment, ...]:
    back = EASY_PACE + offset_to_per_km(-90, "mi")
    out = segment(1, EASY_PACE, duration_s=1500, label="25 min out")
    return (
        out,
        segment(2, back, distance_m=out.distance_m, same_as=1, label="back"),
    )


def test_an_out_and_back_turns_where_the_runner_turned() -> None:
    back_pace = EASY_PACE + offset_to_per_km(-90, "mi")
    out_m = 1200 * speed(EASY_PACE)
    back_s = round(out_m / speed(back_pace) / 5) * 5
    legs = [(1200, speed(EASY_PACE)), (back_s, speed(back_pace))]
    points = run_points(legs, turn_at_s=1200)
    recording = read_recording(gpx_file(points), "out-and-back.gpx")
    plan = _out_and_back()

    judgement = judge(
        recording,
        plan,
        session_kind="progression",
        marathon_s_per_km=MARATHON_PACE,
        out_and_back=True,
    )

    out, back = judgement.segments
    assert judgement.split_by == "turn"
    assert out.moving_s == pytest.approx(1200, abs=6)
    assert back.distance_m == pytest.approx(out.distance_m, rel=0.02)
    assert back.pace_s_per_km == pytest.approx(back_pace, abs=1)
    assert judgement.verdict == "as_planned"
    by_amounts = judge(recording, plan, session_kind="progression", marathon_s_per_km=MARATHON_PACE)
    assert by_amounts.split_by == "amounts"
    assert by_amounts.segments[0].moving_s == pytest.approx(1500, abs=6)


def test_the_same_run_is_judged_alike_from_fit_and_gpx() -> None:
    points = run_points([(2400, speed(STEADY_PACE)), (600, speed(FAST_PACE))])
    verdicts = {
        judge(
            read_recording(data, name),
            STEADY_40_FAST_10_SEGMENTS,
            session_kind="progression",
            marathon_s_per_km=MARATHON_PACE,
        ).verdict
        for data, name in [(fit_file(points), "a.fit"), (gpx_file(points), "a.gpx")]
    }

    assert verdicts == {"as_planned"}


def test_a_plan_numbered_out_of_order_is_the_callers_mistake() -> None:
    recording = read_recording(fit_file(run_points([(600, 3.0)])), "run.fit")
    wrong = (segment(2, EASY_PACE, duration_s=600, label="10 min"),)

    with pytest.raises(ValueError, match="numbered"):
        judge(recording, wrong, session_kind="easy", marathon_s_per_km=MARATHON_PACE)


@pytest.mark.parametrize(
    ("pace", "zone"),
    [(326.44, "aerobic"), (326.36, "aerobic"), (326.34, "hard"), (400.0, "aerobic")],
)
def test_intensity_compares_paces_at_one_decimal(pace: float, zone: str) -> None:
    assert intensity_of(pace, 326.4) == zone


@settings(max_examples=40, deadline=None)
@given(
    legs=st.lists(
        st.tuples(st.integers(10, 400), st.sampled_from([0.0, 2.5, 3.0, 4.0])),
        min_size=1,
        max_size=6,
    ),
    minutes=st.lists(st.integers(1, 20), min_size=1, max_size=4),
)
def test_the_workout_warm_up_and_cool_down_share_out_all_moving_time_and_distance(
    legs: list[tuple[int, float]], minutes: list[int]
) -> None:
    samples = [Sample(0.0, 0.0)]
    for seconds, metres_per_s in legs:
        for _ in range(seconds // 2):
            last = samples[-1]
            samples.append(Sample(last.t_s + 2, (last.distance_m or 0) + 2 * metres_per_s))
    recording = RecordedRun(sport=None, start=START, samples=tuple(samples))
    plan = tuple(
        segment(position, EASY_PACE, duration_s=60.0 * amount, label=f"{amount} min")
        for position, amount in enumerate(minutes, start=1)
    )

    found = split(recording, plan)

    parts = [run.stretch for run in found.segments] + [
        found.warm_up.stretch,
        found.cool_down.stretch,
    ]
    assert sum(part.moving_s for part in parts) == pytest.approx(
        recording.track.total_moving_s, abs=1e-6
    )
    assert sum(part.distance_m for part in parts) == pytest.approx(
        recording.track.total_moving_m, abs=1e-6
    )
    for run in found.segments:
        assert run.stretch.moving_s <= run.segment.duration_s + 1e-6


@pytest.mark.parametrize(
    ("kind", "name"), [("long", "long run 75 min"), ("easy", "easy run 75 min")]
)
def test_an_easy_or_long_run_is_named_for_what_it_is_not_steady(
    kind: SessionKind, name: str
) -> None:
    run = (segment(1, EASY_PACE, duration_s=4500, label="75 min", easy_run=True),)

    judgement = judged([(4500, speed(EASY_PACE))], run, kind=kind)

    assert segment_name(judgement.segments[0], judgement, "km") == name
