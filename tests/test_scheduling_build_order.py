"""Rule 2's revised order (the block builds), progression days, and the template search.

Each rule is checked against a plain reading of the rulebook: every placement of a
small block is listed and sorted by the rulebook's order, and the template rotation is
compared with the slow search ``plan_block`` used before it was made fast.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from planner.rules import Workout, check_block
from planner.scheduling import BlockPlan, BlockRequest, SchedulingError, plan_block
from tests.pure import ROTATING
from tests.reference import reference_template_order, rulebook_order, week_share
from tests.rulebook import (
    EASY_PROGRESSION,
    EASY_WORKOUT,
    LONG_WORKOUT,
    PLAN_MONDAY,
    make_block_request,
    weekly_counts,
)

SUNDAY_BEFORE = PLAN_MONDAY - dt.timedelta(days=1)


def offsets(plan: BlockPlan) -> tuple[int, ...]:
    return tuple((d - PLAN_MONDAY).days for d in plan.progression_dates)


def keeps_every_rule(plan: BlockPlan) -> bool:
    request = plan.request
    violations = check_block(
        request.start,
        request.weeks,
        plan.sessions,
        request.aerobic_floor,
        request.long_run_day,
        request.neighbour_key_days,
    )
    allowed = request.progression_days
    return violations == [] and all(
        allowed is None or d.weekday() in allowed for d in plan.progression_dates
    )


# --- The rulebook's examples ---------------------------------------------------------------


def test_six_runs_in_four_weeks_alternate_two_one_two_one() -> None:
    plan = plan_block(make_block_request())

    assert weekly_counts(plan) == [2, 1, 2, 1]
    assert plan.smallest_progression_gap == 2
    assert keeps_every_rule(plan)


def test_twenty_four_runs_in_sixteen_weeks_never_double_two_weeks_in_a_row() -> None:
    plan = plan_block(make_block_request(weeks=16, progression_runs=24))

    counts = weekly_counts(plan)
    assert sorted(set(counts)) == [1, 2]
    assert counts.count(2) == 8
    assert all(not (a == b == 2) for a, b in pairwise(counts))
    assert counts[-1] == 1
    assert keeps_every_rule(plan)


def test_the_last_week_is_lighter_even_when_the_fuller_weeks_are_not_spread() -> None:
    # 5 runs in 4 weeks: one fuller week; any week but the last will do, so the earliest.
    plan = plan_block(make_block_request(progression_runs=5))

    assert weekly_counts(plan) == [2, 1, 1, 1]


def test_the_gaps_come_before_the_building_order() -> None:
    # 3 runs in 8 weeks on Tue/Thu (and the first Monday): a run in the last week is the
    # only way to keep 24 days between runs, so the last week holds the larger count.
    plan = plan_block(make_block_request(weeks=8, progression_runs=3))

    assert weekly_counts(plan) == [1, 0, 0, 1, 0, 0, 0, 1]
    assert plan.smallest_progression_gap == 24


# --- Brute force: every placement of a small block, sorted by the rulebook -----------------


def allowed_weekdays(request: BlockRequest) -> frozenset[int]:
    if request.progression_days is not None:
        return request.progression_days
    return (
        request.run_days - {request.long_run_day}
        if request.long_run_day is not None
        else (request.run_days)
    )


def every_placement(request: BlockRequest) -> Iterator[tuple[int, ...]]:
    """Every set of days keeping rule 2 (not yet its order), by a plain reading of it."""
    weeks, runs = request.weeks, request.progression_runs
    fewer, more = runs // weeks, -(-runs // weeks)
    long_runs = {d for d in range(7 * weeks) if d % 7 == request.long_run_day}
    outside = {(day - PLAN_MONDAY).days for day in request.neighbour_key_days}
    fixed_keys = long_runs | outside
    if any(d - 1 in outside or d + 1 in outside for d in long_runs):
        return  # the long run itself touches the neighbouring block's key session
    days = [
        d
        for d in range(7 * weeks)
        if d % 7 in allowed_weekdays(request)
        and d not in long_runs
        and d - 1 not in fixed_keys
        and d + 1 not in fixed_keys
    ]

    def extend(placed: tuple[int, ...], after: int) -> Iterator[tuple[int, ...]]:
        if len(placed) == runs:
            per_week = Counter(d // 7 for d in placed)
            if all(per_week[w] in {fewer, more} for w in range(weeks)):
                yield placed
            return
        for i in range(after, len(days)):
            if not placed or days[i] - placed[-1] >= 2:
                in_week = sum(d // 7 == days[i] // 7 for d in placed)
                if in_week < more:
                    yield from extend((*placed, days[i]), i + 1)

    yield from extend((), 0)


def brute_force_best(request: BlockRequest) -> tuple[int, ...] | None:
    placements = list(every_placement(request))
    if not placements:
        return None
    return min(placements, key=lambda p: rulebook_order(p, request.weeks))


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="article"),
        pytest.param({"progression_runs": 5}, id="five-in-four"),
        pytest.param({"progression_runs": 7}, id="seven-in-four"),
        pytest.param({"weeks": 5, "progression_runs": 7}, id="seven-in-five"),
        pytest.param({"weeks": 6, "progression_runs": 8}, id="eight-in-six"),
        pytest.param({"weeks": 6, "progression_runs": 4}, id="four-in-six"),
        pytest.param(
            {"run_days": frozenset(range(7)), "long": None, "long_run_day": None, "weeks": 3},
            id="every-day-no-long-run",
        ),
        pytest.param(
            {"run_days": frozenset(range(7)), "progression_days": frozenset({1, 3}), "weeks": 5},
            id="tuesdays-and-thursdays",
        ),
        pytest.param(
            {"neighbour_key_days": frozenset({SUNDAY_BEFORE}), "progression_runs": 5},
            id="long-run-the-sunday-before",
        ),
    ],
)
def test_plan_matches_every_placement_sorted_by_the_rulebook(overrides: dict[str, Any]) -> None:
    request = make_block_request(**overrides)

    plan = plan_block(request)

    assert offsets(plan) == brute_force_best(request)


@st.composite
def small_requests(draw: st.DrawFn) -> BlockRequest:
    run_days = draw(st.frozensets(st.integers(0, 6), min_size=2))
    long_run_day = draw(st.none() | st.sampled_from(sorted(run_days)))
    others = sorted(run_days - {long_run_day})
    progression_days = None
    if draw(st.booleans()) and others:
        progression_days = draw(st.frozensets(st.sampled_from(others), min_size=1))
    weeks = draw(st.integers(1, 5))
    edges = (SUNDAY_BEFORE, PLAN_MONDAY + dt.timedelta(weeks=weeks))
    return BlockRequest(
        start=PLAN_MONDAY,
        run_days=run_days,
        easy=EASY_WORKOUT,
        progressions=(EASY_PROGRESSION,),
        long=None if long_run_day is None else LONG_WORKOUT,
        long_run_day=long_run_day,
        weeks=weeks,
        progression_runs=draw(st.integers(1, min(8, 2 * weeks + 1))),
        neighbour_key_days=draw(st.frozensets(st.sampled_from(edges))),
        progression_days=progression_days,
    )


@settings(max_examples=300, deadline=None)
@given(small_requests())
def test_small_random_blocks_match_the_brute_force_order(request: BlockRequest) -> None:
    best = brute_force_best(request)
    if best is None:
        event("refused")
        with pytest.raises(SchedulingError) as refusal:
            plan_block(request)
        assert refusal.value.rule == "progression_spacing"
        return
    event("planned")
    plan = plan_block(request)

    assert offsets(plan) == best
    assert keeps_every_rule(plan)


# --- Progression days -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("progression_days", "expected"),
    [
        pytest.param(frozenset(), "at least one progression day", id="empty"),
        pytest.param(frozenset({2}), "Wednesday is not one", id="not-a-run-day"),
        pytest.param(frozenset({1, 6}), "long-run day (Sunday) cannot be", id="long-run-day"),
        pytest.param(frozenset({8}), "0 (Monday) to 6 (Sunday)", id="not-a-weekday"),
    ],
)
def test_progression_days_the_rules_cannot_use_are_refused(
    progression_days: frozenset[int], expected: str
) -> None:
    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(progression_days=progression_days))

    assert expected in str(refusal.value)
    assert refusal.value.rule == "request"


def test_progression_runs_go_only_on_the_progression_days() -> None:
    plan = plan_block(make_block_request(progression_days=frozenset({3}), progression_runs=4))

    assert {d.weekday() for d in plan.progression_dates} == {3}
    assert weekly_counts(plan) == [1, 1, 1, 1]


def test_too_few_progression_days_are_refused_asking_for_another_one() -> None:
    # Thursdays only: one run a week, four in four weeks, not six.
    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(progression_days=frozenset({3})))

    message = str(refusal.value)
    assert refusal.value.rule == "progression_spacing"
    assert "Only 4 progression runs fit in 4 weeks" in message
    assert "progression runs only on Thursday" in message
    assert "choose at most 4, or allow another progression day" in message


def test_when_the_run_days_are_short_the_refusal_asks_for_a_run_day() -> None:
    # Every run day but the long run's is already a progression day.
    with pytest.raises(SchedulingError) as refusal:
        plan_block(make_block_request(run_days=frozenset({2, 6}), progression_days=frozenset({2})))

    assert "choose at most 4, or add a run day" in str(refusal.value)


# --- Neighbouring blocks: the runner's usual long run -------------------------------------


def test_a_long_run_the_sunday_before_keeps_progression_runs_off_the_first_monday() -> None:
    # The model passes the runner's usual long-run day before the block as a key day.
    request = make_block_request(
        run_days=frozenset({0, 2, 4}),
        long=None,
        long_run_day=None,
        progression_days=frozenset({0, 2}),
        progression_runs=4,
    )
    free = plan_block(request)
    after_a_long_run = plan_block(replace(request, neighbour_key_days=frozenset({SUNDAY_BEFORE})))

    assert PLAN_MONDAY in free.progression_dates
    assert PLAN_MONDAY not in after_a_long_run.progression_dates
    assert after_a_long_run.progression_count == 4
    assert keeps_every_rule(after_a_long_run)


# --- Templates: the fast search agrees with the slow one ---------------------------------


# Sizes spread so that rotations often miss the floor and need several changes.
varied_templates = st.builds(
    Workout,
    name=st.sampled_from(["A", "B", "C", "D", "E", "F"]),
    kind=st.just("progression"),
    aerobic_minutes=st.sampled_from([20.0, 25.0, 30.0, 35.0, 40.0, 50.0]),
    hard_minutes=st.sampled_from([0.0, 10.0, 20.0, 30.0, 40.0]),
)


@st.composite
def rotating_requests(draw: st.DrawFn) -> BlockRequest:
    """Requests whose floor sits just above the rotation's weakest week, when it can."""
    weeks = draw(st.integers(1, 7))
    request = BlockRequest(
        start=PLAN_MONDAY,
        run_days=draw(st.frozensets(st.integers(0, 6), min_size=4)),
        easy=Workout("Easy run", "easy", draw(st.sampled_from([20.0, 30.0, 40.0])), 0),
        progressions=tuple(draw(st.lists(varied_templates, min_size=2, max_size=6, unique=True))),
        weeks=weeks,
        progression_runs=draw(st.integers(2, min(24, 3 * weeks))),
    )
    try:
        counts = weekly_counts(plan_block(replace(request, progressions=(EASY_PROGRESSION,))))
    except SchedulingError:
        return request
    kinds, taken, weakest = len(request.progressions), 0, 1.0
    for count in counts:
        rotated = [i % kinds for i in range(taken, taken + count)]
        weakest = min(weakest, week_share(request, rotated))
        taken += count
    floor = weakest + draw(st.sampled_from([0.001, 0.01, 0.03]))
    return replace(request, aerobic_floor=min(0.80, max(0.70, floor)))


