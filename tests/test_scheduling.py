from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest

from planner.formatting import day as format_day
from planner.rules import PlannedSession, Workout, check_block, summarize_weeks
from planner.scheduling import SchedulingError, plan_block
from tests.rulebook import (
    ARTICLE_RUN_DAYS,
    EASY_WORKOUT,
    LONG_WORKOUT,
    PLAN_MONDAY,
    STEADY_WORKOUT,
    make_block_request,
)

OUT_AND_BACK_WORKOUT = Workout("Out and back (45 minutes)", "progression", 25, 21.25)


def day(offset: int) -> dt.date:
    return PLAN_MONDAY + dt.timedelta(days=offset)


def session(offset: int, workout: Workout) -> PlannedSession:
    return PlannedSession(day(offset), workout)


# --- Planning: the rulebook's cases -------------------------------------------------------


def test_default_block_holds_six_progression_runs_and_keeps_every_rule() -> None:
    plan = plan_block(make_block_request())

    assert plan.progression_count == 6
    assert [week.progression_count for week in plan.weeks] == [2, 1, 2, 1]
    assert all(week.aerobic_share >= 0.80 for week in plan.weeks)
    assert plan.fast_finish_minutes == 60
    key_dates = [s.date for s in plan.sessions if s.is_key]
    assert all((b - a).days >= 2 for a, b in pairwise(key_dates))
    assert check_block(PLAN_MONDAY, 4, plan.sessions, 0.80, long_run_day=6) == []


def test_default_block_puts_progression_runs_on_the_most_even_days_that_build() -> None:
    # Gaps 3, 5, 7, 2, 7: as even as 2-2-1-1 would be, but the two-run weeks are apart.
    plan = plan_block(make_block_request())

    assert [format_day(d) for d in plan.progression_dates] == [
        "Mon 2 Mar",
        "Thu 5 Mar",
        "Tue 10 Mar",
        "Tue 17 Mar",
        "Thu 19 Mar",
        "Thu 26 Mar",
    ]
    assert plan.smallest_progression_gap == 2


def test_every_run_day_gets_one_session_and_rest_days_none() -> None:
    plan = plan_block(make_block_request())

    assert len(plan.sessions) == 4 * len(ARTICLE_RUN_DAYS)
    assert {s.date.weekday() for s in plan.sessions} == ARTICLE_RUN_DAYS
    assert len({s.date for s in plan.sessions}) == len(plan.sessions)
    assert all(s.workout == LONG_WORKOUT for s in plan.sessions if s.date.weekday() == 6)
    assert list(plan.sessions) == sorted(plan.sessions, key=lambda s: s.date)


@pytest.mark.parametrize(
    ("overrides", "weekly_counts", "smallest_gap"),
    [
        pytest.param({}, [2, 1, 2, 1], 2, id="article-six-in-four-weeks"),
        pytest.param(
            {"run_days": frozenset({1, 3, 6}), "progression_runs": 4},
            [1, 1, 1, 1],
            7,
            id="one-a-week-lands-on-the-same-weekday",
        ),
        pytest.param(
            {"run_days": frozenset(range(7)), "long": None, "long_run_day": None, "weeks": 2},
            [3, 3],
            2,
            id="no-long-run",
        ),
        pytest.param({"weeks": 1, "progression_runs": 0}, [0], None, id="no-progression-runs"),
        pytest.param(
            {"weeks": 16, "progression_runs": 24, "run_days": frozenset({0, 1, 2, 3, 5, 6})},
            [2, 1] * 8,
            2,
            id="sixteen-weeks-alternate-fuller-and-lighter",
        ),
        pytest.param(
            {"weeks": 8, "progression_runs": 3}, [1, 0, 0, 1, 0, 0, 0, 1], 24, id="sparse"
        ),
    ],
)
def test_progression_runs_are_spread_evenly_over_the_weeks(
    overrides: dict[str, Any], weekly_counts: list[int], smallest_gap: int | None
) -> None:
    request = make_block_request(**overrides)

    plan = plan_block(request)

    assert [week.progression_count for week in plan.weeks] == weekly_counts
    assert plan.smallest_progression_gap == smallest_gap
    assert plan.progression_count == request.progression_runs
    assert check_block(PLAN_MONDAY, request.weeks, plan.sessions, 0.80, request.long_run_day) == []


