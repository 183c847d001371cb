"""Properties of planning and checking, and a brute force that plan_block must agree with."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations, pairwise, product

from hypothesis import event, given, settings
from hypothesis import strategies as st

from planner.rules import PlannedSession, Workout, check_block
from planner.scheduling import BlockPlan, BlockRequest, SchedulingError, plan_block
from tests.reference import rulebook_order
from tests.rulebook import PLAN_MONDAY


def minutes(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=low, max_value=high).map(lambda m: round(m, 1))


progression_templates = st.builds(
    Workout,
    name=st.sampled_from(["Steady", "Fifths", "Out and back"]),
    kind=st.just("progression"),
    aerobic_minutes=minutes(15, 60),
    hard_minutes=minutes(0, 30),
)


# Few distinct sizes, so that weeks land near the floor and the rotation often misses it.
templates_near_the_floor = st.builds(
    Workout,
    name=st.sampled_from(["A", "B", "C"]),
    kind=st.just("progression"),
    aerobic_minutes=st.sampled_from([20.0, 30.0, 40.0, 50.0]),
    hard_minutes=st.sampled_from([0.0, 10.0, 20.0, 30.0]),
)


@st.composite
def block_requests(
    draw: st.DrawFn,
    max_weeks: int = 16,
    max_runs: int = 24,
    templates: st.SearchStrategy[Workout] = progression_templates,
    template_kinds: tuple[int, int] = (1, 2),
) -> BlockRequest:
    run_days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    long_run_day = draw(st.none() | st.sampled_from(sorted(run_days)))
    easy = Workout(
        "Easy run",
        draw(st.sampled_from(["easy", "recovery"])),
        draw(minutes(20, 70)),
        draw(st.sampled_from([0, 0, 0, 5, 12])),
    )
    long = None
    if long_run_day is not None:
        long = Workout(
            "Long run", "long", draw(minutes(50, 150)), draw(st.sampled_from([0, 0, 10]))
        )
    weeks = draw(st.integers(1, max_weeks))
    # Sometimes the runner's neighbouring blocks have a key session right at the edges.
    edges = (PLAN_MONDAY - dt.timedelta(days=1), PLAN_MONDAY + dt.timedelta(weeks=weeks))
    neighbours = draw(st.frozensets(st.sampled_from(edges)))
    # Sometimes the coach narrows the progression runs to some of the other run days.
    others = sorted(run_days - {long_run_day})
    progression_days = None
    narrowed = draw(st.booleans())
    if others and narrowed:
        progression_days = draw(st.frozensets(st.sampled_from(others), min_size=1))
    return BlockRequest(
        start=PLAN_MONDAY,
        run_days=run_days,
        progression_days=progression_days,
        neighbour_key_days=neighbours,
        easy=easy,
        progressions=tuple(
            draw(
                st.lists(
                    templates,
                    min_size=template_kinds[0],
                    max_size=template_kinds[1],
                    unique=True,
                )
            )
        ),
        long=long,
        long_run_day=long_run_day,
        weeks=weeks,
        progression_runs=draw(st.integers(0, max_runs)),
        aerobic_floor=draw(st.floats(min_value=0.70, max_value=0.80)),
    )


def plan_or_refusal(request: BlockRequest) -> BlockPlan | SchedulingError:
    try:
        plan = plan_block(request)
    except SchedulingError as refusal:
        event(f"refused: {refusal.rule}")
        return refusal
    event("planned")
    return plan


def progression_offsets(plan: BlockPlan) -> tuple[int, ...]:
    return tuple((d - PLAN_MONDAY).days for d in plan.progression_dates)


def template_order(plan: BlockPlan) -> tuple[int, ...]:
    templates = plan.request.progressions
    return tuple(templates.index(s.workout) for s in plan.sessions if s.is_progression)


# --- Every plan keeps every rule ---------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(block_requests())
def test_every_plan_keeps_every_rule_or_is_refused(request: BlockRequest) -> None:
    plan = plan_or_refusal(request)
    if isinstance(plan, SchedulingError):
        assert plan.rule in {"progression_spacing", "aerobic_floor"}
        return

    weeks, runs = request.weeks, request.progression_runs
    assert (
        check_block(
            PLAN_MONDAY,
            weeks,
            plan.sessions,
            request.aerobic_floor,
            request.long_run_day,
            request.neighbour_key_days,
        )
        == []
    )
    assert plan.progression_count == runs
    assert {week.progression_count for week in plan.weeks} <= {runs // weeks, -(-runs // weeks)}
    expected_days = [
        PLAN_MONDAY + dt.timedelta(days=offset)
        for offset in range(7 * weeks)
        if offset % 7 in request.run_days
    ]
    assert [s.date for s in plan.sessions] == expected_days
    for s in plan.sessions:
        if s.date.weekday() == request.long_run_day:
            assert s.workout == request.long
    allowed = request.progression_days or request.run_days - {request.long_run_day}
    assert {d.weekday() for d in plan.progression_dates} <= allowed
    uses = Counter(template_order(plan))
    counts = [uses[i] for i in range(len(request.progressions))]
    assert max(counts) - min(counts) <= 1
    assert plan_block(request) == plan


@settings(max_examples=100, deadline=None)
@given(block_requests())
def test_a_refusal_for_spacing_names_the_most_runs_that_fit(request: BlockRequest) -> None:
    refusal = plan_or_refusal(request)
    if not isinstance(refusal, SchedulingError) or refusal.rule != "progression_spacing":
        return
    message = str(refusal)
    if message.startswith("The long run on"):
        return  # the long run itself touches a neighbouring block: no count would help
    most = 0 if message.startswith("No ") else int(message.split()[1])
    assert most < request.progression_runs
    fewer = plan_or_refusal(replace(request, progression_runs=most))
    assert not isinstance(fewer, SchedulingError) or fewer.rule == "aerobic_floor"
    if most + 1 < request.progression_runs:
        one_more = plan_or_refusal(replace(request, progression_runs=most + 1))
        assert isinstance(one_more, SchedulingError)
        assert one_more.rule == "progression_spacing"


# --- Brute force: small blocks, every placement tried --------------------------------------


def week_shares_meet_floor(
    request: BlockRequest, placement: Sequence[int], order: Sequence[int]
) -> bool:
    template_on = {day: request.progressions[i] for day, i in zip(placement, order, strict=True)}
    for week in range(request.weeks):
        aerobic = total = 0.0
        for offset in range(7 * week, 7 * week + 7):
            if offset % 7 not in request.run_days:
                continue
            workout = template_on.get(offset, request.easy)
            if offset % 7 == request.long_run_day and request.long is not None:
                workout = request.long
            aerobic += workout.aerobic_minutes
            total += workout.aerobic_minutes + workout.hard_minutes
        if total > 0 and aerobic / total < request.aerobic_floor - 1e-9:
            return False
    return True


def floor_keeping_orders(request: BlockRequest, placement: Sequence[int]) -> list[tuple[int, ...]]:
    """Template orders using each template within one time of the others, every week on floor."""
    kinds, runs = len(request.progressions), len(placement)
    orders = []
    for order in product(range(kinds), repeat=runs):
        uses = [order.count(i) for i in range(kinds)]
        if max(uses) - min(uses) <= 1 and week_shares_meet_floor(request, placement, order):
            orders.append(order)
    return orders


def rule_keeping_placements(request: BlockRequest) -> list[tuple[int, ...]]:
    weeks, runs, long_day = request.weeks, request.progression_runs, request.long_run_day
    days = [d for d in range(7 * weeks) if d % 7 in request.run_days]
    long_runs = {d for d in days if d % 7 == long_day}
    allowed = request.progression_days or request.run_days
    placements = []
    for placement in combinations(
        [d for d in days if d not in long_runs and d % 7 in allowed], runs
    ):
        per_week = Counter(d // 7 for d in placement)
        if any(per_week[w] not in {runs // weeks, -(-runs // weeks)} for w in range(weeks)):
            continue
        outside = {(day - PLAN_MONDAY).days for day in request.neighbour_key_days}
        key_days = sorted(set(placement) | long_runs | outside)
        if any(later - earlier == 1 for earlier, later in pairwise(key_days)):
            continue
        if floor_keeping_orders(request, placement):
            placements.append(placement)
    return placements


@settings(max_examples=500, deadline=None)
@given(block_requests(max_weeks=2, max_runs=4))
def test_small_blocks_match_the_brute_force_optimum(request: BlockRequest) -> None:
    placements = rule_keeping_placements(request)
    plan = plan_or_refusal(request)
    if isinstance(plan, SchedulingError):
        assert placements == []
        return

    best = min(placements, key=lambda p: rulebook_order(p, request.weeks))
    assert progression_offsets(plan) == best
    gaps = [later - earlier for earlier, later in pairwise(best)]
    assert plan.smallest_progression_gap == min(gaps, default=None)

    assert template_order(plan) == preferred_order(request, best)


def preferred_order(request: BlockRequest, placement: Sequence[int]) -> tuple[int, ...] | None:
    """The rotation if it keeps the floor, else the fewest changes to it, earliest first."""
    orders = floor_keeping_orders(request, placement)
    rotation = tuple(i % len(request.progressions) for i in range(len(placement)))
    if not orders:
        return None
    if rotation in orders:
        return rotation
    event("templates reordered")
    return min(orders, key=lambda o: (sum(a != b for a, b in zip(o, rotation, strict=True)), o))


@st.composite
def requests_near_the_floor(draw: st.DrawFn) -> BlockRequest:
    """Short blocks of short runs, where the progression templates decide the floor."""
    return BlockRequest(
        start=PLAN_MONDAY,
        run_days=draw(st.frozensets(st.integers(0, 6), min_size=4)),
        easy=Workout("Easy run", "easy", draw(st.sampled_from([20.0, 30.0, 40.0])), 0),
        progressions=tuple(
            draw(st.lists(templates_near_the_floor, min_size=2, max_size=3, unique=True))
        ),
        weeks=draw(st.integers(1, 3)),
        progression_runs=draw(st.integers(2, 6)),
        aerobic_floor=draw(st.sampled_from([0.70, 0.75, 0.80])),
    )


@settings(max_examples=1000, deadline=None)
@given(requests_near_the_floor())
def test_templates_are_reordered_only_as_far_as_the_floor_needs(request: BlockRequest) -> None:
    # With nothing hard in the block the floor cannot bind, which shows where the runs go.
    all_aerobic = replace(
        request,
        easy=replace(request.easy, hard_minutes=0),
        long=None if request.long is None else replace(request.long, hard_minutes=0),
        progressions=(Workout("Steady", "progression", 30, 0),),
    )
    placement_plan = plan_or_refusal(all_aerobic)
    plan = plan_or_refusal(request)
    if isinstance(placement_plan, SchedulingError):
        assert isinstance(plan, SchedulingError)
        assert plan.rule == "progression_spacing"
        return

    placement = progression_offsets(placement_plan)
    expected = preferred_order(request, placement)
    if expected is None:
        assert isinstance(plan, SchedulingError)
        assert plan.rule == "aerobic_floor"
    else:
        assert not isinstance(plan, SchedulingError)
        assert progression_offsets(plan) == placement
        assert template_order(plan) == expected


# --- The checker against a plain reading of the rules --------------------------------------

any_workout = st.builds(
    Workout,
    name=st.just("Run"),
    kind=st.sampled_from(["easy", "recovery", "long", "progression"]),
    aerobic_minutes=minutes(0, 90),
    hard_minutes=st.sampled_from([0.0, 0.0, 10.0, 25.0]),
)


@settings(max_examples=200, deadline=None)
@given(
    weeks=st.integers(1, 4),
    offsets_and_workouts=st.dictionaries(st.integers(0, 27), any_workout, max_size=20),
    floor=st.floats(min_value=0.70, max_value=0.80),
    long_run_day=st.none() | st.integers(0, 6),
)
def test_checker_reports_exactly_the_broken_rules(
    weeks: int,
    offsets_and_workouts: dict[int, Workout],
    floor: float,
    long_run_day: int | None,
) -> None:
    sessions = [
        PlannedSession(PLAN_MONDAY + dt.timedelta(days=offset), workout)
        for offset, workout in offsets_and_workouts.items()
        if offset < 7 * weeks
    ]

    violations = check_block(PLAN_MONDAY, weeks, sessions, floor, long_run_day)

    below_floor = set()
    for week in range(weeks):
        in_week = [s.workout for s in sessions if (s.date - PLAN_MONDAY).days // 7 == week]
        aerobic = sum(w.aerobic_minutes for w in in_week)
        total = aerobic + sum(w.hard_minutes for w in in_week)
        if total > 0 and aerobic / total < floor - 1e-9:
            below_floor.add(week)
    key_days = {s.date for s in sessions if s.workout.kind in {"progression", "long"}}
    consecutive = {(d, d + dt.timedelta(days=1)) for d in key_days} & {
        (d - dt.timedelta(days=1), d) for d in key_days
    }
    on_long_run_day = {
        s.date
        for s in sessions
        if s.workout.kind == "progression" and s.date.weekday() == long_run_day
    }
    assert {v.week for v in violations if v.rule == "aerobic_floor"} == below_floor
    assert {v.dates for v in violations if v.rule == "consecutive_key_days"} == consecutive
    assert {
        v.dates[0] for v in violations if v.rule == "progression_on_long_run_day"
    } == on_long_run_day
    assert all(v.message for v in violations)
