"""Plain factory helpers: each makes one saved object with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User

from planner.models import (
    BlockChoices,
    Runner,
    TemplateSegment,
    TrainingBlock,
    WorkoutTemplate,
)
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
    return WorkoutTemplate.objects.get(name=name)


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


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
