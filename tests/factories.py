"""Plain factory helpers: each makes one saved object with sensible defaults, or the form
data a person would post. The rulebook as pure data is in ``tests/rulebook.py``; slow
reference versions of fast code are in ``tests/reference.py``.
"""

from __future__ import annotations

import itertools
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
    edits,
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


def runner_edit_form(**overrides: Any) -> dict[str, Any]:
    """What a coach posts on a runner's details page: the new-runner form's runner, under
    another name and with a later race, without the address (it is not changed there)."""
    data = runner_form(name="Ana Ribeiro", race_date="2026-11-01")
    del data["email"]
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


def make_progression(name: str, *parts: tuple[int, str]) -> WorkoutTemplate:
    """A progression template of timed segments, each (minutes, pace anchor)."""
    segments = [
        {"amount_kind": "duration", "duration_s": minutes * 60, "pace_anchor": anchor}
        for minutes, anchor in parts
    ]
    return make_template(name, kind="progression", segments=segments)


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


def changed_easy_run(
    block: TrainingBlock, minutes: int
) -> tuple[ScheduledSession, ScheduledSession]:
    """The block's first easy run, and that session as the coach's change to an easy run of
    ``minutes`` leaves it (the block at its first version)."""
    easy = first_session(block, "easy")
    easy_run = shipped("Easy run")
    return easy, edits.change_session(block, easy.pk, template=easy_run, minutes=minutes, version=1)
