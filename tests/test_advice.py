from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.advice import (
    Advice,
    advise,
    easy_override_too_fast,
    first_week_jump,
    only_key_sessions,
    progressions_longer_than_long_run,
    vdot_outside_tables,
)
from planner.paces import vdot
from planner.rules import PlannedSession, WeekSummary, Workout, summarize_weeks
from tests.rulebook import EASY_WORKOUT, LONG_WORKOUT, STEADY_WORKOUT

ADVICE_MONDAY = dt.date(2025, 3, 3)

# The fifths for a 50:00 10K runner: 35:41 aerobic and 49:47 hard.
FIFTHS_WORKOUT = Workout(
    "Fifths with fast finish (10 miles)",
    "progression",
    aerobic_minutes=35 + 41 / 60,
    hard_minutes=49 + 47 / 60,
)


def day(offset: int) -> dt.date:
    return ADVICE_MONDAY + dt.timedelta(days=offset)


def block(*weeks: dict[int, Workout]) -> tuple[WeekSummary, ...]:
    """Weeks from {weekday: workout}, Monday = 0, one dict per week."""
    sessions = [
        PlannedSession(day(7 * index + weekday), workout)
        for index, week in enumerate(weeks)
        for weekday, workout in week.items()
    ]
    return summarize_weeks(ADVICE_MONDAY, len(weeks), sessions)


def one_week_of(minutes: float) -> tuple[WeekSummary, ...]:
    return block({0: Workout("Easy run", "easy", aerobic_minutes=minutes, hard_minutes=0)})


# --- A week with no easy run ----------------------------------------------------------


def test_a_three_day_week_of_key_sessions_is_pointed_out() -> None:
    weeks = block({1: STEADY_WORKOUT, 3: STEADY_WORKOUT, 6: LONG_WORKOUT})

    (note,) = only_key_sessions(weeks)

    assert note == Advice(
        code="only_key_sessions",
        message=(
            "Week 1 has no easy run: all 3 of its runs are key sessions (2 progression runs "
            "and the long run). An easy day instead of a key session would give the runner "
            "more recovery."
        ),
        week=0,
        day=None,
    )


@pytest.mark.parametrize(
    ("week", "pointed_out"),
    [
        pytest.param(
            {0: EASY_WORKOUT, 1: STEADY_WORKOUT, 2: EASY_WORKOUT, 3: EASY_WORKOUT, 6: LONG_WORKOUT},
            False,
            id="easy-days",
        ),
        pytest.param({1: STEADY_WORKOUT, 3: STEADY_WORKOUT, 6: LONG_WORKOUT}, True, id="all-key"),
        pytest.param({1: STEADY_WORKOUT, 4: STEADY_WORKOUT}, True, id="two-progressions"),
        pytest.param({6: LONG_WORKOUT}, True, id="only-the-long-run"),
        pytest.param(
            {0: EASY_WORKOUT, 1: STEADY_WORKOUT, 3: STEADY_WORKOUT}, False, id="one-easy-day"
        ),
        pytest.param({}, False, id="no-sessions"),
    ],
)
def test_a_week_is_pointed_out_only_when_every_run_is_a_key_session(
    week: dict[int, Workout], pointed_out: bool
) -> None:
    assert bool(only_key_sessions(block(week))) == pointed_out


def test_a_week_that_keeps_the_floor_by_minutes_is_never_called_below_it() -> None:
    # The demo's week 1: 3 of 5 runs free of hard minutes (60 % by sessions), yet
    # 92 % aerobic by minutes, which keeps the 80 % floor.
    weeks = block(
        {0: EASY_WORKOUT, 1: STEADY_WORKOUT, 3: EASY_WORKOUT, 5: STEADY_WORKOUT, 6: LONG_WORKOUT}
    )
    assert weeks[0].meets_floor(0.80)

    notes = advise(weeks, floor=0.80, vdot=40.0)

    assert notes == ()


# --- A progression run longer than that week's long run ------------------------------


def test_fifths_longer_than_the_long_run_are_pointed_out_on_their_day() -> None:
    weeks = block({0: EASY_WORKOUT, 2: FIFTHS_WORKOUT, 6: LONG_WORKOUT})

    (note,) = progressions_longer_than_long_run(weeks)

    assert note == Advice(
        code="progression_longer_than_long_run",
        message=(
            "The progression run on Wed 5 Mar (1:25:28) is longer than week 1's long run on "
            "Sun 9 Mar (1:15:00); shorten the progression run or lengthen the long run."
        ),
        week=0,
        day=day(2),
    )


