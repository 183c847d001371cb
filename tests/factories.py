"""Plain factory helpers: each makes one saved object with sensible defaults.

Also the rulebook's templates as segment specs, for the tests that need no database, and
the slow, plain readings of the scheduler's rules that its fast code is checked against.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from itertools import combinations_with_replacement, pairwise, permutations
from typing import Any

from django.contrib.auth.models import User

from planner.models import (
    BlockChoices,
    Runner,
    ScheduledSession,
    TemplateSegment,
    TrainingBlock,
    WorkoutTemplate,
)
from planner.resolution import SegmentSpec
from planner.rules import Workout
from planner.scheduling import BlockPlan, BlockRequest
from planner.units import METRES_PER_MILE
from planner.weekdays import days_to_mask

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


def make_user(**overrides: Any) -> User:
    number = next(_numbers)
    fields: dict[str, Any] = {
        "username": f"user{number}",
        "email": f"user{number}@example.com",
    }
    fields.update(overrides)
    user = User(**fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def runner_form(**overrides: Any) -> dict[str, Any]:
    """What a coach types into the new-runner form: a valid runner unless overridden."""
    data: dict[str, Any] = {
        "name": "Bea Okafor",
        "email": "Bea.Okafor@Example.com",
        "unit": "km",
        "race_distance_m": "10000",
        "race_time": "50:00",
        "race_date": "2025-10-05",
        "run_days": ["0", "1", "3", "5", "6"],
        "long_run_day": "6",
        "time_zone": "Europe/London",
    }
    return data | overrides


def admin_runner_form(coach_id: int, user_id: int, **overrides: Any) -> dict[str, Any]:
    """What staff post to the admin's add-runner page: a valid runner unless overridden."""
    data: dict[str, Any] = {
        "user": user_id,
        "coach": coach_id,
        "name": "Cleo",
        "unit": "km",
        "race_distance_m": 10000,
        "race_seconds": 3000,
        "race_date": "2026-10-04",
        "easy_pace_override_s_per_km": "",
        "run_days": 107,
        "long_run_day": 6,
        "time_zone": "Europe/London",
    }
    return data | overrides


def make_admin(**overrides: Any) -> User:
    return make_user(is_staff=True, is_superuser=True, **overrides)


def make_runner(**overrides: Any) -> Runner:
    fields: dict[str, Any] = {
        "name": "Ana Ribeiro",
        "unit": "mi",
        "race_distance_m": 10000,
        "race_seconds": 50 * 60,
        "race_date": date(2026, 10, 4),
        "run_days": days_to_mask({0, 1, 3, 5, 6}),
        "long_run_day": 6,
    }
    fields.update(overrides)
    if "user" not in fields:
        fields["user"] = make_user()
    if "coach" not in fields:
        fields["coach"] = make_user()
    return Runner.objects.create(**fields)


def make_template(
    name: str | None = None, kind: str = "easy", segments: list[dict[str, Any]] | None = None
) -> WorkoutTemplate:
    template = WorkoutTemplate.objects.create(name=name or f"Template {next(_numbers)}", kind=kind)
    for position, fields in enumerate(
        segments or [{"amount_kind": "duration", "duration_s": 2400, "pace_anchor": "easy"}],
        start=1,
    ):
        TemplateSegment.objects.create(template=template, position=position, **fields)
    return template


def shipped(name: str) -> WorkoutTemplate:
    """One of the templates the migrations ship, with its segments."""
    return WorkoutTemplate.objects.prefetch_related("segments").get(name=name)


def block_choices(**overrides: Any) -> BlockChoices:
    """The article's block: 4 weeks, 5 run days, long run on Sunday, 6 x Steady 40 + fast 10."""
    fields: dict[str, Any] = {
        "start": date(2026, 11, 30),
        "run_days": frozenset({0, 1, 3, 5, 6}),
        "long_run_day": 6,
        "easy_template": shipped("Easy run"),
        "easy_minutes": 40,
        "long_template": shipped("Long run"),
        "long_minutes": 75,
        "progression_templates": (shipped("Steady 40 + fast 10"),),
    }
    fields.update(overrides)
    return BlockChoices(**fields)


def make_block(
    runner: Runner | None = None, *, published: bool = False, **overrides: Any
) -> TrainingBlock:
    runner = runner or make_runner()
    block = TrainingBlock.objects.create_planned(runner, block_choices(**overrides), runner.coach)
    if published:
        block.publish(by=runner.coach)
    return block


def first_session(block: TrainingBlock, kind: str | None = None) -> ScheduledSession:
    """The block's earliest session, or its earliest of one kind."""
    sessions = block.sessions.order_by("date")
    session = (sessions.filter(kind=kind) if kind else sessions).first()
    assert session is not None
    return session


TWO_MILES = 2 * METRES_PER_MILE
TEN_MINUTES_PER_MILE_IN_S_PER_KM = 600 / 1.609344
FIFTHS = "Fifths with fast finish (10 miles)"
OUT_AND_BACK = "Out and back (45 minutes)"
STEADY_40_FAST_10 = "Steady 40 + fast 10"

# The rulebook's table of shipped templates, segment by segment.
RULEBOOK_TEMPLATES: dict[str, list[SegmentSpec]] = {
    "Easy run": [SegmentSpec("duration", duration_s=40 * 60, pace_anchor="easy")],
    "Long run": [SegmentSpec("duration", duration_s=75 * 60, pace_anchor="easy")],
    STEADY_40_FAST_10: [
        SegmentSpec("duration", duration_s=40 * 60, pace_anchor="ten_k", offset_s=60),
        SegmentSpec("duration", duration_s=10 * 60, pace_anchor="ten_k"),
    ],
    FIFTHS: [
        SegmentSpec("distance", distance_m=TWO_MILES, pace_anchor="ten_k", offset_s=offset)
        for offset in (60, 45, 30, 15, 0)
    ],
    OUT_AND_BACK: [
        SegmentSpec("duration", duration_s=25 * 60, pace_anchor="easy"),
        SegmentSpec(
            "same_distance", same_as=1, pace_anchor="segment", pace_segment=1, offset_s=-90
        ),
    ],
}


