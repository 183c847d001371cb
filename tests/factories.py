"""Plain factory helpers: each makes one saved object with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.contrib.auth.models import User

from planner.models import Runner, TemplateSegment, WorkoutTemplate
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
