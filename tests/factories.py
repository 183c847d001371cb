"""Plain factory helpers: each makes one saved object with sensible defaults.

Also the rulebook's templates as segment specs, for the tests that need no database.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
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
from planner.scheduling import BlockRequest
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