def test_the_most_even_placement_is_chosen_and_ties_go_to_the_earliest_days() -> None:
    # Eight runs in 28 days: seven gaps summing to at most 27 days, so one gap of three
    # is unavoidable; putting it first is the earliest of the most even placements.
    request = make_block_request(
        run_days=frozenset(range(7)), long=None, long_run_day=None, progression_runs=8
    )

    plan = plan_block(request)

    assert [(d - PLAN_MONDAY).days for d in plan.progression_dates] == [0, 3, 7, 11, 15, 19, 23, 27]
    assert plan.progression_gaps == (3, 4, 4, 4, 4, 4, 4)


def test_experienced_runner_with_a_70_percent_floor_can_take_a_heavier_week() -> None:
    heavy = Workout("Steady 20 + fast 30", "progression", 20, 30)
    request = make_block_request(progressions=(heavy,), aerobic_floor=0.70)

    plan = plan_block(request)

    assert min(week.aerobic_share for week in plan.weeks) < 0.80
    assert all(week.meets_floor(0.70) for week in plan.weeks)
    with pytest.raises(SchedulingError):
        plan_block(replace(request, aerobic_floor=0.80))


def test_same_request_gives_the_same_plan() -> None:
    request = make_block_request(
        weeks=12, progression_runs=17, progressions=(STEADY_WORKOUT, OUT_AND_BACK_WORKOUT)
    )

    assert plan_block(request) == plan_block(request)


# --- Progression templates in rotation -----------------------------------------------------


def test_templates_rotate_in_date_order_when_every_week_meets_the_floor() -> None:
    plan = plan_block(
        make_block_request(progressions=(STEADY_WORKOUT, OUT_AND_BACK_WORKOUT), aerobic_floor=0.75)
    )

    names = [s.workout.name for s in plan.sessions if s.is_progression]
    assert names == [STEADY_WORKOUT.name, OUT_AND_BACK_WORKOUT.name] * 3


def test_templates_are_reordered_when_the_rotation_would_break_the_floor() -> None:
    # Tue, Thu, Sat and two runs a week: the rotation puts A and B together (79%, below
    # 80%). One change fixes it; of the two such, B-B-C-A comes first in template order.
    heavier = Workout("A", "progression", 30, 20)
    middle = Workout("B", "progression", 40, 10)
    lighter = Workout("C", "progression", 50, 0)
    request = make_block_request(
        run_days=frozenset({1, 3, 5}),
        long=None,
        long_run_day=None,
        weeks=2,
        progression_runs=4,
        progressions=(heavier, middle, lighter),
    )

    plan = plan_block(request)

    assert [s.workout.name for s in plan.sessions if s.is_progression] == ["B", "B", "C", "A"]
    assert all(week.meets_floor(0.80) for week in plan.weeks)


# --- Refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"aerobic_floor": 0.65}, "between 70 % and 80 %, not 65 %"),
        ({"aerobic_floor": 0.85}, "between 70 % and 80 %, not 85 %"),
        ({"start": dt.date(2026, 3, 3)}, "A block starts on a Monday; Tue 3 Mar is a Tuesday."),
        ({"weeks": 0}, "1 to 16 weeks long, not 0"),
        ({"weeks": 17}, "1 to 16 weeks long, not 17"),
        ({"progression_runs": 25}, "0 to 24 progression runs, not 25"),
        ({"progression_runs": -1}, "0 to 24 progression runs, not -1"),
        ({"run_days": frozenset()}, "at least one run day"),
        ({"run_days": frozenset({0, 7})}, "0 (Monday) to 6 (Sunday)"),
        ({"long_run_day": None}, "Choose a long-run day for the long run"),
        ({"long": None}, "Choose a long-run workout"),
        ({"long_run_day": 4}, "The long-run day (Friday) must be one of the run days."),
        ({"progressions": ()}, "at least one progression template"),
        (
            {"progressions": (STEADY_WORKOUT,) * 7},
            "at most 6 progression templates in one block, not 7",
        ),
        ({"easy": STEADY_WORKOUT}, "is not an easy run"),
        ({"easy": Workout("Easy run", "easy", -5, 0)}, "zero or more minutes"),
    ],
)
def test_a_request_no_block_could_honour_is_refused(
    overrides: dict[str, Any], expected: str
) -> None:
    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(**overrides))

    assert expected in str(refusal.value)
    assert refusal.value.rule == "request"


def test_two_run_days_with_a_long_run_leave_room_for_four_progression_runs_not_six() -> None:
    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(run_days=frozenset({2, 6})))

    assert str(refusal.value) == (
        "Only 4 progression runs fit in 4 weeks with these run days (one session per run "
        "day, none on the long-run day, 48 hours between key sessions); choose at most 4, "
        "or add a run day."
    )
    assert refusal.value.rule == "progression_spacing"