def rulebook_template(name: str) -> list[SegmentSpec]:
    return list(RULEBOOK_TEMPLATES[name])


# The article's block as the pure scheduler sees it: workouts as aerobic and hard minutes.
PLAN_MONDAY = date(2026, 3, 2)
ARTICLE_RUN_DAYS = frozenset({0, 1, 3, 5, 6})  # Mon, Tue, Thu, Sat, Sun
EASY = Workout("Easy run", "easy", 40, 0)
LONG = Workout("Long run", "long", 75, 0)
STEADY = Workout(STEADY_40_FAST_10, "progression", 40, 10)


def make_block_request(**overrides: Any) -> BlockRequest:
    request = BlockRequest(
        start=PLAN_MONDAY,
        run_days=ARTICLE_RUN_DAYS,
        easy=EASY,
        progressions=(STEADY,),
        long=LONG,
        long_run_day=6,
    )
    return replace(request, **overrides)


# Nothing hard: the floor never binds, which shows where rule 2 alone puts the runs.
EASY_PROGRESSION = Workout("Steady", "progression", 50, 0)


def weekly_counts(plan: BlockPlan) -> list[int]:
    return [week.progression_count for week in plan.weeks]


def rulebook_order(placement: tuple[int, ...], weeks: int) -> tuple[object, ...]:
    """Smaller is better: the sorted gaps largest first; then a lighter last week; then
    the fuller weeks' sorted distances largest first; then the earliest dates.

    For a placement keeping rule 2 (every week holds floor(N/W) or ceil(N/W) runs)."""
    runs = len(placement)
    per_week = Counter(d // 7 for d in placement)
    fuller = [w for w in range(weeks) if per_week[w] > runs // weeks]
    gaps = sorted(b - a for a, b in pairwise(placement))
    distances = sorted(b - a for a, b in pairwise(fuller))
    return (
        [-gap for gap in gaps],
        weeks - 1 in fuller,
        [-distance for distance in distances],
        placement,
    )


def week_share(request: BlockRequest, chosen: Sequence[int]) -> float:
    """Aerobic share of a week of the request holding these templates (by index)."""
    templates = request.progressions
    easy_days = len(request.run_days) - (request.long is not None) - len(chosen)
    aerobic = sum(templates[i].aerobic_minutes for i in chosen)
    minutes = sum(templates[i].total_minutes for i in chosen)
    aerobic += easy_days * request.easy.aerobic_minutes
    minutes += easy_days * request.easy.total_minutes
    if request.long is not None:
        aerobic += request.long.aerobic_minutes
        minutes += request.long.total_minutes
    return aerobic / minutes if minutes > 0 else 1.0


def reference_template_order(
    request: BlockRequest, week_counts: Sequence[int]
) -> tuple[int, ...] | None:
    """The templates plan_block chose before its search was made fast: the slow search,
    where a week passes when its aerobic share keeps the request's floor."""

    def passes(chosen: Sequence[int]) -> bool:
        return week_share(request, chosen) >= request.aerobic_floor - 1e-9

    return slow_template_order(week_counts, len(request.progressions), passes)


def slow_template_order(
    week_counts: Sequence[int], kinds: int, passes: Callable[[tuple[int, ...]], bool]
) -> tuple[int, ...] | None:
    """The template search before it was made fast: every week's passing choices (sorted
    template indexes), a programme over (week, uses so far) with no bound passed down,
    None when none fits. The rotation itself when every week of it passes."""
    total = sum(week_counts)
    rotation = tuple(i % kinds for i in range(total))
    slots, taken = [], 0
    for count in week_counts:
        slots.append(rotation[taken : taken + count])
        taken += count
    if all(passes(tuple(sorted(in_week))) for in_week in slots):
        return rotation
    fewest_uses, most_uses = total // kinds, -(-total // kinds)
    options = []
    for in_week in slots:
        choices = []
        for chosen in combinations_with_replacement(range(kinds), len(in_week)):
            if passes(chosen):
                changes, arranged = min(
                    (sum(a != b for a, b in zip(p, in_week, strict=True)), p)
                    for p in set(permutations(chosen))
                )
                choices.append((changes, arranged, Counter(chosen)))
        options.append(choices)

    memo: dict[tuple[int, tuple[int, ...]], int | None] = {}

    def to_finish(week: int, used: tuple[int, ...]) -> int | None:
        if any(u > most_uses for u in used):
            return None
        if week == len(options):
            return 0 if all(u >= fewest_uses for u in used) else None
        if (week, used) not in memo:
            best = None
            for changes, _, added in options[week]:
                rest = to_finish(week + 1, tuple(u + added[i] for i, u in enumerate(used)))
                if rest is not None and (best is None or changes + rest < best):
                    best = changes + rest
            memo[week, used] = best
        return memo[week, used]

    used = (0,) * kinds
    remaining = to_finish(0, used)
    if remaining is None:
        return None
    assignment: list[int] = []
    for week, choices in enumerate(options):
        fitting = []
        for changes, arranged, added in choices:
            after = tuple(u + added[i] for i, u in enumerate(used))
            rest = to_finish(week + 1, after)
            if rest is not None and changes + rest == remaining:
                fitting.append((arranged, after, rest))
        arranged, used, remaining = min(fitting)
        assignment.extend(arranged)
    return tuple(assignment)