@pytest.mark.parametrize(
    ("progression_minutes", "pointed_out"),
    [(74, False), (75, False), (75 + 0.4 / 60, False), (75 + 1 / 60, True), (90, True)],
)
def test_a_progression_run_is_pointed_out_only_when_longer_than_the_long_run(
    progression_minutes: float, pointed_out: bool
) -> None:
    run = Workout("Tempo", "progression", aerobic_minutes=progression_minutes - 10, hard_minutes=10)

    notes = progressions_longer_than_long_run(block({2: run, 6: LONG_WORKOUT}))

    assert bool(notes) == pointed_out


def test_each_week_is_held_to_its_own_long_run() -> None:
    long_90 = Workout("Long run", "long", aerobic_minutes=90, hard_minutes=0)
    weeks = block(
        {2: FIFTHS_WORKOUT, 6: long_90}, {2: FIFTHS_WORKOUT, 6: LONG_WORKOUT}, {2: FIFTHS_WORKOUT}
    )

    notes = progressions_longer_than_long_run(weeks)

    assert [(note.week, note.day) for note in notes] == [(1, day(9))]


# --- A race beyond Daniels' tables ----------------------------------------------------


@pytest.mark.parametrize(
    ("fitness", "shown"),
    [
        pytest.param(29.9, "VDOT 29.9, below", id="just-below-30"),
        pytest.param(29.96, "VDOT 29.9, below", id="never-reads-as-30"),
        pytest.param(85.01, "VDOT 85.1, above", id="never-reads-as-85"),
        pytest.param(92.4, "VDOT 92.4, above", id="well-above-85"),
    ],
)
def test_a_race_beyond_the_tables_is_pointed_out(fitness: float, shown: str) -> None:
    note = vdot_outside_tables(fitness)

    assert note is not None
    assert (note.code, note.week, note.day) == ("vdot_outside_tables", None, None)
    assert note.message == (
        f"The race result works out at {shown} Daniels' tables (30 to 85): the paces are "
        "extrapolated, so check them against how the runner's runs feel."
    )


@pytest.mark.parametrize("fitness", [30.0, 40.0, 85.0])
def test_a_race_within_the_tables_is_not_pointed_out(fitness: float) -> None:
    assert vdot_outside_tables(fitness) is None


@pytest.mark.parametrize(
    ("ten_k_minutes", "pointed_out"), [(30, False), (50, False), (70, True), (90, True)]
)
def test_slow_10k_runners_are_beyond_the_tables(ten_k_minutes: int, pointed_out: bool) -> None:
    fitness = vdot(10000, ten_k_minutes * 60)

    assert (vdot_outside_tables(fitness) is not None) == pointed_out


# --- A first week well above the runner's previous week -------------------------------


def test_a_first_week_25_percent_above_the_last_is_pointed_out() -> None:
    note = first_week_jump(one_week_of(250), 200)

    assert note == Advice(
        code="first_week_jump",
        message=(
            "Week 1 plans 250 min of running, 25 % more than the 200 min of the last week "
            "before it; runners build up safely by at most 10 % a week."
        ),
        week=0,
        day=None,
    )


@pytest.mark.parametrize(
    ("planned", "previous", "pointed_out"),
    [
        pytest.param(220, 200, False, id="exactly-10-percent"),
        pytest.param(220.2, 200, True, id="just-over-10-percent"),
        pytest.param(150, 200, False, id="less-than-before"),
        pytest.param(220, None, False, id="no-previous-block"),
        pytest.param(40, 0, True, id="after-a-week-without-running"),
        pytest.param(40, 0.4, True, id="after-a-week-of-seconds"),
        pytest.param(0, 0, False, id="nothing-after-nothing"),
    ],
)
def test_a_first_week_is_pointed_out_only_beyond_10_percent(
    planned: float, previous: float | None, pointed_out: bool
) -> None:
    assert (first_week_jump(one_week_of(planned), previous) is not None) == pointed_out


def test_just_over_10_percent_never_reads_as_10_percent() -> None:
    note = first_week_jump(one_week_of(220.2), 200)

    assert note is not None
    assert "10.1 % more than the 200 min" in note.message