def test_a_long_run_as_the_only_run_day_leaves_no_room_for_progression_runs() -> None:
    with pytest.raises(SchedulingError, match="No progression runs fit in 4 weeks"):
        plan_block(make_block_request(run_days=frozenset({6})))


def test_an_easy_run_too_hard_for_the_floor_is_refused_naming_the_week_and_its_share() -> None:
    # Each week: three of these easy runs, one 40 + 10 and the long run: 190 of 245
    # minutes aerobic, 77.6 %.
    hard_easy = Workout("Easy with strides", "easy", 25, 15)

    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(easy=hard_easy, progression_runs=4))

    assert str(refusal.value) == (
        "Week 1 can be at most 77 % aerobic by minutes with this easy run, below the 80 % "
        "floor: choose a lighter easy run, or lower the floor."
    )
    assert refusal.value.rule == "aerobic_floor"


def test_lowering_the_floor_is_not_offered_when_even_70_percent_is_out_of_reach() -> None:
    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(easy=Workout("Fartlek", "easy", 20, 20), progression_runs=0))

    assert "Week 1 can be at most 65 % aerobic by minutes with this easy run" in str(refusal.value)
    assert "lower the floor" not in str(refusal.value)


def test_a_template_too_hard_for_two_a_week_is_refused_naming_the_fuller_week() -> None:
    heavy = Workout("Steady 30 + fast 30", "progression", 30, 30)

    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(progressions=(heavy,)))

    assert str(refusal.value) == (
        "Week 1 can be at most 78 % aerobic by minutes with 2 progression runs in it, below "
        "the 80 % floor: choose fewer progression runs or a lighter progression template, "
        "or lower the floor."
    )


def test_templates_that_cannot_be_shared_out_evenly_are_refused() -> None:
    too_hard = Workout("Hard", "progression", 0, 60)

    with pytest.raises(SchedulingError, match="cannot be shared out evenly"):
        plan_block(make_block_request(progressions=(STEADY_WORKOUT, too_hard), progression_runs=4))


# --- The checker: rules 1 and 2 on any block, generated or edited -------------------------


def test_checker_passes_a_good_block() -> None:
    plan = plan_block(make_block_request())

    assert check_block(PLAN_MONDAY, 4, plan.sessions, 0.80, long_run_day=6) == []


def test_checker_finds_a_week_below_the_floor() -> None:
    heavy = Workout("Heavy", "progression", 34, 26)
    sessions = [session(0, EASY_WORKOUT), session(7, EASY_WORKOUT), session(10, heavy)]

    [violation] = check_block(PLAN_MONDAY, 2, sessions, 0.80)

    assert violation.rule == "aerobic_floor"
    assert violation.week == 1
    assert violation.dates == (day(10),)
    assert violation.aerobic_share == pytest.approx(0.74)
    assert violation.aerobic_floor == 0.80
    assert violation.message == (
        "Week 2 is 74 % aerobic by minutes, below the 80 % floor: swap a progression run "
        "for an easy run or lower the floor."
    )


def test_checker_finds_key_sessions_on_consecutive_days() -> None:
    sessions = [session(1, STEADY_WORKOUT), session(2, LONG_WORKOUT)]

    [violation] = check_block(PLAN_MONDAY, 1, sessions, 0.70)

    assert violation.rule == "consecutive_key_days"
    assert violation.dates == (day(1), day(2))
    assert violation.message == (
        "Progression run on Tue 3 Mar and long run on Wed 4 Mar fall on consecutive days; "
        "key sessions need 48 hours between them."
    )


def test_checker_finds_consecutive_key_days_across_a_week_boundary() -> None:
    sessions = [session(6, LONG_WORKOUT), session(7, STEADY_WORKOUT), session(13, LONG_WORKOUT)]

    [violation] = check_block(PLAN_MONDAY, 2, sessions, 0.70, long_run_day=6)

    assert violation.rule == "consecutive_key_days"
    assert violation.week == 1
    assert violation.dates == (day(6), day(7))
    assert violation.message.startswith("Long run on Sun 8 Mar and progression run on Mon 9 Mar")


def test_checker_finds_a_progression_run_on_the_long_run_day() -> None:
    sessions = [session(3, EASY_WORKOUT), session(6, STEADY_WORKOUT)]

    [violation] = check_block(PLAN_MONDAY, 1, sessions, 0.70, long_run_day=6)

    assert violation.rule == "progression_on_long_run_day"
    assert violation.week == 0
    assert violation.dates == (day(6),)
    assert violation.message == (
        "Progression run on Sun 8 Mar falls on the long-run day (Sunday); "
        "move it to another run day."
    )


