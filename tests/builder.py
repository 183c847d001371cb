"""Helpers for tests of the block builder: a coach, their runners, and the builder's form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from planner.models import Runner, ScheduledSession, TrainingBlock
from tests.clock import BLOCK_MONDAY
from tests.factories import make_runner, shipped
from tests.rulebook import STEADY_40_FAST_10


def runner_for(coach: User, ten_k_minutes: int = 50, **overrides: Any) -> Runner:
    return make_runner(coach=coach, race_seconds=ten_k_minutes * 60, **overrides)


def builder_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start": BLOCK_MONDAY.isoformat(),
        "weeks": 4,
        "run_days": ["0", "1", "3", "5", "6"],
        "long_run_day": "6",
        "easy_template": shipped("Easy run").pk,
        "easy_minutes": 40,
        "long_template": shipped("Long run").pk,
        "long_minutes": 75,
        "progression_templates": [shipped(STEADY_40_FAST_10).pk],
        "progression_runs": 6,
        "aerobic_floor": 80,
    }
    data.update(overrides)
    return data


def preview_data(**overrides: Any) -> dict[str, Any]:
    """The builder's form as its Preview button posts it, without JavaScript."""
    return builder_data(**overrides) | {"preview": "1"}


def new_block_url(runner: Runner) -> str:
    return reverse("planner:block_new", args=[runner.pk])


def rows(block: TrainingBlock) -> list[tuple[Any, ...]]:
    return list(
        block.sessions.order_by("date").values_list(
            "date", "title", "total_seconds", "hard_seconds", "status"
        )
    )


def progressions(block: TrainingBlock) -> list[ScheduledSession]:
    return list(block.sessions.filter(kind="progression").order_by("date"))