@settings(max_examples=600, deadline=None)
@given(rotating_requests())
def test_templates_match_the_slow_search_that_changes_the_fewest_runs(
    request: BlockRequest,
) -> None:
    try:
        plan = plan_block(request)
    except SchedulingError as refusal:
        if refusal.rule != "aerobic_floor":
            event(f"refused: {refusal.rule}")
            return
        event("refused: aerobic_floor")
        counts = weekly_counts(plan_block(replace(request, progressions=(EASY_PROGRESSION,))))
        assert reference_template_order(request, counts) is None
        return
    expected = reference_template_order(request, weekly_counts(plan))
    rotation = tuple(i % len(request.progressions) for i in range(plan.progression_count))
    event("rotation kept" if expected == rotation else "templates reordered")
    templates = request.progressions
    assert tuple(templates.index(s.workout) for s in plan.sessions if s.is_progression) == expected


def test_six_rotating_templates_on_seven_weeks_match_the_slow_search() -> None:
    # The slowest request the old search knew: 24 runs, every day, floor 75%.
    request = make_block_request(
        run_days=frozenset(range(7)),
        long=None,
        long_run_day=None,
        progressions=ROTATING,
        weeks=7,
        progression_runs=24,
        aerobic_floor=0.75,
    )

    plan = plan_block(request)

    expected = reference_template_order(request, weekly_counts(plan))
    assert expected is not None
    assert expected != tuple(i % 6 for i in range(24))  # the rotation alone misses the floor
    assert tuple(ROTATING.index(s.workout) for s in plan.sessions if s.is_progression) == expected
    assert keeps_every_rule(plan)