def test_a_first_week_after_one_without_running_says_so() -> None:
    note = first_week_jump(one_week_of(40), 0)

    assert note is not None
    assert note.message.startswith("Week 1 plans 40 min of running, after a week with no running;")


@pytest.mark.parametrize("previous", [-1.0, math.nan, math.inf])
def test_a_previous_week_that_is_not_minutes_is_refused(previous: float) -> None:
    with pytest.raises(ValueError, match="is not a number of minutes"):
        first_week_jump(one_week_of(40), previous)


def test_a_block_without_weeks_has_no_first_week_to_point_out() -> None:
    assert first_week_jump((), 200) is None


@given(
    previous=st.floats(min_value=1, max_value=3000),
    ratio=st.floats(min_value=0, max_value=3),
)
def test_the_first_week_is_pointed_out_exactly_when_it_rises_over_10_percent(
    previous: float, ratio: float
) -> None:
    planned = previous * ratio
    rise = first_week_jump(one_week_of(planned), previous)

    if ratio <= 1.1:
        assert rise is None
    if ratio >= 1.1 + 1e-6:
        assert rise is not None


# --- Everything at once ------------------------------------------------------------


def test_a_block_gets_every_note_race_first_then_week_by_week() -> None:
    weeks = block(
        {0: EASY_WORKOUT, 1: FIFTHS_WORKOUT, 3: STEADY_WORKOUT, 6: LONG_WORKOUT},
        {3: STEADY_WORKOUT, 6: LONG_WORKOUT},
    )

    notes = advise(weeks, floor=0.80, vdot=27.0, previous_week_minutes=200)

    assert [(note.code, note.week, note.day) for note in notes] == [
        ("vdot_outside_tables", None, None),
        ("first_week_jump", 0, None),
        ("progression_longer_than_long_run", 0, day(1)),
        ("only_key_sessions", 1, None),
    ]


def test_a_sound_block_gets_no_notes() -> None:
    weeks = block(
        {0: EASY_WORKOUT, 1: STEADY_WORKOUT, 2: EASY_WORKOUT, 4: EASY_WORKOUT, 6: LONG_WORKOUT}
    )

    assert advise(weeks, floor=0.80, vdot=40.0, previous_week_minutes=230) == ()


workouts = st.sampled_from([EASY_WORKOUT, LONG_WORKOUT, STEADY_WORKOUT, FIFTHS_WORKOUT])
weeks_of_sessions = st.lists(
    st.dictionaries(st.integers(min_value=0, max_value=6), workouts, max_size=7),
    min_size=1,
    max_size=6,
)


@given(
    planned=weeks_of_sessions,
    floor=st.sampled_from([0.70, 0.75, 0.80]),
    fitness=st.floats(min_value=10, max_value=100),
    previous=st.none() | st.floats(min_value=0, max_value=1000),
)
def test_every_note_names_a_week_of_the_block_and_a_day_inside_it(
    planned: list[dict[int, Workout]], floor: float, fitness: float, previous: float | None
) -> None:
    weeks = block(*planned)

    notes = advise(weeks, floor, fitness, previous)

    for note in notes:
        if note.week is None:
            assert note.day is None
            continue
        assert 0 <= note.week < len(weeks)
        if note.day is not None:
            assert weeks[note.week].start <= note.day <= weeks[note.week].end
    only_keys = {note.week for note in notes if note.code == "only_key_sessions"}
    assert only_keys == {
        week.index
        for week in weeks
        if week.sessions and len(week.key_sessions) == len(week.sessions)
    }
    # Never a share set against the floor: that is the rule's verdict, by minutes.
    assert not any("floor" in note.message and "below" in note.message for note in notes)


# --- An easy pace override faster than marathon pace ----------------------------------


def test_an_easy_pace_override_faster_than_marathon_pace_is_pointed_out() -> None:
    note = easy_override_too_fast(300.0, 326.4, "km")

    assert note is not None
    assert note.code == "easy_override_too_fast"
    assert note.message.startswith(
        "The easy pace override, 5:00 /km, is faster than the runner's marathon pace, "
        "5:26 /km: every easy minute would count as hard"
    )


@pytest.mark.parametrize("easy", [None, 326.4, 326.44, 400.0])
def test_an_easy_pace_at_or_slower_than_marathon_pace_is_not_pointed_out(
    easy: float | None,
) -> None:
    assert easy_override_too_fast(easy, 326.4, "mi") is None
