"""The template search (``planner.rotation_search``) gives the slow search's answers, exactly.

"Exact" means the same assignment as a plain programme over (week, uses so far) with
no bound at all, and the same refusals. The fast search proves bounds from the weeks'
choices and from weights (``gains``) the caller passes; the weights may be anything,
even wrong, without changing an answer, so they are drawn at random here too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from planner.rotation_search import assign_templates
from planner.rules import Workout
from planner.scheduling import BlockRequest, SchedulingError, plan_block
from tests.pure import ROTATING
from tests.reference import reference_template_order, slow_template_order
from tests.rulebook import EASY_PROGRESSION, EASY_WORKOUT, PLAN_MONDAY, weekly_counts

Passes = Callable[[tuple[int, ...]], bool]


@st.composite
def week_counts(draw: st.DrawFn) -> list[int]:
    """Runs per week as the builder makes them: floor(N/W) or ceil(N/W) in every week."""
    weeks = draw(st.integers(1, 7))
    runs = draw(st.integers(0, min(14, 4 * weeks)))
    fewer, fuller = divmod(runs, weeks)
    full = draw(st.sets(st.integers(0, weeks - 1), min_size=fuller, max_size=fuller))
    return [fewer + (week in full) for week in range(weeks)]


@st.composite
def floor_problems(draw: st.DrawFn) -> tuple[list[int], int, Passes, list[float]]:
    """A floor like the builder's: a week passes when its aerobic share, easy runs on
    the other days, is at least the floor; the floor sits near the rotation's weakest
    week, so that the rotation often misses it and must change."""
    counts = draw(week_counts())
    kinds = draw(st.integers(1, 5))
    minutes = st.sampled_from([0.0, 10.0, 20.0, 25.0, 30.0, 40.0, 50.0])
    aerobic = draw(st.lists(minutes, min_size=kinds, max_size=kinds))
    hard = draw(st.lists(minutes, min_size=kinds, max_size=kinds))
    days = max(counts, default=0) + draw(st.integers(0, 3))
    easy = draw(st.sampled_from([20.0, 30.0, 40.0]))

    def share(chosen: Sequence[int]) -> float:
        easy_runs = days - len(chosen)
        calm = sum(aerobic[t] for t in chosen) + easy_runs * easy
        every = calm + sum(hard[t] for t in chosen)
        return calm / every if every > 0 else 1.0

    rotation = [i % kinds for i in range(sum(counts))]
    taken, weakest = 0, 1.0
    for count in counts:
        weakest = min(weakest, share(rotation[taken : taken + count]))
        taken += count
    floor = weakest + draw(st.sampled_from([-0.01, 0.0, 0.001, 0.01, 0.03, 0.08]))

    def passes(chosen: tuple[int, ...]) -> bool:
        return share(chosen) >= floor - 1e-9

    honest = [a - floor * (a + h) for a, h in zip(aerobic, hard, strict=True)]
    weights = st.lists(st.floats(-50, 50), min_size=kinds, max_size=kinds)
    gains = draw(st.one_of(st.just(honest), weights))
    return counts, kinds, passes, gains


@st.composite
def arbitrary_problems(draw: st.DrawFn) -> tuple[list[int], int, Passes, list[float]]:
    """Any rule at all for which weeks pass (a random set of choices), any weights."""
    counts = draw(week_counts())
    kinds = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32))
    chance = draw(st.sampled_from([2, 3, 5]))

    def passes(chosen: tuple[int, ...]) -> bool:
        # Hashes of tuples of ints are the same in every run: a fixed random rule.
        return hash((chosen, seed)) % chance != 0

    weights = st.lists(st.floats(-50, 50), min_size=kinds, max_size=kinds)
    return counts, kinds, passes, draw(weights)


def describe(found: tuple[int, ...] | None, counts: Sequence[int], kinds: int) -> str:
    if found is None:
        return "refused"
    return "rotation kept" if found == tuple(i % kinds for i in range(sum(counts))) else "changed"


def assert_fast_matches_slow(
    problem: tuple[list[int], int, Passes, list[float]],
) -> tuple[int, ...] | None:
    """The fast search's answer to the problem, checked against the slow search's."""
    counts, kinds, passes, gains = problem

    found = assign_templates(counts, kinds, passes, gains)

    event(describe(found, counts, kinds))
    assert found == slow_template_order(counts, kinds, passes)
    return found


@settings(max_examples=2000, deadline=None)
@given(floor_problems())
def test_the_fast_search_answers_as_the_slow_one_for_floors(
    problem: tuple[list[int], int, Passes, list[float]],
) -> None:
    assert_fast_matches_slow(problem)


@settings(max_examples=1000, deadline=None)
@given(arbitrary_problems())
def test_the_fast_search_answers_as_the_slow_one_whatever_passes_and_weights(
    problem: tuple[list[int], int, Passes, list[float]],
) -> None:
    counts, kinds, passes, _ = problem

    found = assert_fast_matches_slow(problem)

    assert assign_templates(counts, kinds, passes) == found  # no weights: the same answer


def test_a_week_no_choice_passes_is_refused() -> None:
    assert assign_templates([2, 1], 3, lambda chosen: len(chosen) < 2, [1.0, 2.0, 3.0]) is None


def test_shares_no_week_can_hold_are_refused() -> None:
    # Every week passes only with template 0, but 0 may be used at most twice of four.
    found = assign_templates([2, 2], 2, lambda chosen: set(chosen) == {0}, [1.0, -1.0])

    assert found is None
    assert slow_template_order([2, 2], 2, lambda chosen: set(chosen) == {0}) is None


# --- The hard requests found by sweeps, through plan_block --------------------------------

SEVEN_DAYS = BlockRequest(
    start=PLAN_MONDAY,
    run_days=frozenset(range(7)),
    easy=EASY_WORKOUT,
    progressions=ROTATING,
    weeks=7,
    progression_runs=24,
    aerobic_floor=0.75,
)
MON_TO_SAT = replace(
    SEVEN_DAYS, run_days=frozenset(range(6)), progression_days=frozenset({1, 3, 5})
)
HEAVY = tuple(
    Workout(name, "progression", aerobic, hard)
    for name, (aerobic, hard) in zip(
        "ABCDEF", [(50, 40), (40, 40), (45, 15), (50, 40), (45, 25), (40, 20)], strict=True
    )
)
# Every week can keep the floor alone, but not with the shares even: refused.
UNEVEN = BlockRequest(
    start=PLAN_MONDAY,
    run_days=frozenset({0, 1, 3, 5, 6}),
    easy=Workout("Easy", "easy", 30, 0),
    progressions=tuple(
        Workout(f"T{i}", "progression", aerobic, hard)
        for i, (aerobic, hard) in enumerate(
            [(35, 10), (25, 20), (35, 15), (40, 0), (35, 30), (45, 25)]
        )
    ),
    weeks=10,
    progression_runs=23,
    aerobic_floor=0.7955555555555556,
)
HARD_REQUESTS = {
    "8 weeks, 24 runs, Tue/Thu/Sat": replace(MON_TO_SAT, weeks=8),
    "11 weeks, 24 runs, Tue/Thu/Sat": replace(MON_TO_SAT, weeks=11),
    "7 weeks, 23 runs, 7 days": replace(SEVEN_DAYS, progression_runs=23),
    "6 weeks, 19 runs, 7 days, floor 73.32%": replace(
        SEVEN_DAYS, weeks=6, progression_runs=19, progressions=HEAVY, aerobic_floor=0.7332
    ),
    "10 weeks, 23 runs, uneven shares refused": UNEVEN,
}


@pytest.mark.parametrize("request_", HARD_REQUESTS.values(), ids=HARD_REQUESTS.keys())
def test_hard_requests_get_the_slow_search_answer(request_: BlockRequest) -> None:
    counts = weekly_counts(plan_block(replace(request_, progressions=(EASY_PROGRESSION,))))
    expected = reference_template_order(request_, counts)

    if expected is None:
        with pytest.raises(SchedulingError) as refusal:
            plan_block(request_)
        assert refusal.value.rule == "aerobic_floor"
        return
    plan = plan_block(request_)
    templates = request_.progressions
    assert tuple(templates.index(s.workout) for s in plan.sessions if s.is_progression) == expected