def test_checker_lists_every_violation_in_calendar_order() -> None:
    heavy = Workout("Heavy", "progression", 10, 40)
    sessions = [session(5, heavy), session(6, LONG_WORKOUT), session(13, STEADY_WORKOUT)]

    violations = check_block(PLAN_MONDAY, 2, sessions, 0.80, long_run_day=6)

    assert [v.rule for v in violations] == [
        "aerobic_floor",
        "consecutive_key_days",
        "progression_on_long_run_day",
    ]


def test_edited_block_may_drift_from_its_progression_count() -> None:
    plan = plan_block(make_block_request())
    edited = [s for s in plan.sessions if s.date != plan.progression_dates[0]]

    assert check_block(PLAN_MONDAY, 4, edited, 0.80, long_run_day=6) == []


def test_edit_that_moves_a_progression_next_to_the_long_run_is_caught() -> None:
    plan = plan_block(make_block_request())
    moved = [s for s in plan.sessions if s.date != day(5)]  # Saturday easy run
    moved = [s for s in moved if s.date != day(3)] + [session(5, STEADY_WORKOUT)]

    [violation] = check_block(PLAN_MONDAY, 4, moved, 0.80, long_run_day=6)

    assert violation.rule == "consecutive_key_days"
    assert violation.dates == (day(5), day(6))


def test_checker_refuses_a_session_outside_the_block() -> None:
    with pytest.raises(ValueError, match="Mon 30 Mar is outside the block"):
        check_block(PLAN_MONDAY, 4, [session(28, EASY_WORKOUT)], 0.80)


def test_checker_refuses_two_sessions_on_one_date() -> None:
    with pytest.raises(ValueError, match="Two sessions on Tue 3 Mar"):
        check_block(PLAN_MONDAY, 4, [session(1, EASY_WORKOUT), session(1, STEADY_WORKOUT)], 0.80)


# --- Week summaries ----------------------------------------------------------------------


def test_week_summary_counts_minutes_and_sessions() -> None:
    sessions = [session(0, EASY_WORKOUT), session(2, STEADY_WORKOUT), session(6, LONG_WORKOUT)]

    [week, empty_week] = summarize_weeks(PLAN_MONDAY, 2, sessions)

    assert week.planned_minutes == 165
    assert week.aerobic_minutes == 155
    assert week.hard_minutes == 10
    assert week.aerobic_share == pytest.approx(155 / 165)
    assert week.easy_sessions == (sessions[0], sessions[2])
    assert week.session_share == pytest.approx(2 / 3)
    assert week.progression_count == 1
    assert week.key_sessions == (sessions[1], sessions[2])
    assert empty_week.start == day(7)
    assert empty_week.aerobic_share == 1.0
    assert empty_week.session_share == 1.0
    assert empty_week.meets_floor(0.80)


def test_a_week_exactly_on_the_floor_meets_it_despite_float_rounding() -> None:
    # 5.6 / 7.0 is 0.7999999999999999 in floating point.
    [week] = summarize_weeks(
        PLAN_MONDAY, 1, [session(0, Workout("80/20", "progression", 5.6, 1.4))]
    )

    assert week.meets_floor(0.80)


def test_a_plan_with_one_progression_run_has_no_gap() -> None:
    plan = plan_block(make_block_request(progression_runs=1))

    assert plan.progression_count == 1
    assert plan.smallest_progression_gap is None
    assert plan.fast_finish_minutes == 10


# --- Neighbouring blocks ---


def test_a_key_session_the_day_before_the_block_keeps_the_first_monday_free() -> None:
    sunday_before = PLAN_MONDAY - dt.timedelta(days=1)

    plan = plan_block(make_block_request(neighbour_key_days=frozenset({sunday_before})))

    assert PLAN_MONDAY not in plan.progression_dates
    assert plan.progression_count == 6


def test_the_checker_sees_a_key_session_of_the_next_block() -> None:
    last_sunday = PLAN_MONDAY + dt.timedelta(days=27)
    next_monday = last_sunday + dt.timedelta(days=1)
    sessions = [PlannedSession(last_sunday, LONG_WORKOUT)]

    violations = check_block(PLAN_MONDAY, 4, sessions, 0.8, neighbour_key_days=[next_monday])

    assert [v.rule for v in violations] == ["consecutive_key_days"]
    assert "block after this one" in violations[0].message


def test_a_long_run_next_to_a_neighbouring_key_session_is_refused() -> None:
    monday_after = PLAN_MONDAY + dt.timedelta(days=28)

    with pytest.raises(SchedulingError, match="choose another long-run day"):
        plan_block(make_block_request(neighbour_key_days=frozenset({monday_after})))
